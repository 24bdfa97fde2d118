import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, test } from 'vitest';
import { csvCell, csvLines } from '../../server/services/csv-export';
import { escapeCell } from '../../surveys/answer-columns';

/** What the export wrote before (issue 3): Papa.unparse of the formula-escaped cells, CRLF lines. */
const papaLines = (rows: (string | number | boolean)[][]) => Papa.unparse(rows.map((row) => row.map(escapeCell)), { newline: '\r\n' }) + '\r\n';

const cell = fc.oneof(
  fc.string({ unit: fc.constantFrom('a', 'é', ' ', ',', '"', '\r', '\n', '\t', '=', '+', '-', '@', "'", '\uFEFF', '1', '.') }),
  fc.string(),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.boolean(),
);

describe('the CSV writer of the exports writes exactly what papaparse wrote', () => {
  test('hand-picked cells: quoting, doubled quotes, formula escaping, spaces, BOM', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line\r\nbreak')).toBe('"line\r\nbreak"');
    expect(csvCell(' leading')).toBe('" leading"');
    expect(csvCell('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvCell('-12.5')).toBe('-12.5');
    expect(csvCell('\uFEFFx')).toBe('"\uFEFFx"');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(true)).toBe('true');
    expect(csvCell('')).toBe('');
    expect(csvLines([['a', 1], ['b,c', false]])).toBe('a,1\r\n"b,c",false\r\n');
  });

  test('property: any rows give the same text as Papa.unparse of the escaped cells', () => {
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 5 }), (rows) => {
        expect(csvLines(rows)).toBe(papaLines(rows));
      }),
      { numRuns: 500 },
    );
  });
});
