/**
 * The ICC Unit's control of a year's public summary (issue 7), on the survey page: whether it is published,
 * whether the figures moved since, and Publish / Publish again / Unpublish (admins; analysts only see the state).
 * The figures themselves are reviewed on the analysis page; the public page is linked once published.
 */
import { useCallback, useEffect, useState } from 'react';
import { api, errorText } from '../api';
import { formatDateTime, translate, type Lang, type MessageKey } from '../i18n';

/** GET /api/surveys/:id/summary (server/services/public-summary.ts), as this panel reads it. */
interface SummaryStatus {
  survey: { id: number; year: number; status: string };
  published: { publishedAt: string; path: string; matchesPreview: boolean; version: number } | null;
  yearTakenBy: number | null;
  preview: { n: number; N: number | null; minCell: number };
}

export function SummaryPublishPanel({ surveyId, lang, canEdit, surveyStatus }: { surveyId: number; lang: Lang; canEdit: boolean; surveyStatus: string }) {
  const t = useCallback((k: MessageKey, v?: Record<string, string | number>) => translate(lang, k, v), [lang]);
  const [status, setStatus] = useState<SummaryStatus>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const load = useCallback(() => {
    api<SummaryStatus>(`/api/surveys/${surveyId}/summary`)
      .then(setStatus)
      .catch((err: unknown) => setError(errorText(err, t)));
  }, [surveyId, t]);
  // Reloaded when the survey is opened or closed on this page.
  useEffect(load, [load, surveyStatus]);

  const act = async (action: 'publish' | 'unpublish') => {
    setBusy(true);
    setError(undefined);
    try {
      await api(`/api/surveys/${surveyId}/summary/${action}`, { method: 'POST' });
      load();
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };

  const closed = status?.survey.status === 'closed';
  return (
    <section aria-labelledby="summary-publish-title" className="summary-publish">
      <h2 id="summary-publish-title">{t('pubAdminTitle')}</h2>
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      {!status && !error && <p aria-busy="true">{t('loading')}</p>}
      {status && (
        <>
          <p>
            {status.published ? t('pubAdminPublished', { date: formatDateTime(lang, status.published.publishedAt) }) : t('pubAdminNotPublished')}{' '}
            {status.published && status.published.version > 1 && <>({t('pubVersionOf', { version: status.published.version, latest: status.published.version })}) </>}
            {status.published && <a href={status.published.path}>{t('pubView')}</a>}
          </p>
          {status.published && !status.published.matchesPreview && <p className="notice">{t('pubAdminOutdated')}</p>}
          {!closed && <p className="hint">{t('pubAdminNeedsClosed')}</p>}
          {status.yearTakenBy !== null && <p className="hint">{t('pubAdminYearTaken')}</p>}
          <p className="muted">{t('pubAdminPreview', { n: status.preview.n, N: status.preview.N ?? '—', min: status.preview.minCell })}</p>
          {canEdit && (
            <div className="toolbar">
              <button type="button" disabled={busy || !closed || status.yearTakenBy !== null} onClick={() => void act('publish')}>
                {t(status.published ? 'pubRepublish' : 'pubPublish')}
              </button>
              {status.published && (
                <button type="button" disabled={busy} onClick={() => void act('unpublish')}>
                  {t('pubUnpublish')}
                </button>
              )}
            </div>
          )}
        </>
      )}
    </section>
  );
}
