/**
 * The roster of member cities, imported from a CSV the Unit keeps in a spreadsheet: the file is read in the
 * browser, the server previews every row (its problems, and whether it would create, update or leave a city
 * and its team member unchanged) and nothing is written until the Unit imports a file without problems.
 * Importing the same file again changes nothing (cities are matched on their code, team members on their
 * address within the city). The server names each problem with a code and parameters, said here in the
 * page's language. Below, the networks of the roster and each city's memberships.
 */
// The Unit's and analysts' strings (client/i18n-pages.ts) are loaded with the pages that use them.
import '../i18n-pages';
import { useCallback, useState } from 'react';
import { api, errorText } from '../api';
import { translate, type Lang, type MessageKey } from '../i18n';
import { SignOutButton, useMe } from './home-page';
import { Layout } from './layout';
import { NetworksPanel } from './networks-panel';

interface Problem {
  code: string;
  params: Record<string, string | number>;
  message: string;
}
type Action = 'create' | 'update' | 'unchanged';
interface RosterRow {
  line: number;
  city: { code: string; name?: string; country?: string; networks?: string[] } | null;
  problems: Problem[];
  action: Action | null;
  changes: Record<string, { from: unknown; to: unknown }>;
  contact?: { name: string; email: string; role: string; lang: string; consent: boolean; action: Action | null; changes: Record<string, { from: unknown; to: unknown }> };
}
interface Preview {
  fileProblems: Problem[];
  rows: RosterRow[];
  networksToCreate: { code: string; kind: string; country: string | null }[];
  summary: { rows: number; create: number; update: number; unchanged: number; withProblems: number; contacts: Record<Action, number> };
  canImport: boolean;
}
interface Outcome {
  created: number;
  updated: number;
  unchanged: number;
  networksCreated: string[];
  contacts: { created: number; updated: number; unchanged: number };
}
const ACTION_KEY = { create: 'rosterCreate', update: 'rosterUpdate', unchanged: 'rosterUnchanged' } as const;
const CONTACT_ACTION_KEY = { create: 'rosterContactCreate', update: 'rosterContactUpdate', unchanged: 'rosterContactUnchanged' } as const satisfies Record<Action, MessageKey>;

/** The server's problem codes and the message that says each in the reader's language. */
const PROBLEM_KEY: Record<string, MessageKey> = {
  parse_error: 'rosterProblemParseError',
  column_unnamed: 'rosterProblemColumnUnnamed',
  column_encoding_replacement: 'rosterProblemColumnEncodingReplacement',
  column_encoding_mojibake: 'rosterProblemColumnEncodingMojibake',
  column_unknown: 'rosterProblemColumnUnknown',
  column_twice: 'rosterProblemColumnTwice',
  column_missing: 'rosterProblemColumnMissing',
  file_empty: 'rosterProblemFileEmpty',
  file_no_rows: 'rosterProblemFileNoRows',
  file_too_many_rows: 'rosterProblemFileTooManyRows',
  cell_count: 'rosterProblemCellCount',
  encoding_replacement: 'rosterProblemEncodingReplacement',
  encoding_mojibake: 'rosterProblemEncodingMojibake',
  control_characters: 'rosterProblemControlCharacters',
  too_long: 'rosterProblemTooLong',
  missing: 'rosterProblemMissing',
  bad_code: 'rosterProblemBadCode',
  bad_country: 'rosterProblemBadCountry',
  unknown_size_band: 'rosterProblemUnknownSizeBand',
  bad_network_code: 'rosterProblemBadNetworkCode',
  not_a_year: 'rosterProblemNotAYear',
  not_a_number: 'rosterProblemNotANumber',
  year_out_of_range: 'rosterProblemYearOutOfRange',
  too_small: 'rosterProblemTooSmall',
  duplicate_code: 'rosterProblemDuplicateCode',
  city_lines_differ: 'rosterProblemCityLinesDiffer',
  duplicate_contact: 'rosterProblemDuplicateContact',
  bad_email: 'rosterProblemBadEmail',
  unknown_role: 'rosterProblemUnknownRole',
  unknown_language: 'rosterProblemUnknownLanguage',
  missing_consent: 'rosterProblemMissingConsent',
  bad_consent: 'rosterProblemBadConsent',
};

/** A problem in the page's language; the server's English message for a code this page does not know yet. */
function problemText(p: Problem, t: (k: MessageKey, v?: Record<string, string | number>) => string): string {
  const key = PROBLEM_KEY[p.code];
  return key ? t(key, p.params) : p.message;
}

