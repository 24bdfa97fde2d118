import { describe, expect, it } from 'vitest';
import { Model, type ItemValue, type Question } from 'survey-core';
import {
  CHANNEL_KINDS,
  INDICATORS,
  INDICATORS_WITH_AREA,
  INDICATORS_WITH_SCORES,
  POLICY_AREAS,
} from '../../surveys/extensions';
import { checkDefinition, findUntranslated, loadDefaultSurveys } from '../../surveys/default-surveys';

type Json = Record<string, any>;

function iccSurvey(): Json {
  const survey = loadDefaultSurveys().find((s) => s.code === 'icc-annual-survey');
  if (!survey) throw new Error('icc-annual-survey is not among the default surveys');
  return survey.definition as Json;
}

/** The JSON object of the element (question or panel) with this name, searched in all pages and panels. */
function findElement(definition: Json, name: string): Json {
  const search = (elements: Json[] | undefined): Json | undefined => {
    for (const el of elements ?? []) {
      if (el.name === name) return el;
      const inner = search(el.elements);
      if (inner) return inner;
    }
    return undefined;
  };
  for (const page of definition.pages as Json[]) {
    const found = search(page.elements);
    if (found) return found;
  }
  throw new Error(`no element "${name}"`);
}

function questionsOf(model: Model): Question[] {
  return model.getAllQuestions(false, true, true).filter((q) => !q.parentQuestion);
}

const prop = (obj: unknown, name: string): unknown => (obj as { getPropertyValue(n: string): unknown }).getPropertyValue(name);

/** Expected indicator tag of every tagged question; per-area questions are checked separately. */
const EXPECTED_INDICATORS: Record<string, string> = {
  chg: 'change',
  prog: 'self_assessment',
  mk_strategy: 'marker',
  mk_budget: 'marker',
  mk_team: 'marker',
  mk_civil_eval: 'marker',
  mk_perception: 'marker',
  index_year: 'index_year',
  comm_channels: 'channel_ranking',
  comm_frequency: 'frequency',
  comm_format: 'format',
  comm_topics: 'topics',
  strat_status: 'strategy_status',
  strat_needs: 'needs',
  team_size: 'team_size',
  team_roles: 'team_roles',
  eng_activities: 'participation',
  eng_calendar: 'calendar_usefulness',
  pair_interest: 'pairing_interest',
  pair_topics: 'pairing_topics',
  interim_interest: 'interim_assessment_interest',
};

