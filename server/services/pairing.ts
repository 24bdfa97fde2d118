/**
 * Peer pairing for the ICC Unit (Rec 13, issue 7): the pure `suggestPairs` (analysis/pairing.ts) fed with what
 * the dashboard analyses (services/analysis.ts: every saved response of the survey), joined with the Unit's
 * decisions (stores/pairing-decisions.ts) and said in words, in English and French, for the page and the CSV.
 *
 * Suggestions are recomputed on each read (a late answer changes them); decisions are kept by pair of cities, so
 * they survive: a decided pair that is no longer suggested is still listed, with `suggested: false` and its
 * current score and reasons (null score when the two have no common ground any more).
 */
import { surveyCatalogue, type SurveyCatalogue } from '../../analysis';
import { compareCodes } from '../../analysis/answer-values';
import { pairingProfiles, scorePair, suggestPairs, PAIRING_WEIGHTS, type PairReason, type PairSuggestion } from '../../analysis/pairing';
import type { Clock } from '../clock';
import { AppError, invalid, notFound } from '../errors';
import type { City, CityStore } from '../stores/cities';
import type { PairingDecision, PairingDecisionStore, PairingStatus } from '../stores/pairing-decisions';
import type { ResponseStore } from '../stores/responses';
import type { SurveyStore } from '../stores/surveys';
import { analysisLabels, analysisService } from './analysis';

type Lang = 'en' | 'fr';
type Words = Record<Lang, string>;

export interface PairCity {
  id: number;
  code: string;
  name: string;
  nameFr: string | null;
  country: string;
}

/** One pair as the Unit reviews it. */
export interface PairView {
  cityA: PairCity;
  cityB: PairCity;
  /** 0-100, null when a decided pair has no common ground any more. */
  score: number | null;
  /** Whether the pair is among the current suggestions. */
  suggested: boolean;
  reasons: (PairReason & { text: Words })[];
  status: PairingStatus;
  note: string;
  decidedAt: string | null;
  decidedBy: string | null;
}

export interface PairingView {
  survey: { id: number; year: number; title: string };
  /** Cities that said they are interested in pairing. */
  interested: number;
  /** Set when there were too many interested cities to compute suggestions. */
  skipped: string | null;
  weights: typeof PAIRING_WEIGHTS;
  counts: Record<PairingStatus, number>;
  pairs: PairView[];
}

const cityOf = (c: City): PairCity => ({ id: c.id, code: c.code, name: c.name, nameFr: c.nameFr, country: c.country });

/** The labels reasons are said with: policy areas and support needs of the questionnaire. */
function reasonLabels(definition: unknown, catalogue: SurveyCatalogue): { areas: Record<string, Words>; needs: Record<string, Words> } {
  const areas = analysisLabels(definition).areas;
  const needs: Record<string, Words> = {};
  for (const q of catalogue.questions) {
    if (q.indicator !== 'needs') continue;
    for (const o of q.options) needs[o.key] ??= { en: o.text.en, fr: o.text.fr ?? o.text.en };
  }
  return { areas, needs };
}

/** A reason in words, in both languages. */
export function reasonWords(
  r: PairReason,
  labels: { areas: Record<string, Words>; needs: Record<string, Words> },
  nameOf: (code: string, lang: Lang) => string,
): Words {
  const area = (a: string, lang: Lang) => labels.areas[a]?.[lang] ?? a;
  switch (r.kind) {
    case 'complementary': {
      const evidence = (lang: Lang) =>
        [
          r.changed ? (lang === 'en' ? 'reported a change in the last 12 months' : 'a signalé un changement ces 12 derniers mois') : null,
          r.giverScore !== null ? (lang === 'en' ? `self-assessed ${Math.round(r.giverScore)}/100` : `auto-évaluation ${Math.round(r.giverScore)}/100`) : null,
        ]
          .filter((x) => x !== null)
          .join(lang === 'en' ? ' and ' : ' et ');
      return {
        en: `${nameOf(r.giver, 'en')} has progressed in ${area(r.area, 'en')} (${evidence('en')}); ${nameOf(r.receiver, 'en')} wants to work on it.`,
        fr: `${nameOf(r.giver, 'fr')} a progressé en ${area(r.area, 'fr')} (${evidence('fr')}) ; ${nameOf(r.receiver, 'fr')} souhaite y travailler.`,
      };
    }
    case 'shared-topic':
      return {
        en: `Both want to work on ${area(r.area, 'en')} with a peer city.`,
        fr: `Les deux villes souhaitent travailler sur ${area(r.area, 'fr')} avec une ville pair.`,
      };
    case 'shared-challenge':
      if (r.source === 'need') {
        const need = labels.needs[r.code] ?? { en: r.code, fr: r.code };
        return {
          en: `Both rank “${need.en}” among their three main support needs.`,
          fr: `Les deux villes classent « ${need.fr} » parmi leurs trois principaux besoins d’accompagnement.`,
        };
      }
      return {
        en: `Both are at an early stage in ${area(r.code, 'en')} (self-assessed 25/100 or less).`,
        fr: `Les deux villes en sont au début en ${area(r.code, 'fr')} (auto-évaluation de 25/100 ou moins).`,
      };
  }
}

