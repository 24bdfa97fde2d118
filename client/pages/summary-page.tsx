/**
 * The published summary of a survey year (issue 7), public, no sign-in: /summary lists the published years,
 * /summary/:year shows one. Headline findings in words first, then each figure as an accessible table; the
 * charts (chart.js, through analysis/figure.tsx) are imported only once the page is on screen, so the page
 * itself stays light on a slow connection and works fully without them. Prints cleanly (summary-page.css).
 * Everything shown comes from GET /api/public/summaries/:year: aggregated figures only, none below 5 cities.
 */
// The Unit's and analysts' strings (client/i18n-pages.ts) are loaded with the pages that use them.
import '../i18n-pages';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { ApiError, api, errorText } from '../api';
import { formatDate, translate, type Lang, type MessageKey } from '../i18n';
import { fetchOnce } from '../prefetch';
import type { ChartSpec, FigureTable } from './analysis/figure';
import { formats, type Label } from './analysis/model';
import { Layout } from './layout';
import './analysis-page.css';
import './summary-page.css';

type Interval = [number, number] | null;
interface PublicShare {
  k: number | null;
  n: number | null;
  p: number | null;
  ci95: Interval;
  suppressed: boolean;
}
interface PublicMean {
  n: number | null;
  mean: number | null;
  ci95: Interval;
  median: number | null;
  suppressed: boolean;
}
interface PanelChange {
  previousYear: number;
  n: number | null;
  meanChange: number | null;
  ci95: Interval;
  suppressed: boolean;
}
/** GET /api/public/summaries/:year (server/services/public-summary.ts, analysis/public-summary.ts). */
interface PublishedView {
  year: number;
  /** The version shown, the latest one, and every kept version (newest first). */
  version: number;
  latestVersion: number;
  versions: { version: number; publishedAt: string }[];
  publishedAt: string;
  tables: { file: string; description: string }[];
  summary: {
    year: number;
    title: string;
    n: number;
    N: number | null;
    minCell: number;
    threshold: number;
    responseRate: { responded: number; invited: number | null; p: number | null; ci95: Interval };
    rec19: {
      overall: { change: PublicShare; attributed: PublicShare; panel: PanelChange | null };
      areas: { area: string; change: PublicShare; attributed: PublicShare }[];
      services: { n: number | null; suppressed: boolean; items: { value: string; kind: string; share: PublicShare }[] };
    };
    rec17: { overall: PublicMean & { panel: PanelChange | null }; areas: ({ area: string } & PublicMean)[] };
    rec11: {
      n: number | null;
      suppressed: boolean;
      emailPreferred: PublicShare;
      preferred: { value: string; share: PublicShare } | null;
      leastFavourite: { value: string; share: PublicShare } | null;
      channels: { value: string; nRanked: number | null; meanRank: number | null; first: PublicShare; last: PublicShare }[];
    };
    labels: { areas: Record<string, Label>; channels: Record<string, Label>; services: Record<string, Label> };
  };
}
interface YearList {
  summaries: { year: number; title: string; publishedAt: string; n: number; N: number | null }[];
}

type T = (k: MessageKey, v?: Record<string, string | number>) => string;
type Formats = ReturnType<typeof formats>;
type FigureModule = typeof import('./analysis/figure');

export default function SummaryPage({ year, lang, setLang }: { year: number | null; lang: Lang; setLang: (l: Lang) => void }) {
  const t = useCallback<T>((k, v) => translate(lang, k, v), [lang]);
  // An earlier published version: /summary/<year>?version=N (the latest without it).
  const version = useMemo(() => {
    const v = new URLSearchParams(window.location.search).get('version');
    return v && /^[1-9]\d{0,5}$/.test(v) ? Number(v) : null;
  }, []);
  return year === null ? (
    <YearsPage lang={lang} setLang={setLang} t={t} />
  ) : (
    <YearPage year={year} version={version} lang={lang} setLang={setLang} t={t} />
  );
}

