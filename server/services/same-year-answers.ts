/**
 * Answers given to an older version of the same survey year, read in the codes of a later version (issue 4).
 *
 * A fix published during the campaign may rename a question code or a choice value that has answers; the Unit
 * then says what each became, and that mapping is stored with the version (migration 009). Responses submitted
 * before the fix keep their version and their answers as given (publishing never rewrites them), so whoever
 * reads the year with its latest questionnaire (analysis, responses.csv, the long export) reads them through
 * the mappings published after their version, oldest first: a rename A→B in version 2 and B→C in version 3
 * compose. Mappings from last year's version are not applied here (the year-over-year readers do that).
 */
import type { Answers } from '../../surveys/answers-merge';
import { applyAnswerMapping, type AnswerMapping } from '../../surveys/definition-diff';
import type { SameYearMappingStore } from '../stores/same-year-mappings';

/** A response's answers (given to the version `versionId`) in the codes of the version the reader was made for. */
export type SameYearReader = (versionId: number, data: Answers) => Answers;

/**
 * The reader of a survey's answers in the codes of its version `target`, or undefined when no mapping was
 * published within the survey up to that version (then every answer already is in those codes, or was never
 * mapped: nothing to convert).
 */
export function sameYearReader(
  store: SameYearMappingStore | undefined,
  { surveyId, target }: { surveyId: number; target: { number: number } },
): SameYearReader | undefined {
  if (!store) return undefined;
  const mappings = store.mappingsOf({ surveyId }).filter((m) => m.number <= target.number);
  if (mappings.length === 0) return undefined;
  const numbers = store.versionNumbers({ surveyId });
  const chains = new Map<number, AnswerMapping[]>();
  return (versionId, data) => {
    let chain = chains.get(versionId);
    if (!chain) {
      const from = numbers.get(versionId) ?? target.number;
      chain = mappings.filter((m) => m.number > from).map((m) => m.mapping);
      chains.set(versionId, chain);
    }
    return chain.reduce<Answers>((answers, m) => applyAnswerMapping(answers, m), data);
  };
}

/**
 * What puts a response of a survey (by city code) in the codes of the version its answers are read with (the
 * latest published one): one given to an older version passes through the mappings published since; the others
 * are returned as they are (the same object). Built once per read (the mappings and which cities answered an
 * older version are looked up here), then applied to each response as it is read. Without same-year mappings
 * this costs one small query and gives back the responses untouched.
 */
export function readVersionConverter(
  store: SameYearMappingStore | undefined,
  { surveyId }: { surveyId: number },
): <R extends { city: string; data: Answers }>(response: R) => R {
  const unchanged = <R,>(response: R) => response;
  if (!store) return unchanged;
  const number = store.readNumber({ surveyId });
  if (number === undefined) return unchanged;
  const target = { number };
  const read = sameYearReader(store, { surveyId, target });
  if (!read) return unchanged;
  const older = store.responsesBefore({ surveyId, number: target.number });
  if (older.size === 0) return unchanged;
  return (r) => {
    const versionId = older.get(r.city);
    return versionId === undefined ? r : { ...r, data: read(versionId, r.data) };
  };
}

/** `readVersionConverter` applied to one set of responses. */
export function responsesInReadVersion<R extends { city: string; data: Answers }>(
  store: SameYearMappingStore | undefined,
  { surveyId }: { surveyId: number },
  responses: R[],
): R[] {
  if (responses.length === 0) return responses;
  const inReadVersion = readVersionConverter(store, { surveyId });
  return responses.map((r) => inReadVersion(r));
}

/**
 * A mapping reduced to its renames: what a city's draft moving to the new version takes over, so that its answers
 * follow a renamed code or value. What the Unit dropped (null) stays in the draft as it was: an answer to a removed
 * question is kept and flagged, never deleted.
 */
export function renamesOf(mapping: AnswerMapping): AnswerMapping {
  const kept = (o: Record<string, string | null>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null));
  return {
    questions: kept(mapping.questions ?? {}),
    values: Object.fromEntries(Object.entries(mapping.values ?? {}).map(([q, values]) => [q, kept(values)])),
  };
}
