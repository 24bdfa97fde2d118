import '../../surveys/extensions';
import { Model } from 'survey-core';
import { describe, expect, test } from 'vitest';
import { AnalysisInputError } from '../../analysis/input-error';
import { parseResponsesCsv, parseResponsesJson, parseRosterCsv } from '../../analysis/input-files';

const model = new Model({
  elements: [
    { type: 'radiogroup', name: 'role', choices: ['a', 'b'] },
    { type: 'checkbox', name: 'svc', choices: ['x', 'y'] },
  ],
});

describe('reading responses.csv', () => {
  test('answers, city attributes from the country and networks columns, and status', () => {
    const csv = '\uFEFFcity,city_name,country,networks,status,role,svc.x,svc.y\r\nA,Alpha,IT,ICC;RECI,submitted,a,1,0\r\nB,Beta,,,draft,,,\r\n';
    expect(parseResponsesCsv(csv, model, 'r.csv')).toEqual([
      { city: 'A', data: { role: 'a', svc: ['x'] }, attrs: { country: 'IT', network: ['ICC', 'RECI'] }, status: 'submitted' },
      { city: 'B', data: {}, attrs: { network: [] }, status: 'draft' },
    ]);
  });

  test('a CSV without a city column or with an empty city code is refused', () => {
    expect(() => parseResponsesCsv('code,role\nA,a\n', model, 'r.csv')).toThrow(/r\.csv: the CSV has no "city" column/);
    expect(() => parseResponsesCsv('city,role\n,a\n', model, 'r.csv')).toThrow(/row 2 has an empty city code/);
  });
});

describe('reading responses.json', () => {
  test('an array of {city, data}', () => {
    expect(parseResponsesJson('[{"city":" A ","data":{"role":"a"}}]', 'r.json')).toEqual([{ city: 'A', data: { role: 'a' } }]);
  });

  test('anything else is refused with a message naming the file', () => {
    expect(() => parseResponsesJson('{', 'r.json')).toThrow(/r\.json: invalid JSON/);
    expect(() => parseResponsesJson('{"city":"A"}', 'r.json')).toThrow(AnalysisInputError);
    expect(() => parseResponsesJson('[{"city":"A"}]', 'r.json')).toThrow(/no "data" object/);
  });
});

describe('reading the roster', () => {
  test('code is required; name, country, network (;-separated) and size are optional', () => {
    expect(parseRosterCsv('code,name,country,network,size\nA,Alpha,IT,ICC; RECI,large\nB,,,,\n', 'roster.csv')).toEqual([
      { code: 'A', name: 'Alpha', country: 'IT', network: ['ICC', 'RECI'], size: 'large' },
      { code: 'B' },
    ]);
    expect(() => parseRosterCsv('name\nAlpha\n', 'roster.csv')).toThrow(/no "code" column/);
  });
});
