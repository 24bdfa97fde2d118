/**
 * The published summary of one survey year (issue 7, Rec 19 dissemination): the headline figures of an analysis,
 * reduced to what may be shown to anyone. Pure: takes analyseSurvey's result and the questionnaire's catalogue.
 *
 * What it keeps (every figure with its n, and shares with their Wilson 95% interval, means with their t interval):
 * - response rate: responding cities n of invited cities N (never suppressed: it discloses no answer);
 * - Rec 19: share of cities reporting a change and a change attributed to ICC (rating ≥ threshold), per policy
 *   area and overall, n = cities answering yes or no (an unrated change counts as not attributed, as in
 *   change-indicators.ts `attributedAmongAnswering`); the services credited (n = cities answering a services
 *   question); the panel change of the overall share since last year (n = cities answering both years);
 * - Rec 17: the 0-100 progress score per area and overall (mean, t interval, median; n = cities with a score),
 *   and the panel change of the overall score since last year;
 * - Rec 11: channels ranked by cities (mean rank, share ranking each first and last), share preferring email,
 *   preferred and least favourite channel (n = cities that answered the ranking).
 *
 * What it leaves out, on purpose: anything city-level (per-city scores, text answers, the cities interested in
 * each topic, pairing suggestions), breakdowns by network, country or size (small groups), minimum and maximum
 * (one city's value each), and the panel's own current and previous means (with the cross-section mean they
 * would give the mean of the cities outside the panel: one city's value when a single city is new).
 *
 * Suppression: a figure whose n is below minCell (default 5) is published as `suppressed: true` with n and its
 * values null, so that no figure describes fewer than minCell cities.
 */
import type { SurveyAnalysis } from './analyse-survey';
import type { Cell, ColumnSpec, Table } from './indicator-tables';
import { comparePolicyAreas, questionsTagged, type SurveyCatalogue } from './survey-catalogue';
import { proportion, type Interval, type Proportion } from './wilson-interval';

/** A label in both languages of the platform. */
export interface BilingualLabel {
  en: string;
  fr: string;
}

/** A share k of n with its Wilson interval, or all null when n < minCell. */
export interface PublicShare {
  k: number | null;
  n: number | null;
  p: number | null;
  ci95: Interval | null;
  suppressed: boolean;
}

/** A mean with its t interval (and median), or all null when n < minCell. */
export interface PublicMean {
  n: number | null;
  mean: number | null;
  ci95: Interval | null;
  median: number | null;
  suppressed: boolean;
}

/** The mean paired change on the panel of cities answering both years; all null when the panel is below minCell. */
export interface PublicPanelChange {
  previousYear: number;
  n: number | null;
  meanChange: number | null;
  ci95: Interval | null;
  suppressed: boolean;
}

/** The published summary of one year. Plain JSON; stored as the snapshot of a publication. */
export interface PublicSummary {
  /** Version of this shape, so a stored snapshot can be read by later code. */
  schema: 1;
  year: number;
  title: string;
  /** Cities whose saved answers were analysed (n) and cities invited (N, the roster). */
  n: number;
  N: number | null;
  minCell: number;
  threshold: number;
  responseRate: { responded: number; invited: number | null; p: number | null; ci95: Interval | null };
  rec19: {
    overall: { change: PublicShare; attributed: PublicShare; panel: PublicPanelChange | null };
    areas: { area: string; change: PublicShare; attributed: PublicShare }[];
    services: { n: number | null; suppressed: boolean; items: { value: string; kind: string; share: PublicShare }[] };
  };
  rec17: {
    formula: string;
    overall: PublicMean & { panel: PublicPanelChange | null };
    areas: ({ area: string } & PublicMean)[];
  };
  rec11: {
    n: number | null;
    suppressed: boolean;
    emailPreferred: PublicShare;
    preferred: { value: string; share: PublicShare } | null;
    leastFavourite: { value: string; share: PublicShare } | null;
    channels: { value: string; nRanked: number | null; meanRank: number | null; first: PublicShare; last: PublicShare }[];
  };
  labels: { areas: Record<string, BilingualLabel>; channels: Record<string, BilingualLabel>; services: Record<string, BilingualLabel> };
}

/** What publicSummary takes. */
export interface PublicSummaryInput {
  analysis: SurveyAnalysis;
  catalogue: SurveyCatalogue;
  survey: { year: number; title: string };
  /** Year of the previous survey the panel changes compare with (null: none). */
  previousYear: number | null;
}

