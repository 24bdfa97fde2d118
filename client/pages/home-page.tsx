import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, api, errorText } from '../api';
import { fetchOnce, takeSettled } from '../prefetch';
import { translate, type Lang, type MessageKey } from '../i18n';
import { Layout } from './layout';

export interface Me {
  email: string;
  role: 'admin' | 'analyst';
  mustChangePassword?: boolean;
}
interface SurveyItem {
  id: number;
  title: string;
  titleFr: string;
  year: number;
  status: 'draft' | 'open' | 'closed';
}

export function useMe(): [Me | null | undefined, (m: Me | null) => void] {
  // A session answer that arrived before the page rendered (main.tsx prefetches it) is used at once.
  const [me, setMe] = useState<Me | null | undefined>(() => takeSettled<Me>('/api/session'));
  const known = me !== undefined;
  useEffect(() => {
    if (known) return;
    fetchOnce<Me>('/api/session')
      .then(setMe)
      .catch(() => setMe(null));
    // Asked once, on mounting: a later sign-out sets the state itself.
  }, []);
  return [me, setMe];
}

export function SignOutButton({ lang, onDone }: { lang: Lang; onDone: () => void }) {
  return (
    <button
      type="button"
      className="link-button"
      onClick={() => {
        void api('/api/session', { method: 'DELETE' }).finally(onDone);
      }}
    >
      {translate(lang, 'signOut')}
    </button>
  );
}

export function HomePage({ lang, setLang }: { lang: Lang; setLang: (l: Lang) => void }) {
  const [me, setMe] = useMe();
  const t = (k: MessageKey, v?: Record<string, string | number>) => translate(lang, k, v);
  if (me === undefined) {
    return (
      <Layout lang={lang} setLang={setLang} title={t('appName')}>
        <p aria-busy="true">{t('loading')}</p>
      </Layout>
    );
  }
  if (me === null) return <SignIn lang={lang} setLang={setLang} onSignedIn={setMe} />;
  if (me.mustChangePassword) {
    return (
      <Layout lang={lang} setLang={setLang} title={t('changePasswordTitle')} actions={<SignOutButton lang={lang} onDone={() => setMe(null)} />}>
        <ChangePassword lang={lang} onDone={() => setMe({ ...me, mustChangePassword: false })} />
      </Layout>
    );
  }
  return (
    <Layout lang={lang} setLang={setLang} title={t('surveysTitle')} actions={<SignOutButton lang={lang} onDone={() => setMe(null)} />}>
      <p className="muted">{t('signedInAs', { email: me.email, role: t(me.role === 'admin' ? 'roleAdmin' : 'roleAnalyst') })}</p>
      <SurveyList lang={lang} />
      {me.role === 'admin' && <NewSurveyForm lang={lang} />}
      {me.role === 'admin' && (
        <p>
          <a className="button" href="/admin/roster">
            {t('rosterLink')}
          </a>{' '}
          <a className="button" href="/admin/accounts">
            {t('accountsLink')}
          </a>
        </p>
      )}
      {me.role === 'admin' && (
        <section aria-labelledby="audit-title">
          <h2 id="audit-title">{t('auditTitle')}</h2>
          <p className="muted">{t('auditIntro')}</p>
          <a className="button" href="/api/audit.csv?bom=1" download>
            {t('auditDownload')}
          </a>
        </section>
      )}
    </Layout>
  );
}

function SurveyList({ lang }: { lang: Lang }) {
  const [surveys, setSurveys] = useState<SurveyItem[]>();
  const t = (k: MessageKey, v?: Record<string, string | number>) => translate(lang, k, v);
  useEffect(() => {
    api<SurveyItem[]>('/api/surveys').then(setSurveys, () => setSurveys([]));
  }, []);
  if (!surveys) return <p aria-busy="true">{t('loading')}</p>;
  if (surveys.length === 0) return <p>{t('noSurveys')}</p>;
  const statusKey = { draft: 'statusDraft', open: 'statusOpen', closed: 'statusClosed' } as const;
  return (
    <ul className="survey-list">
      {surveys.map((s) => (
        <li key={s.id}>
          <a href={`/admin/surveys/${s.id}`}>
            {s.year} · {lang === 'fr' ? s.titleFr : s.title}
          </a>{' '}
          <span className={`badge badge-${s.status}`}>{t(statusKey[s.status])}</span>{' '}
          <a className="secondary-link" href={`/analysis/surveys/${s.id}`}>
            {t('analysis')}
            <span className="visually-hidden"> · {s.year}</span>
          </a>
        </li>
      ))}
    </ul>
  );
}

