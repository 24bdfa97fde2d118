/**
 * The survey's email wording (issue 5): invitation, reminder and report emails, subject and body in English and
 * French side by side, with the placeholders each may use, a live preview of one city's email in both languages
 * (rendered by the server from the unsaved text), save and reset to the default. Analysts read; admins edit.
 */
import { useCallback, useEffect, useState } from 'react';
import { ApiError, api, errorText } from '../../api';
import { ConfirmBox } from '../../confirm-box';
import { formatDateTime, translate, type Lang, type MessageKey } from '../../i18n';

type Kind = 'invitation' | 'reminder' | 'report';
type MailLang = 'en' | 'fr';
interface Template {
  subject: string;
  body: string;
}
interface KindTemplates {
  kind: Kind;
  placeholders: string[];
  templates: Record<MailLang, Template>;
  defaults: Record<MailLang, Template>;
  isDefault: boolean;
  updatedAt: string | null;
}
interface Problem {
  lang: MailLang;
  field: 'subject' | 'body';
  type: 'empty' | 'too_long' | 'multiline' | 'unknown_placeholder' | 'single_braces' | 'missing_link';
  placeholder?: string;
  message: string;
}

const PROBLEM_KEY: Record<Problem['type'], MessageKey> = {
  empty: 'mtProblemEmpty',
  too_long: 'mtProblemTooLong',
  multiline: 'mtProblemMultiline',
  unknown_placeholder: 'mtProblemUnknown',
  single_braces: 'mtProblemSingleBraces',
  missing_link: 'mtProblemMissingLink',
};
interface Preview {
  en: { subject: string; text: string };
  fr: { subject: string; text: string };
  problems: Problem[];
}

const KIND_KEY: Record<Kind, MessageKey> = { invitation: 'mtKindInvitation', reminder: 'mtKindReminder', report: 'mtKindReport' };
const LANG_KEY: Record<MailLang, MessageKey> = { en: 'mtLangEn', fr: 'mtLangFr' };
const LANGS: MailLang[] = ['en', 'fr'];

