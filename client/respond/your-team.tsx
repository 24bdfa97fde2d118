/**
 * 'Your coordination team' under the survey (Rec 7): the coordinator sees who the ICC Unit will write to and
 * keeps the list current (add a colleague, correct an address or language, remove someone who left, say who
 * agreed to email). Collapsed by default and loaded only when opened, so it costs nothing to the survey.
 */
import { useCallback, useState } from 'react';
import { ApiError, api, errorText } from '../api';
import { translate, type Lang, type MessageKey } from '../i18n';
import { EMPTY_PERSON, PersonForm, ROLE_KEY, type PersonDraft } from '../person-form';

interface Member {
  id: number;
  name: string;
  role: 'staff' | 'elected' | 'other';
  email: string;
  lang: 'en' | 'fr';
  consent: boolean;
}
type Draft = PersonDraft;
const EMPTY = EMPTY_PERSON;

export function YourTeam({ token, lang, canEdit }: { token: string; lang: Lang; canEdit: boolean }) {
  const t = useCallback((k: MessageKey, v?: Record<string, string | number>) => translate(lang, k, v), [lang]);
  const [members, setMembers] = useState<Member[]>();
  const [error, setError] = useState<string>();
  const [editing, setEditing] = useState<number | 'new' | null>(null);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [busy, setBusy] = useState(false);
  const base = `/api/respond/${encodeURIComponent(token)}/team`;

  const load = useCallback(() => {
    api<Member[]>(base)
      .then((m) => {
        setMembers(m);
        setError(undefined);
      })
      .catch((err: unknown) => setError(errorText(err, t)));
  }, [base, t]);

  const run = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await fn();
      setEditing(null);
      setDraft(EMPTY);
      load();
    } catch (err) {
      // The server's sentence is English; the one failure a coordinator can cause here is said in their language.
      setError(err instanceof ApiError && err.status === 409 ? t('yourTeamEmailTaken', { email: draft.email }) : errorText(err, t));
    } finally {
      setBusy(false);
    }
  };
  const save = (e: React.FormEvent) => {
    e.preventDefault();
    void run(() => (editing === 'new' ? api(base, { method: 'POST', body: draft }) : api(`${base}/${editing}`, { method: 'PATCH', body: draft })));
  };

  return (
    <details
      className="your-team"
      onToggle={(e) => {
        if ((e.currentTarget as HTMLDetailsElement).open && !members) load();
      }}
    >
      <summary>{t('yourTeamTitle')}</summary>
      <p className="hint">{t('yourTeamIntro')}</p>
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      {members && members.length === 0 && <p>{t('yourTeamEmpty')}</p>}
      {members && members.length > 0 && (
        <ul className="team-list">
          {members.map((m) => (
            <li key={m.id}>
              <span>
                <strong>{m.name}</strong> · {t(ROLE_KEY[m.role])} · {m.email} · {m.lang === 'fr' ? 'français' : 'English'} ·{' '}
                {t(m.consent ? 'consentYes' : 'consentNo')}
              </span>
              {canEdit && (
                <span className="actions">
                  <button
                    type="button"
                    onClick={() => {
                      setEditing(m.id);
                      setDraft({ name: m.name, role: m.role, email: m.email, lang: m.lang, consent: m.consent });
                    }}
                  >
                    {t('edit')}
                    <span className="visually-hidden"> · {m.name}</span>
                  </button>
                  <button
                    type="button"
                    onClick={() => {
                      if (window.confirm(t('yourTeamConfirmRemove', { name: m.name }))) void run(() => api(`${base}/${m.id}`, { method: 'DELETE' }));
                    }}
                  >
                    {t('remove')}
                    <span className="visually-hidden"> · {m.name}</span>
                  </button>
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      {canEdit && members && editing === null && (
        <button type="button" onClick={() => setEditing('new')}>
          {t('addColleague')}
        </button>
      )}
      {canEdit && editing !== null && (
        <PersonForm
          draft={draft}
          setDraft={setDraft}
          onSubmit={save}
          onCancel={() => setEditing(null)}
          busy={busy}
          label={t(editing === 'new' ? 'addColleague' : 'editPerson')}
          consentLabel={t('colleagueConsent')}
          t={t}
        />
      )}
    </details>
  );
}
