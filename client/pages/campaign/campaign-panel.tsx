/**
 * How the campaign is going (Rec 10): cities invited, opened, started and submitted; submissions day by day
 * against last year's campaign (aligned on days since opening); response rates per network with their 95%
 * interval. Loaded lazily with chart.js, below the city list.
 */
import { useCallback, useEffect, useState } from 'react';
import { api, errorText } from '../../api';
import { translate, type Lang, type MessageKey } from '../../i18n';
import { Figure, type ChartSpec, type FigureTable } from '../analysis/figure';
import { formats } from '../analysis/model';

interface DayCount {
  day: number;
  started: number;
  submitted: number;
}
interface Rate {
  N: number;
  started: number;
  n: number;
  rate: number | null;
  ci95: [number, number] | null;
}
/** A breakdown cell under the small-cell rule: hidden cells keep N and show '—'. */
interface HiddenRate {
  N: number;
  started: number | null;
  n: number | null;
  rate: number | null;
  ci95: [number, number] | null;
  suppressed: boolean;
}
type SizeBand = 'small' | 'medium' | 'large' | 'very_large' | 'unknown';
const SIZE_KEY = {
  small: 'campaignSizeSmall',
  medium: 'campaignSizeMedium',
  large: 'campaignSizeLarge',
  very_large: 'campaignSizeVeryLarge',
  unknown: 'campaignSizeUnknown',
} as const satisfies Record<SizeBand, MessageKey>;
interface Campaign {
  survey: { year: number };
  totals: { cities: number; invited: number; opened: number; emails: { sent: number; failed: number; pending: number } };
  responseRate: Rate;
  byNetwork: ({ network: string; name: string; members: number } & Rate)[];
  byCountry: ({ country: string; members: number } & HiddenRate)[];
  bySizeBand: ({ sizeBand: SizeBand; members: number } & HiddenRate)[];
  responsesPerDay: { current: { year: number; days: DayCount[] }; previous: { year: number; days: DayCount[] } | null };
}

/** Running totals by day index, carried forward over days without a row; null after the series ends. */
function series(days: DayCount[], length: number, pick: (d: DayCount) => number): (number | null)[] {
  const byDay = new Map(days.map((d) => [d.day, d]));
  const last = days.length > 0 ? Math.max(...days.map((d) => d.day)) : -1;
  const out: (number | null)[] = [];
  let value = 0;
  for (let day = 0; day < length; day++) {
    const d = byDay.get(day);
    if (d) value = pick(d);
    out.push(day <= last ? value : null);
  }
  return out;
}

