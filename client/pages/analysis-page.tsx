/**
 * The analysis dashboard of one survey year (Rec 19, 17, 11 headline indicators, two charts with their tables).
 * Loaded lazily, with chart.js: no other page pays for it. Every figure shows n, and shares their 95% interval.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip, type Plugin } from 'chart.js';
import { ApiError, api } from '../api';
import { translate, type Lang, type MessageKey } from '../i18n';
import { SignOutButton, useMe } from './home-page';
import { Layout } from './layout';
import './analysis-page.css';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

/** Okabe-Ito blue: distinguishable with every common colour-vision deficiency; whiskers in black. */
const BAR_COLOUR = '#0072B2';
const WHISKER_COLOUR = '#000000';

type Interval = [number, number] | null;
interface Share {
  k: number;
  n: number;
  p: number | null;
  ci95: Interval;
}
type Label = { en: string; fr: string };
interface ChannelPick {
  value: string;
  share: Share;
}
interface Analysis {
  survey: { id: number; year: number; title: string };
  n: number;
  N?: number;
  minCell: number;
  smallSample: boolean;
  labels: { areas: Record<string, Label>; channels: Record<string, Label> };
  filterOptions: { network: string[]; country: string[]; size: string[] };
  responseRates: { overall: { invited: number | null; responded: number; p: number | null; ci95: Interval } };
  rec19: {
    areas: { area: string; change: Share; attributedAmongAnswering: Share }[];
    overall: { change: Share; attributedAmongAnswering: Share };
  };
  rec17: {
    overall: { n: number; mean: number | null; ci95: Interval };
    change?: { overall: { panel: { n: number; meanChange: number | null; ci95: Interval } } };
  };
  rec11: {
    n: number;
    channels: { value: string; rankedFirst: Share }[];
    preferred: ChannelPick | null;
    emailPreferred: Share;
    leastFavourite: ChannelPick | null;
  };
}
type FilterKey = 'network' | 'country' | 'size';

/** A table of figures: what is shown, downloaded as CSV, and (for the bar rows) charted. */
interface FigureTable {
  caption: string;
  head: string[];
  rows: { label: string; cells: string[]; share: Share | null }[];
}

/** Cells starting with = + - @ tab or CR would run as formulas in a spreadsheet: prefixed with an apostrophe. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
export function tableCsv(table: FigureTable): string {
  const lines = [table.head, ...table.rows.map((r) => [r.label, ...r.cells])].map((row) => row.map(csvCell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

function download(href: string, filename: string) {
  const a = document.createElement('a');
  a.href = href;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  if (href.startsWith('blob:')) setTimeout(() => URL.revokeObjectURL(href), 1000);
}

/** Draws each bar's 95% interval as a black line with end caps (ci95 values in the same unit as the bars). */
function whiskersPlugin(intervals: () => (Interval | undefined)[]): Plugin<'bar'> {
  return {
    id: 'iccWhiskers',
    afterDatasetsDraw(chart) {
      const meta = chart.getDatasetMeta(0);
      const x = chart.scales.x!;
      const ctx = chart.ctx;
      const cis = intervals();
      ctx.save();
      ctx.strokeStyle = WHISKER_COLOUR;
      ctx.lineWidth = 1.5;
      meta.data.forEach((bar, i) => {
        const ci = cis[i];
        if (!ci) return;
        const y = (bar as unknown as { y: number }).y;
        const x0 = x.getPixelForValue(ci[0] * 100);
        const x1 = x.getPixelForValue(ci[1] * 100);
        ctx.beginPath();
        ctx.moveTo(x0, y);
        ctx.lineTo(x1, y);
        ctx.moveTo(x0, y - 5);
        ctx.lineTo(x0, y + 5);
        ctx.moveTo(x1, y - 5);
        ctx.lineTo(x1, y + 5);
        ctx.stroke();
      });
      ctx.restore();
    },
  };
}

