/**
 * Sending the survey's links by email: the Unit picks cities (all, by network or country, not yet submitted,
 * not started) and sends; each city keeps one link, emailed to its team members who agreed to email, in their
 * language. Sending again resends the same link.
 *
 * Below, 'replace a city's link' (issue 5): when a team member leaves, the Unit revokes the city's link and a new
 * one goes to the remaining consenting members, in one confirmed action; the city's answers are kept.
 */
import { useCallback, useMemo, useState } from 'react';
import { api, errorText } from '../../api';
import { ConfirmBox } from '../../confirm-box';
import { translate, type Lang, type MessageKey } from '../../i18n';

export interface InviteCity {
  cityId: number;
  name: string;
  country: string;
  networks: string[];
  status: 'not_started' | 'draft' | 'submitted';
  team: { members: number; consenting: number };
}
type Scope = 'all' | 'not_submitted' | 'not_started';

export function InvitePanel({ surveyId, cities, lang, onSent }: { surveyId: number; cities: InviteCity[]; lang: Lang; onSent: () => void }) {
  const t = useCallback((k: MessageKey, v?: Record<string, string | number>) => translate(lang, k, v), [lang]);
  const [scope, setScope] = useState<Scope>('not_submitted');
  const [network, setNetwork] = useState('');
  const [country, setCountry] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ cities: number; queued: number; withoutConsent: number }>();
  const [error, setError] = useState<string>();
  const [reissueCity, setReissueCity] = useState<number>();
  const [confirmingReissue, setConfirmingReissue] = useState(false);
  const [reissued, setReissued] = useState<{ city: string; queued: number; withoutConsent: number }>();
  const [reissueError, setReissueError] = useState<string>();

  const networks = useMemo(() => [...new Set(cities.flatMap((c) => c.networks))].sort(), [cities]);
  const countries = useMemo(() => [...new Set(cities.map((c) => c.country))].sort(), [cities]);
  const picked = cities.filter(
    (c) =>
      (scope === 'all' || (scope === 'not_submitted' ? c.status !== 'submitted' : c.status === 'not_started')) &&
      (!network || c.networks.includes(network)) &&
      (!country || c.country === country),
  );
  const recipients = picked.reduce((n, c) => n + c.team.consenting, 0);
  const noRecipient = picked.filter((c) => c.team.consenting === 0).length;

  const send = async () => {
    setBusy(true);
    setError(undefined);
    try {
      // Raw fetch: the counts of queued emails come in headers, the body is the contract's list of links.
      const res = await fetch(`/api/surveys/${surveyId}/invitations`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        credentials: 'same-origin',
        body: JSON.stringify({ cityIds: picked.map((c) => c.cityId) }),
      });
      if (!res.ok) {
        const body = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
        throw new Error(body.error?.message ?? res.statusText);
      }
      setResult({
        cities: picked.length,
        queued: Number(res.headers.get('X-Emails-Queued') ?? 0),
        withoutConsent: Number(res.headers.get('X-Emails-Without-Consent') ?? 0),
      });
      setConfirming(false);
      onSent();
    } catch (err) {
      setError(err instanceof Error && err.message ? err.message : t('networkError'));
    } finally {
      setBusy(false);
    }
  };

  const reissueTarget = cities.find((c) => c.cityId === reissueCity);
  const reissue = async () => {
    if (!reissueTarget) return;
    setBusy(true);
    setReissueError(undefined);
    try {
      const out = await api<{ queued: number; withoutConsent: number }>(`/api/surveys/${surveyId}/cities/${reissueTarget.cityId}/reissue`, {
        method: 'POST',
        body: {},
      });
      setReissued({ city: reissueTarget.name, queued: out.queued, withoutConsent: out.withoutConsent });
      setConfirmingReissue(false);
      onSent();
    } catch (err) {
      setReissueError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="invite-title">
      <h2 id="invite-title">{t('inviteTitle')}</h2>
      <p className="muted">{t('inviteIntro')}</p>
      <div className="filters">
        <label>
          {t('inviteScope')}{' '}
          <select value={scope} onChange={(e) => setScope(e.target.value as Scope)}>
            <option value="not_submitted">{t('scopeNotSubmitted')}</option>
            <option value="not_started">{t('scopeNotStarted')}</option>
            <option value="all">{t('scopeAll')}</option>
          </select>
        </label>
        <label>
          {t('filterNetwork')}{' '}
          <select value={network} onChange={(e) => setNetwork(e.target.value)}>
            <option value="">{t('allValues')}</option>
            {networks.map((n) => (
              <option key={n}>{n}</option>
            ))}
          </select>
        </label>
        <label>
          {t('filterCountry')}{' '}
          <select value={country} onChange={(e) => setCountry(e.target.value)}>
            <option value="">{t('allValues')}</option>
            {countries.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
      </div>
      <p aria-live="polite">
        {t('invitePicked', { cities: picked.length, people: recipients })}
        {noRecipient > 0 && ` ${t('inviteNoRecipient', { n: noRecipient })}`}
      </p>
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      {result && (
        <p className="notice notice-ok" role="status">
          {t('inviteSent', { cities: result.cities, queued: result.queued, without: result.withoutConsent })}
        </p>
      )}
      {!confirming ? (
        <button type="button" className="primary" disabled={picked.length === 0} onClick={() => setConfirming(true)}>
          {t('inviteSend', { n: picked.length })}
        </button>
      ) : (
        <ConfirmBox
          message={t('inviteConfirm', { cities: picked.length, people: recipients })}
          confirmLabel={t('inviteConfirmButton')}
          cancelLabel={t('cancel')}
          busy={busy}
          onConfirm={() => void send()}
          onCancel={() => setConfirming(false)}
        />
      )}
      <h3 id="reissue-title">{t('reissueTitle')}</h3>
      <p className="muted">{t('reissueIntro')}</p>
      <div className="filters">
        <label>
          {t('reissueCity')}{' '}
          <select
            value={reissueCity ?? ''}
            onChange={(e) => {
              setReissueCity(e.target.value ? Number(e.target.value) : undefined);
              setConfirmingReissue(false);
              setReissued(undefined);
            }}
          >
            <option value="">{t('reissuePick')}</option>
            {[...cities]
              .sort((a, b) => a.name.localeCompare(b.name))
              .map((c) => (
                <option key={c.cityId} value={c.cityId}>
                  {c.name}
                </option>
              ))}
          </select>
        </label>
      </div>
      {reissueError && (
        <p className="notice notice-error" role="alert">
          {reissueError}
        </p>
      )}
      {reissued && (
        <p className="notice notice-ok" role="status">
          {t('reissueDone', { city: reissued.city, queued: reissued.queued, without: reissued.withoutConsent })}
        </p>
      )}
      {!confirmingReissue ? (
        <button type="button" disabled={!reissueTarget} onClick={() => setConfirmingReissue(true)}>
          {t('reissueButton')}
        </button>
      ) : (
        reissueTarget && (
          <ConfirmBox
            message={t('reissueConfirm', { city: reissueTarget.name, people: reissueTarget.team.consenting })}
            confirmLabel={t('reissueConfirmButton')}
            cancelLabel={t('cancel')}
            busy={busy}
            onConfirm={() => void reissue()}
            onCancel={() => setConfirmingReissue(false)}
          />
        )
      )}
    </section>
  );
}
