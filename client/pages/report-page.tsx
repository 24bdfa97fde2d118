/**
 * A city's feedback report (issue 7), in English or French: its Rec 17 progress scores and Rec 19 changes beside
 * the other cities of its networks and all other cities, its own change since last year and its written answers.
 * Two doors: the ICC Unit at /reports/surveys/:id/cities/:cityId (signed in), the city at /r/:token/report
 * (its survey link, once the survey has closed). Tables only (no chart library), so the page is light and
 * prints cleanly to PDF from the browser (report-page.css: no navigation or buttons, one section per page).
 */
// The Unit's and analysts' strings (client/i18n-pages.ts) are loaded with the pages that use them.
import '../i18n-pages';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { ApiError, api } from '../api';
import { translate, type Lang, type MessageKey } from '../i18n';
import { formats, type Label, type LocalisedText } from './analysis/model';
import { Layout } from './layout';
import './report-page.css';

type Interval = [number, number] | null;
interface Proportion {
  k: number;
  n: number;
  p: number | null;
  ci95: Interval;
}
interface GroupMean {
  group: string;
  n: number | null;
  mean: number | null;
  ci95: Interval;
  suppressed: boolean;
}
interface GroupShares {
  group: string;
  n: number | null;
  change: Proportion | null;
  attributed: Proportion | null;
  suppressed: boolean;
}
/** GET /api/surveys/:id/cities/:cityId/report and /api/respond/:token/report (server/services/reports.ts). */
interface ReportView {
  survey: { id: number; year: number; title: string; titleFr: string; status: string };
  city: { code: string; name: string; nameFr: string | null; country: string };
  networks: { code: string; name: string; nameFr: string | null }[];
  previousYear: number | null;
  labels: { areas: Record<string, Label>; services: Record<string, Label> };
  report: {
    responded: boolean;
    minCell: number;
    threshold: number;
    groups: { key: string; kind: 'network' | 'all'; network: string | null; invited: number | null; responded: number | null }[];
    progress: { area: string; city: number | null; groups: GroupMean[] }[];
    changes: { area: string; answer: 'yes' | 'no' | 'dontknow' | null; attribution: number | null; attributed: boolean; services: string[]; groups: GroupShares[] }[];
    sinceLastYear: { answeredBoth: boolean; changes: { area: string; current: number; previous: number; difference: number }[] } | null;
    openAnswers: { key: string; title: LocalisedText; policyArea: string | null; text: string }[];
  };
}

type T = (k: MessageKey, v?: Record<string, string | number>) => string;
type Door = { kind: 'unit'; surveyId: number; cityId: number } | { kind: 'city'; token: string };

export default function ReportPage({ door, lang, setLang }: { door: Door; lang: Lang; setLang: (l: Lang) => void }) {
  const t = useCallback<T>((k, v) => translate(lang, k, v), [lang]);
  const [data, setData] = useState<ReportView>();
  const [error, setError] = useState<{ message: string; notReleased: boolean }>();
  const url = door.kind === 'unit' ? `/api/surveys/${door.surveyId}/cities/${door.cityId}/report` : `/api/respond/${encodeURIComponent(door.token)}/report`;

  useEffect(() => {
    const controller = new AbortController();
    api<ReportView>(url, { signal: controller.signal })
      .then((d) => {
        setData(d);
        setError(undefined);
      })
      .catch((err: unknown) => {
        if ((err as Error).name === 'AbortError') return;
        if (err instanceof ApiError) {
          const notReleased = (err.body.error as { reason?: string } | undefined)?.reason === 'not_released';
          setError({ message: err.message, notReleased });
        } else setError({ message: '', notReleased: false });
      });
    return () => controller.abort();
  }, [url]);

  const f = useMemo(() => formats(lang), [lang]);
  const cityName = data ? (lang === 'fr' && data.city.nameFr ? data.city.nameFr : data.city.name) : '';
  const title = data ? t('reportTitle', { city: cityName }) : t('reportTitle', { city: '…' });

  return (
    <Layout lang={lang} setLang={setLang} title={title} wide>
      {error && (
        <p className="notice notice-error" role="alert">
          {error.notReleased ? t('reportNotReleased') : error.message || t('networkError')}
        </p>
      )}
      {error && door.kind === 'unit' && (
        <p className="no-print">
          <a href="/">{t('backHome')}</a>
        </p>
      )}
      {!data && !error && <p aria-busy="true">{t('loading')}</p>}
      {data && <Report data={data} door={door} lang={lang} t={t} f={f} />}
    </Layout>
  );
}

