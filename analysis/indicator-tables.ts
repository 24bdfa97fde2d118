/**
 * The indicator tables of an analysis as flat tables (one CSV file each), with a description of every column,
 * from which the codebook is built. Pure: the CLI writes them.
 */
import type { SurveyAnalysis } from './analyse-survey';
import type { ChoiceSummary, NumericSummary, QuestionSummary, RankingSummary, TextSummary } from './question-summaries';
import type { SampleSummary } from './sample-summary';
import type { PairReason } from './pairing';
import type { SurveyCatalogue } from './survey-catalogue';
import type { Interval, Proportion } from './wilson-interval';
import type { YearOverYear } from './year-over-year';

/** A table cell; null is written as an empty cell. */
export type Cell = string | number | boolean | null;

/** One column: name and what it holds. */
export interface ColumnSpec {
  name: string;
  description: string;
}

/** One exported table. */
export interface Table {
  file: string;
  description: string;
  columns: ColumnSpec[];
  rows: Cell[][];
}

const lo = (ci: Interval | null | undefined): Cell => ci?.[0] ?? null;
const hi = (ci: Interval | null | undefined): Cell => ci?.[1] ?? null;
const prop = (p: Proportion): Cell[] => [p.k, p.n, p.p, lo(p.ci95), hi(p.ci95)];
const propColumns = (prefix: string, what: string): ColumnSpec[] => [
  { name: `${prefix}_k`, description: `cities ${what} (k)` },
  { name: `${prefix}_n`, description: `cities in the denominator of ${prefix} (n)` },
  { name: `${prefix}_p`, description: `${prefix}_k / ${prefix}_n` },
  { name: `${prefix}_ci95_lo`, description: `lower bound of the Wilson 95% interval of ${prefix}_p` },
  { name: `${prefix}_ci95_hi`, description: `upper bound of the Wilson 95% interval of ${prefix}_p` },
];
const col = (name: string, description: string): ColumnSpec => ({ name, description });
const CI_COLUMNS = [col('ci95_lo', 'lower bound of the 95% interval'), col('ci95_hi', 'upper bound of the 95% interval')];

const isChoice = (s: QuestionSummary): s is ChoiceSummary => 'counts' in s;
const isNumeric = (s: QuestionSummary): s is NumericSummary => 'distribution' in s;
const isRanking = (s: QuestionSummary): s is RankingSummary => 'meanRank' in s;
const isText = (s: QuestionSummary): s is TextSummary => 'texts' in s;

function questionRows(code: string, s: QuestionSummary): Cell[][] {
  const head = [code, s.type, s.indicator ?? null, s.policyArea ?? null, s.n];
  const rows: Cell[][] = [];
  const add = (statistic: string, key: Cell, kind: Cell, value: Cell, ci?: Interval | null) =>
    rows.push([...head, statistic, key, kind, value, lo(ci), hi(ci)]);
  if (isChoice(s)) {
    for (const [key, count] of Object.entries(s.counts)) {
      add('count', key, s.kinds[key] ?? null, count);
      const share = s.shares[key];
      if (share) add('share', key, s.kinds[key] ?? null, share.p, share.ci95);
    }
  } else if (isNumeric(s)) {
    add('mean', null, null, s.mean, s.ci95);
    add('sd', null, null, s.sd);
    add('median', null, null, s.median);
    add('q1', null, null, s.q1);
    add('q3', null, null, s.q3);
    add('min', null, null, s.min);
    add('max', null, null, s.max);
    for (const [key, count] of Object.entries(s.distribution)) add('count', key, null, count);
  } else if (isRanking(s)) {
    add('n_complete', null, null, s.nComplete);
    for (const key of Object.keys(s.rankedCount)) {
      add('ranked_count', key, null, s.rankedCount[key]!);
      add('mean_rank', key, null, s.meanRank[key] ?? null);
      add('ranked_first_share', key, null, s.rankedFirst[key]!.p, s.rankedFirst[key]!.ci95);
      add('ranked_last_share', key, null, s.rankedLast[key]!.p, s.rankedLast[key]!.ci95);
    }
  } else {
    add('answered', null, null, s.n);
  }
  return rows;
}

