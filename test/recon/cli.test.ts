import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import type { ReconResult } from '../../src/recon/result.js';
import { csv, tempDirectory, tempFile } from './helpers.js';

let stdout: string[];
let stderr: string[];

beforeEach(() => {
  stdout = [];
  stderr = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout.push(String(chunk));
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr.push(String(chunk));
    return true;
  });
  process.exitCode = undefined;
});

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

const run = (...args: string[]) => runCli(['node', 'counterpart', '--data-dir', tempDirectory(), ...args]);

function invoiceFiles(): { left: string; right: string } {
  const left = tempFile(
    'xero.csv',
    csv([
      ['Invoice Number', 'Contact', 'Date', 'Due Date', 'Total', 'Status'],
      ['INV-0001', 'Acme Ltd', '2024-03-01', '2024-03-31', '1200.00', 'PAID'],
      ['INV-0002', 'Bolt plc', '2024-03-03', '2024-04-02', '80.00', 'AUTHORISED'],
      ['INV-0003', 'Cog Ltd', '2024-03-04', '2024-04-03', 'n/a', 'AUTHORISED'],
      ['INV-0009', 'Dent', '2024-01-04', '2024-02-03', '15.00', 'AUTHORISED'],
    ]),
  );
  const right = tempFile(
    'sage.csv',
    csv([
      ['Document No', 'Customer Name', 'Document Date', 'Gross Amount', 'State'],
      ['0001', 'ACME LIMITED', '01/03/2024', '1199.99', 'Open'],
      ['2', 'Bolt', '03/03/2024', '80.00', 'Open'],
    ]),
  );
  return { left, right };
}