/** An empty survey for a year, opened in the builder once created (issue 4: a questionnaire from nothing). */
function NewSurveyForm({ lang }: { lang: Lang }) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const t = (k: MessageKey, v?: Record<string, string | number>) => translate(lang, k, v);
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const year = Number(form.get('year'));
    const title = { en: String(form.get('titleEn') ?? '').trim(), fr: String(form.get('titleFr') ?? '').trim() };
    if (!Number.isInteger(year) || !title.en || !title.fr) return setError(t('newSurveyMissing'));
    setBusy(true);
    setError(undefined);
    try {
      const created = await api<{ id: number }>('/api/surveys/blank', { method: 'POST', body: { year, title } });
      window.location.assign(`/admin/surveys/${created.id}/builder`);
    } catch (err) {
      setError(errorText(err, t));
      setBusy(false);
    }
  }
  return (
    <section aria-labelledby="new-survey-title">
      <h2 id="new-survey-title">{t('newSurveyTitle')}</h2>
      <p className="muted">{t('newSurveyIntro')}</p>
      <form className="stack" onSubmit={(e) => void submit(e)} noValidate>
        <label htmlFor="new-survey-year">{t('newSurveyYear')}</label>
        <input id="new-survey-year" name="year" type="number" min={2000} max={2100} defaultValue={new Date().getFullYear() + 1} required />
        <label htmlFor="new-survey-title-en">{t('newSurveyTitleEn')}</label>
        <input id="new-survey-title-en" name="titleEn" type="text" lang="en" maxLength={200} required />
        <label htmlFor="new-survey-title-fr">{t('newSurveyTitleFr')}</label>
        <input id="new-survey-title-fr" name="titleFr" type="text" lang="fr" maxLength={200} required />
        {error && (
          <p className="notice notice-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? t('newSurveyCreating') : t('newSurveyCreate')}
        </button>
      </form>
    </section>
  );
}

function SignIn({ lang, setLang, onSignedIn }: { lang: Lang; setLang: (l: Lang) => void; onSignedIn: (m: Me) => void }) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const t = (k: MessageKey, v?: Record<string, string | number>) => translate(lang, k, v);
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(undefined);
    try {
      await api('/api/session', { method: 'POST', body: { email: form.get('email'), password: form.get('password') } });
      onSignedIn(await api<Me>('/api/session'));
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? t('badCredentials') : errorText(err, t));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Layout lang={lang} setLang={setLang} title={t('signInTitle')}>
      <p>{t('signInIntro')}</p>
      <p>
        <a href="/summary">{t('pubListTitle')}</a>
      </p>
      <form className="stack" onSubmit={(e) => void submit(e)} noValidate>
        <label htmlFor="email">{t('email')}</label>
        <input id="email" name="email" type="email" autoComplete="username" required />
        <label htmlFor="password">{t('password')}</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
        {error && (
          <p className="notice notice-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {t('signIn')}
        </button>
      </form>
    </Layout>
  );
}

function ChangePassword({ lang, onDone }: { lang: Lang; onDone: () => void }) {
  const [error, setError] = useState<string>();
  const t = (k: MessageKey, v?: Record<string, string | number>) => translate(lang, k, v);
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    if (form.get('newPassword') !== form.get('confirmPassword')) return setError(t('passwordsDiffer'));
    try {
      await api('/api/session/password', {
        method: 'POST',
        body: { currentPassword: form.get('currentPassword'), newPassword: form.get('newPassword') },
      });
      onDone();
    } catch (err) {
      setError(errorText(err, t));
    }
  }
  return (
    <form className="stack" onSubmit={(e) => void submit(e)} noValidate>
      <p>{t('changePasswordIntro')}</p>
      <label htmlFor="currentPassword">{t('currentPassword')}</label>
      <input id="currentPassword" name="currentPassword" type="password" autoComplete="current-password" required />
      <label htmlFor="newPassword">{t('newPassword')}</label>
      <input id="newPassword" name="newPassword" type="password" autoComplete="new-password" minLength={12} required />
      <label htmlFor="confirmPassword">{t('confirmPassword')}</label>
      <input id="confirmPassword" name="confirmPassword" type="password" autoComplete="new-password" minLength={12} required />
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="primary">
        {t('savePassword')}
      </button>
    </form>
  );
}

