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
import { DIMENSIONS, groupStates } from './breakdowns';
import { resolveAttributes, type CohortResponse, type RosterCity } from './cohort';
import { meanInterval, type MeanEstimate } from './mean-interval';
import { NumberTally } from './number-tally';
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

/**
 * Response rates read one cohort response at a time (`read`, each city once), then computed (`result`): what
 * computeResponseRates returns, for a caller that reads the responses as a stream and does not keep them.
 */
export function responseRatesReader({ roster, minCell }: { roster?: readonly RosterCity[]; minCell: number }): {
  read(r: CohortResponse): void;
  result(): ResponseRates;
} {
  let responded = 0;
  const unmatched: string[] = [];
  const groups = DIMENSIONS.map((d) => groupStates(d, () => ({ n: 0 })));
  const count = (state: { n: number }) => void state.n++;
  return {
    read(r) {
      if (roster && !r.inRoster) {
        unmatched.push(r.city);
        return;
      }
      responded++;
      for (const g of groups) g.add(r.attrs, count);
    },
    result() {
      const invited = roster ? roster.length : null;
      const overall = invited === null
        ? { invited, responded, p: null, ci95: null }
        : { invited, responded, ...pickRate(proportion(responded, invited)) };
      // The roster's groups, each city's attributes resolved once for the three dimensions.
      const invitedGroups = DIMENSIONS.map((d) => groupStates(d, () => ({ n: 0 })));
      for (const c of roster ?? []) {
        const attrs = resolveAttributes(c);
        for (const g of invitedGroups) g.add(attrs, count);
      }
      const [byNetwork, byCountry, bySize] = DIMENSIONS.map((_, i) => {
        const respondedGroups = new Map(groups[i]!.entries());
        const cells: RateCell[] = roster
          ? invitedGroups[i]!.entries().map(([group, { n: invitedN }]) => {
              const n = respondedGroups.get(group)?.n ?? 0;
              return { group, invited: invitedN, n, p: n / invitedN, ci95: wilsonInterval(n, invitedN), suppressed: false };
            })
          : [...respondedGroups].map(([group, { n }]) => ({ group, invited: null, n, p: null, ci95: null, suppressed: false }));
        return suppressBreakdown(cells, minCell, blankRate);
      }) as [RateCell[], RateCell[], RateCell[]];
      return { overall, byNetwork, byCountry, bySize, unmatched: roster ? unmatched : [] };
    },
  };
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
  const reader = responseRatesReader({ roster, minCell });
  for (const r of responses) reader.read(r);
  return reader.result();
}

const pickRate = (p: Proportion) => ({ p: p.p, ci95: p.ci95 });

/** What the engagement figures of a group are built from. */
interface EngagementStats {
  n: number;
  engaged: number;
  activities: NumberTally;
}
const engagementStats = (): EngagementStats => ({ n: 0, engaged: 0, activities: new NumberTally() });

/**
 * Engagement read one cohort response at a time (`read`), then computed (`result`): what computeEngagement
 * returns, for a caller that reads the responses as a stream and does not keep them.
 */
export function engagementReader({ catalogue, minCell }: { catalogue: SurveyCatalogue; minCell: number }): {
  read(r: CohortResponse): void;
  result(): Engagement;
} {
  const q = questionsTagged(catalogue, 'participation').find((x) => x.shape === 'multiple') ?? null;
  const substantive = new Set(q?.options.filter((o) => o.kind === 'substantive').map((o) => o.key) ?? []);
  const overall = engagementStats();
  const groups = DIMENSIONS.map((d) => groupStates(d, engagementStats));
  let activities = 0;
  const add = (s: EngagementStats) => {
    s.n++;
    if (activities > 0) s.engaged++;
    s.activities.add(activities);
  };
  const summarise = (s: EngagementStats) => ({
    engaged: proportion(s.engaged, s.n),
    activities: meanInterval(s.activities.sorted()),
  });
  return {
    read(r) {
      if (q === null) return;
      const list = listValue(r.data[q.code]);
      if (list.length === 0) return;
      activities = 0;
      for (let i = 0; i < list.length; i++) if (substantive.has(String(list[i]))) activities++;
      add(overall);
      for (const g of groups) g.add(r.attrs, add);
    },
    result() {
      const [byNetwork, byCountry, bySize] = groups.map((g) =>
        suppressBreakdown(
          g.entries().map(([group, stats]): EngagementCell => {
            const s = summarise(stats);
            return { group, n: stats.n, p: s.engaged.p, ci95: s.engaged.ci95, meanActivities: s.activities.mean, suppressed: false };
          }),
          minCell,
          (c) => ({ ...c, n: null, p: null, ci95: null, meanActivities: null }),
        ),
      ) as [EngagementCell[], EngagementCell[], EngagementCell[]];
      const all = summarise(overall);
      return { question: q?.code ?? null, engaged: all.engaged, activities: all.activities, byNetwork, byCountry, bySize };
    },
  };
}

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
  const reader = engagementReader({ catalogue, minCell });
  for (const r of responses) reader.read(r);
  return reader.result();
}