const blankShare: PublicShare = { k: null, n: null, p: null, ci95: null, suppressed: true };

/** A share published only when its n reaches minCell. */
export function publicShare(p: Proportion, minCell: number): PublicShare {
  if (p.n < minCell) return blankShare;
  return { k: p.k, n: p.n, p: p.p, ci95: p.ci95, suppressed: false };
}

function publicMean(s: { n: number; mean: number | null; ci95: Interval | null; median?: number | null }, minCell: number): PublicMean {
  if (s.n < minCell) return { n: null, mean: null, ci95: null, median: null, suppressed: true };
  return { n: s.n, mean: s.mean, ci95: s.ci95, median: s.median ?? null, suppressed: false };
}

function publicPanel(panel: { n: number; meanChange: number | null; ci95: Interval | null } | undefined, previousYear: number | null, minCell: number): PublicPanelChange | null {
  if (!panel || previousYear === null) return null;
  if (panel.n < minCell) return { previousYear, n: null, meanChange: null, ci95: null, suppressed: true };
  return { previousYear, n: panel.n, meanChange: panel.meanChange, ci95: panel.ci95, suppressed: false };
}

const label = (text: { en: string; fr: string | null }): BilingualLabel => ({ en: text.en, fr: text.fr ?? text.en });

/** Labels of areas (matrix rows tagged with a policy area), channels and services, read from the questionnaire. */
function labelsOf(catalogue: SurveyCatalogue): PublicSummary['labels'] {
  const areas: Record<string, BilingualLabel> = {};
  const channels: Record<string, BilingualLabel> = {};
  const services: Record<string, BilingualLabel> = {};
  for (const q of catalogue.questions) {
    for (const row of q.rows) if (row.policyArea) areas[row.policyArea] ??= label(row.text);
    if (q.indicator === 'channel_ranking') for (const o of q.options) channels[o.key] ??= label(o.text);
    if (q.indicator === 'services') for (const o of q.options) services[o.key] ??= label(o.text);
  }
  return { areas, channels, services };
}

/**
 * The published summary of an analysis: the headline figures above, each suppressed below minCell, with no
 * city-level value, name or text. `analysis` must be analyseSurvey's result without filters (all cities).
 */
export function publicSummary({ analysis: a, catalogue, survey, previousYear }: PublicSummaryInput): PublicSummary {
  const m = a.minCell;
  const share = (p: Proportion) => publicShare(p, m);
  const services = a.rec19.services;
  const servicesShown = services !== null && services.n >= m;
  const rec11Shown = a.rec11.n >= m;
  const labels = labelsOf(catalogue);
  const pickOf = (pick: SurveyAnalysis['rec11']['preferred']) =>
    pick && rec11Shown && Object.hasOwn(labels.channels, pick.value) ? { value: pick.value, share: share(pick.share) } : null;
  const rankingAsked = questionsTagged(catalogue, 'channel_ranking').length > 0;
  return {
    schema: 1,
    year: survey.year,
    title: survey.title,
    n: a.n,
    N: a.N ?? null,
    minCell: m,
    threshold: a.rec19.threshold,
    responseRate: {
      responded: a.responseRates.overall.responded,
      invited: a.responseRates.overall.invited,
      p: a.responseRates.overall.p,
      ci95: a.responseRates.overall.ci95,
    },
    rec19: {
      overall: {
        change: share(a.rec19.overall.change),
        attributed: share(a.rec19.overall.attributedAmongAnswering),
        panel: publicPanel(a.rec19.yearOverYear?.overall.change.panel, previousYear, m),
      },
      areas: a.rec19.areas
        .map((x) => ({ area: x.area, change: share(x.change), attributed: share(x.attributedAmongAnswering) }))
        .sort((x, y) => comparePolicyAreas(x.area, y.area)),
      services: {
        n: servicesShown ? services.n : null,
        suppressed: !servicesShown,
        // Only the questionnaire's own choices: a value saved outside them (through the API) could be any text.
        items: services
          ? Object.keys(services.counts)
              .filter((value) => Object.hasOwn(labels.services, value))
              .map((value) => ({
                value,
                kind: services.kinds[value] ?? 'substantive',
                share: servicesShown ? share(proportion(services.counts[value]!, services.n)) : blankShare,
              }))
          : [],
      },
    },
    rec17: {
      formula: a.rec17.formula,
      overall: { ...publicMean(a.rec17.overall, m), panel: publicPanel(a.rec17.change?.overall.panel, previousYear, m) },
      areas: a.rec17.areas.map((x) => ({ area: x.area, ...publicMean(x, m) })).sort((x, y) => comparePolicyAreas(x.area, y.area)),
    },
    rec11: {
      n: rec11Shown ? a.rec11.n : null,
      suppressed: !rec11Shown,
      emailPreferred: share(a.rec11.emailPreferred),
      preferred: pickOf(a.rec11.preferred),
      leastFavourite: pickOf(a.rec11.leastFavourite),
      channels: rankingAsked
        ? a.rec11.channels.filter((c) => Object.hasOwn(labels.channels, c.value)).map((c) => ({
            value: c.value,
            nRanked: rec11Shown && c.nRanked >= m ? c.nRanked : null,
            meanRank: rec11Shown && c.nRanked >= m ? c.meanRank : null,
            first: rec11Shown ? share(c.rankedFirst) : blankShare,
            last: rec11Shown ? share(c.rankedLast) : blankShare,
          }))
        : [],
    },
    labels,
  };
}