export default function CampaignPanel({ surveyId, lang }: { surveyId: number; lang: Lang }) {
  const t = useCallback((k: MessageKey, v?: Record<string, string | number>) => translate(lang, k, v), [lang]);
  const [c, setC] = useState<Campaign>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    api<Campaign>(`/api/surveys/${surveyId}/campaign`)
      .then(setC)
      .catch((err: unknown) => setError(errorText(err, t)));
  }, [surveyId, t]);
  if (error) return <p className="notice notice-error">{error}</p>;
  if (!c) return <p aria-busy="true">{t('loading')}</p>;

  const f = formats(lang);
  const current = c.responsesPerDay.current.days;
  const previous = c.responsesPerDay.previous?.days ?? null;
  const length = Math.max(1, ...current.map((d) => d.day + 1), ...(previous ?? []).map((d) => d.day + 1));
  const thisYear = series(current, length, (d) => d.submitted);
  const lastYear = previous ? series(previous, length, (d) => d.submitted) : null;
  const startedThisYear = series(current, length, (d) => d.started);
  const chart: ChartSpec = {
    kind: 'lines',
    xLabels: Array.from({ length }, (_, i) => String(i)),
    max: Math.max(1, c.totals.cities),
    series: [
      { label: t('campaignSubmittedYear', { year: c.survey.year }), values: thisYear },
      ...(lastYear ? [{ label: t('campaignSubmittedYear', { year: c.survey.year - 1 }), values: lastYear }] : []),
      { label: t('campaignStartedYear', { year: c.survey.year }), values: startedThisYear },
    ],
  };
  // The table gives the totals each week and on the last day, not every day.
  const shownDays = [...new Set([...Array.from({ length }, (_, i) => i).filter((i) => i % 7 === 0), length - 1])];
  const cell = (v: number | null | undefined) => (v === null || v === undefined ? '—' : String(v));
  const dayTable: FigureTable = {
    caption: t('campaignPerDayTitle'),
    head: [t('campaignDay'), t('campaignSubmittedYear', { year: c.survey.year }), ...(lastYear ? [t('campaignSubmittedYear', { year: c.survey.year - 1 })] : []), t('campaignStartedYear', { year: c.survey.year })],
    rows: shownDays.map((d) => ({ label: String(d), cells: [cell(thisYear[d]), ...(lastYear ? [cell(lastYear[d])] : []), cell(startedThisYear[d])] })),
  };
  const rateCells = (r: Rate) => [String(r.N), String(r.started), String(r.n), f.pct(r.rate), f.ciPct(r.ci95 ?? null)];
  const networkTable: FigureTable = {
    caption: t('campaignByNetworkTitle'),
    head: [t('filterNetwork'), t('campaignInvited'), t('campaignStarted'), t('campaignSubmitted'), t('responseRate'), t('colCi')],
    rows: [
      ...c.byNetwork.map((n) => ({ label: `${n.name} (${n.network})`, cells: rateCells(n) })),
      { label: t('allCities'), cells: rateCells(c.responseRate) },
    ],
  };
  const hiddenCells = (r: HiddenRate) =>
    r.suppressed ? [String(r.N), '—', '—', '—', '—'] : [String(r.N), String(r.started), String(r.n), f.pct(r.rate), f.ciPct(r.ci95 ?? null)];
  const rateHead = [t('campaignInvited'), t('campaignStarted'), t('campaignSubmitted'), t('responseRate'), t('colCi')];
  const sizeTable: FigureTable = {
    caption: t('campaignBySizeTitle'),
    head: [t('filterSize'), ...rateHead],
    rows: c.bySizeBand.map((b) => ({ label: t(SIZE_KEY[b.sizeBand] ?? 'campaignSizeUnknown'), cells: hiddenCells(b) })),
  };
  // Countries nobody was invited from have no rate: left out of the table.
  const countryTable: FigureTable = {
    caption: t('campaignByCountryTitle'),
    head: [t('filterCountry'), ...rateHead],
    rows: c.byCountry.filter((x) => x.N > 0).map((x) => ({ label: x.country, cells: hiddenCells(x) })),
  };
  const anyHidden = [...c.bySizeBand, ...c.byCountry].some((x) => x.suppressed);
  const hiddenNote = anyHidden ? t('suppressedNote', { min: 5 }) : undefined;
  return (
    <section className="panel campaign" aria-labelledby="campaign-title">
      <h2 id="campaign-title">{t('campaignTitle')}</h2>
      <p>
        {t('campaignTotals', {
          invited: c.totals.invited,
          cities: c.totals.cities,
          opened: c.totals.opened,
          started: c.responseRate.started,
          submitted: c.responseRate.n,
        })}{' '}
        {t('campaignEmails', { sent: c.totals.emails.sent, failed: c.totals.emails.failed, pending: c.totals.emails.pending })}
      </p>
      <Figure stacked id="campaign-per-day" table={dayTable} chart={chart} n={null} note={t('campaignPerDayNote')} suppressed={false} t={t} year={c.survey.year} minCell={5} level={3} />
      <Figure id="campaign-by-network" table={networkTable} chart={null} n={c.totals.invited} suppressed={false} t={t} year={c.survey.year} minCell={5} level={3} />
      <Figure id="campaign-by-size" table={sizeTable} chart={null} n={c.totals.invited} note={hiddenNote} suppressed={false} t={t} year={c.survey.year} minCell={5} level={3} />
      <Figure id="campaign-by-country" table={countryTable} chart={null} n={c.totals.invited} note={hiddenNote} suppressed={false} t={t} year={c.survey.year} minCell={5} level={3} />
    </section>
  );
}
