import { extname } from 'node:path';
import { CounterpartError } from '../../errors.js';
import type { Entity } from '../schema.js';
import type { RecordTable } from '../table.js';
import { type FileReadOptions, readCsvTable } from './csvFile.js';
import { readXlsxTable } from './xlsxFile.js';

/** Reads a CSV or XLSX export of one entity into a record table, choosing the reader by extension. */
export async function readRecordFile(path: string, entity: Entity, options: FileReadOptions): Promise<RecordTable> {
  const extension = extname(path).toLowerCase();
  if (extension === '.xlsx') return readXlsxTable(path, entity, options);
  if (extension === '.csv' || extension === '.txt' || extension === '.tsv' || extension === '') {
    return readCsvTable(path, entity, options);
  }
  throw new CounterpartError('recon.unsupported_file', `${path} is neither CSV nor XLSX; export it as one of those.`, {
    file: path,
  });
}
