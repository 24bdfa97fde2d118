/**
 * `npm run analyse -- --definition FILE.json --responses FILE(.csv|.json) --out DIR [--previous FILE]
 *   [--previous-definition FILE.json] [--roster FILE.csv] [--min-cell N] [--network X] [--country X] [--size X]
 *   [--submitted-only]`
 *
 * Reads the files, runs analyseSurvey, writes DIR/summary.json and one CSV per indicator table (cells escaped
 * against formula injection) plus the codebooks. The one file of analysis/ that does I/O.
 * Bad input: a one-line message on stderr and a non-zero exit (2 usage, 1 unreadable or invalid input).
 */
import '../surveys/extensions';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { parseArgs } from 'node:util';
import Papa from 'papaparse';
import { Model } from 'survey-core';
import { escapeCell } from '../surveys/answer-columns';
import { analyseSurvey } from './analyse-survey';
import { AnalysisInputError } from './input-error';
import { indicatorTables, type Table } from './indicator-tables';
import { parseJsonText, parseResponsesCsv, parseResponsesJson, parseRosterCsv, type FileResponse } from './input-files';
import { surveyCatalogue } from './survey-catalogue';

const USAGE =
  'usage: npm run analyse -- --definition FILE.json --responses FILE(.csv|.json) --out DIR [--previous FILE] ' +
  '[--previous-definition FILE.json] [--roster FILE.csv] [--min-cell N] [--network X] [--country X] [--size X] [--submitted-only]';

class UsageError extends Error {}

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new AnalysisInputError(`cannot read ${what} file ${path}${code ? ` (${code})` : ''}`);
  }
}

function readDefinition(path: string, what: string): unknown {
  const definition = parseJsonText(readText(path, what), `${what} ${path}`);
  withContext(() => surveyCatalogue(definition), `${what} ${path}`); // fails early, naming the file, on jsonErrors
  return definition;
}

function readResponses(path: string, definition: unknown, what: string, submittedOnly: boolean): FileResponse[] {
  const text = readText(path, what);
  const label = `${what} ${path}`;
  const ext = extname(path).toLowerCase();
  const isJson = ext === '.json' || (ext !== '.csv' && /^\s*[[{]/.test(text.replace(/^\uFEFF/, '')));
  const responses = isJson ? parseResponsesJson(text, label) : parseResponsesCsv(text, new Model(definition), label);
  return submittedOnly ? responses.filter((r) => r.status === 'submitted') : responses;
}

function tableCsv(table: Table): string {
  const rows = [table.columns.map((c) => c.name), ...table.rows.map((row) => row.map((cell) => escapeCell(cell ?? '')))];
  return Papa.unparse(rows, { newline: '\r\n' }) + '\r\n';
}

function withContext<T>(run: () => T, context: string): T {
  try {
    return run();
  } catch (err) {
    if (err instanceof AnalysisInputError) throw new AnalysisInputError(`${context}: ${err.message}`);
    throw err;
  }
}

function main(argv: string[]): void {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        definition: { type: 'string' },
        responses: { type: 'string' },
        out: { type: 'string' },
        previous: { type: 'string' },
        'previous-definition': { type: 'string' },
        roster: { type: 'string' },
        'min-cell': { type: 'string' },
        network: { type: 'string', multiple: true },
        country: { type: 'string', multiple: true },
        size: { type: 'string', multiple: true },
        'submitted-only': { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (err) {
    throw new UsageError(firstLineOf(err));
  }
  for (const flag of ['definition', 'responses', 'out'] as const) {
    if (!args[flag]) throw new UsageError(`missing --${flag}`);
  }
  const minCell = args['min-cell'] === undefined ? undefined : Number(args['min-cell']);
  if (minCell !== undefined && !(Number.isInteger(minCell) && minCell >= 1)) {
    throw new UsageError(`--min-cell must be a positive integer, got "${args['min-cell']}"`);
  }
  const submittedOnly = args['submitted-only'] === true;
  const definition = readDefinition(args.definition!, 'definition');
  const responses = readResponses(args.responses!, definition, 'responses', submittedOnly);
  const roster = args.roster ? parseRosterCsv(readText(args.roster, 'roster'), `roster ${args.roster}`) : undefined;
  const previousDefinition = args['previous-definition'] ? readDefinition(args['previous-definition'], 'previous definition') : undefined;
  const previous = args.previous
    ? { responses: readResponses(args.previous, previousDefinition ?? definition, 'previous responses', submittedOnly), definition: previousDefinition }
    : undefined;

  const analysis = withContext(
    () =>
      analyseSurvey({
        definition,
        responses,
        roster,
        previous,
        minCell,
        filters: { network: args.network, country: args.country, size: args.size },
      }),
    'cannot analyse',
  );
  const tables = indicatorTables(analysis, surveyCatalogue(definition));
  const out = args.out!;
  try {
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'summary.json'), `${JSON.stringify(analysis, null, 2)}\n`);
    for (const table of tables) writeFileSync(join(out, table.file), tableCsv(table));
  } catch (err) {
    throw new AnalysisInputError(`cannot write to ${out} (${(err as NodeJS.ErrnoException).code ?? firstLineOf(err)})`);
  }
  for (const warning of analysis.warnings) process.stderr.write(`warning: ${warning}\n`);
  const invited = analysis.N === undefined ? '' : ` of ${analysis.N} invited cities`;
  process.stdout.write(`analysed ${analysis.n} responses${invited}; wrote summary.json and ${tables.length} CSV tables to ${out}\n`);
}

function firstLineOf(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0]!;
}

try {
  main(process.argv.slice(2));
} catch (err) {
  if (err instanceof UsageError) {
    process.stderr.write(`error: ${err.message}; ${USAGE}\n`);
    process.exitCode = 2;
  } else if (err instanceof AnalysisInputError) {
    process.stderr.write(`error: ${err.message}\n`);
    process.exitCode = 1;
  } else {
    throw err;
  }
}
