/**
 * Rec 11 — how cities want the ICC Unit to communicate with them.
 *
 * From the `channel_ranking` ranking (first = preferred; each choice tagged with its `channel` kind):
 * - per channel: mean rank over the cities that ranked it, share ranked first (n = cities that answered the
 *   ranking) and share ranked last (n = cities that ranked every channel), with Wilson intervals;
 * - `preferred`: the channel most often ranked first (ties: lower mean rank, then questionnaire order);
 * - `emailPreferred`: share of cities whose first-ranked channel is tagged `email` (by tag, not by value);
 * - `leastFavourite`: the channel most often ranked last (ties: higher mean rank, then questionnaire order).
 * From `frequency`, `format` and `topics`: counts and Wilson shares (n = cities that answered), and for topics
 * the cities interested in each one, so emails can be targeted by content.
 */
import { compareCodes, listValue } from './answer-values';
import { ChoiceTally, RankingTally, type ChoiceSummary, type CityAnswers, type RankingSummary } from './question-summaries';
import { questionsTagged, type CatalogueQuestion, type SurveyCatalogue } from './survey-catalogue';
import { proportion, type Proportion } from './wilson-interval';

/** One channel of the ranking. */
export interface ChannelRank {
  value: string;
  channel: string | null;
  /** Cities that ranked it. */
  nRanked: number;
  meanRank: number | null;
  rankedFirst: Proportion;
  rankedLast: Proportion;
}

/** A channel singled out (preferred or least favourite) with the share that makes it so. */
export interface ChannelPick {
  value: string;
  channel: string | null;
  meanRank: number | null;
  share: Proportion;
}

/** A single- or multiple-choice preference question, summarised. */
export type PreferenceSummary = { question: string } & ChoiceSummary;

/** Everything Rec 11 asks for. */
export interface CommunicationPreferences {
  question: string | null;
  /** Cities that answered the channel ranking. */
  n: number;
  /** Channels sorted by mean rank (best first). */
  channels: ChannelRank[];
  preferred: ChannelPick | null;
  emailPreferred: Proportion;
  /** Share of cities ranking each channel kind first (n = cities that answered the ranking). */
  firstByChannelKind: Record<string, Proportion>;
  leastFavourite: ChannelPick | null;
  frequency: PreferenceSummary | null;
  format: PreferenceSummary | null;
  topics: (PreferenceSummary & { citiesByTopic: Record<string, string[]> }) | null;
}

function channelRanks(q: CatalogueQuestion, s: RankingSummary): ChannelRank[] {
  const order = new Map(q.options.map((o, i) => [o.key, i] as const));
  return Object.keys(s.rankedCount)
    .map((value) => ({
      value,
      channel: q.options.find((o) => o.key === value)?.channel ?? null,
      nRanked: s.rankedCount[value]!,
      meanRank: s.meanRank[value] ?? null,
      rankedFirst: s.rankedFirst[value]!,
      rankedLast: s.rankedLast[value]!,
    }))
    .sort(
      (a, b) =>
        (a.meanRank ?? Infinity) - (b.meanRank ?? Infinity) ||
        (order.get(a.value) ?? Infinity) - (order.get(b.value) ?? Infinity) ||
        compareCodes(a.value, b.value),
    );
}

function pick(channels: ChannelRank[], share: (c: ChannelRank) => Proportion, rankSign: 1 | -1): ChannelPick | null {
  let best: ChannelRank | null = null;
  for (const c of channels) {
    if (share(c).k === 0) continue;
    if (
      best === null ||
      share(c).k > share(best).k ||
      (share(c).k === share(best).k && rankSign * ((c.meanRank ?? 0) - (best.meanRank ?? 0)) < 0)
    ) {
      best = c;
    }
  }
  return best && { value: best.value, channel: best.channel, meanRank: best.meanRank, share: share(best) };
}

const PREFERENCES = ['frequency', 'format', 'topics'] as const;

/**
 * Rec 11 read one response at a time (`read`, each city once, in city order), then computed (`result`): what
 * computeCommunicationPreferences returns, for a caller that reads the responses as a stream and does not keep
 * them.
 */
export function communicationReader(catalogue: SurveyCatalogue): { read(r: CityAnswers): void; result(): CommunicationPreferences } {
  const q = questionsTagged(catalogue, 'channel_ranking').find((x) => x.shape === 'ranking') ?? null;
  const ranking = q ? new RankingTally(q.options) : null;
  const channelOf = new Map(q?.options.map((o) => [o.key, o.channel ?? 'other'] as const) ?? []);
  const firstKinds = new Map<string, number>();
  // The frequency, format and topics questions, each a choice tally (a single choice as a list of one value).
  const preferences = PREFERENCES.map((indicator) => {
    const pq = questionsTagged(catalogue, indicator).find((x) => x.shape === 'single' || x.shape === 'multiple');
    return pq ? { q: pq, tally: new ChoiceTally(pq.options) } : null;
  });
  const topics = preferences[2]!;
  // The cities choosing each topic, in city order.
  const citiesByValue = new Map<string, string[]>();
  return {
    read(r) {
      if (q !== null) {
        const v = r.data[q.code];
        ranking!.add(v);
        const first = listValue(v)[0];
        if (first !== undefined) {
          const kind = channelOf.get(String(first)) ?? 'other';
          firstKinds.set(kind, (firstKinds.get(kind) ?? 0) + 1);
        }
      }
      for (const p of preferences) {
        if (p === null) continue;
        const v = r.data[p.q.code];
        const list = p.q.shape === 'multiple' ? listValue(v) : listValue([v]);
        p.tally.add(list);
        if (p !== topics) continue;
        for (const x of list) {
          const key = String(x);
          const cities = citiesByValue.get(key);
          if (cities) cities.push(r.city);
          else citiesByValue.set(key, [r.city]);
        }
      }
    },
    result() {
      const summary = q && ranking ? ranking.summary({ type: q.type, n: 0 }) : null;
      const channels = q && summary ? channelRanks(q, summary) : [];
      const n = summary?.n ?? 0;
      const kinds = [...new Set([...channelOf.values(), ...firstKinds.keys()])].sort(compareCodes);
      const [frequency, format, topicSummary] = preferences.map((p) =>
        p === null ? null : { question: p.q.code, ...p.tally.summary({ type: p.q.type, n: 0 }) },
      ) as [PreferenceSummary | null, PreferenceSummary | null, PreferenceSummary | null];
      const citiesByTopic: Record<string, string[]> = {};
      if (topicSummary) for (const key of Object.keys(topicSummary.counts)) citiesByTopic[key] = citiesByValue.get(key) ?? [];
      return {
        question: q?.code ?? null,
        n,
        channels,
        preferred: pick(channels, (c) => c.rankedFirst, 1),
        emailPreferred: proportion(firstKinds.get('email') ?? 0, n),
        firstByChannelKind: Object.fromEntries(kinds.map((k) => [k, proportion(firstKinds.get(k) ?? 0, n)])),
        leastFavourite: pick(channels, (c) => c.rankedLast, -1),
        frequency,
        format,
        topics: topicSummary ? { ...topicSummary, citiesByTopic } : null,
      };
    },
  };
}

/** Rec 11 indicators of the responses (one per city, in city order). */
export function computeCommunicationPreferences({
  catalogue,
  responses,
}: {
  catalogue: SurveyCatalogue;
  responses: readonly CityAnswers[];
}): CommunicationPreferences {
  const reader = communicationReader(catalogue);
  for (const r of responses) reader.read(r);
  return reader.result();
}
