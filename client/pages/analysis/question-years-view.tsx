/**
 * One question across years, on the question's page: the share of each choice (or the mean of a rating or
 * number) in every year of the questionnaire that asked it under the same code, as lines with 95% intervals and
 * a table with n per year and the panel n (cities that answered both that year and this one). Matrices: a line
 * per row of the mean score or of one column's share; rankings: a line per item of the share ranking it first
 * or of its mean rank; texts: the answers of every year with their city, searchable. Each year is a
 * cross-section of the cities that answered it; cells under `minCell` cities are shown as '—'.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, api } from '../../api';
import { Figure, downloadText, tableCsv, type ChartSpec, type FigureTable, type Interval } from './figure';
import { folded, type AnswerKind, type LocalisedText, type Share, type TextEntry } from './model';
import type { ViewContext } from './question-view';

/** A mean with its 95% interval over n values (analysis/question-year-figures.ts). */
interface MeanFigure {
  n: number;
  mean: number | null;
  ci95: Interval;
}

/** GET /api/surveys/:id/questions/:code/years (analysis/question-years.ts). */
export interface QuestionYears {
  code: string;
  kind: 'choice' | 'mean' | 'matrix' | 'ranking' | 'text' | null;
  options: { key: string; kind: AnswerKind; text: LocalisedText }[];
  /** Matrices: the rows of every year. */
  rows: { key: string; text: LocalisedText }[];
  /** Scored matrices: the range of the scores (the axis of the row means). */
  scale: { min: number; max: number } | null;
  years: {
    year: number;
    asked: boolean;
    n: number;
    panelN: number | null;
    shares?: Record<string, Share>;
    mean?: MeanFigure;
    rows?: Record<string, { n: number; shares: Record<string, Share>; mean: MeanFigure | null; panelN: number | null }>;
    items?: Record<string, { meanRank: MeanFigure; first: Share }>;
    texts?: TextEntry[];
  }[];
}
type Year = QuestionYears['years'][number];

const DASH = '—';

