/**
 * The networks of the roster (the international network, national networks), on the roster page: the Unit
 * creates them, renames them in English and French, deletes those no city belongs to, and changes which
 * networks a city belongs to. Analysts see the list, read-only.
 */
import { useCallback, useEffect, useState } from 'react';
import { ApiError, api, errorText } from '../api';
import { translate, type Lang, type MessageKey } from '../i18n';

interface Network {
  id: number;
  code: string;
  name: string;
  nameFr: string | null;
  kind: 'international' | 'national';
  country: string | null;
  members: number;
}
interface City {
  id: number;
  code: string;
  name: string;
  nameFr: string | null;
  networks: string[];
}
const KIND_KEY = { international: 'networkInternational', national: 'networkNational' } as const satisfies Record<Network['kind'], MessageKey>;
// Inline layout (the shared stylesheet has no rule for a row of labelled fields): each field's label above it.
const ROW: React.CSSProperties = { display: 'flex', flexWrap: 'wrap', gap: '0.5rem 1rem', alignItems: 'flex-end', margin: '0.5rem 0' };
const FIELD: React.CSSProperties = { display: 'flex', flexDirection: 'column', gap: '0.2rem' };
const CHOICE: React.CSSProperties = { display: 'block', margin: '0.25rem 0' };
const EMPTY_NEW = { code: '', name: '', nameFr: '', kind: 'national' as Network['kind'], country: '' };

