/**
 * Indicator completeness (issue 4): for each analysis indicator (the `indicator` tags of extensions.ts, read by
 * analysis/survey-catalogue.ts and the indicator modules), whether a definition has the questions it needs, in
 * the shape analysis reads. Pure, on the JSON definition, so that the builder shows it live and the server's
 * publish step reports the same as warnings. A missing indicator never makes analysis fail (it reports nothing
 * for it); only definitions survey-core cannot read do, and checkDefinition refuses those.
 */
import { INDICATORS, POLICY_AREAS, type Indicator } from './extensions';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The analysis shapes of survey-catalogue.ts, read from JSON. */
export type Shape = 'single' | 'multiple' | 'numeric' | 'ranking' | 'matrix' | 'text' | 'structured' | 'none';

/** The ICC recommendation each indicator serves (docs/domain.md). */
export const INDICATOR_REC: Record<Indicator, number> = {
  change: 19,
  attribution: 19,
  services: 19,
  most_important_change: 19,
  self_assessment: 17,
  marker: 17,
  index_year: 17,
  channel_ranking: 11,
  frequency: 11,
  format: 11,
  topics: 11,
  strategy_status: 18,
  needs: 18,
  team_size: 7,
  team_roles: 7,
  participation: 10,
  calendar_usefulness: 12,
  pairing_interest: 13,
  pairing_topics: 13,
  interim_assessment_interest: 5,
};

/** Shapes analysis reads for each indicator (the first matching question is used). */
const SHAPES: Record<Indicator, readonly Shape[]> = {
  change: ['matrix'],
  attribution: ['numeric', 'single'],
  services: ['multiple'],
  most_important_change: ['text'],
  self_assessment: ['matrix'],
  marker: ['single'],
  index_year: ['numeric', 'single', 'text'],
  channel_ranking: ['ranking'],
  frequency: ['single', 'multiple'],
  format: ['single', 'multiple'],
  topics: ['single', 'multiple'],
  strategy_status: ['single'],
  needs: ['ranking', 'multiple'],
  team_size: ['numeric'],
  team_roles: ['single', 'multiple', 'text', 'structured'],
  participation: ['multiple'],
  calendar_usefulness: ['numeric', 'single'],
  pairing_interest: ['single'],
  pairing_topics: ['multiple'],
  interim_assessment_interest: ['single'],
};

export function shapeOf(q: Json): Shape {
  const type = String(q.type ?? '');
  switch (type) {
    case 'radiogroup':
    case 'dropdown':
    case 'boolean':
    case 'imagepicker':
      return type === 'imagepicker' && q.multiSelect === true ? 'multiple' : 'single';
    case 'checkbox':
    case 'tagbox':
      return 'multiple';
    case 'ranking':
      return 'ranking';
    case 'matrix':
      return 'matrix';
    case 'rating': {
      const values = Array.isArray(q.rateValues) ? q.rateValues : [];
      const numeric = values.every((v) => typeof (isObject(v) ? v.value : v) === 'number' || Number.isFinite(Number(isObject(v) ? v.value : v)));
      return numeric ? 'numeric' : 'single';
    }
    case 'text':
      return q.inputType === 'number' || q.inputType === 'range' ? 'numeric' : 'text';
    case 'comment':
      return 'text';
    case 'html':
    case 'image':
    case 'expression':
      return 'none';
    default:
      return 'structured';
  }
}

/** A question with where it is: `path` as the builder addresses elements ([page, index, ...]). */
export interface FoundQuestion {
  name: string;
  path: number[];
  question: Json;
}

/** The questions of a definition as analysis sees them: in pages and panels, not inside dynamic panels or matrices. */
export function questionsOf(definition: unknown): FoundQuestion[] {
  const out: FoundQuestion[] = [];
  if (!isObject(definition) || !Array.isArray(definition.pages)) return out;
  const visit = (elements: unknown, path: number[]) => {
    if (!Array.isArray(elements)) return;
    elements.forEach((el, i) => {
      if (!isObject(el)) return;
      if (el.type === 'panel') visit(el.elements, [...path, i]);
      else if (typeof el.name === 'string') out.push({ name: el.name, path: [...path, i], question: el });
    });
  };
  definition.pages.forEach((p, i) => isObject(p) && visit(p.elements, [i]));
  return out;
}

