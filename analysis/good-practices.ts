/**
 * Good-practice extraction (issue 7, Rec 14): the 'most important change' each city described per policy area,
 * as a list the ICC Unit curates for its good-practice database. Pure: definition, responses and roster in,
 * rows out. This is city-level material for the Unit (admin, analyst), never for publication.
 *
 * One row per city × policy area with a non-blank text of a question tagged `most_important_change`, with:
 * - the city's change answer for that area (yes / no / dontknow, null when the row was left blank);
 * - its attribution rating (1-5) from the `attribution` question of the same area, and whether the change counts
 *   as attributed to ICC: rating ≥ threshold (default 3 of 5); null when the city gave no rating. The text itself
 *   says a change happened, so the rating counts here even if the change row was left blank (unlike the Rec 19
 *   shares, which count ratings of 'yes' areas only); the change column shows the discrepancy to the curator;
 * - the ICC services credited for that area (`services` checkbox), with the 'other (please specify)' text.
 * Responses are one per city (the last one given for a city wins), rows sorted by city code then area in ICC
 * Index order. Cities absent from the roster keep their code, with no name, country or network.
 */
import { compareCodes, textValue } from './answer-values';
import { ATTRIBUTION_THRESHOLD, readCityChanges } from './change-indicators';
import type { RosterCity, SurveyResponse } from './cohort';
import type { Cell, ColumnSpec, Table } from './indicator-tables';
import { comparePolicyAreas, questionsTagged, surveyCatalogue, type LocalisedText } from './survey-catalogue';

/** One curated candidate: a city's most important change in one policy area. */
export interface GoodPracticeRow {
  city: string;
  cityName: string | null;
  country: string | null;
  networks: string[];
  area: string;
  areaLabel: { en: string; fr: string };
  text: string;
  change: 'yes' | 'no' | 'dontknow' | null;
  attribution: number | null;
  /** Rating ≥ threshold; null when the city gave no rating for the area. */
  attributed: boolean | null;
  /** Services credited (choice values, questionnaire order of answer) with their labels; 'other' carries its text. */
  services: { value: string; en: string; fr: string }[];
  /** The text of 'other (please specify)' among the services, if any. */
  otherService: string | null;
}

/** What goodPracticeRows takes. */
export interface GoodPracticeInput {
  definition: unknown;
  responses: readonly SurveyResponse[];
  roster?: readonly RosterCity[];
  /** Attribution rating counted as "inspired by ICC" (default 3 of 5). */
  attributionThreshold?: number;
}

const bilingual = (t: LocalisedText): { en: string; fr: string } => ({ en: t.en, fr: t.fr ?? t.en });

/** The rows described above. Throws AnalysisInputError (DefinitionError) on a malformed definition. */
export function goodPracticeRows({ definition, responses, roster = [], attributionThreshold = ATTRIBUTION_THRESHOLD }: GoodPracticeInput): GoodPracticeRow[] {
  const catalogue = surveyCatalogue(definition);
  const areaLabels = new Map<string, { en: string; fr: string }>();
  for (const q of catalogue.questions) for (const row of q.rows) if (row.policyArea && !areaLabels.has(row.policyArea)) areaLabels.set(row.policyArea, bilingual(row.text));
  const serviceQuestions = new Map(questionsTagged(catalogue, 'services').filter((q) => q.policyArea).map((q) => [q.policyArea!, q] as const));
  const rosterByCode = new Map(roster.map((c) => [c.code, c] as const));
  const byCity = new Map<string, SurveyResponse>();
  for (const r of responses) byCity.set(r.city, r);

  const rows: GoodPracticeRow[] = [];
  for (const code of [...byCity.keys()].sort(compareCodes)) {
    const response = byCity.get(code)!;
    const changes = readCityChanges(catalogue, { city: code, data: response.data });
    const city = rosterByCode.get(code);
    for (const area of [...changes.texts.keys()].sort(comparePolicyAreas)) {
      const rating = changes.attribution.get(area) ?? null;
      const q = serviceQuestions.get(area);
      const services = (changes.services.get(area) ?? []).map((v) => {
        const option = q?.options.find((o) => o.key === String(v));
        return { value: String(v), ...(option ? bilingual(option.text) : { en: String(v), fr: String(v) }) };
      });
      const other = q?.commentKey ? textValue(response.data[q.commentKey]) : null;
      rows.push({
        city: code,
        cityName: city?.name ?? null,
        country: city?.country ?? null,
        networks: [...(city?.network ?? [])].sort(compareCodes),
        area,
        areaLabel: areaLabels.get(area) ?? { en: area, fr: area },
        text: changes.texts.get(area)!,
        change: changes.answers.get(area) ?? null,
        attribution: rating,
        attributed: rating === null ? null : rating >= attributionThreshold,
        services,
        otherService: other,
      });
    }
  }
  return rows;
}

const col = (name: string, description: string): ColumnSpec => ({ name, description });

/** The rows as one table (good-practices.csv), with a description of each column. */
export function goodPracticeTable(rows: readonly GoodPracticeRow[], threshold: number = ATTRIBUTION_THRESHOLD): Table {
  return {
    file: 'good-practices.csv',
    description: 'Rec 14: the most important change described by each city, per policy area, for the good-practice database',
    columns: [
      col('city', 'city code'),
      col('city_name', 'city name (roster)'),
      col('country', 'country (roster)'),
      col('networks', 'networks of the city, separated by ";"'),
      col('policy_area', 'ICC Index policy area code'),
      col('policy_area_en', 'policy area in English'),
      col('policy_area_fr', 'policy area in French'),
      col('most_important_change', 'the text as the city wrote it'),
      col('change_answer', 'the city\'s answer to "did you introduce or change a policy" for the area: yes, no, dontknow or empty'),
      col('attribution', 'how far the change was inspired by the ICC programme (1-5), empty when not rated'),
      col('attributed_to_icc', `true when attribution ≥ ${threshold}; empty when not rated`),
      col('icc_services', 'ICC services credited (choice values), separated by ";"'),
      col('icc_services_en', 'the same services in English, separated by ";"'),
      col('icc_services_other', 'the "other (please specify)" text of the services question'),
    ],
    rows: rows.map((r): Cell[] => [
      r.city,
      r.cityName,
      r.country,
      r.networks.join(';'),
      r.area,
      r.areaLabel.en,
      r.areaLabel.fr,
      r.text,
      r.change,
      r.attribution,
      r.attributed,
      r.services.map((s) => s.value).join(';'),
      r.services.map((s) => s.en).join('; '),
      r.otherService,
    ]),
  };
}
