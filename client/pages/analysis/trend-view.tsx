/**
 * Lines across years: the headline indicators of every year of this questionnaire, under the page's filters.
 * Cross-sections: each year over the cities that answered it (n shown per year); the panel change of the
 * progress score is on the headline page.
 */
import { useEffect, useRef, useState } from 'react';
import { ApiError, api } from '../../api';
import { Figure, type ChartSpec, type FigureTable, type Interval } from './figure';
import type { Share, TrendPoint } from './model';
import type { ViewContext } from './question-view';

export function TrendView({ ctx, query }: { ctx: ViewContext; query: string }) {
  const { a, t, f } = ctx;
  const [points, setPoints] = useState<TrendPoint[]>();
  const [error, setError] = useState<string>();
  // Read through a ref: switching language must not refetch the years (see analysis-page.tsx).
  const tRef = useRef(t);
  tRef.current = t;
  useEffect(() => {
    const controller = new AbortController();
    api<TrendPoint[]>(`/api/surveys/${a.survey.id}/trend${query ? `?${query}` : ''}`, { signal: controller.signal })
      .then((p) => {
        setPoints(p);
        setError(undefined);
      })
      .catch((err: unknown) => {
        if ((err as Error).name !== 'AbortError') setError(err instanceof ApiError ? err.message : tRef.current('networkError'));
      });
    return () => controller.abort();
  }, [a.survey.id, query]);
  if (error) return <p className="notice notice-error" role="alert">{error}</p>;
  if (!points) return <p aria-busy="true">{t('loading')}</p>;

  const min = a.minCell;
  const shown = (s: Share) => s.n >= min && s.p !== null;
  const pc = (s: Share) => (shown(s) ? s.p! * 100 : null);
  const ciOf = (s: Share): Interval => (shown(s) && s.ci95 ? [s.ci95[0] * 100, s.ci95[1] * 100] : null);
  const cellOf = (s: Share) => (shown(s) ? `${f.pct(s.p)} (${f.ciPct(s.ci95)}; n = ${s.n})` : `— (n = ${s.n})`);
  const progressShown = (p: TrendPoint) => p.progress.n >= min && p.progress.mean !== null;
  const rateShare = (p: TrendPoint): Share => ({ k: p.n, n: p.N ?? 0, p: p.responseRate.p, ci95: p.responseRate.ci95 });
  let suppressed = false;
  for (const p of points) {
    if (![rateShare(p), p.change, p.attributed, p.emailPreferred].every(shown) || !progressShown(p)) suppressed = true;
  }

  const chart: ChartSpec = {
    kind: 'lines',
    xLabels: points.map((p) => String(p.year)),
    series: [
      { label: t('responseRate'), values: points.map((p) => pc(rateShare(p))), ci: points.map((p) => ciOf(rateShare(p))) },
      { label: t('trendChange'), values: points.map((p) => pc(p.change)), ci: points.map((p) => ciOf(p.change)) },
      { label: t('trendAttributed'), values: points.map((p) => pc(p.attributed)), ci: points.map((p) => ciOf(p.attributed)) },
      { label: t('trendEmail'), values: points.map((p) => pc(p.emailPreferred)), ci: points.map((p) => ciOf(p.emailPreferred)) },
      {
        label: t('trendProgress'),
        values: points.map((p) => (progressShown(p) ? p.progress.mean : null)),
        ci: points.map((p) => (progressShown(p) ? p.progress.ci95 : null)),
      },
    ],
  };
  const table: FigureTable = {
    caption: t('trendTitle'),
    head: [t('colYear'), t('responseRate'), t('trendChange'), t('trendAttributed'), t('trendEmail'), t('trendProgress')],
    rows: points.map((p) => ({
      label: String(p.year),
      cells: [
        `${f.pct(p.responseRate.p)} (${t('ofCities', { n: p.n, N: p.N ?? '—' })})`,
        cellOf(p.change),
        cellOf(p.attributed),
        cellOf(p.emailPreferred),
        progressShown(p) ? `${f.num(p.progress.mean)} (${f.ciNum(p.progress.ci95)}; n = ${p.progress.n})` : `— (n = ${p.progress.n})`,
      ],
    })),
  };
  return (
    <>
      <Figure stacked id="trend" table={table} chart={points.length > 0 ? chart : null} n={null} note={t('trendNote')} suppressed={suppressed} t={t} year={a.survey.year} minCell={min} />
      {points.length < 2 && <p className="hint">{t('trendOneYear')}</p>}
    </>
  );
}
