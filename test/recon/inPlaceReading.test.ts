import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mapHeader } from '../../src/recon/input/columns.js';
import { CsvCursor, csvRecords } from '../../src/recon/input/csvTokenizer.js';
import { dayFirstDayAt, isoDayAt, plainMinorUnitsAt, RowConverter } from '../../src/recon/input/rows.js';
import { parseDay } from '../../src/recon/normalise.js';
import { StringIndex } from '../../src/recon/stringIndex.js';

const HEADER = ['Invoice ID', 'Invoice Number', 'Contact Name', 'Date', 'Due Date', 'Currency', 'Total', 'Tax'];

function converterFor(header: string[], monthFirst: boolean): RowConverter {
  return new RowConverter('invoices', 'side.csv', mapHeader(header, 'invoices', new Map(), 'side.csv'), {
    defaultCurrency: 'GBP',
    monthFirst,
  });
}

/** What the CSV reader builds, reading amounts, dates and currencies in place. */
function readInPlace(text: string, monthFirst: boolean) {
  const cursor = new CsvCursor(text, ',');
  cursor.next();
  const converter = converterFor(cursor.fields(), monthFirst);
  while (cursor.next()) converter.addCsv(cursor);
  return converter.builder.build();
}

/** The same rows through the general route: one string per cell, as spreadsheets hand them over. */
function readFromStrings(text: string, monthFirst: boolean) {
  const [header, ...rows] = [...csvRecords(text, ',')];
  const converter = converterFor(header!.fields, monthFirst);
  for (const row of rows) converter.add(row.fields, row.line);
  return converter.builder.build();
}

const quotedSometimes = (cell: fc.Arbitrary<string>) =>
  fc.tuple(cell, fc.boolean()).map(([text, quoted]) => (quoted ? `"${text.replace(/"/g, '""')}"` : text));

const amount = fc.oneof(
  fc.integer({ min: -1e9, max: 1e9 }).map((minor) => (minor / 100).toFixed(2)),
  fc.integer({ min: -1e6, max: 1e6 }).map(String),
  fc.constantFrom(
    '',
    ' 12.30',
    '12.30 ',
    '(12.30)',
    '"1,234.56"',
    '£5',
    '1.234',
    '-',
    'n/a',
    '12.',
    '.5',
    '-0.00',
    '1e5',
  ),
);
const date = fc.oneof(
  fc
    .tuple(fc.date({ min: new Date('1950-01-01'), max: new Date('2150-12-31'), noInvalidDate: true }), fc.boolean())
    .map(([d, dayFirst]) => {
      const iso = d.toISOString().slice(0, 10);
      return dayFirst ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : iso;
    }),
  fc.constantFrom(
    '',
    '2024-02-30',
    '31/02/2024',
    ' 2024-03-01',
    '2024-3-1',
    '31-Mar-2024',
    '20240331',
    '12/31/2024',
    'x',
  ),
);
const currency = fc.constantFrom('GBP', 'EUR', 'JPY', '', ' usd', 'gbp', 'EU', 'XYZ1', 'GB P');
const id = fc.constantFrom('A1', 'A2', 'A3', ' A1', '', 'a-much-longer-identifier-1', 'a-much-longer-identifier-2');

describe('reading CSV values in place', () => {
  it('builds the same table as reading each cell as a string (property)', () => {
    const party = fc.constantFrom('Acme Ltd', '', 'B & Co');
    const row = fc
      .tuple(id, id, party, date, date, currency, amount, amount)
      .chain((cells) => fc.tuple(...cells.map((cell) => quotedSometimes(fc.constant(cell)))));
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 15 }), fc.boolean(), (rows, monthFirst) => {
        const text = `${HEADER.join(',')}\n${rows.map((cells) => cells.join(',')).join('\n')}\n`;
        expect(readInPlace(text, monthFirst)).toEqual(readFromStrings(text, monthFirst));
      }),
      { numRuns: 300 },
    );
  });

  it('parses amounts and dates inside a longer text exactly as on their own (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 5 }), amount, fc.string({ maxLength: 5 }), (before, cell, after) => {
        const text = `${before}${cell}${after}`;
        const start = before.length;
        expect(plainMinorUnitsAt(text, start, start + cell.length, 2)).toBe(plainMinorUnitsAt(cell, 0, cell.length, 2));
      }),
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 5 }), date, (before, cell) => {
        fc.pre(cell.length === 10);
        const text = `${before}${cell},`;
        const inPlace = isoDayAt(text, before.length) ?? dayFirstDayAt(text, before.length);
        if (inPlace !== undefined) expect(inPlace).toBe(parseDay(cell));
      }),
    );
  });
});

describe('StringIndex', () => {
  it('numbers strings like a Map in insertion order (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 6 }), { maxLength: 400 }),
        fc.array(fc.string({ maxLength: 6 })),
        (added, probes) => {
          const index = new StringIndex();
          const map = new Map<string, number>();
          for (const key of added) {
            if (!map.has(key)) map.set(key, map.size);
            expect(index.add(key)).toBe(map.get(key));
          }
          expect(index.size).toBe(map.size);
          expect(index.keys).toEqual([...map.keys()]);
          for (const key of [...probes, ...added]) expect(index.find(key)).toBe(map.get(key) ?? -1);
        },
      ),
    );
  });

  it('finds a range of a longer text as the string it spells (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string({ maxLength: 3 }), fc.string({ maxLength: 20 }))), (pieces) => {
        const index = new StringIndex();
        const map = new Map<string, number>();
        for (const [before, key] of pieces) {
          if (!map.has(key)) map.set(key, map.size);
          const text = `${before}${key}!`;
          expect(index.addRange(text, before.length, before.length + key.length)).toBe(map.get(key));
        }
        expect(index.keys).toEqual([...map.keys()]);
      }),
    );
  });
});