export function pairingService(d: {
  surveys: SurveyStore;
  responses: ResponseStore;
  cities: CityStore;
  pairingDecisions: PairingDecisionStore;
  clock: Clock;
}) {
  const analysis = analysisService(d);

  function requireSurvey(surveyId: number) {
    const survey = d.surveys.get({ id: surveyId });
    if (!survey) throw notFound(`No survey with id ${surveyId}.`);
    return survey;
  }

  function view({ surveyId }: { surveyId: number }): PairingView {
    const input = analysis.inputs({ surveyId, submittedOnly: false });
    let catalogue: SurveyCatalogue;
    try {
      catalogue = surveyCatalogue(input.definition);
    } catch (err) {
      throw new AppError('validation_failed', `Pairing cannot be computed: ${(err as Error).message}`);
    }
    const result = suggestPairs(catalogue, input.responses);
    const labels = reasonLabels(input.definition, catalogue);
    const cities = d.cities.list();
    const byCode = new Map(cities.map((c) => [c.code, c] as const));
    const byId = new Map(cities.map((c) => [c.id, c] as const));
    const nameOf = (code: string, lang: Lang) => {
      const c = byCode.get(code);
      return c ? (lang === 'fr' ? (c.nameFr ?? c.name) : c.name) : code;
    };
    const decisions = new Map<string, PairingDecision>(d.pairingDecisions.list({ surveyId }).map((x) => [`${x.cityA}-${x.cityB}`, x]));
    const keyOf = (a: City, b: City): string => `${Math.min(a.id, b.id)}-${Math.max(a.id, b.id)}`;

    const toView = (a: City, b: City, s: PairSuggestion | null, suggested: boolean): PairView => {
      const decision = decisions.get(keyOf(a, b));
      return {
        cityA: cityOf(a),
        cityB: cityOf(b),
        score: s?.score ?? null,
        suggested,
        reasons: (s?.reasons ?? []).map((r) => ({ ...r, text: reasonWords(r, labels, nameOf) })),
        status: decision?.status ?? 'pending',
        note: decision?.note ?? '',
        decidedAt: decision?.decidedAt ?? null,
        decidedBy: decision?.decidedBy ?? null,
      };
    };

    const pairs: PairView[] = [];
    const seen = new Set<string>();
    for (const s of result.suggestions) {
      const a = byCode.get(s.cities[0]);
      const b = byCode.get(s.cities[1]);
      // A response from a city no longer in the roster cannot be reviewed (no city to decide on).
      if (!a || !b) continue;
      seen.add(keyOf(a, b));
      pairs.push(toView(a, b, s, true));
    }
    // Decided pairs that are no longer suggested keep their decision, with what the answers say now.
    const decidedOnly = [...decisions.values()].filter((x) => !seen.has(`${x.cityA}-${x.cityB}`));
    if (decidedOnly.length > 0) {
      const profiles = new Map(pairingProfiles(catalogue, input.responses).map((p) => [p.city, p] as const));
      for (const x of decidedOnly) {
        const a = byId.get(x.cityA);
        const b = byId.get(x.cityB);
        if (!a || !b) continue;
        const [first, second] = compareCodes(a.code, b.code) <= 0 ? [a, b] : [b, a];
        const pa = profiles.get(first.code);
        const pb = profiles.get(second.code);
        pairs.push(toView(first, second, pa && pb ? scorePair(pa, pb) : null, false));
      }
    }
    const counts: Record<PairingStatus, number> = { accepted: 0, rejected: 0, pending: 0 };
    for (const p of pairs) counts[p.status]++;
    return {
      survey: { id: input.survey.id, year: input.survey.year, title: input.survey.title },
      interested: result.interested.length,
      skipped: result.skipped ?? null,
      weights: PAIRING_WEIGHTS,
      counts,
      pairs,
    };
  }

  return {
    view,

    /** Records the Unit's decision on a pair of cities (in either order). */
    decide({ surveyId, cityA, cityB, status, note, by }: { surveyId: number; cityA: number; cityB: number; status: PairingStatus; note?: string; by: string }) {
      requireSurvey(surveyId);
      if (cityA === cityB) throw invalid('A city cannot be paired with itself.');
      for (const id of [cityA, cityB]) if (!d.cities.get({ id })) throw notFound(`No city with id ${id}.`);
      const previous = d.pairingDecisions.get({ surveyId, cityA, cityB });
      const saved = d.pairingDecisions.save({
        surveyId,
        cityA,
        cityB,
        status,
        note: note ?? previous?.note ?? '',
        decidedAt: d.clock.now().toISOString(),
        decidedBy: by,
      });
      return { cityA: saved.cityA, cityB: saved.cityB, status: saved.status, note: saved.note, decidedAt: saved.decidedAt, decidedBy: saved.decidedBy };
    },

    /** The review as CSV rows (header first), reasons in words in `lang`. */
    csvRows({ surveyId, lang }: { surveyId: number; lang: Lang }): { year: number; rows: (string | number)[][] } {
      const v = view({ surveyId });
      const name = (c: PairCity) => (lang === 'fr' ? (c.nameFr ?? c.name) : c.name);
      const header = ['city_a_code', 'city_a', 'city_a_country', 'city_b_code', 'city_b', 'city_b_country', 'score', 'suggested', 'reasons', 'decision', 'note', 'decided_at', 'decided_by'];
      const rows = v.pairs.map((p) => [
        p.cityA.code,
        name(p.cityA),
        p.cityA.country,
        p.cityB.code,
        name(p.cityB),
        p.cityB.country,
        p.score ?? '',
        p.suggested ? 'yes' : 'no',
        p.reasons.map((r) => r.text[lang]).join(' | '),
        p.status,
        p.note,
        p.decidedAt ?? '',
        p.decidedBy ?? '',
      ]);
      return { year: v.survey.year, rows: [header, ...rows] };
    },
  };
}
export type PairingService = ReturnType<typeof pairingService>;
