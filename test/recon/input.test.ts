import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { CounterpartError } from '../../src/errors.js';
import { parseMapOptions } from '../../src/recon/input/columns.js';
import { readRecordFile } from '../../src/recon/input/readFile.js';
import { csv, tableFromCsv, tempDirectory, tempFile } from './helpers.js';

const read = (path: string, entity: 'invoices' | 'payments' = 'payments', map = new Map<string, string>()) =>
  readRecordFile(path, entity, { explicitMap: map, defaultCurrency: 'GBP' });

async function failure(promise: Promise<unknown>): Promise<CounterpartError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CounterpartError) return error;
    throw error;
  }
  throw new Error('expected a CounterpartError');
}

describe('reading CSV exports', () => {
  it('maps headers by name and synonym, ignoring case, spacing and punctuation', async () => {
    const table = await tableFromCsv(
      'invoices',
      csv([
        [
          'Invoice No',
          ' Contact Name ',
          'INVOICE_DATE',
          'Due Date',
          'Currency Code',
          'Sub Total',
          'VAT',
          'Gross',
          'Status',
        ],
        ['INV-001', 'Acme Ltd', '2024-03-01', '31/03/2024', 'EUR', '1000.00', '200.00', '"1,200.00"', 'AUTHORISED'],
      ]),
    );
    expect(table.size).toBe(1);
    expect(table.ids).toEqual(['INV-001']);
    expect(table.text.get('party_name')).toEqual(['Acme Ltd']);
    expect(table.money.get('total')?.[0]).toBe(120000);
    expect(table.money.get('net')?.[0]).toBe(100000);
    expect(table.currencies).toEqual(['EUR']);
    expect(table.dates.get('due_date')?.[0]).toBe(Date.UTC(2024, 2, 31) / 86_400_000);
    expect(table.issues).toEqual([]);
  });

  it('honours explicit --map mappings over guesses', async () => {
    const map = parseMapOptions(['amount=Paid Out,reference=Narrative'], 'payments');
    const table = await tableFromCsv(
      'payments',
      csv([
        ['id', 'date', 'Amount', 'Paid Out', 'Narrative'],
        ['1', '2024-01-02', '5.00', '7.50', 'RENT'],
      ]),
      'bank.csv',
      map,
    );
    expect(table.money.get('amount')?.[0]).toBe(750);
    expect(table.text.get('reference')).toEqual(['RENT']);
  });

  it('rejects a --map naming an unknown field or a missing column', async () => {
    expect(() => parseMapOptions(['colour=Red'], 'payments')).toThrow(/not a payments field/);
    const error = await failure(
      tableFromCsv(
        'payments',
        csv([
          ['id', 'date', 'amount'],
          ['1', '2024-01-02', '1'],
        ]),
        'a.csv',
        new Map([['reference', 'Memo']]),
      ),
    );
    expect(error.code).toBe('recon.missing_column');
    expect(error.message).toContain('no column "Memo"');
  });

  it('names the missing required column and the columns it found', async () => {
    const error = await failure(
      tableFromCsv(
        'payments',
        csv([
          ['id', 'when', 'reference'],
          ['1', 'x', 'y'],
        ]),
        'bank.csv',
      ),
    );
    expect(error.code).toBe('recon.missing_column');
    expect(error.message).toContain('bank.csv has no "amount" column');
    expect(error.message).toContain('id, when, reference');
  });

  it('reports malformed rows with file, line and reason and keeps the good ones', async () => {
    const table = await tableFromCsv(
      'payments',
      [
        'id,date,amount,reference',
        'A1,2024-01-02,10.00,ok',
        'A2,2024-01-03,ten pounds,bad amount',
        'A3,2024-01-04,5.00',
        'A4,2024-02-30,5.00,bad date',
        'A5,2024-01-05,,empty amount',
        'A1,2024-01-06,1.00,duplicate id',
        'A6,2024-01-06,(12.30),accounting negative',
        '',
      ].join('\n'),
      'sent.csv',
    );
    expect(table.ids).toEqual(['A1', 'A6']);
    expect(table.money.get('amount')?.[1]).toBe(-1230);
    expect(table.issues.map(({ line, code }) => [line, code])).toEqual([
      [3, 'recon.bad_amount'],
      [4, 'recon.bad_row'],
      [5, 'recon.bad_date'],
      [6, 'recon.missing_value'],
      [7, 'recon.duplicate_id'],
    ]);
    expect(table.issues[0]).toMatchObject({ source: 'sent.csv', reason: 'amount "ten pounds" is not an amount' });
    expect(table.issues[1]?.reason).toBe('the row has 3 fields but the header has 4');
  });

  it('reads semicolon-separated exports', async () => {
    const table = await tableFromCsv('payments', 'id;date;amount\nA;2024-01-02;3.10\n');
    expect(table.money.get('amount')?.[0]).toBe(310);
  });

  it('fails clearly on a 0-byte file and on a file without a header', async () => {
    expect((await failure(read(tempFile('empty.csv', '')))).message).toBe(
      'empty.csv is empty (0 bytes); export it again.',
    );
    expect((await failure(read(tempFile('blank.csv', '\n\n')))).code).toBe('recon.empty_file');
  });

  it('accepts a header-only file as no records', async () => {
    const table = await read(tempFile('header.csv', 'id,date,amount\n'));
    expect(table.size).toBe(0);
  });

  it('reads Windows-1252 text and says it was not UTF-8', async () => {
    const bytes = Buffer.concat([
      Buffer.from('id,date,amount,reference\nA,2024-01-02,1.00,'),
      Buffer.from([0xc9]),
      Buffer.from('TIENNE\n'),
    ]);
    const table = await read(tempFile('latin.csv', bytes));
    expect(table.text.get('reference')).toEqual(['ÉTIENNE']);
    expect(table.issues).toEqual([expect.objectContaining({ code: 'recon.encoding', line: 0 })]);
  });

  it('reads UTF-16 with a byte-order mark', async () => {
    const text = '\ufeffid,date,amount\nA,2024-01-02,1.00\n';
    const table = await read(tempFile('utf16.csv', Buffer.from(text, 'utf16le')));
    expect(table.money.get('amount')?.[0]).toBe(100);
  });

  it('refuses binary files passed as CSV', async () => {
    const error = await failure(read(tempFile('book.csv', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0x14, 0]))));
    expect(error.code).toBe('recon.bad_encoding');
  });

  it('reports a huge line and a quote left open without losing the other rows', async () => {
    const text = `id,date,amount,reference\nA1,2024-01-02,1.00,ok\nA2,2024-01-02,2.00,${'x'.repeat(1_200_000)}\nA3,2024-01-02,3.00,ok\n"A4,2024-01-02,4.00,open\n`;
    const table = await read(tempFile('huge.csv', text));
    expect(table.ids).toEqual(['A1', 'A3']);
    expect(table.issues.map((issue) => issue.line)).toEqual([3, 5]);
    expect(table.issues[0]?.reason).toContain('longer than');
    expect(table.issues[1]?.reason).toContain('never closed');
  });

  it('refuses files that are neither CSV nor XLSX', async () => {
    expect((await failure(read(tempFile('data.pdf', 'x')))).code).toBe('recon.unsupported_file');
  });
});

