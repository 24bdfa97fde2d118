/**
 * The form of one coordination-team member, shared by the Unit's team editor and the coordinator's 'your
 * team' panel: name, email, role, language of emails, consent to email.
 */
import type { MessageKey } from './i18n';

export type PersonRole = 'staff' | 'elected' | 'other';
export interface PersonDraft {
  name: string;
  role: PersonRole;
  email: string;
  lang: 'en' | 'fr';
  consent: boolean;
}
export const EMPTY_PERSON: PersonDraft = { name: '', role: 'staff', email: '', lang: 'en', consent: false };
export const ROLE_KEY = { staff: 'roleStaff', elected: 'roleElected', other: 'roleOther' } as const satisfies Record<PersonRole, MessageKey>;

export function PersonForm({
  draft,
  setDraft,
  onSubmit,
  onCancel,
  busy,
  label,
  consentLabel,
  t,
}: {
  draft: PersonDraft;
  setDraft: (d: PersonDraft) => void;
  onSubmit: (e: React.FormEvent) => void;
  onCancel: () => void;
  busy: boolean;
  label: string;
  consentLabel: string;
  t: (k: MessageKey) => string;
}) {
  return (
    <form className="person-form" onSubmit={onSubmit} aria-label={label}>
      <label>
        {t('personName')}
        <input type="text" required maxLength={200} value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} autoComplete="off" />
      </label>
      <label>
        {t('email')}
        <input type="email" required maxLength={254} value={draft.email} onChange={(e) => setDraft({ ...draft, email: e.target.value })} autoComplete="off" />
      </label>
      <label>
        {t('personRole')}
        <select value={draft.role} onChange={(e) => setDraft({ ...draft, role: e.target.value as PersonRole })}>
          {(['staff', 'elected', 'other'] as const).map((r) => (
            <option key={r} value={r}>
              {t(ROLE_KEY[r])}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('personLang')}
        <select value={draft.lang} onChange={(e) => setDraft({ ...draft, lang: e.target.value as PersonDraft['lang'] })}>
          <option value="en">English</option>
          <option value="fr">Français</option>
        </select>
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={draft.consent} onChange={(e) => setDraft({ ...draft, consent: e.target.checked })} /> {consentLabel}
      </label>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {t('save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
