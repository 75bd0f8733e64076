import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { ReportData } from './reportData.js';

/**
 * The workbook for the close file: one sheet per table (Summary, Matches, Differences, Unmatched, Flags, Decisions).
 * Written with exceljs's streaming writer, row by row, so a 100,000-match reconciliation never sits in memory twice.
 */
export async function xlsxReport(report: ReportData): Promise<Buffer> {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    output.on('end', resolve);
    output.on('error', reject);
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Counterpart';
  workbook.title = report.title;
  for (const table of report.tables) {
    const sheet = workbook.addWorksheet(table.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = table.columns.map((header) => ({ header, width: Math.max(12, header.length + 2) }));
    sheet.getRow(1).font = { bold: true };
    for (const row of table.rows) sheet.addRow([...row]).commit();
    sheet.commit();
  }
  await workbook.commit();
  await finished;
  return Buffer.concat(chunks);
}