export function TemplatesPanel({
  surveyId,
  lang,
  canEdit,
  cities,
}: {
  surveyId: number;
  lang: Lang;
  canEdit: boolean;
  cities: { cityId: number; name: string }[];
}) {
  const t = useCallback((k: MessageKey, v?: Record<string, string | number>) => translate(lang, k, v), [lang]);
  const [kind, setKind] = useState<Kind>('invitation');
  const [stored, setStored] = useState<KindTemplates>();
  const [draft, setDraft] = useState<Record<MailLang, Template>>();
  const [cityId, setCityId] = useState<number | undefined>(cities[0]?.cityId);
  const [preview, setPreview] = useState<Preview>();
  const [problems, setProblems] = useState<Problem[]>([]);
  const [error, setError] = useState<string>();
  const [status, setStatus] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [confirmReset, setConfirmReset] = useState(false);

  const load = useCallback(
    (k: Kind) => {
      setError(undefined);
      api<KindTemplates>(`/api/surveys/${surveyId}/mail-templates/${k}`)
        .then((r) => {
          setStored(r);
          setDraft(r.templates);
        })
        .catch((err: unknown) => setError(errorText(err, t)));
    },
    [surveyId, t],
  );
  useEffect(() => {
    setStatus(undefined);
    setConfirmReset(false);
    load(kind);
  }, [kind, load]);

  // The preview follows the text being edited, a moment after typing stops.
  useEffect(() => {
    if (!draft) return;
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      api<Preview>(`/api/surveys/${surveyId}/mail-templates/${kind}/preview`, {
        method: 'POST',
        body: { ...(cityId ? { cityId } : {}), en: draft.en, fr: draft.fr },
        signal: controller.signal,
      })
        .then((p) => {
          setPreview(p);
          setProblems(p.problems);
        })
        .catch((err: unknown) => {
          if ((err as Error).name !== 'AbortError') setError(errorText(err, t));
        });
    }, 350);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [draft, cityId, kind, surveyId, t]);

  const edit = (l: MailLang, field: keyof Template, value: string) => {
    setStatus(undefined);
    setDraft((d) => (d ? { ...d, [l]: { ...d[l], [field]: value } } : d));
  };
  const changed = !!draft && !!stored && JSON.stringify(draft) !== JSON.stringify(stored.templates);

  const save = async () => {
    if (!draft) return;
    setBusy(true);
    setError(undefined);
    try {
      const r = await api<KindTemplates>(`/api/surveys/${surveyId}/mail-templates/${kind}`, { method: 'PUT', body: draft });
      setStored(r);
      setDraft(r.templates);
      setStatus(t('mtSaved'));
    } catch (err) {
      if (err instanceof ApiError && Array.isArray((err.body.error as { problems?: unknown })?.problems)) {
        setProblems((err.body.error as { problems: Problem[] }).problems);
        setError(t('mtNotSaved'));
      } else {
        setError(errorText(err, t));
      }
    } finally {
      setBusy(false);
    }
  };
  const reset = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const r = await api<KindTemplates>(`/api/surveys/${surveyId}/mail-templates/${kind}`, { method: 'DELETE' });
      setStored(r);
      setDraft(r.templates);
      setConfirmReset(false);
      setStatus(t('mtResetDone'));
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };

  const problemsAt = (l: MailLang, field: keyof Template) => problems.filter((p) => p.lang === l && p.field === field);

  return (
    <section className="panel" aria-labelledby="templates-title">
      <h2 id="templates-title">{t('mtTitle')}</h2>
      <p className="muted">{t('mtIntro')}</p>
      <div className="filters">
        <label>
          {t('mtKind')}{' '}
          <select value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
            {(['invitation', 'reminder', 'report'] as const).map((k) => (
              <option key={k} value={k}>
                {t(KIND_KEY[k])}
              </option>
            ))}
          </select>
        </label>
        {cities.length > 0 && (
          <label>
            {t('mtPreviewCity')}{' '}
            <select value={cityId ?? ''} onChange={(e) => setCityId(Number(e.target.value))}>
              {cities.map((c) => (
                <option key={c.cityId} value={c.cityId}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {stored && (
        <p>
          {stored.isDefault ? t('mtIsDefault') : t('mtIsEdited', { when: stored.updatedAt ? formatDateTime(lang, stored.updatedAt) : '' })}{' '}
          <span className="muted">
            {t('mtPlaceholders')}{' '}
            {stored.placeholders.map((p, i) => (
              <span key={p}>
                {i > 0 && ', '}
                <code>{`{{${p}}}`}</code>
              </span>
            ))}
          </span>
        </p>
      )}
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      {status && (
        <p className="notice notice-ok" role="status">
          {status}
        </p>
      )}
      {draft && (
        <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(20rem, 1fr))', gap: '1rem' }}>
          {LANGS.map((l) => (
            <fieldset key={l} lang={l} style={{ minWidth: 0 }}>
              <legend>{t(LANG_KEY[l])}</legend>
              <label style={{ display: 'block' }}>
                {t('mtSubject')}
                <input
                  type="text"
                  value={draft[l].subject}
                  readOnly={!canEdit}
                  maxLength={400}
                  style={{ display: 'block', width: '100%', boxSizing: 'border-box' }}
                  aria-invalid={problemsAt(l, 'subject').length > 0}
                  onChange={(e) => edit(l, 'subject', e.target.value)}
                />
              </label>
              <ProblemList problems={problemsAt(l, 'subject')} t={t} />
              <label style={{ display: 'block', marginTop: '0.5rem' }}>
                {t('mtBody')}
                <textarea
                  value={draft[l].body}
                  readOnly={!canEdit}
                  rows={14}
                  style={{ display: 'block', width: '100%', boxSizing: 'border-box', fontFamily: 'inherit' }}
                  aria-invalid={problemsAt(l, 'body').length > 0}
                  onChange={(e) => edit(l, 'body', e.target.value)}
                />
              </label>
              <ProblemList problems={problemsAt(l, 'body')} t={t} />
              {preview && (
                <div aria-label={`${t('mtPreview')} · ${t(LANG_KEY[l])}`} role="region" style={{ marginTop: '0.5rem' }}>
                  <h3 style={{ fontSize: '1rem', margin: '0.5rem 0 0.25rem' }}>{t('mtPreview')}</h3>
                  <p style={{ margin: 0 }}>
                    <strong>{preview[l].subject}</strong>
                  </p>
                  <pre style={{ whiteSpace: 'pre-wrap', fontFamily: 'inherit', background: '#f6f6f6', padding: '0.5rem', margin: '0.25rem 0 0' }}>{preview[l].text}</pre>
                </div>
              )}
            </fieldset>
          ))}
        </div>
      )}
      {canEdit && draft && (
        <div className="actions" style={{ marginTop: '0.75rem' }}>
          <button type="button" className="primary" disabled={busy || !changed} onClick={() => void save()}>
            {t('mtSave')}
          </button>
          <button type="button" disabled={busy || !changed} onClick={() => stored && setDraft(stored.templates)}>
            {t('mtUndo')}
          </button>
          {stored && !stored.isDefault && !confirmReset && (
            <button type="button" disabled={busy} onClick={() => setConfirmReset(true)}>
              {t('mtReset')}
            </button>
          )}
        </div>
      )}
      {confirmReset && (
        <ConfirmBox
          message={t('mtResetConfirm')}
          confirmLabel={t('mtResetButton')}
          cancelLabel={t('cancel')}
          busy={busy}
          onConfirm={() => void reset()}
          onCancel={() => setConfirmReset(false)}
        />
      )}
    </section>
  );
}

function ProblemList({ problems, t }: { problems: Problem[]; t: (k: MessageKey, v?: Record<string, string | number>) => string }) {
  if (problems.length === 0) return null;
  return (
    <ul className="notice notice-error" style={{ margin: '0.25rem 0', paddingLeft: '1.5rem' }}>
      {problems.map((p, i) => (
        <li key={i}>{t(PROBLEM_KEY[p.type] ?? 'mtProblemUnknown', { placeholder: p.placeholder ?? '' })}</li>
      ))}
    </ul>
  );
}