function Report({ data, door, lang, t, f }: { data: ReportView; door: Door; lang: Lang; t: T; f: ReturnType<typeof formats> }) {
  const surveyTitle = lang === 'fr' ? data.survey.titleFr : data.survey.title;
  const r = data.report;
  const areaLabel = (area: string) => (area === 'overall' ? t('reportOverall') : f.text(data.labels.areas[area], area));
  const groupName = (key: string) => {
    const g = r.groups.find((x) => x.key === key);
    if (!g || g.kind === 'all') return t('reportGroupAll');
    const n = data.networks.find((x) => x.code === g.network);
    return t('reportGroupNetwork', { name: n ? f.text({ en: n.name, fr: n.nameFr }, n.code) : (g.network ?? '') });
  };
  const dash = '—';
  /** Rows without an answer of the city and without any figure to show are left out (the overall row stays). */
  const hasContent = (row: { area: string; city?: number | null; answer?: string | null; groups: { suppressed: boolean }[] }) =>
    row.area === 'overall' || (row.city ?? row.answer ?? null) !== null || row.groups.some((g) => !g.suppressed);
  const ci = (x: Interval, asPct: boolean) => (x ? t('ciRange', { lo: asPct ? f.pct(x[0]) : f.num(x[0]), hi: asPct ? f.pct(x[1]) : f.num(x[1]) }) : '');

  return (
    <div className="report">
      <p className="report-subtitle">{t('reportSubtitle', { title: surveyTitle, year: data.survey.year })}</p>
      <div className="report-toolbar no-print">
        {door.kind === 'unit' && <a href={`/admin/surveys/${data.survey.id}`}>← {surveyTitle}</a>}
        <button type="button" onClick={() => window.print()}>
          {t('reportPrint')}
        </button>
      </div>

      <section className="report-section" aria-labelledby="report-about">
        <h2 id="report-about">{t('reportGroupsTitle')}</h2>
        {door.kind === 'unit' && <p className="notice no-print">{t('reportUnitNote')}</p>}
        <p>{t('reportIntro')}</p>
        {!r.responded && <p className="notice">{t('reportNotResponded')}</p>}
        <ul className="report-groups">
          {r.groups.map((g) => (
            <li key={g.key}>
              <strong>{groupName(g.key)}</strong>
              {' · '}
              {g.responded === null
                ? t('reportGroupFew', { min: r.minCell })
                : t('reportGroupResponded', { n: g.responded, N: g.invited ?? dash })}
            </li>
          ))}
        </ul>
        <p className="muted">{t('reportSuppressedNote', { min: r.minCell })}</p>
        <p className="muted">{t('reportEmptyRowsNote')}</p>
      </section>

      <section className="report-section" aria-labelledby="report-progress">
        <h2 id="report-progress">{t('reportProgressTitle')}</h2>
        <p>{t('reportProgressIntro')}</p>
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t('reportProgressTitle')}>
          <table>
            <caption className="visually-hidden">{t('reportProgressTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('colArea')}</th>
                <th scope="col">{t('reportColYourCity')}</th>
                {r.groups.map((g) => (
                  <th scope="col" key={g.key}>
                    {t('reportColGroupMean', { group: groupName(g.key) })}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {r.progress.filter(hasContent).map((row) => (
                <tr key={row.area} className={row.area === 'overall' ? 'report-total' : undefined}>
                  <th scope="row">{areaLabel(row.area)}</th>
                  <td className="num report-own">{row.city === null ? dash : f.num(row.city)}</td>
                  {row.groups.map((g) => (
                    <td key={g.group} className="num">
                      {g.suppressed || g.mean === null ? (
                        dash
                      ) : (
                        <>
                          {f.num(g.mean)} <span className="cell-detail">{t('nIs', { n: g.n ?? 0 })}</span>
                          {g.ci95 && <span className="cell-detail cell-ci">{ci(g.ci95, false)}</span>}
                        </>
                      )}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="report-section" aria-labelledby="report-changes">
        <h2 id="report-changes">{t('reportChangesTitle')}</h2>
        <p>{t('reportChangesIntro', { threshold: r.threshold })}</p>
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t('reportChangesTitle')}>
          <table>
            <caption className="visually-hidden">{t('reportChangesTitle')}</caption>
            <thead>
              <tr>
                <th scope="col" rowSpan={2}>
                  {t('colArea')}
                </th>
                <th scope="col" rowSpan={2}>
                  {t('reportColAnswer')}
                </th>
                <th scope="col" rowSpan={2}>
                  {t('reportColInspired')}
                </th>
                <th scope="col" rowSpan={2}>
                  {t('reportColServices')}
                </th>
                {r.groups.map((g) => (
                  <th scope="colgroup" colSpan={2} key={g.key} className="report-group-head">
                    {groupName(g.key)}
                  </th>
                ))}
              </tr>
              <tr>
                {r.groups.flatMap((g) => [
                  <th scope="col" key={`${g.key}-c`}>
                    {t('reportColChangeShare')}
                  </th>,
                  <th scope="col" key={`${g.key}-a`}>
                    {t('reportColAttributedShare')}
                  </th>,
                ])}
              </tr>
            </thead>
            <tbody>
              {r.changes.filter(hasContent).map((row) => (
                <tr key={row.area} className={row.area === 'overall' ? 'report-total' : undefined}>
                  <th scope="row">{areaLabel(row.area)}</th>
                  <td className="report-own">
                    {row.answer === 'yes' ? t('reportAnswerYes') : row.answer === 'no' ? t('reportAnswerNo') : row.answer === 'dontknow' ? t('reportAnswerDontKnow') : dash}
                  </td>
                  <td>
                    {row.attribution === null
                      ? dash
                      : t(row.attributed ? 'reportInspired' : 'reportNotInspired', { rating: f.num(row.attribution, 0) })}
                  </td>
                  <td>{row.services.length === 0 ? dash : row.services.map((s) => f.text(data.labels.services[s], s)).join(', ')}</td>
                  {row.groups.flatMap((g) =>
                    (['change', 'attributed'] as const).map((which) => {
                      const s = g[which];
                      return (
                        <td key={`${g.group}-${which}`} className="num">
                          {g.suppressed || !s || s.p === null ? (
                            dash
                          ) : (
                            <>
                              {f.pct(s.p)} <span className="cell-detail">{t('nIs', { n: s.n })}</span>
                              {s.ci95 && <span className="cell-detail cell-ci">{ci(s.ci95, true)}</span>}
                            </>
                          )}
                        </td>
                      );
                    }),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="report-section" aria-labelledby="report-since">
        <h2 id="report-since">{t('reportSinceTitle')}</h2>
        {r.sinceLastYear === null || data.previousYear === null ? (
          <p>{t('reportSinceNone')}</p>
        ) : !r.sinceLastYear.answeredBoth || r.sinceLastYear.changes.length === 0 ? (
          <p>{t('reportSinceNotBoth', { previous: data.previousYear, year: data.survey.year })}</p>
        ) : (
          <div className="table-wrap" tabIndex={0} role="region" aria-label={t('reportSinceTitle')}>
            <table>
              <caption className="visually-hidden">{t('reportSinceTitle')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('colArea')}</th>
                  <th scope="col">{data.previousYear}</th>
                  <th scope="col">{data.survey.year}</th>
                  <th scope="col">{t('reportColDifference')}</th>
                </tr>
              </thead>
              <tbody>
                {r.sinceLastYear.changes.map((c) => (
                  <tr key={c.area} className={c.area === 'overall' ? 'report-total' : undefined}>
                    <th scope="row">{areaLabel(c.area)}</th>
                    <td className="num">{f.num(c.previous)}</td>
                    <td className="num">{f.num(c.current)}</td>
                    <td className="num">{`${c.difference > 0 ? '+' : ''}${f.num(c.difference)}`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="report-section" aria-labelledby="report-open">
        <h2 id="report-open">{t('reportOpenTitle')}</h2>
        {r.openAnswers.length === 0 ? (
          <p>{t('reportOpenNone')}</p>
        ) : (
          <dl className="report-answers">
            {r.openAnswers.map((a) => (
              <div key={a.key}>
                <dt>
                  {f.text(a.title, a.key)}
                  {a.policyArea && <span className="cell-detail"> · {areaLabel(a.policyArea)}</span>}
                </dt>
                <dd>{a.text}</dd>
              </div>
            ))}
          </dl>
        )}
      </section>

      <section className="report-section report-method" aria-labelledby="report-method">
        <h2 id="report-method">{t('reportMethodTitle')}</h2>
        <p>{t('reportMethodScores')}</p>
        <p>{t('reportMethodShares', { min: r.minCell })}</p>
      </section>
    </div>
  );
}