function questionsTable(a: SurveyAnalysis): Table {
  return {
    file: 'questions.csv',
    description: 'every question (matrix rows as "<code>.<row>") in long format: one statistic per row',
    columns: [
      col('question', 'question code (matrix rows: <code>.<row>)'),
      col('type', 'SurveyJS question type'),
      col('indicator', 'analysis tag of the question'),
      col('policy_area', 'ICC Index policy area of the question or matrix row'),
      col('n', 'responses that answered the item'),
      col(
        'statistic',
        'count, share (Wilson interval), mean (t interval), sd, median, q1, q3, min, max, answered, n_complete, ranked_count, mean_rank, ranked_first_share (over n), ranked_last_share (over n_complete)',
      ),
      col('key', 'choice value the statistic is about (empty for whole-question statistics)'),
      col('kind', 'substantive, other or dontknow (don\'t know, refused, none of these): kept apart from substantive answers'),
      col('value', 'the statistic'),
      ...CI_COLUMNS,
    ],
    rows: Object.entries(a.questions).flatMap(([code, s]) => questionRows(code, s)),
  };
}

function textsTable(a: SurveyAnalysis): Table {
  const rows: Cell[][] = [];
  for (const [code, s] of Object.entries(a.questions)) {
    if (isText(s)) for (const t of s.texts) rows.push([code, 'answer', t.city, t.text]);
    const comments = (s as { comments?: { city: string; text: string }[] }).comments ?? [];
    for (const t of comments) rows.push([code, 'other_or_comment', t.city, t.text]);
  }
  return {
    file: 'texts.csv',
    description: 'free-text answers, "other" texts and comments, by question and city',
    columns: [
      col('question', 'question code'),
      col('source', 'answer (a text question) or other_or_comment (the "other" text or comment of a question)'),
      col('city', 'city code'),
      col('text', 'the text as written'),
    ],
    rows,
  };
}

function rec19Tables(a: SurveyAnalysis): Table[] {
  const r = a.rec19;
  const areaRows: Cell[][] = r.areas.map((x) => [
    x.area,
    x.answered,
    x.yes,
    x.no,
    x.dontKnow,
    ...prop(x.change),
    x.dontKnowShare.p,
    x.attribution.n,
    x.attribution.mean,
    lo(x.attribution.ci95),
    hi(x.attribution.ci95),
    ...prop(x.attributedAmongChanged),
    ...prop(x.attributedAmongAnswering),
    x.changedWithoutAttribution,
  ]);
  const o = r.overall;
  areaRows.push([
    'overall',
    o.answered,
    null,
    null,
    o.allDontKnow,
    ...prop(o.change),
    null,
    null,
    null,
    null,
    null,
    ...prop(o.attributedAmongChanged),
    ...prop(o.attributedAmongAnswering),
    null,
  ]);
  const byArea: Table = {
    file: 'rec19_by_area.csv',
    description: `Rec 19: changes per policy area and overall (attributed to ICC = attribution ≥ ${r.threshold})`,
    columns: [
      col('area', 'ICC Index policy area, or overall (at least one area)'),
      col('answered', 'cities answering the area (yes, no or don\'t know); overall: at least one area'),
      col('yes', 'cities reporting a change'),
      col('no', 'cities reporting no change'),
      col('dont_know', 'cities answering don\'t know (overall: cities answering only don\'t know)'),
      ...propColumns('change', 'reporting a change; n = yes + no (overall: a change in at least one area)'),
      col('dont_know_p', 'dont_know / answered'),
      col('attribution_n', 'cities reporting a change that rated its attribution'),
      col('attribution_mean', 'mean attribution rating (1-5) of those cities'),
      col('attribution_ci95_lo', 'lower bound of the 95% t interval of attribution_mean'),
      col('attribution_ci95_hi', 'upper bound of the 95% t interval of attribution_mean'),
      ...propColumns('attributed_among_changed', 'with a change rated ≥ threshold; n = cities with a rated change'),
      ...propColumns('attributed_among_answering', 'with a change rated ≥ threshold; n = yes + no (unrated changes count as not attributed)'),
      col('changed_without_attribution', 'cities reporting a change without rating its attribution'),
    ],
    rows: areaRows,
  };
  const serviceRows: Cell[][] = [];
  const addServices = (area: string, s: typeof r.services) => {
    if (!s) return;
    for (const [service, k] of Object.entries(s.counts)) {
      const share = s.shares[service];
      serviceRows.push([area, service, s.kinds[service] ?? null, s.n, k, share?.p ?? null, lo(share?.ci95), hi(share?.ci95)]);
    }
  };
  for (const x of r.areas) addServices(x.area, x.services);
  addServices('all_areas', r.services);
  const services: Table = {
    file: 'rec19_services.csv',
    description: 'Rec 19: ICC services credited with the changes, per policy area and across areas',
    columns: [
      col('area', 'policy area, or all_areas (cities crediting the service in at least one area)'),
      col('service', 'service value'),
      col('kind', 'substantive, other, or dontknow (covers "none of these services")'),
      col('n', 'cities that answered the services question (all_areas: any services question)'),
      col('k', 'cities crediting the service'),
      col('p', 'k / n'),
      ...CI_COLUMNS.map((c) => ({ ...c, description: `${c.description} (Wilson) of p` })),
    ],
    rows: serviceRows,
  };
  const changes: Table = {
    file: 'rec19_changes.csv',
    description: 'Rec 19: the most important change, in the words of each city, by policy area',
    columns: [col('area', 'policy area'), col('city', 'city code'), col('text', 'the change as described by the city')],
    rows: r.mostImportantChanges.map((t) => [t.area, t.city, t.text]),
  };
  const yoyRows: Cell[][] = [];
  if (r.yearOverYear) {
    const push = (area: string, indicator: string, y: YearOverYear) => yoyRows.push([area, indicator, ...yoyCells(y)]);
    push('overall', 'change', r.yearOverYear.overall.change);
    push('overall', 'attributed', r.yearOverYear.overall.attributed);
    for (const x of r.yearOverYear.areas) {
      push(x.area, 'change', x.change);
      push(x.area, 'attributed', x.attributed);
    }
  }
  const yoy: Table = {
    file: 'rec19_year_over_year.csv',
    description: 'Rec 19: change of the city-level shares since last year, panel (cities answering both years) apart from cross-section',
    columns: [
      col('area', 'policy area or overall'),
      col('indicator', 'change (reported a change, among yes + no) or attributed (reported a change rated ≥ threshold, among yes + no)'),
      ...YOY_COLUMNS,
    ],
    rows: yoyRows,
  };
  return [byArea, services, changes, yoy];
}

