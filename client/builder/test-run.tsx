import { useMemo, useState } from 'react';
import { Model } from 'survey-core';
import 'survey-core/i18n/french';
import { Survey } from 'survey-react-ui';
import '../../surveys/extensions';
import type { MessageKey } from '../i18n';
import type { Definition } from './edit-definition';

type T = (k: MessageKey, v?: Record<string, string | number>) => string;

/**
 * 'Test as respondent' (issue 4): the draft as a coordinator gets it (logic applied, survey-core's validation on
 * each page and at completion), from the first page. Nothing leaves the browser: answers are never stored as a
 * city's; on completion the answers the test produced are shown, to check codes and values.
 */
export function TestRun({ definition, locale, t, onClose }: { definition: Definition; locale: 'en' | 'fr'; t: T; onClose: () => void }) {
  const [run, setRun] = useState(0);
  const [result, setResult] = useState<Record<string, unknown>>();
  const model = useMemo(() => {
    const m = new Model(definition);
    m.locale = locale === 'fr' ? 'fr' : '';
    m.showInvisibleElements = false;
    m.onComplete.add((sender) => setResult(sender.data as Record<string, unknown>));
    return m;
    // `run` restarts the test with a fresh model.
  }, [definition, locale, run]);
  return (
    <div className="builder-test" role="region" aria-label={t('builderTestRegion')}>
      <p className="notice">{t('builderTestNotice')}</p>
      <div className="actions">
        <button
          type="button"
          onClick={() => {
            setResult(undefined);
            setRun((n) => n + 1);
          }}
        >
          {t('builderTestRestart')}
        </button>
        <button type="button" onClick={onClose}>
          {t('builderTestClose')}
        </button>
      </div>
      {result && (
        <div className="notice notice-success" role="status">
          <p>{t('builderTestDone')}</p>
          <pre className="builder-test-data">{JSON.stringify(result, null, 2)}</pre>
        </div>
      )}
      <div className="survey-host" lang={locale}>
        <Survey model={model} />
      </div>
    </div>
  );
}
