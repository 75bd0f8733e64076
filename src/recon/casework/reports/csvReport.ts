import { stringify } from 'csv-stringify/sync';
import JSZip from 'jszip';
import type { ReportData } from './reportData.js';

/**
 * The same tables as the workbook, as a zip of one CSV per table (Summary.csv, Matches.csv …): each keeps its own
 * columns, which one combined CSV could not. UTF-8 with a byte-order mark so Excel reads names with accents right.
 */
export async function csvReport(report: ReportData): Promise<Buffer> {
  const zip = new JSZip();
  for (const table of report.tables) {
    const text = stringify([[...table.columns], ...table.rows.map((row) => [...row])], { bom: true });
    zip.file(`${table.name}.csv`, text);
  }
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}
