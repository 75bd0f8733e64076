import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { finished } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import { CounterpartError, describeError } from '../../errors.js';
import type { FieldDifference, ReconResult } from '../result.js';

/** Writes a result as JSON, CSV (one row per match or unmatched record) or XLSX (one sheet per list), by extension. */
export async function writeResult(result: ReconResult, path: string): Promise<void> {
  const extension = extname(path).toLowerCase();
  try {
    if (extension === '.json') await writeFile(path, `${JSON.stringify(result, null, 2)}\n`);
    else if (extension === '.csv') await writeCsv(result, path);
    else if (extension === '.xlsx') await writeXlsx(result, path);
    else {
      throw new CounterpartError('recon.bad_output', `Cannot write "${path}": use a .json, .csv or .xlsx file name.`, {
        file: path,
      });
    }
  } catch (error) {
    if (error instanceof CounterpartError) throw error;
    throw new CounterpartError('recon.write_failed', `Could not write ${path}: ${describeError(error)}.`, {
      file: path,
    });
  }
}

export const RESULT_COLUMNS = [
  'kind',
  'status',
  'pass',
  'confidence',
  'left_ids',
  'right_ids',
  'differences',
  'flags',
] as const;

/** The result as rows of the flat CSV/XLSX layout: matches first, then each side's unmatched records. */
export function* resultRows(result: ReconResult): Generator<string[]> {
  for (const match of result.matches) {
    yield [
      'match',
      match.status,
      match.pass,
      match.confidence.toFixed(4),
      match.left.join(' '),
      match.right.join(' '),
      describeDifferences(match.differences),
      match.flags.join(' '),
    ];
  }
  for (const record of result.unmatchedLeft)
    yield ['unmatched left', '', '', '', record.id, '', '', record.flags.join(' ')];
  for (const record of result.unmatchedRight)
    yield ['unmatched right', '', '', '', '', record.id, '', record.flags.join(' ')];
}

export function describeDifferences(differences: readonly FieldDifference[]): string {
  return differences.map((d) => `${d.field}: ${d.left} vs ${d.right}`).join('; ');
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

async function writeCsv(result: ReconResult, path: string): Promise<void> {
  const stream = createWriteStream(path);
  const write = (row: readonly string[]): boolean => stream.write(`${row.map(csvField).join(',')}\n`);
  write(RESULT_COLUMNS);
  for (const row of resultRows(result)) {
    if (!write(row)) await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
  }
  stream.end();
  await finished(stream);
}

async function writeXlsx(result: ReconResult, path: string): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: path,
    useStyles: false,
    useSharedStrings: false,
  });
  const results = workbook.addWorksheet('Results');
  results.addRow([...RESULT_COLUMNS]).commit();
  for (const row of resultRows(result)) results.addRow(row).commit();
  results.commit();
  const flags = workbook.addWorksheet('Flags');
  flags.addRow(['code', 'severity', 'score', 'side', 'ids', 'message']).commit();
  for (const flag of result.flags) {
    flags.addRow([flag.code, flag.severity, flag.score, flag.side, flag.ids.join(' '), flag.message]).commit();
  }
  flags.commit();
  const issues = workbook.addWorksheet('Bad rows');
  issues.addRow(['file', 'line', 'code', 'reason']).commit();
  for (const issue of result.issues) issues.addRow([issue.source, issue.line, issue.code, issue.reason]).commit();
  issues.commit();
  const summary = workbook.addWorksheet('Summary');
  for (const [key, value] of summaryRows(result)) summary.addRow([key, value]).commit();
  summary.commit();
  await workbook.commit();
}

/** The summary as label/value lines, shared by the XLSX sheet and the terminal output. */
export function summaryRows(result: ReconResult): Array<[string, string | number]> {
  const { summary } = result;
  const rows: Array<[string, string | number]> = [
    ['entity', summary.entity],
    ['period', summary.period ?? ''],
    ['left', `${summary.left.source}: ${summary.left.records} records, ${summary.left.badRows} bad rows`],
    ['right', `${summary.right.source}: ${summary.right.records} records, ${summary.right.badRows} bad rows`],
    ['matched automatically', summary.matches.auto],
    ['suggested for review', summary.matches.suggested],
    ['unmatched left', summary.left.unmatched],
    ['unmatched right', summary.right.unmatched],
  ];
  for (const [code, count] of Object.entries(summary.flags)) rows.push([`flag ${code}`, count]);
  rows.push(['duration (ms)', summary.durationMs]);
  return rows;
}