const YOY_COLUMNS: ColumnSpec[] = [
  col('panel_n', 'cities with a value in both years (the panel)'),
  col('panel_mean_change', 'mean of (this year − last year) over the panel'),
  col('panel_ci95_lo', 'lower bound of the 95% t interval of panel_mean_change'),
  col('panel_ci95_hi', 'upper bound of the 95% t interval of panel_mean_change'),
  col('panel_mean_current', 'this year\'s mean over the panel'),
  col('panel_mean_previous', 'last year\'s mean over the panel'),
  col('current_n', 'cities with a value this year (cross-section)'),
  col('current_mean', 'this year\'s mean over current_n cities'),
  col('previous_n', 'cities with a value last year (cross-section)'),
  col('previous_mean', 'last year\'s mean over previous_n cities'),
  col('cross_section_difference', 'current_mean − previous_mean (different cities: not a measure of change in cities)'),
];

function yoyCells(y: YearOverYear): Cell[] {
  return [
    y.panel.n,
    y.panel.meanChange,
    lo(y.panel.ci95),
    hi(y.panel.ci95),
    y.panel.meanCurrent,
    y.panel.meanPrevious,
    y.crossSection.current.n,
    y.crossSection.current.mean,
    y.crossSection.previous.n,
    y.crossSection.previous.mean,
    y.crossSection.difference,
  ];
}

const distributionCells = (s: SampleSummary): Cell[] => [s.n, s.mean, lo(s.ci95), hi(s.ci95), s.sd, s.median, s.q1, s.q3, s.min, s.max];

