// The Unit's and analysts' strings (client/i18n-pages.ts) are loaded with the pages that use them.
import '../i18n-pages';
import { Fragment, useCallback, useEffect, useMemo, useState } from 'react';
import { api, errorText } from '../api';
import { formatDateTime, translate, type Lang, type MessageKey } from '../i18n';
import { InvitePanel } from './campaign/invite-panel';
import { ReportMailPanel } from './campaign/report-mail-panel';
import { TemplatesPanel } from './campaign/templates-panel';
import { MailLogPanel } from './campaign/mail-log';
import { SchedulePanel } from './campaign/schedule-panel';
import { FlaggedAnswersPanel } from './campaign/flagged-answers-panel';
import { SummaryPublishPanel } from './summary-publish-panel';
import { TeamEditor } from './campaign/team-editor';
import { SignOutButton, useMe } from './home-page';
import { Layout } from './layout';
import { lazyComponent } from '../lazy-component';
// The campaign's chart needs chart.js: loaded after the page, below the city list.
const CampaignPanel = lazyComponent(() => import('./campaign/campaign-panel'));

interface Survey {
  id: number;
  title: string;
  /** From the questionnaire's French title, else the same as `title`. */
  titleFr: string;
  year: number;
  status: 'draft' | 'open' | 'closed';
}
interface CityRow {
  cityId: number;
  code: string;
  name: string;
  country: string;
  networks: string[];
  status: 'not_started' | 'draft' | 'submitted';
  progress: number;
  updatedAt: string | null;
  team: { members: number; consenting: number };
}

const STATUS_KEY = { not_started: 'notStarted', draft: 'inProgress', submitted: 'submittedStatus' } as const;

