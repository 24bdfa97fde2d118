/**
 * One figure of the analysis pages: a chart.js chart and, beside it, the table of exactly what is charted
 * (accessible, and what the CSV download holds), n, a note on suppressed cells, and 'download PNG / CSV'.
 *
 * Three chart kinds: horizontal bars with 95% interval whiskers, 100% stacked bars (Likert items and matrix
 * rows) and lines across years (with vertical whiskers). Colours are colour-blind safe (Okabe-Ito for
 * categories and lines, a blue-orange diverging scale for ordered answers, grey for don't know), and lines also
 * differ by point shape.
 */
import { useEffect, useRef } from 'react';
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
  type Plugin,
} from 'chart.js';
import type { MessageKey } from '../../i18n';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Tooltip, Legend);

export type T = (k: MessageKey, v?: Record<string, string | number>) => string;
export type Interval = [number, number] | null;

/** Okabe-Ito: distinguishable with every common colour-vision deficiency. */
export const OKABE_ITO = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'];
const POINT_STYLES = ['circle', 'rect', 'triangle', 'rectRot', 'crossRot', 'star', 'rectRounded'] as const;
const BAR_COLOUR = OKABE_ITO[0]!;
const WHISKER_COLOUR = '#000000';
const TEXT_COLOUR = '#1b1f24';
const GRID_COLOUR = '#d4d9df';
export const DONT_KNOW_COLOUR = '#9a9a9a';

/**
 * An ordered (Likert) scale of n steps, low to high: orange to blue through a light neutral (PuOr-like,
 * safe for deuteranopia and protanopia); each step differs in lightness too, so it reads in grey scale.
 */
export function divergingColours(n: number): string[] {
  const palettes: Record<number, string[]> = {
    1: ['#2166ac'],
    2: ['#e08214', '#2166ac'],
    3: ['#e08214', '#d9d9d9', '#2166ac'],
    4: ['#b35806', '#fdb863', '#92c5de', '#2166ac'],
    5: ['#b35806', '#fdb863', '#e0e0e0', '#92c5de', '#2166ac'],
    6: ['#b35806', '#e08214', '#fdb863', '#92c5de', '#4393c3', '#2166ac'],
    7: ['#b35806', '#e08214', '#fdb863', '#e0e0e0', '#92c5de', '#4393c3', '#2166ac'],
  };
  if (palettes[n]) return palettes[n]!;
  return Array.from({ length: n }, (_, i) => OKABE_ITO[i % OKABE_ITO.length]!);
}

/** A table of figures: what is shown, and what the CSV download holds. */
export interface FigureTable {
  caption: string;
  head: string[];
  rows: { label: string; cells: string[] }[];
}

export type ChartSpec =
  | {
      kind: 'bars';
      /** Values on a 0..max axis (percent by default); ci in the same unit. */
      bars: { label: string; value: number; ci?: Interval }[];
      max?: number;
      unit?: '%' | '';
    }
  | {
      kind: 'stacked';
      /** Each row's values are percentages that sum to 100. */
      categories: { label: string; colour: string }[];
      rows: { label: string; values: number[] }[];
    }
  | {
      kind: 'lines';
      xLabels: string[];
      series: { label: string; values: (number | null)[]; ci?: Interval[] }[];
      max?: number;
    };