function rec17Tables(a: SurveyAnalysis): Table[] {
  const r = a.rec17;
  const areas = r.areas.map((x) => x.area);
  const scores: Table = {
    file: 'rec17_scores.csv',
    description: `Rec 17: progress scores (0-100) per city; ${r.formula}`,
    columns: [
      col('city', 'city code'),
      col('overall', 'overall progress score (0-100)'),
      col('area_mean', 'mean of the city\'s answered area scores'),
      col('marker_score', '100 × mean of the city\'s answered marker scores'),
      col('strategy_status', '100 × strategy status score / highest score (not part of overall)'),
      ...areas.map((area) => col(area, `area score of ${area}: 100 × self-assessment score / highest score`)),
    ],
    rows: r.cities.map((c) => [c.city, c.overall, c.areaMean, c.markerScore, c.strategyStatus, ...areas.map((area) => c.areas[area] ?? null)]),
  };
  const distributionRows: Cell[][] = [
    ['overall', ...distributionCells(r.overall)],
    ...r.areas.map((x) => [x.area, ...distributionCells(x)]),
  ];
  if (r.strategyStatus) distributionRows.push(['strategy_status', ...distributionCells(r.strategyStatus)]);
  const distribution: Table = {
    file: 'rec17_distribution.csv',
    description: 'Rec 17: distribution of the progress scores across cities, overall and per area',
    columns: [
      col('area', 'overall, a policy area, or strategy_status'),
      col('n', 'cities with a score'),
      col('mean', 'mean score'),
      col('ci95_lo', 'lower bound of the 95% t interval of the mean'),
      col('ci95_hi', 'upper bound of the 95% t interval of the mean'),
      col('sd', 'standard deviation (n − 1)'),
      col('median', 'median'),
      col('q1', 'first quartile (type 7)'),
      col('q3', 'third quartile (type 7)'),
      col('min', 'lowest score'),
      col('max', 'highest score'),
    ],
    rows: distributionRows,
  };
  const panelRows: Cell[][] = [];
  if (r.change) {
    panelRows.push(['overall', ...yoyCells(r.change.overall)]);
    for (const x of r.change.areas) panelRows.push([x.area, ...yoyCells(x)]);
  }
  const panel: Table = {
    file: 'rec17_panel.csv',
    description: 'Rec 17: change of the progress scores since last year, panel (cities scored both years) apart from cross-section',
    columns: [col('area', 'overall or policy area'), ...YOY_COLUMNS],
    rows: panelRows,
  };
  const markers: Table = {
    file: 'rec17_markers.csv',
    description: 'Rec 17: concrete markers (yes 1, partly 0.5, no 0; don\'t know excluded)',
    columns: [
      col('question', 'marker question code'),
      col('n', 'cities with a scored answer'),
      col('dont_know', 'cities answering don\'t know'),
      col('mean_score', 'mean marker score (0-1)'),
      ...CI_COLUMNS.map((c) => ({ ...c, description: `${c.description} (t) of mean_score` })),
    ],
    rows: r.markers.map((m) => [m.question, m.n, m.dontKnow, m.meanScore, lo(m.ci95), hi(m.ci95)]),
  };
  const groupRows: Cell[][] = [];
  for (const [breakdown, cells] of [['network', r.byNetwork], ['country', r.byCountry], ['size', r.bySize]] as const) {
    for (const c of cells) groupRows.push([breakdown, c.group, c.n, c.mean, lo(c.ci95), hi(c.ci95), c.median, c.suppressed]);
  }
  const byGroup: Table = {
    file: 'rec17_by_group.csv',
    description: `Rec 17: overall progress score by network, country and size band (cells under ${a.minCell} cities suppressed)`,
    columns: [
      col('breakdown', 'network, country or size'),
      col('group', 'the network, country or size band ((not given) when unknown)'),
      col('n', 'cities with an overall score in the group (empty when suppressed)'),
      col('mean', 'mean overall score'),
      ...CI_COLUMNS.map((c) => ({ ...c, description: `${c.description} (t) of the mean` })),
      col('median', 'median overall score'),
      col('suppressed', 'true when hidden (small cell, or complementary suppression)'),
    ],
    rows: groupRows,
  };
  return [scores, distribution, panel, markers, byGroup];
}

function rec11Tables(a: SurveyAnalysis): Table[] {
  const r = a.rec11;
  const channels: Table = {
    file: 'rec11_channels.csv',
    description: 'Rec 11: communication channels ranked by cities (1 = preferred), best mean rank first',
    columns: [
      col('value', 'channel choice value'),
      col('channel', 'channel kind tag (email, newsletter, portal ...)'),
      col('n_ranked', 'cities that ranked the channel'),
      col('mean_rank', 'mean position (1 = first) over n_ranked'),
      ...propColumns('first', 'ranking the channel first; n = cities that answered the ranking'),
      ...propColumns('last', 'ranking the channel last; n = cities that ranked every channel'),
    ],
    rows: r.channels.map((c) => [c.value, c.channel, c.nRanked, c.meanRank, ...prop(c.rankedFirst), ...prop(c.rankedLast)]),
  };
  const preferenceRows: Cell[][] = [];
  for (const [indicator, s] of [['frequency', r.frequency], ['format', r.format], ['topics', r.topics]] as const) {
    if (!s) continue;
    for (const [value, count] of Object.entries(s.counts)) {
      const share = s.shares[value];
      preferenceRows.push([indicator, s.question, s.n, value, s.kinds[value] ?? null, count, share?.p ?? null, lo(share?.ci95), hi(share?.ci95)]);
    }
  }
  const preferences: Table = {
    file: 'rec11_preferences.csv',
    description: 'Rec 11: preferred frequency, format and topics of communication',
    columns: [
      col('indicator', 'frequency, format or topics'),
      col('question', 'question code'),
      col('n', 'cities that answered the question'),
      col('value', 'choice value'),
      col('kind', 'substantive, other or dontknow'),
      col('count', 'cities choosing the value'),
      col('p', 'count / n'),
      ...CI_COLUMNS.map((c) => ({ ...c, description: `${c.description} (Wilson) of p` })),
    ],
    rows: preferenceRows,
  };
  return [channels, preferences];
}