const itemsOf = (v: unknown): Json[] => (Array.isArray(v) ? v.map((x) => (isObject(x) ? x : { value: x })) : []);
const DONT_KNOW = /^(dont_?know|don't know|refused?|none|na|n\/a)$/i;

export type IndicatorState = 'ok' | 'missing' | 'wrong-shape' | 'incomplete';

/** Why an indicator is incomplete; `areas` lists policy areas concerned. */
export type IndicatorIssue =
  | { kind: 'no-scores'; question: string }
  | { kind: 'no-area-rows'; question: string }
  | { kind: 'no-area'; question: string }
  | { kind: 'no-channels'; question: string }
  | { kind: 'areas-without'; areas: string[] };

export interface IndicatorStatus {
  indicator: Indicator;
  rec: number;
  state: IndicatorState;
  /** The tagged questions (used or not), with their paths for links. */
  questions: { name: string; path: number[]; shape: Shape; usable: boolean }[];
  issues: IndicatorIssue[];
  /** For the per-area indicators: the policy areas covered. */
  areas?: string[];
}

/**
 * The completeness of each indicator. Rec 19's per-area indicators (attribution, services, most important
 * change) are incomplete when an area of the `change` matrix has no question of theirs.
 */
export function checkIndicators(definition: unknown): IndicatorStatus[] {
  const questions = questionsOf(definition);
  const tagged = new Map<Indicator, FoundQuestion[]>();
  for (const q of questions) {
    const tag = q.question.indicator;
    if (typeof tag === 'string' && (INDICATORS as readonly string[]).includes(tag)) {
      const list = tagged.get(tag as Indicator) ?? [];
      list.push(q);
      tagged.set(tag as Indicator, list);
    }
  }
  const rowAreas = (q: Json) => itemsOf(q.rows).map((r) => r.policyArea).filter((a): a is string => typeof a === 'string' && a !== '');
  const changeAreas = new Set((tagged.get('change') ?? []).filter((q) => shapeOf(q.question) === 'matrix').flatMap((q) => rowAreas(q.question)));

  return INDICATORS.map((indicator) => {
    const found = tagged.get(indicator) ?? [];
    const issues: IndicatorIssue[] = [];
    const listed = found.map((f) => {
      const shape = shapeOf(f.question);
      return { name: f.name, path: f.path, shape, usable: SHAPES[indicator].includes(shape) };
    });
    const usable = found.filter((_, i) => listed[i]!.usable);
    let areas: string[] | undefined;
    for (const f of usable) {
      const q = f.question;
      if (indicator === 'change' || indicator === 'self_assessment') {
        if (rowAreas(q).length === 0) issues.push({ kind: 'no-area-rows', question: f.name });
        const scored = itemsOf(q.columns).filter((c) => !DONT_KNOW.test(String(c.value)));
        if (scored.length === 0 || scored.some((c) => typeof c.score !== 'number')) issues.push({ kind: 'no-scores', question: f.name });
      }
      if ((indicator === 'marker' || indicator === 'strategy_status') && q.type !== 'boolean') {
        const scored = itemsOf(q.choices).filter((c) => !DONT_KNOW.test(String(c.value)));
        if (scored.length === 0 || scored.some((c) => typeof c.score !== 'number')) issues.push({ kind: 'no-scores', question: f.name });
      }
      if (indicator === 'channel_ranking' && !itemsOf(q.choices).some((c) => typeof c.channel === 'string')) issues.push({ kind: 'no-channels', question: f.name });
      if ((indicator === 'attribution' || indicator === 'services' || indicator === 'most_important_change') && !(typeof q.policyArea === 'string' && q.policyArea !== '')) {
        issues.push({ kind: 'no-area', question: f.name });
      }
    }
    if (indicator === 'change' || indicator === 'self_assessment') {
      areas = sortAreas(new Set(usable.flatMap((f) => rowAreas(f.question))));
    }
    if (indicator === 'attribution' || indicator === 'services' || indicator === 'most_important_change') {
      const covered = new Set(usable.map((f) => f.question.policyArea).filter((a): a is string => typeof a === 'string'));
      areas = sortAreas(covered);
      const without = sortAreas(new Set([...changeAreas].filter((a) => !covered.has(a))));
      if (usable.length > 0 && without.length > 0) issues.push({ kind: 'areas-without', areas: without });
    }
    const state: IndicatorState = found.length === 0 ? 'missing' : usable.length === 0 ? 'wrong-shape' : issues.length > 0 ? 'incomplete' : 'ok';
    return { indicator, rec: INDICATOR_REC[indicator], state, questions: listed, issues, ...(areas ? { areas } : {}) };
  });
}

function sortAreas(set: Set<string>): string[] {
  const order = (a: string) => {
    const i = (POLICY_AREAS as readonly string[]).indexOf(a);
    return i < 0 ? POLICY_AREAS.length : i;
  };
  return [...set].sort((a, b) => order(a) - order(b) || a.localeCompare(b));
}

/** English sentences for the server's publish warnings (the builder shows its own, translated). */
export function indicatorWarnings(statuses: IndicatorStatus[]): string[] {
  // A questionnaire without any indicator tag (a pilot, a thematic survey): one sentence, not one per indicator.
  if (statuses.length > 0 && statuses.every((s) => s.state === 'missing')) {
    return [`no question carries an indicator tag: analysis will report question summaries and response rates, no indicator (Rec 11, 17, 19)`];
  }
  const out: string[] = [];
  for (const s of statuses) {
    const label = `indicator "${s.indicator}" (Rec ${s.rec})`;
    if (s.state === 'missing') out.push(`${label}: no question carries it; analysis will report nothing for it`);
    else if (s.state === 'wrong-shape') {
      out.push(`${label}: questions ${s.questions.map((q) => `"${q.name}" (${q.shape})`).join(', ')} do not have a shape analysis reads (${SHAPES[s.indicator].join(' or ')})`);
    }
    for (const i of s.issues) {
      if (i.kind === 'areas-without') out.push(`${label}: no question for policy areas ${i.areas.join(', ')} of the change matrix`);
      else if (i.kind === 'no-scores') out.push(`${label}: question "${i.question}" has choices or columns without a score`);
      else if (i.kind === 'no-area-rows') out.push(`${label}: question "${i.question}" has no rows tagged with a policy area`);
      else if (i.kind === 'no-area') out.push(`${label}: question "${i.question}" has no policy area`);
      else out.push(`${label}: question "${i.question}" has no choice tagged with a channel`);
    }
  }
  return out;
}
