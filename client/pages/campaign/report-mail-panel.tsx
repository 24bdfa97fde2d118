/**
 * Emailing each city its feedback report (issue 7): once the survey is closed, the Unit sends every consenting
 * team member of the cities that answered the link to their city's report, in their language. A second sending
 * skips the people who already had it, unless 'send again' is ticked.
 */
import { useCallback, useState } from 'react';
import { api, errorText } from '../../api';
import { ConfirmBox } from '../../confirm-box';
import { translate, type Lang, type MessageKey } from '../../i18n';

interface ReportCity {
  cityId: number;
  status: 'not_started' | 'draft' | 'submitted';
  team: { members: number; consenting: number };
}
interface Outcome {
  cities: number;
  queued: number;
  alreadySent: number;
  withoutConsent: number;
  citiesWithoutRecipient: number;
}

export function ReportMailPanel({
  surveyId,
  lang,
  surveyStatus,
  cities,
  onSent,
}: {
  surveyId: number;
  lang: Lang;
  surveyStatus: 'draft' | 'open' | 'closed';
  cities: ReportCity[];
  onSent: () => void;
}) {
  const t = useCallback((k: MessageKey, v?: Record<string, string | number>) => translate(lang, k, v), [lang]);
  const [resend, setResend] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Outcome>();
  const [error, setError] = useState<string>();
  const closed = surveyStatus === 'closed';
  // The server sends 'all' to the cities with answers; the same count here, for the confirmation.
  const answered = cities.filter((c) => c.status !== 'not_started');
  const people = answered.reduce((n, c) => n + c.team.consenting, 0);

  const send = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setResult(await api<Outcome>(`/api/surveys/${surveyId}/reports/send`, { method: 'POST', body: { cityIds: 'all', resend } }));
      setConfirming(false);
      onSent();
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="report-mail-title">
      <h2 id="report-mail-title">{t('rmTitle')}</h2>
      <p className="muted">{t('rmIntro')}</p>
      {!closed && <p>{t('rmNotClosed')}</p>}
      {closed && <p aria-live="polite">{t('rmPicked', { cities: answered.length, people })}</p>}
      <label>
        <input type="checkbox" checked={resend} disabled={!closed} onChange={(e) => setResend(e.target.checked)} /> {t('rmResend')}
      </label>
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      {result && (
        <p className="notice notice-ok" role="status">
          {t('rmDone', { cities: result.cities, queued: result.queued, already: result.alreadySent, without: result.withoutConsent })}
        </p>
      )}
      <div style={{ marginTop: '0.5rem' }}>
        {!confirming ? (
          <button type="button" className="primary" disabled={!closed || answered.length === 0} onClick={() => setConfirming(true)}>
            {t('rmSend')}
          </button>
        ) : (
          <ConfirmBox
            message={t(resend ? 'rmConfirmResend' : 'rmConfirm', { cities: answered.length, people })}
            confirmLabel={t('rmConfirmButton')}
            cancelLabel={t('cancel')}
            busy={busy}
            onConfirm={() => void send()}
            onCancel={() => setConfirming(false)}
          />
        )}
      </div>
    </section>
  );
}
