/**
 * Rec 10 — response rate and engagement, overall and by network, country and size band.
 *
 * Response rate: N = invited cities (the roster, after filters), n = those of them that responded,
 * rate = n / N with a Wilson interval. Without a roster only n is known (invited and rate are null).
 * Responses from cities outside the roster are listed apart (`unmatched`) and not counted as responded.
 *
 * Engagement: from the `participation` checkbox, among responding cities that answered it (n):
 * share taking part in at least one ICC activity ('none' and don't know are not activities) and the mean
 * number of activities (95% t interval).
 *
 * Breakdown cells with n < minCell are suppressed, with complementary suppression (see suppression.ts);
 * n is the number of responding cities of the cell.
 */
import { listValue } from './answer-values';
import { DIMENSIONS, groupBy, type Dimension } from './breakdowns';
import { resolveAttributes, type CohortResponse, type RosterCity } from './cohort';
import { meanInterval, type MeanEstimate } from './mean-interval';
import { questionsTagged, type SurveyCatalogue } from './survey-catalogue';
import { suppressBreakdown } from './suppression';
import { proportion, wilsonInterval, type Interval, type Proportion } from './wilson-interval';

/** One response-rate cell: invited (N, null without roster), responded (n), rate n/N with Wilson interval. */
export interface RateCell {
  group: string;
  invited: number | null;
  n: number | null;
  p: number | null;
  ci95: Interval | null;
  suppressed: boolean;
}

/** Response rates overall and by dimension. */
export interface ResponseRates {
  overall: { invited: number | null; responded: number; p: number | null; ci95: Interval | null };
  byNetwork: RateCell[];
  byCountry: RateCell[];
  bySize: RateCell[];
  /** Responding city codes absent from the roster (not counted as responded). */
  unmatched: string[];
}

/** One engagement cell: n responding cities that answered the participation question. */
export interface EngagementCell {
  group: string;
  n: number | null;
  /** Share of the n taking part in at least one activity. */
  p: number | null;
  ci95: Interval | null;
  meanActivities: number | null;
  suppressed: boolean;
}

/** Engagement in ICC activities overall and by dimension; null fields when no participation question. */
export interface Engagement {
  question: string | null;
  engaged: Proportion;
  activities: MeanEstimate;
  byNetwork: EngagementCell[];
  byCountry: EngagementCell[];
  bySize: EngagementCell[];
}

const blankRate = (c: RateCell): RateCell => ({ ...c, n: null, p: null, ci95: null });

function rateCells(
  dimension: Dimension,
  roster: readonly RosterCity[] | undefined,
  responded: readonly CohortResponse[],
  minCell: number,
): RateCell[] {
  const respondedGroups = new Map(groupBy(responded, (r) => r.attrs, dimension));
  let cells: RateCell[];
  if (roster) {
    cells = groupBy(roster, (c) => resolveAttributes(c), dimension).map(([group, invited]) => {
      const n = respondedGroups.get(group)?.length ?? 0;
      return { group, invited: invited.length, n, p: n / invited.length, ci95: wilsonInterval(n, invited.length), suppressed: false };
    });
  } else {
    cells = [...respondedGroups].map(([group, members]) => ({
      group,
      invited: null,
      n: members.length,
      p: null,
      ci95: null,
      suppressed: false,
    }));
  }
  return suppressBreakdown(cells, minCell, blankRate);
}

/** Response rates of the cohort against the (filtered) roster; see the module comment for n and N. */
export function computeResponseRates({
  responses,
  roster,
  minCell,
}: {
  responses: readonly CohortResponse[];
  roster?: readonly RosterCity[];
  minCell: number;
}): ResponseRates {
  const responded = roster ? responses.filter((r) => r.inRoster) : [...responses];
  const invited = roster ? roster.length : null;
  const overall = invited === null
    ? { invited, responded: responded.length, p: null, ci95: null }
    : { invited, responded: responded.length, ...pickRate(proportion(responded.length, invited)) };
  const [byNetwork, byCountry, bySize] = DIMENSIONS.map((d) => rateCells(d, roster, responded, minCell)) as [
    RateCell[],
    RateCell[],
    RateCell[],
  ];
  return {
    overall,
    byNetwork,
    byCountry,
    bySize,
    unmatched: roster ? responses.filter((r) => !r.inRoster).map((r) => r.city) : [],
  };
}

const pickRate = (p: Proportion) => ({ p: p.p, ci95: p.ci95 });

/** Engagement (participation in ICC activities) of responding cities; see the module comment. */
export function computeEngagement({
  catalogue,
  responses,
  minCell,
}: {
  catalogue: SurveyCatalogue;
  responses: readonly CohortResponse[];
  minCell: number;
}): Engagement {
  const q = questionsTagged(catalogue, 'participation').find((x) => x.shape === 'multiple') ?? null;
  const substantive = new Set(q?.options.filter((o) => o.kind === 'substantive').map((o) => o.key) ?? []);
  const answered = q
    ? responses.flatMap((r) => {
        const list = listValue(r.data[q.code]).map(String);
        return list.length === 0 ? [] : [{ r, activities: list.filter((v) => substantive.has(v)).length }];
      })
    : [];
  const summarise = (group: typeof answered) => ({
    engaged: proportion(group.filter((a) => a.activities > 0).length, group.length),
    activities: meanInterval(group.map((a) => a.activities).sort((a, b) => a - b)),
  });
  const cells = (dimension: Dimension): EngagementCell[] =>
    suppressBreakdown(
      groupBy(answered, (a) => a.r.attrs, dimension).map(([group, members]): EngagementCell => {
        const s = summarise(members);
        return { group, n: members.length, p: s.engaged.p, ci95: s.engaged.ci95, meanActivities: s.activities.mean, suppressed: false };
      }),
      minCell,
      (c) => ({ ...c, n: null, p: null, ci95: null, meanActivities: null }),
    );
  const overall = summarise(answered);
  return {
    question: q?.code ?? null,
    engaged: overall.engaged,
    activities: overall.activities,
    byNetwork: cells('network'),
    byCountry: cells('country'),
    bySize: cells('size'),
  };
}
