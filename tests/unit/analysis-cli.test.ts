import '../../surveys/extensions';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { Model } from 'survey-core';
import { afterAll, describe, expect, test } from 'vitest';
import { answerColumns, escapeCell } from '../../surveys/answer-columns';

const root = join(import.meta.dirname, '..', '..');
// Each run starts tsx and survey-core in a fresh process: seconds each, more on a busy machine.
const CLI_TIMEOUT = 120_000;
const dir = mkdtempSync(join(tmpdir(), 'icc-analyse-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const definition = {
  pages: [
    {
      name: 'p',
      elements: [
        { type: 'radiogroup', name: 'role', choices: ['coordinator', 'staff'], showOtherItem: true, showDontKnowItem: true },
        { type: 'checkbox', name: 'svc', choices: ['report', 'visit'], showNoneItem: true },
        { type: 'rating', name: 'useful', rateMin: 1, rateMax: 5 },
        { type: 'ranking', name: 'channels', indicator: 'channel_ranking', choices: [{ value: 'mail', channel: 'email' }, { value: 'web', channel: 'portal' }] },
        {
          type: 'matrix',
          name: 'chg',
          indicator: 'change',
          columns: [{ value: 'yes', score: 1 }, { value: 'no', score: 0 }, { value: 'dont_know' }],
          rows: [{ value: 'education', policyArea: 'education' }],
        },
        { type: 'comment', name: 'note' },
      ],
    },
  ],
};

const responses = [
  { city: 'A', data: { role: 'coordinator', svc: ['report'], useful: 4, channels: ['mail', 'web'], chg: { education: 'yes' }, note: '=cmd|calc' } },
  { city: 'B', data: { role: 'staff', svc: ['report', 'visit'], useful: 2, channels: ['web', 'mail'], chg: { education: 'no' } } },
  { city: 'C', data: { role: 'other', 'role-Comment': 'mayor', svc: ['none'], useful: 3, channels: ['mail', 'web'], chg: { education: 'dont_know' } } },
];

const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const definitionFile = write('definition.json', JSON.stringify(definition));
const responsesJson = write('responses.json', JSON.stringify(responses));
const rosterFile = write('roster.csv', 'code,name,country,network,size\nA,Alpha,IT,ICC;RECI,large\nB,Beta,IT,ICC,small\nC,Gamma,ES,ICC,small\nD,Delta,ES,RECI,large\n');

function analyse(args: string[]): { status: number; stdout: string; stderr: string } {
  try {
    const stdout = execFileSync('npx', ['tsx', 'analysis/cli.ts', ...args], { cwd: root, encoding: 'utf8', stdio: 'pipe' });
    return { status: 0, stdout, stderr: '' };
  } catch (err) {
    const e = err as { status: number; stdout: string; stderr: string };
    return { status: e.status, stdout: e.stdout, stderr: e.stderr };
  }
}

function expectContractShape(summary: any) {
  expect(typeof summary.n).toBe('number');
  for (const [code, q] of Object.entries<any>(summary.questions)) {
    expect(typeof q.type, code).toBe('string');
    expect(typeof q.n, code).toBe('number');
    for (const share of Object.values<any>(q.shares ?? {})) {
      expect(typeof share.p).toBe('number');
      expect(share.ci95).toHaveLength(2);
      expect(share.ci95[0]).toBeLessThanOrEqual(share.p);
      expect(share.ci95[1]).toBeGreaterThanOrEqual(share.p);
    }
  }
}

describe('npm run analyse', () => {
  test('JSON responses + roster: summary.json in the contract shape and the indicator CSVs', () => {
    const out = join(dir, 'out-json');
    const r = analyse(['--definition', definitionFile, '--responses', responsesJson, '--roster', rosterFile, '--out', out]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('analysed 3 responses of 4 invited cities');
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expectContractShape(summary);
    expect(summary.n).toBe(3);
    expect(summary.N).toBe(4);
    expect(summary.questions.role.counts).toEqual({ coordinator: 1, staff: 1, other: 1, dontknow: 0 });
    expect(summary.questions.role.shares.coordinator.p).toBe(1 / 3);
    expect(summary.questions.svc.counts).toEqual({ report: 2, visit: 1, none: 1 });
    expect(summary.questions.useful.mean).toBe(3);
    expect(summary.questions.useful.ci95).toHaveLength(2);
    expect(summary.questions.channels.meanRank).toEqual({ mail: 4 / 3, web: 5 / 3 });
    expect(summary.questions['chg.education'].counts).toEqual({ yes: 1, no: 1, dont_know: 1 });
    expect(summary.rec11.preferred.channel).toBe('email');
    expect(summary.responseRates.overall.invited).toBe(4);

    const rates = Papa.parse<string[]>(readFileSync(join(out, 'response_rates.csv'), 'utf8'), { skipEmptyLines: true }).data;
    expect(rates[0]).toEqual(['breakdown', 'group', 'invited', 'responded', 'rate', 'ci95_lo', 'ci95_hi', 'suppressed']);
    expect(rates[1]!.slice(0, 5)).toEqual(['overall', 'all', '4', '3', '0.75']);
    for (const file of ['questions.csv', 'rec19_by_area.csv', 'rec17_scores.csv', 'rec17_panel.csv', 'rec11_channels.csv', 'codebook_columns.csv']) {
      expect(readFileSync(join(out, file), 'utf8').length).toBeGreaterThan(0);
    }
    // free text that looks like a formula is escaped in the CSV export
    expect(readFileSync(join(out, 'texts.csv'), 'utf8')).toContain("'=cmd|calc");
  }, CLI_TIMEOUT);

  test('CSV responses in the responses.csv layout give the same summary as JSON', () => {
    const model = new Model(definition);
    const columns = answerColumns(model);
    const meta = ['city', 'city_name', 'country', 'networks', 'status', 'revision', 'version', 'updated_at', 'submitted_at'];
    const rows = responses.map((r) =>
      [r.city, `City ${r.city}`, 'IT', 'ICC', 'submitted', 3, 1, '2024-01-10', '2024-01-11', ...columns.map((c) => c.cell(r.data))].map(escapeCell),
    );
    const csvFile = write('responses.csv', `\uFEFF${Papa.unparse([[...meta, ...columns.map((c) => c.header)], ...rows])}\r\n`);
    const fromJson = join(dir, 'out-json-2');
    const fromCsv = join(dir, 'out-csv');
    expect(analyse(['--definition', definitionFile, '--responses', responsesJson, '--roster', rosterFile, '--out', fromJson]).status).toBe(0);
    expect(analyse(['--definition', definitionFile, '--responses', csvFile, '--roster', rosterFile, '--out', fromCsv]).status).toBe(0);
    expect(readFileSync(join(fromCsv, 'summary.json'), 'utf8')).toBe(readFileSync(join(fromJson, 'summary.json'), 'utf8'));
  }, CLI_TIMEOUT);

  test.each([
    ['a missing flag', (): string[] => ['--responses', responsesJson, '--out', join(dir, 'x')], /missing --definition/],
    ['an unreadable file', (): string[] => ['--definition', join(dir, 'nope.json'), '--responses', responsesJson, '--out', join(dir, 'x')], /cannot read definition file/],
    ['invalid JSON', (): string[] => ['--definition', write('bad.json', '{"pages": ['), '--responses', responsesJson, '--out', join(dir, 'x')], /invalid JSON/],
    [
      'a definition with jsonErrors',
      (): string[] => ['--definition', write('jerr.json', '{"elements":[{"type":"text","name":"q","bogus":1}]}'), '--responses', responsesJson, '--out', join(dir, 'x')],
      /jsonErrors/,
    ],
    ['responses that are not an array', (): string[] => ['--definition', definitionFile, '--responses', write('obj.json', '{"city":"A"}'), '--out', join(dir, 'x')], /must be a JSON array/],
    ['a CSV without city column', (): string[] => ['--definition', definitionFile, '--responses', write('nocity.csv', 'code,role\nA,staff\n'), '--out', join(dir, 'x')], /no "city" column/],
  ])('exits non-zero with a one-line message on %s', (_label, args, message) => {
    const r = analyse(args());
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  }, CLI_TIMEOUT);
});