export function NetworksPanel({ lang, canEdit, reloadKey }: { lang: Lang; canEdit: boolean; reloadKey?: unknown }) {
  const t = useCallback((k: MessageKey, v?: Record<string, string | number>) => translate(lang, k, v), [lang]);
  const [networks, setNetworks] = useState<Network[]>();
  const [cities, setCities] = useState<City[]>();
  const [error, setError] = useState<string>();
  // What the last change did, said in the current language (so switching language rewords it too).
  const [status, setStatus] = useState<{ key: MessageKey; vars?: Record<string, string | number> }>();
  const [renaming, setRenaming] = useState<{ id: number; name: string; nameFr: string } | null>(null);
  const [draft, setDraft] = useState(EMPTY_NEW);
  const [cityId, setCityId] = useState<number>();
  const [chosen, setChosen] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  const fail = useCallback((err: unknown) => setError(errorText(err, t)), [t]);
  /** The refusals the Unit meets in use, in the page's language; other errors as the server words them. */
  const failWith = (refusal: (err: ApiError) => string | undefined) => (err: unknown) =>
    setError((err instanceof ApiError && refusal(err)) || (errorText(err, t)));
  const load = useCallback(() => {
    Promise.all([api<Network[]>('/api/cities/networks'), api<City[]>('/api/cities')])
      .then(([n, c]) => {
        setNetworks(n);
        setCities(c);
      })
      .catch(fail);
  }, [fail]);
  useEffect(load, [load, reloadKey]);

  /** Runs a change, then reloads the lists and says what happened. */
  const run = async (change: () => Promise<unknown>, done: { key: MessageKey; vars?: Record<string, string | number> }, onError: (err: unknown) => void = fail) => {
    setBusy(true);
    setError(undefined);
    setStatus(undefined);
    try {
      await change();
      setStatus(done);
      load();
      return true;
    } catch (err) {
      onError(err);
      return false;
    } finally {
      setBusy(false);
    }
  };
  const create = async (e: React.FormEvent) => {
    e.preventDefault();
    const body = { code: draft.code.trim(), name: draft.name, nameFr: draft.nameFr.trim() || null, kind: draft.kind, country: draft.country.trim() || null };
    const taken = failWith((err) => (err.status === 409 ? t('networkCodeTaken', { code: body.code }) : undefined));
    if (await run(() => api('/api/cities/networks', { method: 'POST', body }), { key: 'networkCreated', vars: { code: body.code } }, taken)) setDraft(EMPTY_NEW);
  };
  const rename = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!renaming) return;
    const body = { name: renaming.name, nameFr: renaming.nameFr.trim() || null };
    if (await run(() => api(`/api/cities/networks/${renaming.id}`, { method: 'PATCH', body }), { key: 'networkRenamed' })) setRenaming(null);
  };
  const remove = async (n: Network) => {
    if (!window.confirm(t('networkConfirmDelete', { code: n.code }))) return;
    const refused = failWith((err) => {
      const members = (err.body.error as { members?: unknown } | undefined)?.members;
      return err.status === 409 ? t('networkDeleteRefused', { code: n.code, n: typeof members === 'number' ? members : n.members }) : undefined;
    });
    await run(() => api(`/api/cities/networks/${n.id}`, { method: 'DELETE' }), { key: 'networkDeleted', vars: { code: n.code } }, refused);
  };
  const city = cities?.find((c) => c.id === cityId);
  const saveMemberships = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!city) return;
    await run(() => api(`/api/cities/${city.id}/networks`, { method: 'PUT', body: { networks: chosen } }), { key: 'networkMembershipsSaved', vars: { city: city.name } });
  };
  const nameOf = (n: Network) => (lang === 'fr' && n.nameFr ? n.nameFr : n.name);

  return (
    <section className="panel networks" aria-labelledby="networks-title">
      <h2 id="networks-title">{t('networksTitle')}</h2>
      <p className="hint">{t('networksIntro')}</p>
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      {status && (
        <p className="notice notice-ok" role="status">
          {t(status.key, status.vars)}
        </p>
      )}
      {!networks && !error && <p aria-busy="true">{t('loading')}</p>}
      {networks && networks.length === 0 && <p className="muted">{t('networksNone')}</p>}
      {networks && networks.length > 0 && (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t('networksTitle')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('networkCode')}</th>
                <th scope="col">{t('networkNameEn')}</th>
                <th scope="col">{t('networkNameFr')}</th>
                <th scope="col">{t('networkKind')}</th>
                <th scope="col">{t('filterCountry')}</th>
                <th scope="col">{t('networkMembers')}</th>
                {canEdit && <th scope="col">{t('networkActions')}</th>}
              </tr>
            </thead>
            <tbody>
              {networks.map((n) =>
                renaming?.id === n.id ? (
                  <tr key={n.id}>
                    <th scope="row">{n.code}</th>
                    <td colSpan={canEdit ? 6 : 5}>
                      <form className="inline-form" style={ROW} onSubmit={(e) => void rename(e)} aria-label={t('networkRename', { code: n.code })}>
                        <label style={FIELD}>
                          {t('networkNameEn')}
                          <input type="text" required maxLength={200} value={renaming.name} onChange={(e) => setRenaming({ ...renaming, name: e.target.value })} />
                        </label>
                        <label style={FIELD}>
                          {t('networkNameFr')}
                          <input type="text" maxLength={200} value={renaming.nameFr} onChange={(e) => setRenaming({ ...renaming, nameFr: e.target.value })} />
                        </label>
                        <button type="submit" className="primary" disabled={busy}>
                          {t('networkSave')}
                        </button>
                        <button type="button" onClick={() => setRenaming(null)}>
                          {t('networkCancel')}
                        </button>
                      </form>
                    </td>
                  </tr>
                ) : (
                  <tr key={n.id}>
                    <th scope="row">{n.code}</th>
                    <td lang="en">{n.name}</td>
                    <td lang="fr">{n.nameFr ?? '—'}</td>
                    <td>{t(KIND_KEY[n.kind])}</td>
                    <td>{n.country ?? ''}</td>
                    <td>{n.members}</td>
                    {canEdit && (
                      <td className="actions">
                        <button type="button" onClick={() => setRenaming({ id: n.id, name: n.name, nameFr: n.nameFr ?? '' })}>
                          {t('networkRenameButton')}
                          <span className="visually-hidden"> · {n.code}</span>
                        </button>{' '}
                        <button type="button" onClick={() => void remove(n)} disabled={busy}>
                          {t('networkDelete')}
                          <span className="visually-hidden"> · {n.code}</span>
                        </button>
                      </td>
                    )}
                  </tr>
                ),
              )}
            </tbody>
          </table>
        </div>
      )}

      {canEdit && (
        <form className="inline-form network-new" style={ROW} onSubmit={(e) => void create(e)} aria-label={t('networkAdd')}>
          <h3 style={{ flexBasis: '100%', margin: '0.5rem 0 0' }}>{t('networkAdd')}</h3>
          <label style={FIELD}>
            {t('networkCode')}
            <input type="text" required maxLength={40} pattern="[A-Za-z0-9][A-Za-z0-9_\-]*" value={draft.code} onChange={(e) => setDraft({ ...draft, code: e.target.value })} />
          </label>
          <label style={FIELD}>
            {t('networkNameEn')}
            <input type="text" required maxLength={200} value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
          </label>
          <label style={FIELD}>
            {t('networkNameFr')}
            <input type="text" maxLength={200} value={draft.nameFr} onChange={(e) => setDraft({ ...draft, nameFr: e.target.value })} />
          </label>
          <label style={FIELD}>
            {t('networkKind')}
            <select value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.target.value as Network['kind'] })}>
              <option value="national">{t('networkNational')}</option>
              <option value="international">{t('networkInternational')}</option>
            </select>
          </label>
          <label style={FIELD}>
            {t('networkCountry')}
            <input type="text" maxLength={2} size={3} value={draft.country} required={draft.kind === 'national'} onChange={(e) => setDraft({ ...draft, country: e.target.value.toUpperCase() })} />
          </label>
          <button type="submit" className="primary" disabled={busy}>
            {t('networkAddButton')}
          </button>
        </form>
      )}

      {canEdit && cities && networks && (
        <form className="memberships" onSubmit={(e) => void saveMemberships(e)} aria-label={t('networkMembershipsTitle')}>
          <h3>{t('networkMembershipsTitle')}</h3>
          <label style={FIELD}>
            {t('colCity')}
            <select
              value={cityId ?? ''}
              onChange={(e) => {
                const id = Number(e.target.value) || undefined;
                setCityId(id);
                setChosen(cities.find((c) => c.id === id)?.networks ?? []);
              }}
            >
              <option value="">{t('networkChooseCity')}</option>
              {cities.map((c) => (
                <option key={c.id} value={c.id}>
                  {lang === 'fr' && c.nameFr ? c.nameFr : c.name} ({c.code})
                </option>
              ))}
            </select>
          </label>
          {city && (
            <fieldset>
              <legend>{t('networkMembershipsOf', { city: lang === 'fr' && city.nameFr ? city.nameFr : city.name })}</legend>
              {networks.map((n) => (
                <label key={n.id} className="checkbox" style={CHOICE}>
                  <input
                    type="checkbox"
                    checked={chosen.includes(n.code)}
                    onChange={(e) => setChosen(e.target.checked ? [...chosen, n.code].sort() : chosen.filter((x) => x !== n.code))}
                  />{' '}
                  {nameOf(n)} ({n.code})
                </label>
              ))}
              <button type="submit" className="primary" disabled={busy}>
                {t('networkSaveMemberships')}
              </button>
            </fieldset>
          )}
        </form>
      )}
    </section>
  );
}