export default function RosterPage({ lang, setLang }: { lang: Lang; setLang: (l: Lang) => void }) {
  const t = useCallback((k: MessageKey, v?: Record<string, string | number>) => translate(lang, k, v), [lang]);
  const [me, setMe] = useMe();
  const [csv, setCsv] = useState<string>();
  const [fileName, setFileName] = useState('');
  const [preview, setPreview] = useState<Preview>();
  const [outcome, setOutcome] = useState<Outcome>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  if (me === null) {
    window.location.assign('/');
    return null;
  }
  const fail = (err: unknown) => setError(errorText(err, t));
  const read = async (file: File) => {
    setError(undefined);
    setOutcome(undefined);
    setPreview(undefined);
    setFileName(file.name);
    const text = await file.text();
    setCsv(text);
    setBusy(true);
    try {
      setPreview(await api<Preview>('/api/roster/preview', { method: 'POST', body: { csv: text } }));
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };
  const importNow = async () => {
    if (!csv) return;
    setBusy(true);
    setError(undefined);
    try {
      setOutcome(await api<Outcome>('/api/roster/import', { method: 'POST', body: { csv } }));
      setPreview(await api<Preview>('/api/roster/preview', { method: 'POST', body: { csv } }));
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };
  const shown = preview?.rows.filter((r) => r.problems.length > 0 || r.action !== 'unchanged' || (r.contact && r.contact.action !== 'unchanged')) ?? [];
  const hasContacts = preview?.rows.some((r) => r.contact) ?? false;

  return (
    <Layout lang={lang} setLang={setLang} wide title={t('rosterTitle')} actions={me && <SignOutButton lang={lang} onDone={() => setMe(null)} />}>
      <p>
        <a href="/">← {t('backHome')}</a>
      </p>
      {me && me.role !== 'admin' && <p className="notice">{t('rosterAdminsOnly')}</p>}
      <p>{t('rosterIntro')}</p>
      <p className="hint">{t('rosterColumns')}</p>
      <p className="hint">{t('rosterTeamColumns')}</p>
      <label className="file-input">
        {t('rosterChooseFile')}{' '}
        <input
          type="file"
          accept=".csv,text/csv,text/plain"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void read(file);
          }}
        />
      </label>
      {busy && <p aria-busy="true">{t('loading')}</p>}
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      {outcome && (
        <p className="notice notice-ok" role="status">
          {t('rosterImported', { created: outcome.created, updated: outcome.updated, unchanged: outcome.unchanged, networks: outcome.networksCreated.length })}{' '}
          {t('rosterImportedContacts', { created: outcome.contacts.created, updated: outcome.contacts.updated })}
        </p>
      )}
      {preview && (
        <section aria-labelledby="preview-title">
          <h2 id="preview-title">{t('rosterPreviewTitle', { file: fileName })}</h2>
          <p aria-live="polite">
            {t('rosterSummary', {
              rows: preview.summary.rows,
              create: preview.summary.create,
              update: preview.summary.update,
              unchanged: preview.summary.unchanged,
              problems: preview.summary.withProblems,
            })}{' '}
            {hasContacts &&
              t('rosterSummaryContacts', { create: preview.summary.contacts.create, update: preview.summary.contacts.update, unchanged: preview.summary.contacts.unchanged })}
          </p>
          {preview.fileProblems.length > 0 && (
            <ul className="notice notice-error">
              {preview.fileProblems.map((p) => (
                <li key={p.message}>{problemText(p, t)}</li>
              ))}
            </ul>
          )}
          {preview.networksToCreate.length > 0 && (
            <p>
              {t('rosterNewNetworks')} {preview.networksToCreate.map((n) => `${n.code} (${n.kind}${n.country ? `, ${n.country}` : ''})`).join(', ')}
            </p>
          )}
          {shown.length > 0 && (
            <div className="table-wrap" tabIndex={0} role="region" aria-label={t('rosterRowsLabel')}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('rosterLine')}</th>
                    <th scope="col">{t('colCity')}</th>
                    <th scope="col">{t('colCountry')}</th>
                    <th scope="col">{t('colNetworks')}</th>
                    {hasContacts && <th scope="col">{t('rosterContact')}</th>}
                    <th scope="col">{t('rosterWhat')}</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((r) => (
                    <tr key={r.line} className={r.problems.length > 0 ? 'row-problem' : undefined}>
                      <th scope="row">{r.line}</th>
                      <td>
                        {r.city ? `${r.city.name ?? ''} (${r.city.code})` : '—'}
                      </td>
                      <td>{r.city?.country ?? ''}</td>
                      <td>{r.city?.networks?.join(', ') ?? ''}</td>
                      {hasContacts && <td>{r.contact ? `${r.contact.name} <${r.contact.email}>` : ''}</td>}
                      <td>
                        {r.problems.length > 0 ? (
                          <ul className="problems">
                            {r.problems.map((p) => (
                              <li key={p.message}>{problemText(p, t)}</li>
                            ))}
                          </ul>
                        ) : (
                          <>
                            {t(ACTION_KEY[r.action!])}
                            {r.action === 'update' &&
                              `: ${Object.entries(r.changes)
                                .map(([k, c]) => `${k} ${JSON.stringify(c.from)} → ${JSON.stringify(c.to)}`)
                                .join('; ')}`}
                            {r.contact?.action && (
                              <>
                                {' · '}
                                {t(CONTACT_ACTION_KEY[r.contact.action])}
                                {r.contact.action === 'update' &&
                                  `: ${Object.entries(r.contact.changes)
                                    .map(([k, c]) => `${k} ${JSON.stringify(c.from)} → ${JSON.stringify(c.to)}`)
                                    .join('; ')}`}
                              </>
                            )}
                          </>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {preview.canImport ? (
            <button
              type="button"
              className="primary"
              disabled={busy || preview.summary.create + preview.summary.update + preview.summary.contacts.create + preview.summary.contacts.update === 0}
              onClick={() => void importNow()}
            >
              {hasContacts
                ? t('rosterImportWithContacts', { n: preview.summary.create + preview.summary.update, m: preview.summary.contacts.create + preview.summary.contacts.update })
                : t('rosterImport', { n: preview.summary.create + preview.summary.update })}
            </button>
          ) : (
            <p className="notice notice-error">{t('rosterFixFirst')}</p>
          )}
        </section>
      )}
      {me && <NetworksPanel lang={lang} canEdit={me.role === 'admin'} reloadKey={outcome} />}
    </Layout>
  );
}