/** The ICC Unit's view of one survey: who answered, links, CSV. */
export default function SurveyAdminPage({ surveyId, lang, setLang }: { surveyId: number; lang: Lang; setLang: (l: Lang) => void }) {
  const t = useCallback((k: MessageKey, v?: Record<string, string | number>) => translate(lang, k, v), [lang]);
  const [me, setMe] = useMe();
  const [survey, setSurvey] = useState<Survey>();
  const [rows, setRows] = useState<CityRow[]>();
  const [links, setLinks] = useState<Record<number, string>>({});
  const [error, setError] = useState<string>();
  const [filter, setFilter] = useState('');
  const [statusFilter, setStatusFilter] = useState('');
  const [openTeam, setOpenTeam] = useState<number | null>(null);
  const [sentCount, setSentCount] = useState(0);

  const reload = useCallback(() => {
    Promise.all([api<Survey>(`/api/surveys/${surveyId}`), api<CityRow[]>(`/api/surveys/${surveyId}/cities`)])
      .then(([s, r]) => {
        setSurvey(s);
        setRows(r);
      })
      .catch((err: unknown) => setError(errorText(err, t)));
  }, [surveyId, t]);
  useEffect(() => {
    if (me) reload();
  }, [me, reload]);

  const shown = useMemo(() => {
    const f = filter.trim().toLowerCase();
    return (rows ?? []).filter(
      (r) => (!statusFilter || r.status === statusFilter) && (!f || `${r.name} ${r.code} ${r.country} ${r.networks.join(' ')}`.toLowerCase().includes(f)),
    );
  }, [rows, filter, statusFilter]);

  if (me === null) {
    window.location.assign('/');
    return null;
  }
  const isAdmin = me?.role === 'admin';
  const act = async (fn: () => Promise<unknown>) => {
    setError(undefined);
    try {
      await fn();
      reload();
    } catch (err) {
      setError(errorText(err, t));
    }
  };
  const total = rows?.length ?? 0;
  const submitted = rows?.filter((r) => r.status === 'submitted').length ?? 0;
  const drafts = rows?.filter((r) => r.status === 'draft').length ?? 0;
  const pct = new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { style: 'percent', maximumFractionDigits: 0 });
  const columns = isAdmin ? 8 : 7;
  const cityNames = Object.fromEntries((rows ?? []).map((r) => [r.cityId, r.name]));

  return (
    <Layout
      lang={lang}
      setLang={setLang}
      wide
      title={survey ? `${survey.year} · ${lang === 'fr' ? survey.titleFr : survey.title}` : t('loading')}
      actions={me && <SignOutButton lang={lang} onDone={() => setMe(null)} />}
    >
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      {survey && rows && (
        <>
          <p className="summary">
            <span className={`badge badge-${survey.status}`}>
              {t(survey.status === 'open' ? 'statusOpen' : survey.status === 'closed' ? 'statusClosed' : 'statusDraft')}
            </span>{' '}
            {t('summary', { submitted, total, drafts, rate: pct.format(total ? submitted / total : 0) })}
          </p>
          <div className="toolbar">
            <a className="button" href={`/api/surveys/${surveyId}/responses.csv?bom=1`} download>
              {t('downloadCsv')}
            </a>
            <a className="button" href={`/analysis/surveys/${surveyId}`}>
              {t('analysis')}
            </a>
            <a className="button" href={`/admin/surveys/${surveyId}/pairing`}>
              {t('pairLink')}
            </a>
            {isAdmin && (
              <a className="button" href={`/admin/surveys/${surveyId}/builder`}>
                {t('builderEdit')}
              </a>
            )}
            {isAdmin && survey.status !== 'open' && (
              <button type="button" onClick={() => void act(() => api(`/api/surveys/${surveyId}/open`, { method: 'POST' }))}>
                {t('openSurvey')}
              </button>
            )}
            {isAdmin && survey.status === 'open' && (
              <button type="button" onClick={() => void act(() => api(`/api/surveys/${surveyId}/close`, { method: 'POST' }))}>
                {t('closeSurvey')}
              </button>
            )}
          </div>
          {isAdmin && (
            <InvitePanel
              surveyId={surveyId}
              cities={rows}
              lang={lang}
              onSent={() => {
                setSentCount((n) => n + 1);
                reload();
              }}
            />
          )}
          <h2>{t('citiesTitle')}</h2>
          <div className="filters">
            <label>
              {t('filterCities')}{' '}
              <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
            </label>
            <label>
              {t('colStatus')}{' '}
              <select value={statusFilter} onChange={(e) => setStatusFilter(e.target.value)}>
                <option value="">{t('allStatuses')}</option>
                <option value="not_started">{t('notStarted')}</option>
                <option value="draft">{t('inProgress')}</option>
                <option value="submitted">{t('submittedStatus')}</option>
              </select>
            </label>
          </div>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('colCity')}</th>
                  <th scope="col">{t('colCountry')}</th>
                  <th scope="col">{t('colNetworks')}</th>
                  <th scope="col">{t('colStatus')}</th>
                  <th scope="col">{t('colProgress')}</th>
                  <th scope="col">{t('colLastChange')}</th>
                  <th scope="col">{t('colTeam')}</th>
                  {isAdmin && <th scope="col">{t('colLink')}</th>}
                </tr>
              </thead>
              <tbody>
                {shown.map((r) => (
                  <Fragment key={r.cityId}>
                  <tr>
                    <th scope="row">{r.name}</th>
                    <td>{r.country}</td>
                    <td>{r.networks.join(', ')}</td>
                    <td>
                      <span className={`badge badge-${r.status}`}>{t(STATUS_KEY[r.status])}</span>
                    </td>
                    <td>
                      <progress max={1} value={r.progress} aria-label={`${t('colProgress')} ${r.name}`} /> {pct.format(r.progress)}
                      {r.status !== 'not_started' && (
                        <>
                          {' '}
                          <a href={`/reports/surveys/${surveyId}/cities/${r.cityId}`}>
                            {t('reportLink')}
                            <span className="visually-hidden"> · {r.name}</span>
                          </a>
                        </>
                      )}
                    </td>
                    <td>{r.updatedAt ? formatDateTime(lang, r.updatedAt) : '–'}</td>
                    <td>
                      <button
                        type="button"
                        aria-expanded={openTeam === r.cityId}
                        aria-controls={`team-row-${r.cityId}`}
                        onClick={() => setOpenTeam((c) => (c === r.cityId ? null : r.cityId))}
                      >
                        {t('teamButton', { members: r.team.members, consenting: r.team.consenting })}
                        <span className="visually-hidden"> · {r.name}</span>
                      </button>
                    </td>
                    {isAdmin && (
                      <td>
                        <div className="actions">
                        {links[r.cityId] ? (
                          <CopyLink url={links[r.cityId]!} lang={lang} label={r.name} />
                        ) : (
                          <button
                            type="button"
                            onClick={() =>
                              void act(async () => {
                                const l = await api<{ url: string }>(`/api/surveys/${surveyId}/cities/${r.cityId}/link`, { method: 'POST', body: {} });
                                setLinks((m) => ({ ...m, [r.cityId]: l.url }));
                              })
                            }
                          >
                            {t('getLink')}
                            <span className="visually-hidden"> · {r.name}</span>
                          </button>
                        )}
                        {r.status === 'submitted' && (
                          <button type="button" onClick={() => void act(() => api(`/api/surveys/${surveyId}/cities/${r.cityId}/reopen`, { method: 'POST' }))}>
                            {t('reopen')}
                            <span className="visually-hidden"> · {r.name}</span>
                          </button>
                        )}
                        </div>
                      </td>
                    )}
                  </tr>
                  {openTeam === r.cityId && (
                    <tr id={`team-row-${r.cityId}`} className="team-row">
                      <td colSpan={columns}>
                        <TeamEditor cityId={r.cityId} cityName={r.name} lang={lang} canEdit={isAdmin} onChange={reload} />
                      </td>
                    </tr>
                  )}
                  </Fragment>
                ))}
              </tbody>
            </table>
          </div>
          <CampaignPanel
            surveyId={surveyId}
            lang={lang}
            fallback={<p aria-busy="true">{t('loading')}</p>}
            failed={
              <p className="notice notice-error" role="alert">
                {t('pageLoadFailed')}
              </p>
            }
          />
          <FlaggedAnswersPanel surveyId={surveyId} lang={lang} />
          <SchedulePanel surveyId={surveyId} lang={lang} canEdit={isAdmin} />
          <SummaryPublishPanel surveyId={surveyId} lang={lang} canEdit={isAdmin} surveyStatus={survey.status} />
          {isAdmin && (
            <ReportMailPanel surveyId={surveyId} lang={lang} surveyStatus={survey.status} cities={rows} onSent={() => setSentCount((n) => n + 1)} />
          )}
          <TemplatesPanel surveyId={surveyId} lang={lang} canEdit={isAdmin} cities={rows} />
          {isAdmin && <MailLogPanel surveyId={surveyId} lang={lang} cityNames={cityNames} refreshKey={sentCount} />}
        </>
      )}
    </Layout>
  );
}

function CopyLink({ url, lang, label }: { url: string; lang: Lang; label: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <span className="copy-link">
      <input type="text" readOnly value={url} aria-label={`${translate(lang, 'colLink')} · ${label}`} onFocus={(e) => e.currentTarget.select()} />
      <button
        type="button"
        onClick={() => {
          void navigator.clipboard?.writeText(url).then(() => setCopied(true));
        }}
      >
        {translate(lang, copied ? 'copied' : 'copyLink')}
      </button>
    </span>
  );
}