function rateTables(a: SurveyAnalysis): Table[] {
  const r = a.responseRates;
  const rows: Cell[][] = [['overall', 'all', r.overall.invited, r.overall.responded, r.overall.p, lo(r.overall.ci95), hi(r.overall.ci95), false]];
  for (const [breakdown, cells] of [['network', r.byNetwork], ['country', r.byCountry], ['size', r.bySize]] as const) {
    for (const c of cells) rows.push([breakdown, c.group, c.invited, c.n, c.p, lo(c.ci95), hi(c.ci95), c.suppressed]);
  }
  const rates: Table = {
    file: 'response_rates.csv',
    description: `Rec 10: response rate, overall and by network, country and size band (cells under ${a.minCell} responding cities suppressed)`,
    columns: [
      col('breakdown', 'overall, network, country or size'),
      col('group', 'the group ((not given) when unknown)'),
      col('invited', 'cities invited (N, from the roster; empty without roster)'),
      col('responded', 'invited cities that responded (n; empty when suppressed)'),
      col('rate', 'responded / invited'),
      ...CI_COLUMNS.map((c) => ({ ...c, description: `${c.description} (Wilson) of rate` })),
      col('suppressed', 'true when hidden (small cell, or complementary suppression)'),
    ],
    rows,
  };
  const e = a.engagement;
  const engagementRows: Cell[][] = [['overall', 'all', e.engaged.n, e.engaged.p, lo(e.engaged.ci95), hi(e.engaged.ci95), e.activities.mean, false]];
  for (const [breakdown, cells] of [['network', e.byNetwork], ['country', e.byCountry], ['size', e.bySize]] as const) {
    for (const c of cells) engagementRows.push([breakdown, c.group, c.n, c.p, lo(c.ci95), hi(c.ci95), c.meanActivities, c.suppressed]);
  }
  const engagement: Table = {
    file: 'engagement.csv',
    description: 'Rec 10: participation in ICC activities among responding cities',
    columns: [
      col('breakdown', 'overall, network, country or size'),
      col('group', 'the group'),
      col('n', 'responding cities that answered the participation question'),
      col('engaged_p', 'share of n taking part in at least one activity'),
      ...CI_COLUMNS.map((c) => ({ ...c, description: `${c.description} (Wilson) of engaged_p` })),
      col('mean_activities', 'mean number of activities'),
      col('suppressed', 'true when hidden (small cell, or complementary suppression)'),
    ],
    rows: engagementRows,
  };
  return [rates, engagement];
}

