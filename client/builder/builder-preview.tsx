import { memo, useEffect, useMemo, useRef } from 'react';
import { Model } from 'survey-core';
import 'survey-core/i18n/french';
import 'survey-core/survey-core.fontless.css';
import { Survey } from 'survey-react-ui';
import '../../surveys/extensions';
import type { Definition } from './edit-definition';
import { checkAsRespondent } from './preview-checks';

/**
 * The definition as coordinators will see it, rendered by survey-react-ui itself. Answers typed here stay in this
 * model: nothing is sent anywhere. Questions hidden by logic are shown unless `showHidden` is false, so that every
 * question can be reviewed.
 */
export const BuilderPreview = memo(function BuilderPreview({
  definition,
  locale,
  pageIndex,
  focusName,
  emptyText,
  showHidden = true,
}: {
  definition: Definition;
  locale: 'en' | 'fr';
  pageIndex: number;
  /** The question being edited: scrolled into view inside the preview. */
  focusName?: string;
  emptyText: string;
  /** Show the questions that logic hides (to review them all), or hide them as respondents see it. */
  showHidden?: boolean;
}) {
  const host = useRef<HTMLDivElement>(null);
  // The page shown follows the selection without building the Model again (seconds for a 300-question survey).
  const pageRef = useRef(pageIndex);
  pageRef.current = pageIndex;
  const model = useMemo(() => {
    const m = new Model(definition);
    m.locale = locale === 'fr' ? 'fr' : '';
    m.showInvisibleElements = showHidden;
    // Next and Complete check the answers as on a respondent's page (questions hidden by logic are not asked).
    if (showHidden) checkAsRespondent(m, definition);
    if (pageRef.current > 0 && pageRef.current < m.pageCount) m.currentPageNo = pageRef.current;
    return m;
  }, [definition, locale, showHidden]);
  useEffect(() => {
    if (pageIndex >= 0 && pageIndex < model.pageCount && model.currentPageNo !== pageIndex) model.currentPageNo = pageIndex;
  }, [model, pageIndex]);

  useEffect(() => {
    if (!focusName) return;
    // survey-react-ui renders its questions after this commit, some of them later still: look for the question
    // for a little while.
    let tries = 0;
    let id: ReturnType<typeof setTimeout> | undefined;
    const seek = () => {
      const box = host.current;
      const target = box?.querySelector(`[data-name="${CSS.escape(focusName)}"]`);
      if (box && target) box.scrollTop += target.getBoundingClientRect().top - box.getBoundingClientRect().top - 8;
      else if (++tries < 20) id = setTimeout(seek, 50);
    };
    id = setTimeout(seek, 0);
    return () => clearTimeout(id);
  }, [model, focusName]);

  if (model.pageCount === 0 || model.getAllQuestions().length === 0) return <p className="muted">{emptyText}</p>;
  return (
    <div className="survey-host" lang={locale} ref={host}>
      <Survey model={model} />
    </div>
  );
});