function YearsPage({ lang, setLang, t }: { lang: Lang; setLang: (l: Lang) => void; t: T }) {
  const [data, setData] = useState<YearList>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    const controller = new AbortController();
    api<YearList>('/api/public/summaries', { signal: controller.signal })
      .then(setData)
      .catch((err: unknown) => {
        if ((err as Error).name !== 'AbortError') setError(errorText(err, t));
      });
    return () => controller.abort();
  }, [t]);
  return (
    <Layout lang={lang} setLang={setLang} title={t('pubListTitle')}>
      <p>{t('pubListIntro')}</p>
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      {!data && !error && <p aria-busy="true">{t('loading')}</p>}
      {data && data.summaries.length === 0 && <p>{t('pubListEmpty')}</p>}
      {data && data.summaries.length > 0 && (
        <ul className="summary-years">
          {data.summaries.map((s) => (
            <li key={s.year}>
              <a href={`/summary/${s.year}`}>
                {s.year} · {s.title}
              </a>
              <br />
              <span className="muted">{t('pubListItem', { n: s.n, N: s.N ?? '—', date: formatDate(lang, s.publishedAt) })}</span>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

function YearPage({ year, version, lang, setLang, t }: { year: number; version: number | null; lang: Lang; setLang: (l: Lang) => void; t: T }) {
  const [data, setData] = useState<PublishedView>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    const controller = new AbortController();
    // Requested at boot (client/main.tsx) while this page's code loaded.
    fetchOnce<PublishedView>(`/api/public/summaries/${year}${version === null ? '' : `?version=${version}`}`, { signal: controller.signal })
      .then((d) => {
        setData(d);
        setError(undefined);
      })
      .catch((err: unknown) => {
        if ((err as Error).name === 'AbortError') return;
        setError(err instanceof ApiError && err.status === 404 ? t('pubNotFound', { year }) : errorText(err, t));
      });
    return () => controller.abort();
  }, [year, version, t]);
  const figures = useFigureModule(data !== undefined);
  const f = useMemo(() => formats(lang), [lang]);

  return (
    <Layout lang={lang} setLang={setLang} wide title={t('pubTitle', { year })}>
      {error && (
        <>
          <p className="notice notice-error" role="alert">
            {error}
          </p>
          <p>
            <a href="/summary">{t('pubAllYears')}</a>
          </p>
        </>
      )}
      {!data && !error && <p aria-busy="true">{t('loading')}</p>}
      {data && <Summary data={data} t={t} f={f} lang={lang} figures={figures} />}
    </Layout>
  );
}

/** The chart module, imported once the page is shown (null while loading, 'failed' if it could not load). */
function useFigureModule(start: boolean): FigureModule | null | 'failed' {
  const [mod, setMod] = useState<FigureModule | null | 'failed'>(null);
  useEffect(() => {
    if (!start) return;
    let live = true;
    import('./analysis/figure')
      .then((m) => live && setMod(m))
      .catch(() => live && setMod('failed'));
    return () => {
      live = false;
    };
  }, [start]);
  return mod;
}

interface FigureProps {
  id: string;
  table: FigureTable;
  chart: ChartSpec;
  n: number | null;
  suppressed: boolean;
  note?: string;
}

function Summary({ data, t, f, lang, figures }: { data: PublishedView; t: T; f: Formats; lang: Lang; figures: FigureModule | null | 'failed' }) {
  const s = data.summary;
  const min = s.minCell;
  const dash = '—';
  const ci = (x: Interval, asPct = true) => (x ? t('ciRange', { lo: asPct ? f.pct(x[0]) : f.num(x[0]), hi: asPct ? f.pct(x[1]) : f.num(x[1]) }) : '');
  const areaLabel = (area: string) => f.text(s.labels.areas[area], area);
  const channelLabel = (value: string) => f.text(s.labels.channels[value], value);
  const signed = new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: 1, minimumFractionDigits: 1, signDisplay: 'exceptZero' });
  const panelText = (p: PanelChange | null, scale: number) => {
    if (!p) return null;
    if (p.suppressed || p.meanChange === null) return t('pubPanelSuppressed', { year: p.previousYear });
    const d = t('pubPanelPoints', { d: signed.format(p.meanChange * scale) });
    const interval = p.ci95 ? t('ciRange', { lo: signed.format(p.ci95[0] * scale), hi: signed.format(p.ci95[1] * scale) }) : '';
    return t('pubPanel', { year: p.previousYear, n: p.n ?? dash, d, ci: interval });
  };
  const shareCells = (x: PublicShare) => (x.suppressed ? [dash, dash, dash, dash] : [String(x.n), String(x.k), f.pct(x.p), f.ciPct(x.ci95)]);
  const asPercent = (x: Interval): Interval => (x ? [x[0] * 100, x[1] * 100] : null);
  const bar = (label: string, x: PublicShare) => (x.suppressed || x.p === null ? [] : [{ label, value: x.p * 100, ci: asPercent(x.ci95) }]);
  const maxN = (xs: (number | null)[]) => {
    const known = xs.filter((x): x is number => x !== null);
    return known.length > 0 ? Math.max(...known) : null;
  };

  const rec19Rows = [...s.rec19.areas.map((a) => ({ label: areaLabel(a.area), ...a })), { label: t('pubOverall'), area: 'overall', ...s.rec19.overall }];
  const rec19: FigureProps = {
    id: 'summary-rec19',
    table: {
      caption: t('pubRec19Title'),
      head: [t('colArea'), 'n', t('colCities'), t('colPct'), t('colCi'), t('colAttributedPct'), t('colCi')],
      rows: rec19Rows.map((r) => ({
        label: r.label,
        cells: r.change.suppressed ? [dash, dash, dash, dash, dash, dash] : [...shareCells(r.change), f.pct(r.attributed.p), f.ciPct(r.attributed.ci95)],
      })),
    },
    chart: { kind: 'bars', bars: rec19Rows.flatMap((r) => bar(r.label, r.change)) },
    n: maxN(rec19Rows.map((r) => r.change.n)),
    suppressed: rec19Rows.some((r) => r.change.suppressed),
    note: t('whiskerNote'),
  };
  const rec17Rows = [...s.rec17.areas.map((a) => ({ label: areaLabel(a.area), ...a })), { label: t('pubOverallScore'), ...s.rec17.overall }];
  const rec17: FigureProps = {
    id: 'summary-rec17',
    table: {
      caption: t('pubRec17Title'),
      head: [t('colArea'), 'n', t('pubColMean'), t('colCi'), t('pubColMedian')],
      rows: rec17Rows.map((r) => ({ label: r.label, cells: r.suppressed ? [dash, dash, dash, dash] : [String(r.n), f.num(r.mean), f.ciNum(r.ci95), f.num(r.median)] })),
    },
    chart: {
      kind: 'bars',
      max: 100,
      unit: '',
      bars: rec17Rows.flatMap((r) => (r.suppressed || r.mean === null ? [] : [{ label: r.label, value: r.mean, ci: r.ci95 }])),
    },
    n: maxN(rec17Rows.map((r) => r.n)),
    suppressed: rec17Rows.some((r) => r.suppressed),
  };
  const channelFigure = (id: string, caption: string, pick: 'first' | 'last'): FigureProps => ({
    id,
    table: {
      caption,
      head: [t('colChannel'), 'n', t('colCities'), t('colPct'), t('colCi'), t('pubColMeanRank')],
      rows: s.rec11.channels.map((c) => ({ label: channelLabel(c.value), cells: [...shareCells(c[pick]), c.meanRank === null ? dash : f.num(c.meanRank)] })),
    },
    chart: { kind: 'bars', bars: s.rec11.channels.flatMap((c) => bar(channelLabel(c.value), c[pick])) },
    n: maxN(s.rec11.channels.map((c) => c[pick].n)),
    suppressed: s.rec11.suppressed,
    note: t('whiskerNote'),
  });
  const services: FigureProps = {
    id: 'summary-services',
    table: {
      caption: t('pubServicesTitle'),
      head: [t('pubColService'), 'n', t('colCities'), t('colPct'), t('colCi')],
      rows: s.rec19.services.items.map((x) => ({ label: f.text(s.labels.services[x.value], x.value), cells: shareCells(x.share) })),
    },
    chart: { kind: 'bars', bars: s.rec19.services.items.flatMap((x) => bar(f.text(s.labels.services[x.value], x.value), x.share)) },
    n: s.rec19.services.n,
    suppressed: s.rec19.services.suppressed,
    note: t('whiskerNote'),
  };

  const rate = s.responseRate;
  const change = s.rec19.overall.change;
  const attributed = s.rec19.overall.attributed;
  const progress = s.rec17.overall;
  const email = s.rec11.emailPreferred;
  const suppressedText = (what: MessageKey) => t('pubSuppressed', { what: t(what), min });

  return (
    <div className="summary">
      <p className="summary-subtitle">
        {s.title} · {t('pubPublished', { date: formatDate(lang, data.publishedAt) })}
        {data.latestVersion > 1 && <> · {t('pubVersionOf', { version: data.version, latest: data.latestVersion })}</>}
      </p>
      {data.version !== data.latestVersion && (
        <p className="notice" role="note">
          {t('pubOlderVersion', { version: data.version, date: formatDate(lang, data.publishedAt) })}{' '}
          <a href={`/summary/${data.year}`}>{t('pubReadLatest')}</a>
        </p>
      )}
      <div className="summary-toolbar no-print">
        <a href="/summary">{t('pubAllYears')}</a>
        <button type="button" onClick={() => window.print()}>
          {t('pubPrint')}
        </button>
      </div>
      <p>{t('pubIntro', { n: s.n, N: s.N ?? dash, year: s.year })}</p>

      <section aria-labelledby="summary-headlines" className="summary-section">
        <h2 id="summary-headlines">{t('pubHeadlines')}</h2>
        <ul className="summary-findings">
          <li>{t('pubResponseRate', { n: rate.responded, N: rate.invited ?? dash, pct: f.pct(rate.p), ci: ci(rate.ci95) })}</li>
          {change.suppressed ? (
            <li>{suppressedText('pubWhatChange')}</li>
          ) : (
            <li>
              {t('pubChange', { pct: f.pct(change.p), k: change.k ?? dash, n: change.n ?? dash, ci: ci(change.ci95) })}{' '}
              {!attributed.suppressed &&
                t('pubAttributed', { pct: f.pct(attributed.p), threshold: s.threshold, k: attributed.k ?? dash, n: attributed.n ?? dash, ci: ci(attributed.ci95) })}{' '}
              {panelText(s.rec19.overall.panel, 100)}
            </li>
          )}
          {progress.suppressed ? (
            <li>{suppressedText('pubWhatProgress')}</li>
          ) : (
            <li>
              {t('pubProgress', { mean: f.num(progress.mean), n: progress.n ?? dash, ci: ci(progress.ci95, false) })} {panelText(progress.panel, 1)}
            </li>
          )}
          {s.rec11.suppressed || email.suppressed ? (
            <li>{suppressedText('pubWhatChannels')}</li>
          ) : (
            <li>
              {t('pubEmail', { pct: f.pct(email.p), k: email.k ?? dash, n: email.n ?? dash, ci: ci(email.ci95) })}{' '}
              {s.rec11.preferred &&
                s.rec11.leastFavourite &&
                t('pubPreferred', {
                  channel: channelLabel(s.rec11.preferred.value),
                  pct: f.pct(s.rec11.preferred.share.p),
                  least: channelLabel(s.rec11.leastFavourite.value),
                  lpct: f.pct(s.rec11.leastFavourite.share.p),
                })}
            </li>
          )}
        </ul>
      </section>

      {figures === null && (
        <p className="muted no-print" aria-live="polite">
          {t('pubChartsLoading')}
        </p>
      )}
      {figures === 'failed' && <p className="notice no-print">{t('pubChartsFailed')}</p>}
      {[rec19, rec17, channelFigure('summary-rec11-first', t('pubRec11Title'), 'first'), channelFigure('summary-rec11-last', t('pubRec11LastTitle'), 'last'), services]
        .filter((x) => x.table.rows.length > 0)
        .map((x) => (
          <LazyFigure key={x.id} figure={x} figures={figures} t={t} year={s.year} minCell={min} />
        ))}

      <section aria-labelledby="summary-downloads" className="summary-section">
        <h2 id="summary-downloads">{t('pubDownloads')}</h2>
        <ul>
          {data.tables.map((x) => (
            <li key={x.file}>
              <a href={`/api/public/summaries/${s.year}/${x.file}?bom=1${data.version !== data.latestVersion ? `&version=${data.version}` : ''}`} download>
                {x.file}
              </a>
            </li>
          ))}
        </ul>
      </section>

      {data.versions.length > 1 && (
        <section aria-labelledby="summary-versions" className="summary-section no-print">
          <h2 id="summary-versions">{t('pubVersionsTitle')}</h2>
          <p>{t('pubVersionsIntro')}</p>
          <ul>
            {data.versions.map((v) => {
              const label = t('pubVersionItem', { version: v.version, date: formatDate(lang, v.publishedAt) });
              const latest = v.version === data.latestVersion;
              return (
                <li key={v.version}>
                  {v.version === data.version ? (
                    <span aria-current="page">
                      {label} {t('pubVersionShown')}
                    </span>
                  ) : (
                    <a href={latest ? `/summary/${data.year}` : `/summary/${data.year}?version=${v.version}`}>{label}</a>
                  )}{' '}
                  {latest && t('pubVersionLatest')}
                </li>
              );
            })}
          </ul>
        </section>
      )}

      <section aria-labelledby="summary-method" className="summary-section summary-method">
        <h2 id="summary-method">{t('pubMethodTitle')}</h2>
        <ul>
          <li>{t('pubMethodN', { N: s.N ?? dash, n: s.n })}</li>
          <li>{t('pubMethodCi')}</li>
          <li>{t('pubMethodSuppression', { min })}</li>
          <li>{t('pubMethodAttribution', { threshold: s.threshold })}</li>
          <li>{t('pubMethodProgress')}</li>
          <li>{t('pubMethodPanel')}</li>
          <li>{t('pubMethodSnapshot')}</li>
        </ul>
      </section>
    </div>
  );
}

/**
 * A figure: its table at once; once the chart module has loaded, analysis/figure.tsx's Figure (the same table
 * beside its chart, with the CSV and PNG downloads).
 */
function LazyFigure({ figure: x, figures, t, year, minCell }: { figure: FigureProps; figures: FigureModule | null | 'failed'; t: T; year: number; minCell: number }) {
  if (figures && figures !== 'failed') {
    return <figures.Figure id={x.id} table={x.table} chart={x.chart} n={x.n} note={x.note} suppressed={x.suppressed} t={t} year={year} minCell={minCell} />;
  }
  return (
    <section className="figure" aria-labelledby={`${x.id}-title`} data-figure={x.id}>
      <h2 id={`${x.id}-title`}>{x.table.caption}</h2>
      <p className="muted">{x.n !== null && t('nIs', { n: x.n })}</p>
      <div className="figure-body figure-table-only">
        <div className="table-wrap" tabIndex={0} role="region" aria-label={x.table.caption}>
          <table>
            <caption>
              {x.table.caption}
              {x.n !== null && ` (${t('nIs', { n: x.n })})`}
            </caption>
            <thead>
              <tr>
                {x.table.head.map((h, i) => (
                  <th scope="col" key={i}>
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {x.table.rows.map((r, i) => (
                <tr key={`${r.label}-${i}`}>
                  <th scope="row">{r.label}</th>
                  {r.cells.map((c, j) => (
                    <td key={j}>{c}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      {x.suppressed && <p className="hint">{t('suppressedNote', { min: minCell })}</p>}
    </section>
  );
}