export default function AnalysisPage({ surveyId, lang, setLang }: { surveyId: number; lang: Lang; setLang: (l: Lang) => void }) {
  const t = useCallback((k: MessageKey, v?: Record<string, string | number>) => translate(lang, k, v), [lang]);
  const [me, setMe] = useMe();
  const [data, setData] = useState<Analysis>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(false);
  const [filters, setFilters] = useState<Record<FilterKey, string>>({ network: '', country: '', size: '' });
  const [submittedOnly, setSubmittedOnly] = useState(false);

  useEffect(() => {
    if (!me) return;
    const controller = new AbortController();
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(filters)) if (v) q.set(k, v);
    if (submittedOnly) q.set('submittedOnly', '1');
    setLoading(true);
    api<Analysis>(`/api/surveys/${surveyId}/analysis${q.size ? `?${q}` : ''}`, { signal: controller.signal })
      .then((d) => {
        setData(d);
        setError(undefined);
        setLoading(false);
      })
      .catch((err: unknown) => {
        if ((err as Error).name === 'AbortError') return;
        setError(err instanceof ApiError ? err.message : t('networkError'));
        setLoading(false);
      });
    return () => controller.abort();
  }, [me, surveyId, filters, submittedOnly, t]);

  if (me === null) {
    window.location.assign('/');
    return null;
  }
  const locale = lang === 'fr' ? 'fr-FR' : 'en-GB';
  const pct = (p: number | null | undefined) =>
    p == null ? '—' : new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(p);
  const num = (x: number | null | undefined, digits = 1) =>
    x == null ? '—' : new Intl.NumberFormat(locale, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(x);
  const ciPct = (ci: Interval) => (ci ? `${pct(ci[0])} – ${pct(ci[1])}` : '—');
  const ciNum = (ci: Interval) => (ci ? `${num(ci[0])} – ${num(ci[1])}` : '—');
  const label = (l: Label | undefined, fallback: string) => (l ? l[lang] : fallback);
  const minCell = data?.minCell ?? 5;
  const hidden = (s: Share) => s.n < minCell;

  const title = data ? t('analysisTitle', { year: data.survey.year, title: data.survey.title }) : t('analysis');
  const changeTable: FigureTable | undefined = data && {
    caption: t('chartChangeTitle'),
    head: [t('colArea'), 'n', t('colCities'), t('colPct'), t('colCi'), t('colAttributedPct'), t('colCi')],
    rows: data.rec19.areas.map((a) => {
      const s = a.change;
      const at = a.attributedAmongAnswering;
      return {
        label: label(data.labels.areas[a.area], a.area),
        share: hidden(s) || s.p === null ? null : s,
        cells: hidden(s)
          ? [String(s.n), '—', '—', '—', '—', '—']
          : [String(s.n), String(s.k), pct(s.p), ciPct(s.ci95), pct(at.p), ciPct(at.ci95)],
      };
    }),
  };
  const channelTable: FigureTable | undefined = data && {
    caption: t('chartChannelsTitle'),
    head: [t('colChannel'), 'n', t('colCities'), t('colPct'), t('colCi')],
    rows: data.rec11.channels.map((c) => {
      const s = c.rankedFirst;
      return {
        label: label(data.labels.channels[c.value], c.value),
        share: hidden(s) || s.p === null ? null : s,
        cells: hidden(s) ? [String(s.n), '—', '—', '—'] : [String(s.n), String(s.k), pct(s.p), ciPct(s.ci95)],
      };
    }),
  };
  const rate = data?.responseRates.overall;
  const panel = data?.rec17.change?.overall.panel;
  const setFilter = (k: FilterKey, v: string) => setFilters((f) => ({ ...f, [k]: v }));

  return (
    <Layout lang={lang} setLang={setLang} wide title={title} actions={me && <SignOutButton lang={lang} onDone={() => setMe(null)} />}>
      <p>
        <a href={`/admin/surveys/${surveyId}`}>← {data?.survey.title ?? t('backHome')}</a>
      </p>
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      {data && (
        <>
          <form className="filters analysis-filters" aria-label={t('filtersLegend')} onSubmit={(e) => e.preventDefault()}>
            {(
              [
                ['network', 'filterNetwork'],
                ['country', 'filterCountry'],
                ['size', 'filterSize'],
              ] as const
            ).map(([key, msg]) => (
              <label key={key}>
                {t(msg)}{' '}
                <select value={filters[key]} onChange={(e) => setFilter(key, e.target.value)} name={key}>
                  <option value="">{t('allValues')}</option>
                  {data.filterOptions[key].map((v) => (
                    <option key={v} value={v}>
                      {v}
                    </option>
                  ))}
                </select>
              </label>
            ))}
            <label>
              <input type="checkbox" checked={submittedOnly} onChange={(e) => setSubmittedOnly(e.target.checked)} /> {t('submittedOnly')}
            </label>
          </form>
          <div aria-live="polite" aria-busy={loading}>
            {data.smallSample && (
              <p className="notice">{t('smallSample', { n: data.n, min: minCell })}</p>
            )}
            <h2>{t('headlines', { year: data.survey.year })}</h2>
            <dl className="headlines">
              <Headline
                id="response-rate"
                term={t('responseRate')}
                value={pct(rate?.p)}
                detail={[t('ofCities', { n: rate?.responded ?? data.n, N: rate?.invited ?? '—' }), ciText(t, rate?.ci95 ?? null, pct)]}
              />
              <ShareHeadline id="rec19-change" term={t('rec19Change')} s={data.rec19.overall.change} t={t} pct={pct} />
              <ShareHeadline id="rec19-attributed" term={t('rec19Attributed')} s={data.rec19.overall.attributedAmongAnswering} t={t} pct={pct} />
              <Headline
                id="rec17-score"
                term={t('rec17Score')}
                value={num(data.rec17.overall.mean)}
                detail={[
                  t('nIs', { n: data.rec17.overall.n }),
                  data.rec17.overall.ci95 ? `${t('colCi')} ${ciNum(data.rec17.overall.ci95)}` : '',
                  panel ? `${t('panelChange', { d: num(panel.meanChange), n: panel.n })}${panel.ci95 ? ` (${t('colCi')} ${ciNum(panel.ci95)})` : ''}` : t('noPanel'),
                ]}
              />
              <ShareHeadline id="rec11-email" term={t('rec11Email')} s={data.rec11.emailPreferred} t={t} pct={pct} />
              <Headline
                id="rec11-preferred"
                text
                term={t('preferredChannel')}
                value={data.rec11.preferred ? label(data.labels.channels[data.rec11.preferred.value], data.rec11.preferred.value) : '—'}
                detail={data.rec11.preferred ? [`${pct(data.rec11.preferred.share.p)} · ${t('nIs', { n: data.rec11.preferred.share.n })}`] : []}
              />
              <Headline
                id="rec11-least"
                text
                term={t('leastChannel')}
                value={data.rec11.leastFavourite ? label(data.labels.channels[data.rec11.leastFavourite.value], data.rec11.leastFavourite.value) : '—'}
                detail={data.rec11.leastFavourite ? [`${pct(data.rec11.leastFavourite.share.p)} · ${t('nIs', { n: data.rec11.leastFavourite.share.n })}`] : []}
              />
            </dl>
            {changeTable && <ChartFigure id="change-by-area" table={changeTable} t={t} year={data.survey.year} minCell={minCell} />}
            {channelTable && <ChartFigure id="channels-first" table={channelTable} t={t} year={data.survey.year} minCell={minCell} />}
          </div>
        </>
      )}
      {!data && !error && <p aria-busy="true">{t('loading')}</p>}
    </Layout>
  );
}

