/**
 * One question across years, on the question's page: the share of each choice (or the mean of a rating or
 * number) in every year of the questionnaire that asked it under the same code, as lines with 95% intervals and
 * a table with n per year and the panel n (cities that answered both that year and this one). Each year is a
 * cross-section of the cities that answered it; cells under `minCell` cities are shown as '—'.
 */
import { useEffect, useRef, useState } from 'react';
import { ApiError, api } from '../../api';
import { Figure, type ChartSpec, type FigureTable, type Interval } from './figure';
import type { AnswerKind, LocalisedText, Share } from './model';
import type { ViewContext } from './question-view';

/** GET /api/surveys/:id/questions/:code/years (analysis/question-years.ts). */
export interface QuestionYears {
  code: string;
  kind: 'choice' | 'mean' | null;
  options: { key: string; kind: AnswerKind; text: LocalisedText }[];
  years: {
    year: number;
    asked: boolean;
    n: number;
    panelN: number | null;
    shares?: Record<string, Share>;
    mean?: { n: number; mean: number | null; ci95: Interval };
  }[];
}

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