export function QuestionYearsFigure({ ctx, code, title, query }: { ctx: ViewContext; code: string; title: string; query: string }) {
  const { a, t, f } = ctx;
  const [data, setData] = useState<QuestionYears>();
  const [error, setError] = useState<string>();
  // Read through a ref: switching language must not refetch (see analysis-page.tsx).
  const tRef = useRef(t);
  tRef.current = t;
  useEffect(() => {
    const controller = new AbortController();
    setData(undefined);
    api<QuestionYears>(`/api/surveys/${a.survey.id}/questions/${encodeURIComponent(code)}/years${query ? `?${query}` : ''}`, { signal: controller.signal })
      .then((d) => {
        setData(d);
        setError(undefined);
      })
      .catch((err: unknown) => {
        if ((err as Error).name !== 'AbortError') setError(err instanceof ApiError ? err.message : tRef.current('networkError'));
      });
    return () => controller.abort();
  }, [a.survey.id, code, query]);

  const heading = t('qyCaption', { title });
  if (error) return <p className="notice notice-error" role="alert">{error}</p>;
  if (!data) return <p aria-busy="true">{t('loading')}</p>;
  if (data.kind === null) return null;
  const asked = data.years.filter((y) => y.asked);
  if (asked.length < 2) {
    return (
      <section className="figure" aria-labelledby={`qy-${code}-title`} data-figure={`qy-${code}`}>
        <h2 id={`qy-${code}-title`}>{heading}</h2>
        <p className="hint">{t('qyOneYear')}</p>
      </section>
    );
  }

  if (data.kind === 'matrix') return <MatrixYears key={data.code} ctx={ctx} data={data} heading={heading} />;
  if (data.kind === 'ranking') return <RankingYears key={data.code} ctx={ctx} data={data} heading={heading} />;
  if (data.kind === 'text') return <TextYears key={data.code} ctx={ctx} data={data} heading={heading} />;
  const min = a.minCell;
  const shown = (y: QuestionYears['years'][number]) => y.asked && y.n >= min;
  const panelCell = (y: QuestionYears['years'][number]) => (y.panelN === null ? DASH : String(y.panelN));
  let chart: ChartSpec;
  let table: FigureTable;
  if (data.kind === 'choice') {
    const options = data.options;
    chart = {
      kind: 'lines',
      xLabels: data.years.map((y) => String(y.year)),
      series: options.map((o) => ({
        label: f.text(o.text, o.key),
        values: data.years.map((y) => (shown(y) && y.shares?.[o.key]?.p != null ? y.shares[o.key]!.p! * 100 : null)),
        ci: data.years.map((y): Interval => {
          const ci = shown(y) ? y.shares?.[o.key]?.ci95 : null;
          return ci ? [ci[0] * 100, ci[1] * 100] : null;
        }),
      })),
    };
    table = {
      caption: heading,
      head: [t('colYear'), 'n', t('qyPanel', { year: a.survey.year }), ...options.map((o) => f.text(o.text, o.key))],
      rows: data.years.map((y) => ({
        label: String(y.year),
        cells: !y.asked
          ? [t('qyNotAsked'), DASH, ...options.map(() => DASH)]
          : [
              String(y.n),
              panelCell(y),
              ...options.map((o) => {
                const s = y.shares?.[o.key];
                return shown(y) && s ? `${f.pct(s.p)} (${f.ciPct(s.ci95)})` : DASH;
              }),
            ],
      })),
    };
  } else {
    // The axis runs to the top of the scale seen (5 for a 1-5 rating), not to 100.
    const top = Math.max(1, ...data.years.flatMap((y) => (shown(y) && y.mean?.mean != null ? [y.mean.mean, y.mean.ci95?.[1] ?? 0] : [])));
    chart = {
      kind: 'lines',
      max: Math.ceil(top),
      xLabels: data.years.map((y) => String(y.year)),
      series: [
        {
          label: t('qyMean'),
          values: data.years.map((y) => (shown(y) && y.mean ? y.mean.mean : null)),
          ci: data.years.map((y) => (shown(y) && y.mean ? y.mean.ci95 : null)),
        },
      ],
    };
    table = {
      caption: heading,
      head: [t('colYear'), 'n', t('qyPanel', { year: a.survey.year }), t('qyMean'), '95% CI'],
      rows: data.years.map((y) => ({
        label: String(y.year),
        cells: !y.asked
          ? [t('qyNotAsked'), DASH, DASH, DASH]
          : [String(y.n), panelCell(y), shown(y) && y.mean ? f.num(y.mean.mean) : DASH, shown(y) && y.mean ? f.ciNum(y.mean.ci95) : DASH],
      })),
    };
  }
  const suppressed = data.years.some((y) => y.asked && y.n < min);
  return (
    <Figure
      stacked
      id={`qy-${code}`}
      table={table}
      chart={chart}
      n={null}
      note={t('qyNote', { year: a.survey.year })}
      suppressed={suppressed}
      t={t}
      year={a.survey.year}
      minCell={min}
    />
  );
}

const pct100 = (ci: Interval | undefined): Interval => (ci ? [ci[0] * 100, ci[1] * 100] : null);
/** A mean's interval with the mean's two decimals (mean scores on 0-1 or 0-4, mean ranks). */
const ci2 = (f: ViewContext['f'], ci: Interval | undefined) => (ci ? `${f.num(ci[0], 2)} – ${f.num(ci[1], 2)}` : DASH);