function needsTables(a: SurveyAnalysis): Table[] {
  const r = a.rec18;
  const needs: Table = {
    file: 'rec18_needs.csv',
    description: 'Rec 18 / Rec 4: support needs ranked by cities, most often ranked first',
    columns: [
      col('need', 'need value'),
      ...propColumns('ranked', 'ranking the need at all; n = cities that answered'),
      ...propColumns('top3', 'ranking the need first, second or third; n = cities that answered'),
      col('mean_rank', 'mean position among the cities ranking it (1 = most needed)'),
    ],
    rows: r.needs.map((x) => [x.value, ...prop(x.ranked), ...prop(x.top3), x.meanRank]),
  };
  const groupRows: Cell[][] = [];
  for (const [breakdown, cells] of [['network', r.byNetwork], ['size', r.bySize]] as const) {
    for (const c of cells) groupRows.push([breakdown, c.group, c.n, c.topNeed, c.p, lo(c.ci95), hi(c.ci95), c.suppressed]);
  }
  const byGroup: Table = {
    file: 'rec18_needs_by_group.csv',
    description: `Rec 18: the need most often ranked first, by network and size band (cells under ${a.minCell} cities suppressed)`,
    columns: [
      col('breakdown', 'network or size'),
      col('group', 'the group'),
      col('n', 'cities of the group that ranked needs'),
      col('top_need', 'need most often ranked first (ties: alphabetical)'),
      col('p', 'share of n ranking top_need first'),
      ...CI_COLUMNS.map((c) => ({ ...c, description: `${c.description} (Wilson) of p` })),
      col('suppressed', 'true when hidden (small cell, or complementary suppression)'),
    ],
    rows: groupRows,
  };
  const t = a.rec7;
  const team: Table = {
    file: 'rec7_team.csv',
    description: 'Rec 7: cities with a coordination team (at least 2 people) rather than one person',
    columns: [
      ...propColumns('team', 'with a team of at least 2 people; n = cities giving a team size'),
      col('mean_size', 'mean team size'),
      col('median_size', 'median team size'),
    ],
    rows: [[...prop(t.team), t.teamSize.mean, t.teamSize.median]],
  };
  const pairing: Table = {
    file: 'rec13_pairing.csv',
    description: 'Rec 13: suggested peer cities, similar challenges and complementary experience (up to 3 per city; analysis/pairing.ts)',
    columns: [
      col('city', 'city code'),
      col('partner', 'suggested peer city code'),
      col('shared_topics', 'pairing topics both chose, separated by ";"'),
      col('score', 'pairing score 0-100 (0.5 complementarity + 0.3 similar challenges + 0.2 shared topics)'),
      col('reasons', 'reasons, separated by ";": complementary:<area>:<giver>-><receiver>, shared-topic:<area>, shared-challenge:<need or area>'),
    ],
    rows: a.rec13.suggestions.flatMap((s) =>
      s.partners.map((p) => [s.city, p.city, p.sharedTopics.join(';'), p.score, p.reasons.map(reasonCode).join(';')] as Cell[]),
    ),
  };
  return [needs, byGroup, team, pairing];
}

function questionCodebook(catalogue: SurveyCatalogue): Table {
  return {
    file: 'codebook_questions.csv',
    description: 'every question of the questionnaire: code, texts in English and French, type, tags, choices',
    columns: [
      col('code', 'question code (the answer key and column stem of responses.csv)'),
      col('type', 'SurveyJS question type'),
      col('indicator', 'analysis tag'),
      col('policy_area', 'policy area tag'),
      col('title_en', 'question text in English'),
      col('title_fr', 'question text in French'),
      col('choices', 'choices (or matrix columns) as value=English text, separated by " | "; [other], [dontknow] mark answers kept apart'),
      col('rows', 'matrix rows as value=English text, separated by " | "'),
    ],
    rows: catalogue.questions.map((q) => [
      q.code,
      q.type,
      q.indicator,
      q.policyArea,
      q.title.en,
      q.title.fr,
      q.options.map((o) => `${o.key}=${o.text.en}${o.kind === 'substantive' ? '' : ` [${o.kind}]`}`).join(' | '),
      q.rows.map((r) => `${r.key}=${r.text.en}`).join(' | '),
    ]),
  };
}

/** Every table of the analysis, then the codebooks (columns of every file, questions of the questionnaire). */
export function indicatorTables(analysis: SurveyAnalysis, catalogue: SurveyCatalogue): Table[] {
  const tables = [
    questionsTable(analysis),
    textsTable(analysis),
    ...rec19Tables(analysis),
    ...rec17Tables(analysis),
    ...rec11Tables(analysis),
    ...rateTables(analysis),
    ...needsTables(analysis),
    questionCodebook(catalogue),
  ];
  const codebook: Table = {
    file: 'codebook_columns.csv',
    description: 'every column of every exported file',
    columns: [col('file', 'exported file'), col('column', 'column name'), col('description', 'what the column holds')],
    rows: [],
  };
  codebook.rows = [...tables, codebook].flatMap((t) => [
    [t.file, '', t.description] as Cell[],
    ...t.columns.map((c) => [t.file, c.name, c.description] as Cell[]),
  ]);
  return [...tables, codebook];
}

/** A pairing reason as a short code for the CSV (the page and the Unit's export say it in words). */
function reasonCode(r: PairReason): string {
  switch (r.kind) {
    case 'complementary':
      return `complementary:${r.area}:${r.giver}->${r.receiver}`;
    case 'shared-topic':
      return `shared-topic:${r.area}`;
    case 'shared-challenge':
      return `shared-challenge:${r.source}:${r.code}`;
  }
}
