/**
 * Indicator completeness (issue 4, surveys/indicator-check.ts): which analysis indicators a definition feeds,
 * in the shape analysis reads, and the warnings the publish step gives.
 */
import { describe, expect, test } from 'vitest';
import { analyseSurvey } from '../../analysis/analyse-survey';
import { deleteAt, setProperty, updateItem } from '../../client/builder/edit-definition';
import { loadDefaultSurveys } from '../../surveys/default-surveys';
import { INDICATORS } from '../../surveys/extensions';
import { checkIndicators, indicatorWarnings, questionsOf, shapeOf } from '../../surveys/indicator-check';

const real = () => loadDefaultSurveys()[0]!.definition;
const byIndicator = (def: unknown) => new Map(checkIndicators(def).map((s) => [s.indicator, s]));
const pathOf = (def: unknown, name: string) => questionsOf(def).find((q) => q.name === name)!.path;

describe('indicator completeness', () => {
  test('the real questionnaire feeds every indicator, with the 17 policy areas for Rec 19 and Rec 17', () => {
    const statuses = checkIndicators(real());
    expect(statuses.map((s) => s.indicator)).toEqual([...INDICATORS]);
    expect(statuses.filter((s) => s.state !== 'ok').map((s) => [s.indicator, s.issues])).toEqual([]);
    const map = byIndicator(real());
    expect(map.get('change')!.areas).toHaveLength(17);
    expect(map.get('attribution')!.questions).toHaveLength(17);
    expect(map.get('channel_ranking')).toMatchObject({ rec: 11, questions: [{ name: 'comm_channels', shape: 'ranking', usable: true }] });
    expect(indicatorWarnings(statuses)).toEqual([]);
  });

  test('a removed question makes its indicator missing; its path points to the question in the builder', () => {
    const def = real();
    const at = pathOf(def, 'comm_channels');
    expect(at.length).toBeGreaterThanOrEqual(2);
    const without = deleteAt(def, at);
    const s = byIndicator(without).get('channel_ranking')!;
    expect(s.state).toBe('missing');
    expect(indicatorWarnings(checkIndicators(without))).toEqual([
      'indicator "channel_ranking" (Rec 11): no question carries it; analysis will report nothing for it',
    ]);
    // Analysis still runs on it: a missing indicator is a warning, not a crash.
    expect(() => analyseSurvey({ definition: without, responses: [] } as never)).not.toThrow();
  });

  test('a policy area of the change matrix without its attribution question, a marker choice without a score, a wrong shape', () => {
    let def = real();
    def = deleteAt(def, pathOf(def, 'chg_insp_education'));
    const marker = pathOf(def, 'mk_budget');
    def = updateItem(def, marker, 0, (c) => ({ ...c, score: undefined }));
    const team = pathOf(def, 'team_size');
    def = setProperty(def, team, 'inputType', undefined);
    const map = byIndicator(def);
    expect(map.get('attribution')).toMatchObject({ state: 'incomplete', issues: [{ kind: 'areas-without', areas: ['education'] }] });
    expect(map.get('marker')).toMatchObject({ state: 'incomplete', issues: [{ kind: 'no-scores', question: 'mk_budget' }] });
    expect(map.get('team_size')).toMatchObject({ state: 'wrong-shape', questions: [{ name: 'team_size', shape: 'text', usable: false }] });
    expect(indicatorWarnings([...map.values()])).toHaveLength(3);
  });

  test('a questionnaire without any indicator tag gets one warning, not one per indicator', () => {
    const pilot = { pages: [{ name: 'p1', elements: [{ type: 'comment', name: 'feedback' }, { type: 'rating', name: 'satisfaction' }] }] };
    const statuses = checkIndicators(pilot);
    expect(statuses.length).toBeGreaterThan(10);
    expect(statuses.every((s) => s.state === 'missing')).toBe(true);
    expect(indicatorWarnings(statuses)).toEqual([
      'no question carries an indicator tag: analysis will report question summaries and response rates, no indicator (Rec 11, 17, 19)',
    ]);
    // One tag is enough for the per-indicator list to come back.
    const tagged = { pages: [{ name: 'p1', elements: [{ type: 'comment', name: 'feedback', indicator: 'needs' }] }] };
    expect(indicatorWarnings(checkIndicators(tagged)).length).toBeGreaterThan(1);
  });

  test('shapes as analysis reads them', () => {
    expect(shapeOf({ type: 'text', inputType: 'number' })).toBe('numeric');
    expect(shapeOf({ type: 'rating' })).toBe('numeric');
    expect(shapeOf({ type: 'rating', rateValues: ['low', 'high'] })).toBe('single');
    expect(shapeOf({ type: 'tagbox' })).toBe('multiple');
    expect(shapeOf({ type: 'matrixdynamic' })).toBe('structured');
    expect(shapeOf({ type: 'html' })).toBe('none');
  });
});
