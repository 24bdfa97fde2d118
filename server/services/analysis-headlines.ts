/**
 * The headline part of a year's analysis (GET /api/surveys/:id/analysis?part=headlines): what the dashboard's
 * first view shows (response rate, Rec 19 change overall and per policy area, Rec 17 score and panel change,
 * Rec 11 channels), the filters' options and the survey, without the per-question summaries, the
 * questionnaire, the per-city tables and the other indicators. A few kilobytes instead of half a megabyte, so
 * the first render does not wait for the rest to travel and be parsed; the page loads the full analysis next.
 * Same field names and shapes as the full analysis (a subset of it), plus `part: 'headlines'`.
 */
import type { SurveyAnalysisView } from './analysis';

export function analysisHeadlines(v: SurveyAnalysisView) {
  return {
    part: 'headlines' as const,
    n: v.n,
    ...(v.N === undefined ? {} : { N: v.N }),
    minCell: v.minCell,
    filters: v.filters,
    smallSample: v.smallSample,
    ...(v.previous ? { previous: v.previous } : {}),
    warnings: v.warnings,
    survey: v.survey,
    labels: v.labels,
    filterOptions: v.filterOptions,
    responseRates: { overall: v.responseRates.overall },
    rec19: {
      threshold: v.rec19.threshold,
      overall: v.rec19.overall,
      areas: v.rec19.areas.map((a) => ({ area: a.area, change: a.change, attributedAmongAnswering: a.attributedAmongAnswering })),
    },
    rec17: { overall: v.rec17.overall, ...(v.rec17.change ? { change: { overall: v.rec17.change.overall } } : {}) },
    rec11: {
      n: v.rec11.n,
      channels: v.rec11.channels,
      preferred: v.rec11.preferred,
      emailPreferred: v.rec11.emailPreferred,
      leastFavourite: v.rec11.leastFavourite,
    },
  };
}
export type AnalysisHeadlines = ReturnType<typeof analysisHeadlines>;