// -------------------------------------------------------------------------------------------------------------
// The downloadable tables of a published summary (aggregated only: every row is a figure, never a city).

const col = (name: string, description: string): ColumnSpec => ({ name, description });
const shareCells = (s: PublicShare): Cell[] => [s.k, s.n, s.p, s.ci95?.[0] ?? null, s.ci95?.[1] ?? null, s.suppressed];
const shareColumns = (prefix: string, what: string): ColumnSpec[] => [
  col(`${prefix}_k`, `cities ${what} (empty when suppressed)`),
  col(`${prefix}_n`, `cities in the denominator of ${prefix} (empty when fewer than the minimum cell)`),
  col(`${prefix}_p`, `${prefix}_k / ${prefix}_n`),
  col(`${prefix}_ci95_lo`, `lower bound of the Wilson 95% interval of ${prefix}_p`),
  col(`${prefix}_ci95_hi`, `upper bound of the Wilson 95% interval of ${prefix}_p`),
  col(`${prefix}_suppressed`, `true when ${prefix}_n is below the minimum cell and the figure is hidden`),
];
const meanCells = (s: PublicMean): Cell[] => [s.n, s.mean, s.ci95?.[0] ?? null, s.ci95?.[1] ?? null, s.median, s.suppressed];
const meanColumns: ColumnSpec[] = [
  col('n', 'cities with a score (empty when suppressed)'),
  col('mean', 'mean score (0-100)'),
  col('ci95_lo', 'lower bound of the 95% t interval of the mean'),
  col('ci95_hi', 'upper bound of the 95% t interval of the mean'),
  col('median', 'median score'),
  col('suppressed', 'true when fewer cities than the minimum cell have a score and the figure is hidden'),
];
const en = (labels: Record<string, BilingualLabel>, key: string): Cell => labels[key]?.en ?? key;
const fr = (labels: Record<string, BilingualLabel>, key: string): Cell => labels[key]?.fr ?? key;