/** A labelled select of what the chart shows. */
function ChartChoice({ label, value, onChange, options, name }: { label: string; value: string; onChange: (v: string) => void; options: [string, string][]; name: string }) {
  return (
    // Long row names (in French especially) must not push the select past a phone's width.
    <label style={{ maxWidth: '100%' }}>
      {label}{' '}
      <select name={name} value={value} onChange={(e) => onChange(e.target.value)} style={{ maxWidth: '100%' }}>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

/** How many lines a chart shows at once by default: one Okabe-Ito colour each. */
const LINES_AT_ONCE = 7;

/**
 * A matrix across years: a line per row (all rows, or one) of the chosen figure, the mean score (scored
 * matrices) or the share of one column; the table holds every column's share, the mean, n and panel n per row
 * and year for the rows charted.
 */
function MatrixYears({ ctx, data, heading }: { ctx: ViewContext; data: QuestionYears; heading: string }) {
  const { a, t, f } = ctx;
  const min = a.minCell;
  const scale = data.scale;
  const firstSubstantive = data.options.find((o) => o.kind === 'substantive')?.key ?? data.options[0]?.key ?? '';
  // A 0-4 scale reads best as a mean; yes / no (scores 0 and 1) as the share answering yes.
  const [measure, setMeasure] = useState(scale && scale.max - scale.min > 1 ? 'mean' : firstSubstantive);
  const [rowKey, setRowKey] = useState(data.rows.length <= LINES_AT_ONCE ? '' : (data.rows[0]?.key ?? ''));
  const rows = rowKey === '' ? data.rows : data.rows.filter((r) => r.key === rowKey);
  const cellOf = (y: Year, row: string) => (y.asked ? y.rows?.[row] : undefined);
  const shown = (y: Year, row: string) => (cellOf(y, row)?.n ?? 0) >= min;
  const meanShown = (y: Year, row: string) => shown(y, row) && (cellOf(y, row)?.mean?.n ?? 0) >= min;
  const chart: ChartSpec = {
    kind: 'lines',
    max: measure === 'mean' && scale ? Math.max(1, Math.ceil(scale.max)) : 100,
    xLabels: data.years.map((y) => String(y.year)),
    series: rows.map((r) => ({
      label: f.text(r.text, r.key),
      values: data.years.map((y) => {
        const c = cellOf(y, r.key);
        if (measure === 'mean') return meanShown(y, r.key) ? (c?.mean?.mean ?? null) : null;
        const p = shown(y, r.key) ? c?.shares[measure]?.p : null;
        return p == null ? null : p * 100;
      }),
      ci: data.years.map((y): Interval => {
        const c = cellOf(y, r.key);
        if (measure === 'mean') return meanShown(y, r.key) ? (c?.mean?.ci95 ?? null) : null;
        return shown(y, r.key) ? pct100(c?.shares[measure]?.ci95) : null;
      }),
    })),
  };
  const optionLabel = (o: QuestionYears['options'][number]) => f.text(o.text, o.key);
  const table: FigureTable = {
    caption: heading,
    head: [
      t('colRow'),
      t('colYear'),
      'n',
      t('qyPanel', { year: a.survey.year }),
      ...data.options.map((o) => `${optionLabel(o)} (%)`),
      ...(scale ? [t('qyMeanScore'), t('colCi')] : []),
    ],
    rows: rows.flatMap((r) =>
      data.years.map((y) => {
        const c = cellOf(y, r.key);
        const label = f.text(r.text, r.key);
        if (!c) return { label, cells: [String(y.year), t('qyNotAsked'), DASH, ...data.options.map(() => DASH), ...(scale ? [DASH, DASH] : [])] };
        const ok = shown(y, r.key);
        return {
          label,
          cells: [
            String(y.year),
            String(c.n),
            c.panelN === null ? DASH : String(c.panelN),
            ...data.options.map((o) => {
              const s = c.shares[o.key];
              return ok && s ? `${f.pct(s.p)} (${f.ciPct(s.ci95)})` : DASH;
            }),
            ...(scale ? (meanShown(y, r.key) && c.mean ? [f.num(c.mean.mean, 2), ci2(f, c.mean.ci95)] : [DASH, DASH]) : []),
          ],
        };
      }),
    ),
  };
  const suppressed = data.years.some((y) => rows.some((r) => cellOf(y, r.key) && !shown(y, r.key)));
  const measures: [string, string][] = [
    ...(scale ? [['mean', t('qyMeanScoreRange', { min: scale.min, max: scale.max })] as [string, string]] : []),
    ...data.options.map((o): [string, string] => [o.key, t('qyShareOf', { answer: optionLabel(o) })]),
  ];
  const controls = (
    <div className="filters">
      <ChartChoice label={t('qyCharted')} name="measure" value={measure} onChange={setMeasure} options={measures} />
      <ChartChoice
        label={t('qyRowsCharted')}
        name="rows"
        value={rowKey}
        onChange={setRowKey}
        options={[['', t('qyAllRows')], ...data.rows.map((r): [string, string] => [r.key, f.text(r.text, r.key)])]}
      />
    </div>
  );
  return (
    <Figure
      stacked
      id={`qy-${data.code}`}
      table={table}
      chart={chart}
      controls={controls}
      n={null}
      note={t('qyMatrixNote', { year: a.survey.year })}
      suppressed={suppressed}
      t={t}
      year={a.survey.year}
      minCell={min}
    />
  );
}

/** A ranking across years: a line per item of the share ranking it first (or of its mean rank); the table holds both. */
function RankingYears({ ctx, data, heading }: { ctx: ViewContext; data: QuestionYears; heading: string }) {
  const { a, t, f } = ctx;
  const min = a.minCell;
  const [measure, setMeasure] = useState<'first' | 'rank'>('first');
  const itemOf = (y: Year, key: string) => (y.asked ? y.items?.[key] : undefined);
  const shown = (y: Year) => y.asked && y.n >= min;
  const rankShown = (y: Year, key: string) => shown(y) && (itemOf(y, key)?.meanRank.n ?? 0) >= min;
  const chart: ChartSpec = {
    kind: 'lines',
    max: measure === 'rank' ? Math.max(1, data.options.length) : 100,
    xLabels: data.years.map((y) => String(y.year)),
    series: data.options.map((o) => ({
      label: f.text(o.text, o.key),
      values: data.years.map((y) => {
        const it = itemOf(y, o.key);
        if (measure === 'rank') return rankShown(y, o.key) ? (it?.meanRank.mean ?? null) : null;
        return shown(y) && it?.first.p != null ? it.first.p * 100 : null;
      }),
      ci: data.years.map((y): Interval => {
        const it = itemOf(y, o.key);
        if (measure === 'rank') return rankShown(y, o.key) ? (it?.meanRank.ci95 ?? null) : null;
        return shown(y) ? pct100(it?.first.ci95 ?? undefined) : null;
      }),
    })),
  };
  const table: FigureTable = {
    caption: heading,
    head: [t('colAnswer'), t('colYear'), 'n', t('qyPanel', { year: a.survey.year }), t('qyRankedBy'), t('colMeanRank'), t('colCi'), t('colFirstPct'), t('colCi')],
    rows: data.options.flatMap((o) =>
      data.years.map((y) => {
        const label = f.text(o.text, o.key);
        const it = itemOf(y, o.key);
        if (!it) return { label, cells: [String(y.year), y.asked ? String(y.n) : t('qyNotAsked'), DASH, DASH, DASH, DASH, DASH, DASH] };
        const rank = rankShown(y, o.key);
        return {
          label,
          cells: [
            String(y.year),
            String(y.n),
            y.panelN === null ? DASH : String(y.panelN),
            String(it.meanRank.n),
            rank ? f.num(it.meanRank.mean, 2) : DASH,
            rank ? ci2(f, it.meanRank.ci95) : DASH,
            shown(y) ? f.pct(it.first.p) : DASH,
            shown(y) ? f.ciPct(it.first.ci95) : DASH,
          ],
        };
      }),
    ),
  };
  const suppressed = data.years.some((y) => y.asked && (y.n < min || data.options.some((o) => itemOf(y, o.key) && !rankShown(y, o.key))));
  const controls = (
    <div className="filters">
      <ChartChoice
        label={t('qyCharted')}
        name="measure"
        value={measure}
        onChange={(v) => setMeasure(v === 'rank' ? 'rank' : 'first')}
        options={[
          ['first', t('colFirstPct')],
          ['rank', t('colMeanRank')],
        ]}
      />
    </div>
  );
  return (
    <Figure
      stacked
      id={`qy-${data.code}`}
      table={table}
      chart={chart}
      controls={controls}
      n={null}
      note={t('qyRankingNote', { year: a.survey.year })}
      suppressed={suppressed}
      t={t}
      year={a.survey.year}
      minCell={min}
    />
  );
}

/** Answers listed at first, then more on request. */
const TEXTS_AT_ONCE = 50;

/**
 * A text question across years: the number of answers per year (and the panel), then every year's answers
 * with their city and year, searchable (accents and case ignored) and filterable by city, ordered by city then
 * year so a city's answers read as a sequence; downloadable as CSV.
 */
function TextYears({ ctx, data, heading }: { ctx: ViewContext; data: QuestionYears; heading: string }) {
  const { a, t } = ctx;
  const [query, setQuery] = useState('');
  const [city, setCity] = useState('');
  const [repeatOnly, setRepeatOnly] = useState(false);
  const [limit, setLimit] = useState(TEXTS_AT_ONCE);
  const all = useMemo(
    () =>
      data.years
        .flatMap((y) => (y.texts ?? []).map((e) => ({ ...e, year: y.year, cityName: a.cityNames[e.city] ?? e.city })))
        .sort((x, y) => x.cityName.localeCompare(y.cityName) || x.city.localeCompare(y.city) || x.year - y.year),
    [data, a.cityNames],
  );
  const cities = [...new Map(all.map((e) => [e.city, e.cityName])).entries()];
  // Cities with answers in two years or more: those whose answer can be read as it evolved.
  const repeated = useMemo(() => {
    const years = new Map<string, Set<number>>();
    for (const e of all) years.set(e.city, (years.get(e.city) ?? new Set()).add(e.year));
    return new Set([...years].filter(([, ys]) => ys.size > 1).map(([c]) => c));
  }, [all]);
  const needle = folded(query.trim());
  const shown = all.filter(
    (e) => (!city || e.city === city) && (!repeatOnly || repeated.has(e.city)) && (!needle || folded(`${e.text} ${e.cityName}`).includes(needle)),
  );
  const counts: FigureTable = {
    caption: heading,
    head: [t('colYear'), t('qyAnswers'), t('qyPanel', { year: a.survey.year })],
    rows: data.years.map((y) => ({
      label: String(y.year),
      cells: y.asked ? [String(y.n), y.panelN === null ? DASH : String(y.panelN)] : [t('qyNotAsked'), DASH],
    })),
  };
  const list: FigureTable = {
    caption: t('qyTextsTitle'),
    head: [t('colCity'), t('colYear'), t('colText')],
    rows: shown.map((e) => ({ label: e.cityName, cells: [String(e.year), e.text] })),
  };
  const listId = `qy-${data.code}-texts`;
  return (
    <Figure stacked id={`qy-${data.code}`} table={counts} chart={null} n={null} note={t('qyTextNote', { year: a.survey.year })} suppressed={false} t={t} year={a.survey.year} minCell={a.minCell}>
      <div className="texts" data-texts={listId}>
        <h3 id={`${listId}-title`}>{t('qyTextsTitle')}</h3>
        <form className="filters" role="search" aria-labelledby={`${listId}-title`} onSubmit={(e) => e.preventDefault()}>
          <label>
            {t('searchTexts')} <input type="search" name="q" value={query} onChange={(e) => setQuery(e.target.value)} />
          </label>
          <label>
            {t('colCity')}{' '}
            <select name="city" value={city} onChange={(e) => setCity(e.target.value)}>
              <option value="">{t('allValues')}</option>
              {cities.map(([code, name]) => (
                <option key={code} value={code}>
                  {name}
                </option>
              ))}
            </select>
          </label>
          <label>
            <input type="checkbox" name="repeated" checked={repeatOnly} onChange={(e) => setRepeatOnly(e.target.checked)} /> {t('qyRepeatedOnly', { n: repeated.size })}
          </label>
          <button type="button" onClick={() => downloadText(tableCsv(list), `icc-${a.survey.year}-${data.code}-texts-by-year.csv`.replace(/[^A-Za-z0-9._-]+/g, '-'))}>
            {t('qyDownloadTexts')}
          </button>
        </form>
        <p className="muted" aria-live="polite">
          {t('textsShown', { shown: shown.length, total: all.length })}
        </p>
        <ul className="text-list">
          {shown.slice(0, limit).map((e, i) => (
            <li key={`${e.city}-${e.year}-${i}`}>
              <blockquote>{e.text}</blockquote>
              <span className="text-city">
                {e.cityName} · {e.year}
              </span>
            </li>
          ))}
        </ul>
        {shown.length > limit && (
          <button type="button" onClick={() => setLimit((l) => l + TEXTS_AT_ONCE)}>
            {t('showMoreTexts', { n: Math.min(TEXTS_AT_ONCE, shown.length - limit) })}
          </button>
        )}
      </div>
    </Figure>
  );
}