/** Cells starting with = + - @ tab or CR would run as formulas in a spreadsheet: prefixed with an apostrophe. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
/** The table as CSV: UTF-8 with a BOM (spreadsheets then read accents right), CRLF lines, cells escaped. */
export function tableCsv(table: FigureTable): string {
  const lines = [table.head, ...table.rows.map((r) => [r.label, ...r.cells])].map((row) => row.map(csvCell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export function download(href: string, filename: string) {
  const a = document.createElement('a');
  a.href = href;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  if (href.startsWith('blob:')) setTimeout(() => URL.revokeObjectURL(href), 1000);
}
export function downloadText(text: string, filename: string, type = 'text/csv;charset=utf-8') {
  download(URL.createObjectURL(new Blob([text], { type })), filename);
}

/** Draws each point's 95% interval: horizontal for horizontal bars, vertical for lines. */
function whiskersPlugin(intervals: () => Interval[][], horizontal: () => boolean): Plugin {
  return {
    id: 'iccWhiskers',
    afterDatasetsDraw(chart) {
      const ctx = chart.ctx;
      const cis = intervals();
      ctx.save();
      ctx.strokeStyle = WHISKER_COLOUR;
      ctx.lineWidth = 1.5;
      cis.forEach((datasetCis, d) => {
        const meta = chart.getDatasetMeta(d);
        if (meta.hidden) return;
        meta.data.forEach((el, i) => {
          const ci = datasetCis[i];
          if (!ci) return;
          const { x, y } = el as unknown as { x: number; y: number };
          ctx.beginPath();
          if (horizontal()) {
            const x0 = chart.scales.x!.getPixelForValue(ci[0]);
            const x1 = chart.scales.x!.getPixelForValue(ci[1]);
            ctx.moveTo(x0, y);
            ctx.lineTo(x1, y);
            ctx.moveTo(x0, y - 5);
            ctx.lineTo(x0, y + 5);
            ctx.moveTo(x1, y - 5);
            ctx.lineTo(x1, y + 5);
          } else {
            const y0 = chart.scales.y!.getPixelForValue(ci[0]);
            const y1 = chart.scales.y!.getPixelForValue(ci[1]);
            ctx.moveTo(x, y0);
            ctx.lineTo(x, y1);
            ctx.moveTo(x - 4, y0);
            ctx.lineTo(x + 4, y0);
            ctx.moveTo(x - 4, y1);
            ctx.lineTo(x + 4, y1);
          }
          ctx.stroke();
        });
      });
      ctx.restore();
    },
  };
}

/** White background, so the downloaded PNG is readable in any viewer. */
const backgroundPlugin: Plugin = {
  id: 'iccBackground',
  beforeDraw(ch) {
    ch.ctx.save();
    ch.ctx.fillStyle = '#ffffff';
    ch.ctx.fillRect(0, 0, ch.width, ch.height);
    ch.ctx.restore();
  },
};

const shorten = (l: string) => (l.length > 26 ? `${l.slice(0, 25)}…` : l);

function configFor(spec: ChartSpec): ChartConfiguration {
  const ticks = { color: TEXT_COLOUR };
  if (spec.kind === 'bars') {
    const max = spec.max ?? 100;
    const unit = spec.unit ?? '%';
    return {
      type: 'bar',
      data: {
        labels: spec.bars.map((b) => b.label),
        datasets: [{ data: spec.bars.map((b) => b.value), backgroundColor: BAR_COLOUR, borderColor: BAR_COLOUR, barPercentage: 0.7 }],
      },
      options: {
        indexAxis: 'y',
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          x: { min: 0, max, ticks: { ...ticks, callback: (v) => `${v}${unit}` }, grid: { color: GRID_COLOUR } },
          y: {
            ticks: {
              ...ticks,
              autoSkip: false,
              // Long names are shortened on the axis; the table and the tooltip give them in full.
              callback(value) {
                return shorten(this.getLabelForValue(Number(value)));
              },
            },
          },
        },
        plugins: { legend: { display: false }, tooltip: { enabled: true } },
      },
    };
  }
  if (spec.kind === 'stacked') {
    return {
      type: 'bar',
      data: {
        labels: spec.rows.map((r) => r.label),
        datasets: spec.categories.map((c, i) => ({
          label: c.label,
          data: spec.rows.map((r) => r.values[i] ?? 0),
          backgroundColor: c.colour,
          borderColor: '#ffffff',
          borderWidth: 1,
          barPercentage: 0.8,
        })),
      },
      options: {
        indexAxis: 'y',
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          x: { stacked: true, min: 0, max: 100, ticks: { ...ticks, callback: (v) => `${v}%` }, grid: { color: GRID_COLOUR } },
          y: {
            stacked: true,
            ticks: {
              ...ticks,
              autoSkip: false,
              callback(value) {
                return shorten(this.getLabelForValue(Number(value)));
              },
            },
          },
        },
        plugins: {
          legend: { display: true, position: 'bottom', labels: { color: TEXT_COLOUR, boxWidth: 14 } },
          tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${Math.round(Number(c.raw) * 10) / 10}%` } },
        },
      },
    };
  }
  return {
    type: 'line',
    data: {
      labels: spec.xLabels,
      datasets: spec.series.map((s, i) => ({
        label: s.label,
        data: s.values,
        borderColor: OKABE_ITO[i % OKABE_ITO.length],
        backgroundColor: OKABE_ITO[i % OKABE_ITO.length],
        pointStyle: POINT_STYLES[i % POINT_STYLES.length],
        pointRadius: 5,
        borderWidth: 2,
        borderDash: i % 2 === 1 ? [6, 3] : [],
        spanGaps: false,
      })),
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: {
        x: { ticks, grid: { color: GRID_COLOUR } },
        y: { min: 0, max: spec.max ?? 100, ticks, grid: { color: GRID_COLOUR } },
      },
      plugins: { legend: { display: true, position: 'bottom', labels: { color: TEXT_COLOUR, usePointStyle: true } } },
    },
  };
}

function intervalsOf(spec: ChartSpec): Interval[][] {
  if (spec.kind === 'bars') return [spec.bars.map((b) => b.ci ?? null)];
  if (spec.kind === 'lines') return spec.series.map((s) => s.ci ?? []);
  return [];
}

function chartHeight(spec: ChartSpec): number {
  if (spec.kind === 'bars') return Math.max(120, spec.bars.length * 28 + 60);
  if (spec.kind === 'stacked') return Math.max(140, spec.rows.length * 30 + 90 + Math.ceil(spec.categories.length / 3) * 22);
  return 300;
}

/**
 * Charts are created one per frame: the first at once, each next one after the browser has painted. A page
 * of figures shows its text, tables and first chart after one chart's work (chart.js's first chart also pays
 * for compiling its code) instead of after all of them; the others follow frame by frame.
 */
const chartsWaiting: (() => void)[] = [];
let chartThisFrame = false;
function afterNextPaint(fn: () => void) {
  requestAnimationFrame(() => setTimeout(fn, 0));
}
function nextChart() {
  const create = chartsWaiting.shift();
  if (!create) {
    chartThisFrame = false;
    return;
  }
  create();
  afterNextPaint(nextChart);
}
/** Runs `create` now if no chart was created this frame, else in turn; returns a cancel for an unmounted chart. */
function inChartTurn(create: () => void): () => void {
  if (!chartThisFrame) {
    chartThisFrame = true;
    create();
    afterNextPaint(nextChart);
    return () => undefined;
  }
  chartsWaiting.push(create);
  return () => {
    const i = chartsWaiting.indexOf(create);
    if (i >= 0) chartsWaiting.splice(i, 1);
  };
}

/** The chart.js chart of a spec; rebuilt when the kind changes, updated in place otherwise. */
function ChartCanvas({ spec, label, onChart }: { spec: ChartSpec; label: string; onChart: (c: Chart | undefined) => void }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart>(undefined);
  const intervals = useRef<Interval[][]>([]);
  const horizontal = useRef(true);

  const latest = useRef(spec);
  latest.current = spec;

  useEffect(() => {
    let c: Chart | undefined;
    const cancel = inChartTurn(() => {
      if (!canvas.current) return;
      const spec = latest.current;
      const config = configFor(spec);
      intervals.current = intervalsOf(spec);
      horizontal.current = spec.kind !== 'lines';
      config.plugins = [whiskersPlugin(() => intervals.current, () => horizontal.current), backgroundPlugin];
      c = new Chart(canvas.current, config);
      chart.current = c;
      onChart(c);
    });
    return () => {
      cancel();
      c?.destroy();
      chart.current = undefined;
      onChart(undefined);
    };
    // The chart is rebuilt only when its kind changes; data changes are applied below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [spec.kind]);

  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    const next = configFor(spec);
    intervals.current = intervalsOf(spec);
    c.data.labels = next.data.labels;
    c.data.datasets = next.data.datasets;
    // The axis too: the same chart may switch between percentages and a scale (a mean score, a mean rank).
    if (next.options?.scales) c.options.scales = next.options.scales;
    c.update();
  });

  return (
    <div className="chart-box" style={{ height: chartHeight(spec) }}>
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}

/**
 * A figure: title, n, chart (unless nothing can be shown), its table, and the downloads. `id` is stable
 * (used in file names and in tests as data-figure).
 */
export function Figure({
  id,
  table,
  chart,
  n,
  note,
  suppressed,
  t,
  year,
  minCell,
  level = 2,
  stacked = false,
  controls,
  children,
}: {
  id: string;
  table: FigureTable;
  chart: ChartSpec | null;
  n: number | null;
  note?: string;
  suppressed: boolean;
  t: T;
  year: number;
  minCell: number;
  level?: 2 | 3 | 4;
  /** Chart above its table, each the full width (wide tables, line charts). */
  stacked?: boolean;
  /** Choices of what the chart shows (selects), between the n line and the chart. */
  controls?: React.ReactNode;
  children?: React.ReactNode;
}) {
  const chartRef = useRef<Chart | undefined>(undefined);
  const slug = `icc-${year}-${id}`.replace(/[^A-Za-z0-9._-]+/g, '-');
  const Heading = (['h2', 'h3', 'h4'] as const)[level - 2]!;
  const hasChart = chart !== null && (chart.kind === 'bars' ? chart.bars.length > 0 : chart.kind === 'stacked' ? chart.rows.length > 0 : true);
  const chartLabel = t(chart?.kind === 'lines' ? 'lineChartLabel' : 'chartLabel', { title: table.caption });
  return (
    <section className="figure" aria-labelledby={`${id}-title`} data-figure={id}>
      <Heading id={`${id}-title`}>{table.caption}</Heading>
      <p className="muted">
        {n !== null && t('nIs', { n })}
        {n !== null && note ? ' · ' : ''}
        {note}
      </p>
      {controls}
      <div className={hasChart && !stacked ? 'figure-body' : 'figure-body figure-table-only'}>
        {hasChart && <ChartCanvas spec={chart!} label={chartLabel} onChart={(c) => (chartRef.current = c)} />}
        {/* Focusable, so a table wider than the screen can be scrolled with the keyboard. */}
        <div className="table-wrap" tabIndex={0} role="region" aria-label={table.caption}>
          <table>
            <caption>
              {table.caption}
              {n !== null && ` (${t('nIs', { n })})`}
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
              {table.rows.map((r, i) => (
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
      {suppressed && <p className="hint">{t('suppressedNote', { min: minCell })}</p>}
      {children}
      <div className="toolbar">
        <button type="button" onClick={() => downloadText(tableCsv(table), `${slug}.csv`)}>
          {t('downloadTableCsv')}
          <span className="visually-hidden"> · {table.caption}</span>
        </button>
        {hasChart && (
          <button type="button" onClick={() => chartRef.current && download(chartRef.current.toBase64Image('image/png', 1), `${slug}.png`)}>
            {t('downloadPng')}
            <span className="visually-hidden"> · {table.caption}</span>
          </button>
        )}
      </div>
    </section>
  );
}