describe('default ICC annual survey', () => {
  it('loads into a SurveyJS model with no jsonErrors', () => {
    const model = new Model(iccSurvey());
    expect(model.jsonErrors ?? []).toEqual([]);
    expect(model.pages.length).toBeGreaterThan(5);
  });

  it('passes checkDefinition with no problems', () => {
    expect(checkDefinition(iccSurvey())).toEqual([]);
  });

  it('has every visible text in English and French', () => {
    expect(findUntranslated(iccSurvey())).toEqual([]);
  });

  it('returns a fresh copy of the definition on each load', () => {
    const first = iccSurvey();
    first.title = 'changed';
    expect(iccSurvey().title).not.toBe('changed');
  });

  it('uses stable lowercase snake_case question names', () => {
    const model = new Model(iccSurvey());
    for (const q of questionsOf(model)) expect(q.name).toMatch(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/);
  });

  it('tags each question with the expected indicator', () => {
    const model = new Model(iccSurvey());
    for (const [name, indicator] of Object.entries(EXPECTED_INDICATORS)) {
      const q = model.getQuestionByName(name);
      expect(q, name).toBeTruthy();
      expect(prop(q, 'indicator'), name).toBe(indicator);
    }
    for (const q of questionsOf(model)) {
      const indicator = prop(q, 'indicator');
      if (indicator) expect(INDICATORS as readonly unknown[]).toContain(indicator);
    }
  });

  it('asks attribution, services and the most important change for every policy area, tagged with the area', () => {
    const model = new Model(iccSurvey());
    for (const area of POLICY_AREAS) {
      const expected: [string, string, string][] = [
        [`chg_insp_${area}`, 'attribution', 'rating'],
        [`chg_svc_${area}`, 'services', 'checkbox'],
        [`chg_txt_${area}`, 'most_important_change', 'comment'],
      ];
      for (const [name, indicator, type] of expected) {
        const q = model.getQuestionByName(name);
        expect(q, name).toBeTruthy();
        expect(q.getType(), name).toBe(type);
        expect(prop(q, 'indicator'), name).toBe(indicator);
        expect(prop(q, 'policyArea'), name).toBe(area);
      }
      expect(model.getPanelByName(`p_chg_${area}`).visibleIf).toBe(`{chg.${area}} = 'yes'`);
    }
    for (const q of questionsOf(model)) {
      if (INDICATORS_WITH_AREA.includes(prop(q, 'indicator') as never)) {
        expect(POLICY_AREAS as readonly unknown[], q.name).toContain(prop(q, 'policyArea'));
      }
    }
  });

  it('offers the ICC services, "other" and "none" in each services question', () => {
    const svc = findElement(iccSurvey(), 'chg_svc_education');
    expect(svc.choices.map((c: Json) => c.value)).toEqual([
      'index_report',
      'expert_visit',
      'study_visit',
      'thematic_event',
      'policy_brief',
      'good_practice_db',
      'peer_exchange',
    ]);
    expect(svc.showOtherItem).toBe(true);
    expect(svc.showNoneItem).toBe(true);
  });

  it('lists all 17 policy areas as rows of chg and prog, each row tagged with its area', () => {
    const model = new Model(iccSurvey());
    for (const name of ['chg', 'prog']) {
      const rows = (model.getQuestionByName(name) as unknown as { rows: ItemValue[] }).rows;
      expect(rows.map((r) => r.value), name).toEqual([...POLICY_AREAS]);
      for (const row of rows) expect(prop(row, 'policyArea'), `${name}.${String(row.value)}`).toBe(row.value);
    }
  });

  it('scores every choice or column of scored questions, except "don\'t know"', () => {
    const model = new Model(iccSurvey());
    const scored = questionsOf(model).filter((q) => INDICATORS_WITH_SCORES.includes(prop(q, 'indicator') as never));
    expect(scored.map((q) => q.name).sort()).toEqual(
      ['chg', 'prog', 'mk_strategy', 'mk_budget', 'mk_team', 'mk_civil_eval', 'mk_perception', 'strat_status'].sort(),
    );
    for (const q of scored) {
      const items = (q.getType() === 'matrix' ? (q as any).columns : (q as any).choices) as ItemValue[];
      for (const item of items) {
        if (item.value === 'dont_know') continue;
        expect(typeof prop(item, 'score'), `${q.name}.${String(item.value)}`).toBe('number');
      }
    }
    const chgColumns = (model.getQuestionByName('chg') as any).columns as ItemValue[];
    expect(chgColumns.map((c) => [c.value, prop(c, 'score')])).toEqual([
      ['yes', 1],
      ['no', 0],
      ['dont_know', undefined],
    ]);
    const progColumns = (model.getQuestionByName('prog') as any).columns as ItemValue[];
    expect(progColumns.map((c) => [c.value, prop(c, 'score')])).toEqual([0, 1, 2, 3, 4].map((n) => [n, n]));
    const marker = model.getQuestionByName('mk_budget') as any;
    expect(marker.showDontKnowItem).toBe(true);
  });

  it('tags every channel of the channel ranking with a channel kind', () => {
    const model = new Model(iccSurvey());
    const q = model.getQuestionByName('comm_channels') as any;
    expect(q.getType()).toBe('ranking');
    expect(q.isRequired).toBe(true);
    const channels = (q.choices as ItemValue[]).map((c) => prop(c, 'channel'));
    for (const c of channels) expect(CHANNEL_KINDS as readonly unknown[]).toContain(c);
    expect(channels).toContain('email');
  });

  it('makes only the essential questions required', () => {
    const model = new Model(iccSurvey());
    const required = questionsOf(model).filter((q) => q.isRequired).map((q) => q.name).sort();
    expect(required).toEqual(['chg', 'comm_channels', 'prog', 'strat_status']);
    expect(model.checkErrorsMode).toBe('onComplete');
  });

  it('shows an area panel only when the city reports a change in that area', () => {
    const model = new Model(iccSurvey());
    const panel = model.getPanelByName('p_chg_education');
    expect(panel.isVisible).toBe(false);
    model.setValue('chg', { education: 'yes', language: 'no' });
    expect(panel.isVisible).toBe(true);
    expect(model.getPanelByName('p_chg_language').isVisible).toBe(false);
  });

  it('shows pairing details only to cities interested in pairing', () => {
    const model = new Model(iccSurvey());
    const topics = model.getQuestionByName('pair_topics');
    expect(topics.isVisible).toBe(false);
    model.setValue('pair_interest', 'maybe');
    expect(topics.isVisible).toBe(true);
    expect(model.getQuestionByName('pair_challenge').isVisible).toBe(true);
    model.setValue('pair_interest', 'no');
    expect(topics.isVisible).toBe(false);
  });

  it('hides the Index year when the city has never done a full Index', () => {
    const model = new Model(iccSurvey());
    expect(model.getQuestionByName('index_year').isVisible).toBe(true);
    model.setValue('index_never', true);
    expect(model.getQuestionByName('index_year').isVisible).toBe(false);
  });

  it('keeps every page at 12 visible questions or fewer, even when every area changed', () => {
    const model = new Model(iccSurvey());
    model.setValue('chg', Object.fromEntries(POLICY_AREAS.map((a) => [a, 'yes'])));
    model.setValue('pair_interest', 'yes');
    for (const page of model.visiblePages) {
      const visible = page.questions.filter((q) => q.isVisible && q.isParentVisible);
      expect(visible.length, page.name).toBeLessThanOrEqual(12);
    }
  });

  it('keeps score, policyArea and channel on choices and matrix rows and columns through toJSON', () => {
    const json = new Model(iccSurvey()).toJSON() as Json;
    const again = new Model(json);
    expect(again.jsonErrors ?? []).toEqual([]);
    const chg = findElement(json, 'chg');
    expect(chg.indicator).toBe('change');
    expect(chg.rows[1]).toMatchObject({ value: 'education', policyArea: 'education' });
    expect(chg.columns[0]).toMatchObject({ value: 'yes', score: 1 });
    expect(chg.columns[1]).toMatchObject({ value: 'no', score: 0 });
    expect(findElement(json, 'prog').columns[3]).toMatchObject({ value: 3, score: 3 });
    expect(findElement(json, 'mk_team').choices[1]).toMatchObject({ value: 'partly', score: 0.5 });
    expect(findElement(json, 'strat_status').choices[4]).toMatchObject({ value: 'evaluated', score: 4 });
    expect(findElement(json, 'comm_channels').choices[0]).toMatchObject({ value: 'email_targeted', channel: 'email' });
    expect(findElement(json, 'comm_topics').choices[0]).toMatchObject({ value: 'commitment', policyArea: 'commitment' });
    expect(findElement(json, 'chg_insp_language')).toMatchObject({ indicator: 'attribution', policyArea: 'language' });
    expect(checkDefinition(json)).toEqual([]);
  });

  it('gives every question a French title different from the English one', () => {
    const model = new Model(iccSurvey());
    const titled = questionsOf(model).filter((q) => q.getType() !== 'html');
    const english = new Map(titled.map((q) => [q.name, q.title]));
    model.locale = 'fr';
    for (const q of titled) {
      expect(q.title, q.name).not.toBe(english.get(q.name));
      expect(q.title, q.name).not.toBe(q.name);
    }
    expect(model.title).toMatch(/Villes interculturelles/);
  });
});

