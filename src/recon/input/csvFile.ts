import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { CounterpartError, describeError } from '../../errors.js';
import type { Entity } from '../schema.js';
import type { RecordTable } from '../table.js';
import { mapHeader } from './columns.js';
import { CsvCursor } from './csvTokenizer.js';
import { type ReadOptions, RowConverter } from './rows.js';

/** Longest record accepted; a longer "line" is almost always a file that is not CSV or a quote left open. */
export const MAX_RECORD_CHARS = 1_000_000;

export interface FileReadOptions extends ReadOptions {
  readonly explicitMap: ReadonlyMap<string, string>;
  /** Reports rows read so far (for progress bars on large files). */
  readonly onRows?: (rows: number) => void;
}

/** Reads a CSV export into a record table; bad rows are reported in the table's issues, never dropped silently. */
export async function readCsvTable(path: string, entity: Entity, options: FileReadOptions): Promise<RecordTable> {
  const source = basename(path);
  // The bytes are dropped as soon as they are decoded: only the text is needed from here on.
  const { text, encodingIssue } = decodeText(await readInput(path, source), source);
  const delimiter = guessDelimiter(text);
  let converter: RowConverter | undefined;
  let headerCount = 0;
  let rows = 0;
  const cursor = new CsvCursor(text, delimiter);
  while (cursor.next()) {
    const { line, error, count } = cursor;
    if (!converter) {
      if (error) break;
      headerCount = count;
      const header = cursor.fields();
      converter = new RowConverter(entity, source, mapHeader(header, entity, options.explicitMap, source), options);
      if (encodingIssue) converter.reportLine(0, 'recon.encoding', encodingIssue);
      continue;
    }
    if (error) {
      converter.reportLine(line, 'recon.bad_row', error);
      break;
    }
    if (recordChars(cursor) > MAX_RECORD_CHARS) {
      converter.reportLine(line, 'recon.bad_row', `the line is longer than ${MAX_RECORD_CHARS} characters`);
      continue;
    }
    if (count !== headerCount) {
      if (count === 1 && cursor.field(0).trim() === '') continue;
      converter.reportLine(line, 'recon.bad_row', `the row has ${count} fields but the header has ${headerCount}`);
      continue;
    }
    converter.addCsv(cursor);
    if (++rows % 100_000 === 0) options.onRows?.(rows);
  }
  if (!converter) {
    throw new CounterpartError('recon.empty_file', `${source} has no header row; export it again with column names.`, {
      file: source,
    });
  }
  options.onRows?.(rows);
  return converter.builder.build();
}

async function readInput(path: string, source: string): Promise<Buffer> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new CounterpartError('recon.file_unreadable', `Cannot read ${path}: ${describeError(error)}.`, {
      file: source,
    });
  }
  if (bytes.length === 0) {
    throw new CounterpartError('recon.empty_file', `${source} is empty (0 bytes); export it again.`, { file: source });
  }
  return bytes;
}

/**
 * Text of an export. UTF-8 (with or without BOM) and UTF-16 with BOM are read as such; bytes that are not valid
 * UTF-8 are read as Windows-1252 (what Excel on Windows writes), and the table says so, because names with accents
 * may then need checking.
 */
export function decodeText(bytes: Buffer, source: string): { text: string; encodingIssue?: string } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)) };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)) };
  const probe = bytes.subarray(0, 4096);
  if (probe.includes(0)) {
    throw new CounterpartError(
      'recon.bad_encoding',
      `${source} is not a text file (it contains NUL bytes); export it as CSV (UTF-8) or pass the .xlsx file itself.`,
      { file: source },
    );
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return {
      text: new TextDecoder('windows-1252').decode(bytes),
      encodingIssue: `${source} is not UTF-8; it was read as Windows-1252 — check accented names`,
    };
  }
}

function guessDelimiter(text: string): string {
  const end = text.indexOf('\n');
  const header = end < 0 ? text : text.slice(0, end);
  let best = ',';
  let bestCount = 0;
  for (const candidate of [',', ';', '\t', '|']) {
    const count = header.split(candidate).length - 1;
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}

function recordChars(cursor: CsvCursor): number {
  let total = 0;
  for (let k = 0; k < cursor.count; k++) total += cursor.fieldLength(k);
  return total;
}
