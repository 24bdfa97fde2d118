/**
 * A city's coordination team (Rec 7), edited by the ICC Unit: name, role, email, language, and whether the
 * person agreed to receive email (no consent, no email). Analysts see the list, read-only.
 */
import { useCallback, useEffect, useState } from 'react';
import { api, errorText } from '../../api';
import { translate, type Lang, type MessageKey } from '../../i18n';
import { EMPTY_PERSON, PersonForm, ROLE_KEY, type PersonDraft } from '../../person-form';

export interface Person {
  id: number;
  cityId: number;
  name: string;
  role: 'staff' | 'elected' | 'other';
  email: string;
  lang: 'en' | 'fr';
  consent: boolean;
  consentAt: string | null;
}
type Draft = PersonDraft;
const EMPTY = EMPTY_PERSON;

export function TeamEditor({
  cityId,
  cityName,
  lang,
  canEdit,
  onChange,
}: {
  cityId: number;
  cityName: string;
  lang: Lang;
  canEdit: boolean;
  onChange: () => void;
}) {
  const t = useCallback((k: MessageKey, v?: Record<string, string | number>) => translate(lang, k, v), [lang]);
  const [people, setPeople] = useState<Person[]>();
  const [error, setError] = useState<string>();
  const [editing, setEditing] = useState<number | 'new' | null>(null);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    api<Person[]>(`/api/cities/${cityId}/people`)
      .then(setPeople)
      .catch((err: unknown) => setError(errorText(err, t)));
  }, [cityId, t]);
  useEffect(load, [load]);

  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      if (editing === 'new') await api(`/api/cities/${cityId}/people`, { method: 'POST', body: draft });
      else if (typeof editing === 'number') await api(`/api/cities/${cityId}/people/${editing}`, { method: 'PATCH', body: draft });
      setEditing(null);
      setDraft(EMPTY);
      load();
      onChange();
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };
  const remove = async (p: Person) => {
    if (!window.confirm(t('confirmRemovePerson', { name: p.name, city: cityName }))) return;
    setError(undefined);
    try {
      await api(`/api/cities/${cityId}/people/${p.id}`, { method: 'DELETE' });
      load();
      onChange();
    } catch (err) {
      setError(errorText(err, t));
    }
  };

  return (
    <section className="team-editor" aria-labelledby={`team-title-${cityId}`}>
      <h3 id={`team-title-${cityId}`}>{t('teamOf', { city: cityName })}</h3>
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      {people && people.length === 0 && <p className="muted">{t('teamEmpty')}</p>}
      {people && people.length > 0 && (
        <ul className="team-list">
          {people.map((p) => (
            <li key={p.id}>
              <span>
                <strong>{p.name}</strong> · {t(ROLE_KEY[p.role])} · {p.email} · {p.lang.toUpperCase()} ·{' '}
                <span className={p.consent ? 'consent-yes' : 'consent-no'}>{t(p.consent ? 'consentYes' : 'consentNo')}</span>
              </span>
              {canEdit && (
                <span className="actions">
                  <button
                    type="button"
                    onClick={() => {
                      setEditing(p.id);
                      setDraft({ name: p.name, role: p.role, email: p.email, lang: p.lang, consent: p.consent });
                    }}
                  >
                    {t('edit')}
                    <span className="visually-hidden"> · {p.name}</span>
                  </button>
                  <button type="button" onClick={() => void remove(p)}>
                    {t('remove')}
                    <span className="visually-hidden"> · {p.name}</span>
                  </button>
                  {/* Data protection: everything held about the person, as a JSON file (the export is audited). */}
                  <a className="button" href={`/api/people/${p.id}/export`} download={`icc-person-${p.id}-data.json`}>
                    {t('personExport')}
                    <span className="visually-hidden"> · {p.name}</span>
                  </a>
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      {canEdit && editing === null && (
        <button
          type="button"
          onClick={() => {
            setEditing('new');
            setDraft(EMPTY);
          }}
        >
          {t('addPerson')}
          <span className="visually-hidden"> · {cityName}</span>
        </button>
      )}
      {canEdit && editing !== null && (
        <PersonForm
          draft={draft}
          setDraft={setDraft}
          onSubmit={(e) => void save(e)}
          onCancel={() => setEditing(null)}
          busy={busy}
          label={t(editing === 'new' ? 'addPerson' : 'editPerson')}
          consentLabel={t('personConsent')}
          t={t}
        />
      )}
    </section>
  );
}