describe('reading XLSX exports', () => {
  it('reads the first sheet with numbers, dates, formulas and text cells', async () => {
    const path = `${tempDirectory()}/invoices.xlsx`;
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Invoices');
    sheet.addRow(['Number', 'Customer', 'Date', 'Net', 'Tax', 'Total']);
    sheet.addRow(['INV-1', 'Acme', new Date(Date.UTC(2024, 2, 1)), 100, 20, { formula: 'D2+E2', result: 120 }]);
    sheet.addRow(['INV-2', 'Bolt', '2024-03-02', '50.5', '10.10', 'abc']);
    sheet.addRow([]);
    await workbook.xlsx.writeFile(path);
    const table = await read(path, 'invoices');
    expect(table.ids).toEqual(['INV-1']);
    expect(table.money.get('total')?.[0]).toBe(12000);
    expect(table.dates.get('date')?.[0]).toBe(Date.UTC(2024, 2, 1) / 86_400_000);
    expect(table.issues).toEqual([
      expect.objectContaining({ source: 'invoices.xlsx', line: 3, code: 'recon.bad_amount' }),
    ]);
  });

  it('fails clearly on a file that is not a workbook', async () => {
    expect((await failure(read(tempFile('fake.xlsx', 'not a zip'), 'invoices'))).code).toBe('recon.bad_file');
  });
});