/** The summary's figures as flat tables (one CSV each), then a codebook of their columns. */
export function publicSummaryTables(s: PublicSummary): Table[] {
  const L = s.labels;
  const tables: Table[] = [
    {
      file: 'response_rate.csv',
      description: `response rate of the ${s.year} survey: responding cities of invited cities`,
      columns: [
        col('year', 'survey year'),
        col('responded', 'cities that saved answers (n)'),
        col('invited', 'cities invited (N)'),
        col('rate', 'responded / invited'),
        col('ci95_lo', 'lower bound of the Wilson 95% interval of rate'),
        col('ci95_hi', 'upper bound of the Wilson 95% interval of rate'),
      ],
      rows: [[s.year, s.responseRate.responded, s.responseRate.invited, s.responseRate.p, s.responseRate.ci95?.[0] ?? null, s.responseRate.ci95?.[1] ?? null]],
    },
    {
      file: 'rec19_changes.csv',
      description: `Rec 19: cities reporting a change, and a change attributed to ICC (rating ≥ ${s.threshold} of 5), per policy area and overall`,
      columns: [
        col('area', 'ICC Index policy area code, or overall (a change in at least one area)'),
        col('area_en', 'policy area in English'),
        col('area_fr', 'policy area in French'),
        ...shareColumns('change', 'reporting a change; n = cities answering yes or no'),
        ...shareColumns('attributed', `reporting a change rated ≥ ${s.threshold}; n = cities answering yes or no`),
      ],
      rows: [
        ...s.rec19.areas.map((x) => [x.area, en(L.areas, x.area), fr(L.areas, x.area), ...shareCells(x.change), ...shareCells(x.attributed)]),
        ['overall', 'All areas', 'Tous les domaines', ...shareCells(s.rec19.overall.change), ...shareCells(s.rec19.overall.attributed)],
      ],
    },
    {
      file: 'rec19_services.csv',
      description: 'Rec 19: ICC services credited with a change in at least one area; n = cities answering a services question',
      columns: [col('service', 'service choice value'), col('service_en', 'service in English'), col('service_fr', 'service in French'), col('kind', 'substantive, other or dontknow (none of these)'), ...shareColumns('credited', 'crediting the service')],
      rows: s.rec19.services.items.map((x) => [x.value, en(L.services, x.value), fr(L.services, x.value), x.kind, ...shareCells(x.share)]),
    },
    {
      file: 'rec17_progress.csv',
      description: 'Rec 17: progress score (0-100, the ICC Index scale) per policy area and overall',
      columns: [col('area', 'policy area code, or overall'), col('area_en', 'policy area in English'), col('area_fr', 'policy area in French'), ...meanColumns],
      rows: [
        ...s.rec17.areas.map((x) => [x.area, en(L.areas, x.area), fr(L.areas, x.area), ...meanCells(x)]),
        ['overall', 'Overall score', 'Score global', ...meanCells(s.rec17.overall)],
      ],
    },
    {
      file: 'year_over_year.csv',
      description: 'change since the previous survey year on the panel of cities that answered both years (mean paired change)',
      columns: [
        col('indicator', 'rec19_change (share of cities reporting a change, as a difference of 0/1 per city) or rec17_overall (overall progress score)'),
        col('previous_year', 'the year compared with'),
        col('panel_n', 'cities answering both years (empty when suppressed)'),
        col('mean_change', 'mean paired change (share: fraction; score: points)'),
        col('ci95_lo', 'lower bound of the 95% t interval of mean_change'),
        col('ci95_hi', 'upper bound of the 95% t interval of mean_change'),
        col('suppressed', 'true when the panel is smaller than the minimum cell'),
      ],
      rows: (
        [
          ['rec19_change', s.rec19.overall.panel],
          ['rec17_overall', s.rec17.overall.panel],
        ] as const
      ).flatMap(([indicator, p]) => (p ? [[indicator, p.previousYear, p.n, p.meanChange, p.ci95?.[0] ?? null, p.ci95?.[1] ?? null, p.suppressed] as Cell[]] : [])),
    },
    {
      file: 'rec11_channels.csv',
      description: 'Rec 11: communication channels ranked by cities (1 = preferred), best mean rank first',
      columns: [
        col('channel', 'channel choice value'),
        col('channel_en', 'channel in English'),
        col('channel_fr', 'channel in French'),
        col('n_ranked', 'cities that ranked the channel (empty when suppressed)'),
        col('mean_rank', 'mean position (1 = first) over n_ranked'),
        ...shareColumns('first', 'ranking the channel first; n = cities that answered the ranking'),
        ...shareColumns('last', 'ranking the channel last; n = cities that ranked every channel'),
      ],
      rows: s.rec11.channels.map((c) => [c.value, en(L.channels, c.value), fr(L.channels, c.value), c.nRanked, c.meanRank, ...shareCells(c.first), ...shareCells(c.last)]),
    },
  ];
  const codebook: Table = {
    file: 'codebook.csv',
    description: 'every column of every table of the published summary',
    columns: [col('file', 'table file'), col('column', 'column name (empty: the table itself)'), col('description', 'what it holds')],
    rows: [],
  };
  codebook.rows = [...tables, codebook].flatMap((t) => [[t.file, '', t.description] as Cell[], ...t.columns.map((c) => [t.file, c.name, c.description] as Cell[])]);
  return [...tables, codebook];
}
