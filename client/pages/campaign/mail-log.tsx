/** What was emailed for a survey, newest first: sent, queued, failed (with the error), cancelled. Admins only. */
import { Fragment, useCallback, useEffect, useState } from 'react';
import { api, errorText } from '../../api';
import { formatDateTime, translate, type Lang, type MessageKey } from '../../i18n';

interface MailEntry {
  id: number;
  cityId: number;
  kind: string;
  to: string;
  lang: string;
  subject: string;
  status: 'queued' | 'sending' | 'sent' | 'failed' | 'cancelled';
  error: string | null;
  attempts: number;
  createdAt: string;
  sentAt: string | null;
}
interface MailLog {
  counts: Record<string, number>;
  entries: MailEntry[];
}
const STATUS_KEY = { queued: 'mailQueued', sending: 'mailSending', sent: 'mailSent', failed: 'mailFailed', cancelled: 'mailCancelled' } as const;

export function MailLogPanel({ surveyId, lang, cityNames, refreshKey }: { surveyId: number; lang: Lang; cityNames: Record<number, string>; refreshKey: number }) {
  const t = useCallback((k: MessageKey, v?: Record<string, string | number>) => translate(lang, k, v), [lang]);
  const [log, setLog] = useState<MailLog>();
  const [error, setError] = useState<string>();
  const [onlyFailed, setOnlyFailed] = useState(false);
  const load = useCallback(() => {
    api<MailLog>(`/api/surveys/${surveyId}/mail-log?limit=500`)
      .then((l) => {
        setLog(l);
        setError(undefined);
      })
      .catch((err: unknown) => setError(errorText(err, t)));
  }, [surveyId, t]);
  useEffect(() => {
    load();
    // Emails go out in the background: look again shortly after a send.
    const timer = setTimeout(load, 3000);
    return () => clearTimeout(timer);
  }, [load, refreshKey]);

  const entries = (log?.entries ?? []).filter((e) => !onlyFailed || e.status === 'failed');
  return (
    <section className="panel" aria-labelledby="mail-log-title">
      <h2 id="mail-log-title">{t('mailLogTitle')}</h2>
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      {log && (
        <>
          <p>
            {/* A space between the badges, so that on a phone the row wraps between them. */}
            {(['sent', 'queued', 'failed', 'cancelled'] as const).map((s) => (
              <Fragment key={s}>
                <span className={`badge badge-mail-${s}`}>
                  {t(STATUS_KEY[s])}: {log.counts[s] ?? 0}
                </span>{' '}
              </Fragment>
            ))}
            <button type="button" onClick={load}>
              {t('refresh')}
            </button>{' '}
            <label>
              <input type="checkbox" checked={onlyFailed} onChange={(e) => setOnlyFailed(e.target.checked)} /> {t('onlyFailed')}
            </label>
          </p>
          {entries.length === 0 ? (
            <p className="muted">{t('mailLogEmpty')}</p>
          ) : (
            <div className="table-wrap" tabIndex={0} role="region" aria-label={t('mailLogTitle')}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('colWhen')}</th>
                    <th scope="col">{t('colCity')}</th>
                    <th scope="col">{t('colRecipient')}</th>
                    <th scope="col">{t('colKind')}</th>
                    <th scope="col">{t('colStatus')}</th>
                  </tr>
                </thead>
                <tbody>
                  {entries.slice(0, 200).map((e) => (
                    <tr key={e.id}>
                      <td>{formatDateTime(lang, e.sentAt ?? e.createdAt)}</td>
                      <td>{cityNames[e.cityId] ?? e.cityId}</td>
                      <td>
                        {e.to} ({e.lang.toUpperCase()})
                      </td>
                      <td>{t(e.kind === 'reminder' ? 'kindReminder' : e.kind === 'report' ? 'kindReport' : 'kindInvitation')}</td>
                      <td>
                        <span className={`badge badge-mail-${e.status}`}>{t(STATUS_KEY[e.status])}</span>
                        {e.error && <span className="mail-error"> {e.error}</span>}
                        {e.attempts > 1 && <span className="muted"> · {t('attempts', { n: e.attempts })}</span>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
