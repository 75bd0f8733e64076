import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { APPROVER, freshReconConsoles, marchInvoiceUploads } from './support.js';

const consoles = freshReconConsoles();
/** pdf.js reads the standard fonts' metrics from its own package when a PDF uses them (ours does: Helvetica). */
const standardFontDataUrl = `${join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts')}/`;

async function workedReconciliation() {
  const c = consoles({ actor: APPROVER });
  const id = await c.run(marchInvoiceUploads({ left: 'xero.csv', right: 'x3.csv' }));
  const penny = c.console.rows(id, { offset: 0, limit: 5, search: 'x-2 0002' }).rows[0]!;
  c.console.explainDifference({ id, rowKey: penny.rowKey, note: 'X3 rounds per line' });
  const suggestion = c.console.rows(id, { offset: 0, limit: 1, status: 'suggested' }).rows[0]!;
  c.console.acceptMatch({ id, rowKey: suggestion.rowKey, comment: 'same PO' });
  c.console.signOff({ id, comment: 'March closed' });
  return { c, id };
}

function cellsOf(sheet: ExcelJS.Worksheet): string[][] {
  const rows: string[][] = [];
  sheet.eachRow((row) => {
    rows.push(
      (row.values as unknown[]).slice(1).map((value) => (value === null || value === undefined ? '' : String(value))),
    );
  });
  return rows;
}

async function pdfText(content: Buffer): Promise<string> {
  const pdf = await getDocument({ data: new Uint8Array(content), useSystemFonts: false, standardFontDataUrl }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= pdf.numPages; n += 1) {
    const page = await pdf.getPage(n);
    const text = await page.getTextContent();
    pages.push(text.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  return pages.join('\n');
}

describe('reports of a reconciliation', () => {
  it('writes a workbook with Summary, Matches, Differences, Unmatched, Flags and Decisions', async () => {
    const { c, id } = await workedReconciliation();
    const file = await c.console.export({ id, format: 'xlsx' });
    expect(file).toMatchObject({
      fileName: 'reconciliation-invoice-2024-03-01-2024-03-31.xlsx',
      mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    });
    const workbook = new ExcelJS.Workbook();
    // exceljs's types predate Node's generic Buffer; the bytes are what it reads.
    await workbook.xlsx.load(Buffer.from(file.contentBase64, 'base64') as unknown as ExcelJS.Buffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      'Summary',
      'Matches',
      'Differences',
      'Unmatched',
      'Flags',
      'Decisions',
    ]);
    const summary = Object.fromEntries(
      cellsOf(workbook.getWorksheet('Summary')!).map(([item, value]) => [item, value]),
    );
    expect(summary).toMatchObject({
      Period: '2024-03-01 to 2024-03-31',
      'Matched automatically': '20',
      'Suggested, accepted': '1',
      'Unmatched left': '1',
      'Unmatched right': '2',
      'Unmatched left total': 'GBP 60.00',
      'Unmatched right total': 'GBP 330.00',
      'Sign-off comment': 'March closed',
    });
    expect(summary['Signed off']).toContain(`by ${APPROVER.name}`);
    expect(summary['Audit trail']).toMatch(/^intact/);
    const matches = cellsOf(workbook.getWorksheet('Matches')!);
    expect(matches).toHaveLength(1 + 21);
    const differences = cellsOf(workbook.getWorksheet('Differences')!);
    expect(differences).toContainEqual(['2', 'X-2', 'S-2', 'total', '136.80', '136.81', 'X3 rounds per line']);
    const unmatched = cellsOf(workbook.getWorksheet('Unmatched')!).map((row) => [row[0], row[1]]);
    expect(unmatched.slice(1)).toEqual([
      ['left', 'X-90'],
      ['right', 'S-91'],
      ['right', 'S-96'],
    ]);
    expect(cellsOf(workbook.getWorksheet('Flags')!).map((row) => row[0])).toContain('total_mismatch');
    const decisions = cellsOf(workbook.getWorksheet('Decisions')!).map((row) => row[3]);
    expect(decisions).toEqual(['Decision', 'explained', 'accepted', 'signed_off']);
  });

  it('writes the same tables as CSV files in a zip', async () => {
    const { c, id } = await workedReconciliation();
    const file = await c.console.export({ id, format: 'csv' });
    expect(file).toMatchObject({
      fileName: 'reconciliation-invoice-2024-03-01-2024-03-31.zip',
      mediaType: 'application/zip',
    });
    const zip = await JSZip.loadAsync(Buffer.from(file.contentBase64, 'base64'));
    expect(Object.keys(zip.files).sort()).toEqual(
      ['Decisions', 'Differences', 'Flags', 'Matches', 'Summary', 'Unmatched'].map((name) => `${name}.csv`),
    );
    const unmatched = await zip.file('Unmatched.csv')!.async('string');
    expect(unmatched.replace(/^\uFEFF/, '').split('\n')[0]).toBe(
      'Side,Record,Date,Party,Number,Amount,Currency,Flags,Explanation,Carried from',
    );
    expect(unmatched).toContain('left,X-90,2024-03-15,Quayside Cafe,INV-0090,60.00,GBP');
  });

  it('prints a PDF summary for the close file with counts, totals, decisions, sign-off and the audit check', async () => {
    const { c, id } = await workedReconciliation();
    const file = await c.console.export({ id, format: 'pdf' });
    expect(file.mediaType).toBe('application/pdf');
    const content = Buffer.from(file.contentBase64, 'base64');
    expect(content.subarray(0, 5).toString()).toBe('%PDF-');
    const text = await pdfText(content);
    for (const expected of [
      'Reconciliation summary',
      '2024-03-01 to 2024-03-31',
      'xero.csv vs x3.csv',
      'Matched automatically',
      'Unmatched right total',
      'GBP 330.00',
      'total_mismatch',
      'Difference explained by Alex Approver (approver): X3 rounds per line',
      `Signed off by ${APPROVER.name}`,
      'Audit trail verified: intact',
    ]) {
      expect(text).toContain(expected);
    }
  });
});
