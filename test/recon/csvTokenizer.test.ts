import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvRecords } from '../../src/recon/input/csvTokenizer.js';

const records = (text: string, delimiter = ',') => [...csvRecords(text, delimiter)];

describe('csvRecords', () => {
  it('reads quoted fields with doubled quotes, separators and line breaks', () => {
    const text = 'a,"b ""quoted"", with comma",c\r\n"multi\nline",2,3\n\n4,,\n';
    expect(records(text).map((r) => [r.fields, r.line])).toEqual([
      [['a', 'b "quoted", with comma', 'c'], 1],
      [['multi\nline', '2', '3'], 2],
      [['4', '', ''], 5],
    ]);
  });

  it('reports a quote left open on the line it opened', () => {
    const [, second] = records('a,b\n"c,d\ne,f\n');
    expect(second).toMatchObject({ line: 2, error: expect.stringContaining('never closed') });
  });

  it('handles a missing final line break, CR endings and a byte-order mark', () => {
    expect(records('\ufeffa;b\rc;d', ';').map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });

  it('agrees with csv-parse on any well-formed CSV (property)', () => {
    const field = fc.oneof(
      fc.stringMatching(/^[a-z0-9 .£é-]{0,8}$/),
      fc
        .string({ unit: fc.constantFrom('a', '"', ',', '\n', '\r\n', ' ', 'x'), maxLength: 8 })
        .map((s) => `"${s.replace(/"/g, '""')}"`),
    );
    const row = fc.array(field, { minLength: 2, maxLength: 6 });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 12 }), fc.constantFrom('\n', '\r\n'), (rows, newline) => {
        const text = rows.map((r) => r.join(',')).join(newline) + newline;
        const expected = parse(text, { relax_column_count: true, skip_empty_lines: true, bom: true }) as string[][];
        expect(records(text).map((r) => r.fields)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
