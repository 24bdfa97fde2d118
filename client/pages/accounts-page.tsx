/**
 * Accounts of the ICC Unit (`/admin/accounts`, admins): every account with its role, last sign-in and state
 * (temporary password, locked out after failed sign-ins); create an analyst or admin with a temporary password,
 * change another account's role, reset its password (a temporary one, shown once); and, for the signed-in person,
 * sign out everywhere. The server checks every action (server/routes/users.ts, routes/session.ts).
 */
// The Unit's and analysts' strings (client/i18n-pages.ts) are loaded with the pages that use them.
import '../i18n-pages';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, errorText } from '../api';
import { formatDateTime, translate, type Lang, type MessageKey } from '../i18n';
import { SignOutButton, useMe } from './home-page';
import { Layout } from './layout';

interface Account {
  id: number;
  email: string;
  name: string;
  role: 'admin' | 'analyst';
  mustChangePassword: boolean;
  lastSignInAt: string | null;
  lockedUntil: string | null;
}

export default function AccountsPage({ lang, setLang }: { lang: Lang; setLang: (l: Lang) => void }) {
  const t = useCallback((k: MessageKey, v?: Record<string, string | number>) => translate(lang, k, v), [lang]);
  const [me, setMe] = useMe();
  const [accounts, setAccounts] = useState<Account[]>();
  const [notice, setNotice] = useState<string>();
  const [error, setError] = useState<string>();
  const [createError, setCreateError] = useState<string>();
  const fail = (err: unknown) => setError(errorText(err, t));
  const reload = useCallback(() => {
    api<Account[]>('/api/users').then(setAccounts, (err: unknown) => {
      setAccounts([]);
      fail(err);
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  useEffect(() => {
    if (me?.role === 'admin') reload();
  }, [me, reload]);

  if (me === null) {
    window.location.assign('/');
    return null;
  }
  const roleName = (r: Account['role']) => t(r === 'admin' ? 'roleAdmin' : 'roleAnalyst');

  async function changeRole(a: Account) {
    const role = a.role === 'admin' ? 'analyst' : 'admin';
    if (!window.confirm(t('accountsConfirmRole', { email: a.email, role: roleName(role) }))) return;
    setError(undefined);
    try {
      await api(`/api/users/${a.id}`, { method: 'PATCH', body: { role } });
      setNotice(t('accountsRoleChanged', { email: a.email, role: roleName(role) }));
      reload();
    } catch (err) {
      fail(err);
    }
  }
  async function resetPassword(a: Account) {
    if (!window.confirm(t('accountsConfirmReset', { email: a.email }))) return;
    setError(undefined);
    try {
      const r = await api<{ temporaryPassword: string }>(`/api/users/${a.id}`, { method: 'PATCH', body: { resetPassword: true } });
      setNotice(t('accountsResetDone', { email: a.email, password: r.temporaryPassword }));
      reload();
    } catch (err) {
      fail(err);
    }
  }
  async function create(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const formEl = e.currentTarget;
    const form = new FormData(formEl);
    setCreateError(undefined);
    try {
      const r = await api<{ email: string; temporaryPassword: string }>('/api/users', {
        method: 'POST',
        body: { email: form.get('email'), name: form.get('name'), role: form.get('role') },
      });
      setNotice(t('temporaryPassword', { email: r.email, password: r.temporaryPassword }));
      formEl.reset();
      reload();
    } catch (err) {
      setCreateError(errorText(err, t));
    }
  }
  async function signOutEverywhere() {
    if (!window.confirm(t('accountsConfirmSignOutEverywhere'))) return;
    try {
      await api('/api/session?everywhere=1', { method: 'DELETE' });
      window.location.assign('/');
    } catch (err) {
      fail(err);
    }
  }

  return (
    <Layout lang={lang} setLang={setLang} wide title={t('accountsLink')} actions={me && <SignOutButton lang={lang} onDone={() => setMe(null)} />}>
      <p>
        <a href="/">← {t('backHome')}</a>
      </p>
      {me === undefined && <p aria-busy="true">{t('loading')}</p>}
      {me && me.role !== 'admin' && <p className="notice">{t('accountsAdminsOnly')}</p>}
      {me?.role === 'admin' && (
        <>
          <p>{t('accountsPageIntro')}</p>
          <div aria-live="polite">
            {notice && (
              <p className="notice notice-success" role="status">
                {notice}
              </p>
            )}
          </div>
          {error && (
            <p className="notice notice-error" role="alert">
              {error}
            </p>
          )}
          {!accounts && <p aria-busy="true">{t('loading')}</p>}
          {accounts && (
            <div className="table-wrap" tabIndex={0} role="region" aria-label={t('accountsListLabel')}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('accountsColAccount')}</th>
                    <th scope="col">{t('role')}</th>
                    <th scope="col">{t('accountsColLastSignIn')}</th>
                    <th scope="col">{t('accountsColState')}</th>
                    <th scope="col">{t('accountsColActions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {accounts.map((a) => {
                    const isMe = a.email === me.email;
                    const locked = a.lockedUntil !== null && a.lockedUntil > new Date().toISOString();
                    return (
                      <tr key={a.id}>
                        <th scope="row">
                          {a.email} {isMe && t('accountsYou')}
                          {a.name && <div className="muted">{a.name}</div>}
                        </th>
                        <td>{roleName(a.role)}</td>
                        <td>{a.lastSignInAt ? formatDateTime(lang, a.lastSignInAt) : t('accountsNever')}</td>
                        <td>
                          {locked
                            ? t('accountsLockedUntil', { time: formatDateTime(lang, a.lockedUntil!) })
                            : a.mustChangePassword
                              ? t('accountsMustChange')
                              : t('accountsActive')}
                        </td>
                        <td>
                          {!isMe && (
                            <span className="actions">
                              {/* The visible text starts the accessible name; the hidden email tells the rows apart. */}
                              <button type="button" onClick={() => void changeRole(a)}>
                                {t(a.role === 'admin' ? 'accountsMakeAnalyst' : 'accountsMakeAdmin')}
                                <span className="visually-hidden"> · {a.email}</span>
                              </button>
                              <button type="button" onClick={() => void resetPassword(a)}>
                                {t('accountsReset')}
                                <span className="visually-hidden"> · {a.email}</span>
                              </button>
                            </span>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}

          <section aria-labelledby="create-account-title">
            <h2 id="create-account-title">{t('accountsCreateTitle')}</h2>
            <form className="stack" onSubmit={(e) => void create(e)} noValidate>
              <label htmlFor="account-email">{t('email')}</label>
              <input id="account-email" name="email" type="email" autoComplete="off" required />
              <label htmlFor="account-name">{t('name')}</label>
              <input id="account-name" name="name" type="text" autoComplete="off" maxLength={100} />
              <label htmlFor="account-role">{t('role')}</label>
              <select id="account-role" name="role" defaultValue="analyst">
                <option value="analyst">{t('roleAnalyst')}</option>
                <option value="admin">{t('roleAdmin')}</option>
              </select>
              {createError && (
                <p className="notice notice-error" role="alert">
                  {createError}
                </p>
              )}
              <button type="submit" className="primary">
                {t('createAccount')}
              </button>
            </form>
          </section>

          <section aria-labelledby="sessions-title">
            <h2 id="sessions-title">{t('accountsSessionsTitle')}</h2>
            <p>{t('accountsSignOutEverywhereIntro')}</p>
            <button type="button" onClick={() => void signOutEverywhere()}>
              {t('accountsSignOutEverywhere')}
            </button>
          </section>
        </>
      )}
    </Layout>
  );
}
