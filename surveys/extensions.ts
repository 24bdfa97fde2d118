/**
 * SurveyJS extensions shared by the client and the server.
 *
 * Import this module (for its side effect) before any `Model` is created, on both sides:
 * unknown properties are silently dropped by survey-core and only reported in `model.jsonErrors`.
 *
 * The tags below are what `analysis/` reads. Analysis never relies on question names,
 * so next year's edited questionnaire keeps working as long as it carries the same tags.
 */
import { Serializer } from 'survey-core';

/** The ICC Index policy areas, so annual 0-100 progress scores read on the same scale as the Index. */
export const POLICY_AREAS = [
  'commitment',
  'education',
  'neighbourhoods',
  'public_services',
  'business_labour',
  'cultural_civil_life',
  'public_space',
  'mediation',
  'language',
  'media_communication',
  'international_outlook',
  'intercultural_intelligence',
  'welcoming_newcomers',
  'leadership_citizenship',
  'anti_discrimination',
  'participation',
  'interaction',
] as const;
export type PolicyArea = (typeof POLICY_AREAS)[number];

/**
 * What a tagged question feeds. One value per analysis need (see docs/domain.md):
 * - `change` (Rec 19): matrix, one row per policy area (row `policyArea`), columns yes / no / don't know
 *   with `score` 1 / 0 / none.
 * - `attribution` (Rec 19): rating 1-5 of how far the change was inspired by the ICC programme; `policyArea` set.
 * - `services` (Rec 19): checkbox of ICC services that contributed; `policyArea` set.
 * - `most_important_change` (Rec 19): text; `policyArea` set.
 * - `self_assessment` (Rec 17): matrix, one row per policy area (row `policyArea`), columns scored 0-4.
 * - `marker` (Rec 17, 16): single choice or boolean whose choices carry a `score` in [0, 1].
 * - `index_year` (Rec 17): year of the last full ICC Index assessment.
 * - `channel_ranking` (Rec 11): ranking of communication channels (first = preferred); each choice carries
 *   `channel` (email, portal, ...) so 'share preferring email' does not depend on choice values.
 * - `frequency`, `format`, `topics` (Rec 11): preferred frequency, format and topics of communication.
 * - `strategy_status` (Rec 18): single choice scored 0-4.
 * - `needs` (Rec 18, Rec 4): ranking of support needs.
 * - `team_size`, `team_roles` (Rec 7): coordination team.
 * - `participation` (Rec 10): ICC activities the city took part in.
 * - `calendar_usefulness` (Rec 12): rating.
 * - `pairing_interest`, `pairing_topics` (Rec 13): interest in pairing with a peer city, and on which areas.
 * - `interim_assessment_interest` (Rec 5).
 */
export const INDICATORS = [
  'change',
  'attribution',
  'services',
  'most_important_change',
  'self_assessment',
  'marker',
  'index_year',
  'channel_ranking',
  'frequency',
  'format',
  'topics',
  'strategy_status',
  'needs',
  'team_size',
  'team_roles',
  'participation',
  'calendar_usefulness',
  'pairing_interest',
  'pairing_topics',
  'interim_assessment_interest',
] as const;
export type Indicator = (typeof INDICATORS)[number];

/** Indicators whose question must also say which policy area it is about. */
export const INDICATORS_WITH_AREA: readonly Indicator[] = ['attribution', 'services', 'most_important_change'];
/** Indicators given as matrices whose rows are policy areas (each row carries `policyArea`). */
export const INDICATORS_WITH_AREA_ROWS: readonly Indicator[] = ['change', 'self_assessment'];
/** Indicators whose choices (or matrix columns) must all carry a numeric `score`, except 'don't know'-like ones. */
export const INDICATORS_WITH_SCORES: readonly Indicator[] = ['change', 'self_assessment', 'marker', 'strategy_status'];

/** Communication channel families, so 'share preferring email' is computed from tags, not from choice values. */
export const CHANNEL_KINDS = ['email', 'newsletter', 'portal', 'collaboration_tool', 'webinar', 'social_media', 'other'] as const;

let registered = false;

/** Registers the custom properties once; safe to call many times. */
export function registerSurveyExtensions(): void {
  if (registered) return;
  registered = true;
  Serializer.addProperty('question', {
    name: 'indicator',
    category: 'analysis',
    choices: [...INDICATORS],
  });
  Serializer.addProperty('question', {
    name: 'policyArea',
    category: 'analysis',
    choices: [...POLICY_AREAS],
  });
  Serializer.addProperty('itemvalue', { name: 'score:number' });
  Serializer.addProperty('itemvalue', { name: 'policyArea', choices: [...POLICY_AREAS] });
  Serializer.addProperty('itemvalue', { name: 'channel', choices: [...CHANNEL_KINDS] });
  // Matrix columns of single-choice matrices are itemvalues too, so `score` above covers them.
}

registerSurveyExtensions();