describe('counterpart recon', () => {
  it('prints the documented JSON result with --json', async () => {
    const { left, right } = invoiceFiles();
    expect(
      await run(
        '--json',
        'recon',
        '--left-file',
        left,
        '--right-file',
        right,
        '--entity',
        'invoices',
        '--period',
        '2024-03',
      ),
    ).toBe(0);
    const result = JSON.parse(stdout.join('')) as ReconResult;
    expect(result.matches).toHaveLength(2);
    expect(result.matches[0]).toMatchObject({
      left: ['INV-0001'],
      right: ['0001'],
      status: 'auto',
      differences: [
        { field: 'total', left: '1200.00', right: '1199.99' },
        { field: 'status', left: 'PAID', right: 'Open' },
      ],
      flags: ['status_conflict'],
    });
    expect(result.unmatchedLeft).toEqual([{ id: 'INV-0009', flags: ['outside_period', 'missing_counterpart'] }]);
    expect(result.unmatchedRight).toEqual([]);
    expect(result.issues).toEqual([
      { source: 'xero.csv', line: 4, code: 'recon.bad_amount', reason: 'total "n/a" is not an amount' },
    ]);
    expect(result.summary).toMatchObject({ entity: 'invoices', period: '2024-03', matches: { auto: 2, suggested: 0 } });
    expect(result.flags.map((f) => f.code)).toEqual(expect.arrayContaining(['status_conflict', 'outside_period']));
  });

  it('prints a readable summary without --json', async () => {
    const { left, right } = invoiceFiles();
    expect(await run('recon', '--left-file', left, '--right-file', right, '--entity', 'invoices')).toBe(0);
    const text = stdout.join('');
    expect(text).toContain('matched automatically    2');
    expect(text).toContain('bad row: xero.csv line 4: total "n/a" is not an amount');
  });

  it('writes the result as JSON, CSV or XLSX with --out', async () => {
    const { left, right } = invoiceFiles();
    const folder = tempDirectory();
    for (const name of ['result.json', 'result.csv', 'result.xlsx']) {
      expect(
        await run(
          '--json',
          'recon',
          '--left-file',
          left,
          '--right-file',
          right,
          '--entity',
          'invoices',
          '--out',
          join(folder, name),
        ),
      ).toBe(0);
    }
    expect((JSON.parse(readFileSync(join(folder, 'result.json'), 'utf8')) as ReconResult).matches).toHaveLength(2);
    const lines = readFileSync(join(folder, 'result.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('kind,status,pass,confidence,left_ids,right_ids,differences,flags');
    expect(lines).toContain('unmatched left,,,,INV-0009,,,missing_counterpart');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(join(folder, 'result.xlsx'));
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Results', 'Flags', 'Bad rows', 'Summary']);
    expect(JSON.parse(stdout.at(-1)!)).toMatchObject({
      out: join(folder, 'result.xlsx'),
      summary: { entity: 'invoices' },
    });
  });

  it('accepts connection options but says no connections exist yet', async () => {
    expect(
      await run('--json', 'recon', '--left', 'xero', '--right', 'sage', '--entity', 'invoices', '--period', '2024-03'),
    ).toBe(1);
    const { error } = JSON.parse(stderr.join('')) as { error: { code: string; message: string } };
    expect(error.code).toBe('recon.no_connection');
    expect(error.message).toContain('Connection inputs need a configured connection');
  });

  it('fails with one clear line on usage mistakes and unreadable files', async () => {
    expect(await run('recon', '--left-file', 'a.csv', '--entity', 'invoices')).toBe(2);
    expect(stderr.join('')).toContain('give both --left-file and --right-file');
    stderr.length = 0;
    expect(await run('recon', '--left-file', 'a.csv', '--right-file', 'b.csv', '--entity', 'ledgers')).toBe(2);
    expect(stderr.join('')).toContain('--entity must be one of');
    stderr.length = 0;
    const empty = tempFile('empty.csv', '');
    expect(await run('recon', '--left-file', empty, '--right-file', empty, '--entity', 'payments')).toBe(1);
    expect(stderr.join('')).toBe('counterpart: empty.csv is empty (0 bytes); export it again.\n');
  });

  it('maps columns explicitly with --map', async () => {
    const left = tempFile(
      'a.csv',
      csv([
        ['Ref', 'When', 'Value'],
        ['X1', '2024-03-01', '10.00'],
      ]),
    );
    const right = tempFile(
      'b.csv',
      csv([
        ['Ref', 'When', 'Value'],
        ['X1', '2024-03-01', '10.00'],
      ]),
    );
    expect(
      await run(
        '--json',
        'recon',
        '--left-file',
        left,
        '--right-file',
        right,
        '--entity',
        'payments',
        '--map',
        'id=Ref,date=When,amount=Value',
      ),
    ).toBe(0);
    expect((JSON.parse(stdout.join('')) as ReconResult).matches).toHaveLength(1);
  });
});

describe('counterpart recon --settings', () => {
  it('applies tolerances from a settings file and rejects unknown ones', async () => {
    const left = tempFile(
      'l.csv',
      csv([
        ['id', 'date', 'amount', 'reference'],
        ['A', '2024-03-01', '100.00', 'RENT'],
      ]),
    );
    const right = tempFile(
      'r.csv',
      csv([
        ['id', 'date', 'amount', 'reference'],
        ['B', '2024-03-20', '100.00', 'RENT'],
      ]),
    );
    const tight = tempFile('tight.json', JSON.stringify({ daysAfter: 5 }));
    expect(
      await run(
        '--json',
        'recon',
        '--left-file',
        left,
        '--right-file',
        right,
        '--entity',
        'payments',
        '--settings',
        tight,
      ),
    ).toBe(0);
    expect((JSON.parse(stdout.join('')) as ReconResult).matches).toEqual([]);
    const wrong = tempFile('wrong.json', JSON.stringify({ daysAftre: 5 }));
    expect(
      await run('recon', '--left-file', left, '--right-file', right, '--entity', 'payments', '--settings', wrong),
    ).toBe(1);
    expect(stderr.join('')).toContain('wrong.json');
  });
});