describe('checkDefinition on broken definitions', () => {
  it('reports a missing policyArea on a per-area question', () => {
    const def = iccSurvey();
    delete findElement(def, 'chg_insp_education').policyArea;
    expect(checkDefinition(def)).toContain('question "chg_insp_education": policyArea is missing (indicator "attribution" needs it)');
  });

  it('reports a row of the change matrix without policyArea', () => {
    const def = iccSurvey();
    delete findElement(def, 'chg').rows[2].policyArea;
    expect(checkDefinition(def)).toContain(
      'question "chg": row "neighbourhoods" has no policyArea (indicator "change" needs one on every row)',
    );
  });

  it('reports an expression with a syntax error', () => {
    const def = iccSurvey();
    findElement(def, 'p_chg_education').visibleIf = '{chg.education} = ';
    const problems = checkDefinition(def);
    expect(problems.some((p) => p.startsWith('panel "p_chg_education": visibleIf "{chg.education} = " is not a valid expression'))).toBe(
      true,
    );
  });

  it('reports an expression referring to an unknown question', () => {
    const def = iccSurvey();
    findElement(def, 'pair_topics').visibleIf = "{pair_intrest} = 'yes'";
    expect(checkDefinition(def)).toContain(
      `question "pair_topics": visibleIf "{pair_intrest} = 'yes'" refers to "pair_intrest", which is not a question or variable of this survey`,
    );
  });

  it('reports a duplicated question name, including inside panels', () => {
    const def = iccSurvey();
    findElement(def, 'chg_txt_language').name = 'chg_txt_education';
    expect(checkDefinition(def)).toContain('duplicate question name "chg_txt_education" (used 2 times)');
  });

  it('reports an unknown question type', () => {
    const def = iccSurvey();
    def.pages[0].elements.push({ type: 'slidr', name: 'weird', title: { default: 'W', fr: 'W' } });
    expect(checkDefinition(def)).toContain('question "weird": unknown type "slidr"');
  });

  it('reports an unknown property', () => {
    const def = iccSurvey();
    findElement(def, 'comm_frequency').indicatr = 'frequency';
    expect(checkDefinition(def)).toContain('question "comm_frequency": unknown property "indicatr" for type "radiogroup"');
  });

  it('reports duplicate choice values and duplicate matrix rows', () => {
    const def = iccSurvey();
    const frequency = findElement(def, 'comm_frequency');
    frequency.choices.push({ ...frequency.choices[0] });
    const prog = findElement(def, 'prog');
    prog.rows.push({ ...prog.rows[0] });
    const problems = checkDefinition(def);
    expect(problems).toContain('question "comm_frequency": duplicate choice value "weekly" (used 2 times)');
    expect(problems).toContain('question "prog": duplicate row value "commitment" (used 2 times)');
  });

  it('reports a scored choice without a score, and a channel without its tag', () => {
    const def = iccSurvey();
    delete findElement(def, 'strat_status').choices[2].score;
    findElement(def, 'mk_budget').choices[0].score = 'high';
    delete findElement(def, 'comm_channels').choices[1].channel;
    const problems = checkDefinition(def);
    expect(problems).toContain('question "strat_status": choice "adopted" has no numeric score (indicator "strategy_status" needs one)');
    expect(problems).toContain('question "mk_budget": choice "yes" has no numeric score (indicator "marker" needs one)');
    expect(problems).toContain('question "comm_channels": choice "newsletter" has no channel (indicator "channel_ranking" needs one)');
  });

  it('reports an unknown indicator', () => {
    const def = iccSurvey();
    findElement(def, 'team_size').indicator = 'team_sise';
    expect(checkDefinition(def).some((p) => p.startsWith('question "team_size": unknown indicator "team_sise"'))).toBe(true);
  });

  it('reports texts without French, and plain strings, as untranslated', () => {
    const def = iccSurvey();
    findElement(def, 'team_size').title = 'How many people?';
    delete findElement(def, 'chg').rows[1].text.fr;
    findElement(def, 'comm_format').choices.push('podcast');
    const untranslated = findUntranslated(def);
    expect(untranslated).toHaveLength(3);
    expect(untranslated.some((p) => p.endsWith('.title'))).toBe(true);
    expect(untranslated.some((p) => p.endsWith('.rows[1].text'))).toBe(true);
    expect(untranslated.some((p) => p.endsWith('.choices[5]'))).toBe(true);
    expect(checkDefinition(def)).toHaveLength(3);
    expect(checkDefinition(def, { requireTranslations: false })).toEqual([]);
  });

  it('refuses something that is not a survey', () => {
    expect(checkDefinition(null)).toEqual(['the survey definition must be a JSON object']);
    expect(checkDefinition({ pages: [] })).toEqual(['the survey has no questions']);
  });
});
