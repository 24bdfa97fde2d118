import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { Model } from 'survey-core';
import 'survey-core/i18n/french';
import 'survey-core/survey-core.fontless.css';
import { Survey } from 'survey-react-ui';
import '../../surveys/extensions';
import { translate } from '../i18n';
import type { Definition } from './edit-definition';
import { checkAsRespondent, hasQuestions, neighbourPage, pagesOf, type Answers, type Json } from './preview-checks';

/**
 * The definition as coordinators will see it, rendered by survey-react-ui itself. Answers typed here stay in this
 * component: nothing is sent anywhere. Questions hidden by logic are shown unless `showHidden` is false, so that
 * every question can be reviewed.
 *
 * Only the page shown is given to survey-core: a Model of a 300-question survey takes about half a second to build
 * (issue 4: the builder opens a 300-question survey in under a second), and it is rebuilt after every edit. So the
 * preview is a one-page Model whose navigation goes through the definition's pages: Previous and Next (the
 * Complete button of a page that is not the last one, renamed and styled as Next) build the neighbouring page's
 * Model; survey-core checks the page's answers before Next and Complete as on a respondent's page (see
 * checkAsRespondent). The
 * answers typed are kept here, across pages, edits and language changes, and given to each page's Model, so
 * that conditions on earlier answers work. The page number replaces survey-core's progress bar, which would
 * only know one page.
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
  /** The page of the selection: the preview goes to it whenever it changes. */
  pageIndex: number;
  /** The question being edited: scrolled into view inside the preview. */
  focusName?: string;
  emptyText: string;
  /** Show the questions that logic hides (to review them all), or hide them as respondents see it. */
  showHidden?: boolean;
}) {
  const host = useRef<HTMLDivElement>(null);
  const answers = useRef<Answers>({});
  const [shown, setShown] = useState(pageIndex);
  useEffect(() => setShown(pageIndex), [pageIndex]);
  const pages = useMemo(() => pagesOf(definition), [definition]);
  const index = Math.max(0, Math.min(shown, pages.length - 1));

  const model = useMemo(() => {
    const page = pages[index];
    if (!page) return undefined;
    const m = new Model({ ...(definition as Json), pages: [page], elements: undefined, showProgressBar: false });
    m.locale = locale === 'fr' ? 'fr' : '';
    m.showInvisibleElements = showHidden;
    m.data = answers.current;
    m.onValueChanged.add((_, { name, value }: { name: string; value: unknown }) => {
      const next = { ...answers.current };
      if (value === undefined || value === null) delete next[name];
      else next[name] = value;
      answers.current = next;
    });
    // Next and Complete check the answers as on a respondent's page (questions hidden by logic are not asked).
    if (showHidden) checkAsRespondent(m, definition, () => answers.current);
    const go = (step: 1 | -1) => neighbourPage(pages, index, step, showHidden, answers.current);
    if (go(-1) !== undefined) {
      m.addNavigationItem({
        id: 'preview-prev',
        visibleIndex: 20,
        title: m.pagePrevText,
        innerCss: m.css.navigation?.prev,
        action: () => setShown(go(-1) ?? index),
      });
    }
    // Complete of a one-page Model stands for Next while a page follows (decided again when it is pressed, as the
    // answers may have hidden or shown the pages after), looking like survey-core's own Next button; the page's
    // answers are checked first, as survey-core does before completing.
    if (go(1) !== undefined) {
      m.completeText = m.pageNextText;
      const navigation = m.css.navigation as Record<string, string> | undefined;
      if (navigation?.next) {
        // The classes survey-core gives the button when its CSS is refreshed (phone width), and the button now.
        navigation.complete = navigation.next;
        const complete = m.navigationBar.getActionById('sv-nav-complete');
        if (complete) {
          complete.innerCss = navigation.next;
          complete.appearance = {};
        }
      }
    }
    m.onCompleting.add((_, options: { allow: boolean }) => {
      const next = go(1);
      if (next === undefined) return;
      options.allow = false;
      setShown(next);
    });
    return m;
  }, [definition, pages, index, locale, showHidden]);

  // Back to the top when the page changes (not on opening: writing scrollTop makes the browser lay the whole
  // builder out there and then, before survey-react-ui has finished, about 100 ms of a 300-question open).
  const shownIndex = useRef(index);
  useEffect(() => {
    if (shownIndex.current === index) return;
    shownIndex.current = index;
    if (host.current) host.current.scrollTop = 0;
  }, [index]);
  // A replaced Model is disposed: its questions' resize observers would otherwise still fire on removed elements.
  useEffect(() => () => model?.dispose(), [model]);

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

  if (!model || !hasQuestions(pages)) return <p className="muted">{emptyText}</p>;
  return (
    <>
      {pages.length > 1 && (
        <p className="builder-preview-page" lang={locale}>
          {translate(locale, 'builderPreviewPageOf', { page: index + 1, pages: pages.length })}
        </p>
      )}
      <div className="survey-host" lang={locale} ref={host}>
        <Survey model={model} />
      </div>
    </>
  );
});