function ciText(t: (k: MessageKey, v?: Record<string, string | number>) => string, ci: Interval, pct: (p: number | null) => string) {
  return ci ? t('ciRange', { lo: pct(ci[0]), hi: pct(ci[1]) }) : '';
}

function Headline({ id, term, value, detail, text = false }: { id: string; term: string; value: string; detail: string[]; text?: boolean }) {
  return (
    <div className="headline" data-figure={id}>
      <dt>{term}</dt>
      <dd className={text ? 'headline-value headline-text' : 'headline-value'}>{value}</dd>
      {detail
        .filter((d) => d !== '')
        .map((d) => (
          <dd key={d} className="headline-detail">
            {d}
          </dd>
        ))}
    </div>
  );
}

function ShareHeadline({
  id,
  term,
  s,
  t,
  pct,
}: {
  id: string;
  term: string;
  s: Share;
  t: (k: MessageKey, v?: Record<string, string | number>) => string;
  pct: (p: number | null) => string;
}) {
  return <Headline id={id} term={term} value={pct(s.p)} detail={[t('ofCities', { n: s.k, N: s.n }), ciText(t, s.ci95, pct)]} />;
}

function ChartFigure({
  id,
  table,
  t,
  year,
  minCell,
}: {
  id: string;
  table: FigureTable;
  t: (k: MessageKey, v?: Record<string, string | number>) => string;
  year: number;
  minCell: number;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart<'bar'>>(undefined);
  const intervals = useRef<(Interval | undefined)[]>([]);
  const charted = table.rows.filter((r) => r.share !== null);
  const suppressed = table.rows.some((r) => r.share === null);
  const n = Math.max(0, ...table.rows.map((r) => Number(r.cells[0]) || 0));

  useEffect(() => {
    if (!canvas.current) return;
    const c = new Chart(canvas.current, {
      type: 'bar',
      data: { labels: [], datasets: [{ data: [], backgroundColor: BAR_COLOUR, borderColor: BAR_COLOUR, barPercentage: 0.7 }] },
      options: {
        indexAxis: 'y',
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          x: { min: 0, max: 100, ticks: { callback: (v) => `${v}%`, color: '#1b1f24' }, grid: { color: '#d4d9df' } },
          y: {
            ticks: {
              color: '#1b1f24',
              autoSkip: false,
              // Long names are shortened on the axis; the table and the tooltip give them in full.
              callback(value) {
                const l = this.getLabelForValue(Number(value));
                return l.length > 26 ? `${l.slice(0, 25)}…` : l;
              },
            },
          },
        },
        plugins: { tooltip: { enabled: true } },
      },
      plugins: [
        whiskersPlugin(() => intervals.current),
        {
          // White background, so the downloaded PNG is readable in any viewer.
          id: 'iccBackground',
          beforeDraw(ch) {
            ch.ctx.save();
            ch.ctx.fillStyle = '#ffffff';
            ch.ctx.fillRect(0, 0, ch.width, ch.height);
            ch.ctx.restore();
          },
        },
      ],
    });
    chart.current = c;
    return () => {
      c.destroy();
      chart.current = undefined;
    };
  }, []);

  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    intervals.current = charted.map((r) => r.share!.ci95 ?? undefined);
    c.data.labels = charted.map((r) => r.label);
    c.data.datasets[0]!.data = charted.map((r) => Math.round(r.share!.p! * 1000) / 10);
    c.update();
  });

  const height = Math.max(120, charted.length * 28 + 60);
  const slug = `icc-${year}-${id}`;
  return (
    <section className="figure" aria-labelledby={`${id}-title`} data-figure={id}>
      <h2 id={`${id}-title`}>{table.caption}</h2>
      <p className="muted">
        {t('nIs', { n })} · {t('whiskerNote')}
      </p>
      <div className="figure-body">
        <div className="chart-box" style={{ height }}>
          <canvas ref={canvas} role="img" aria-label={t('chartLabel', { title: table.caption })} />
        </div>
        {/* Focusable, so a table wider than the screen can be scrolled with the keyboard. */}
        <div className="table-wrap" tabIndex={0} role="region" aria-label={table.caption}>
          <table>
            <caption>
              {table.caption} ({t('nIs', { n })})
            </caption>
            <thead>
              <tr>
                {table.head.map((h, i) => (
                  <th scope="col" key={i}>
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((r) => (
                <tr key={r.label}>
                  <th scope="row">{r.label}</th>
                  {r.cells.map((c, i) => (
                    <td key={i}>{c}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      {suppressed && <p className="hint">{t('suppressedNote', { min: minCell })}</p>}
      <div className="toolbar">
        <button
          type="button"
          onClick={() => download(URL.createObjectURL(new Blob([tableCsv(table)], { type: 'text/csv;charset=utf-8' })), `${slug}.csv`)}
        >
          {t('downloadTableCsv')}
          <span className="visually-hidden"> · {table.caption}</span>
        </button>
        <button type="button" onClick={() => chart.current && download(chart.current.toBase64Image('image/png', 1), `${slug}.png`)}>
          {t('downloadPng')}
          <span className="visually-hidden"> · {table.caption}</span>
        </button>
      </div>
    </section>
  );
}
