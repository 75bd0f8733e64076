import { basename } from 'node:path';
import ExcelJS from 'exceljs';
import { CounterpartError, describeError } from '../../errors.js';
import type { Entity } from '../schema.js';
import type { RecordTable } from '../table.js';
import { mapHeader } from './columns.js';
import type { FileReadOptions } from './csvFile.js';
import { type Cell, cellText, RowConverter } from './rows.js';

/** Reads the first worksheet of an XLSX export: row 1 is the header, every other non-empty row a record. */
export async function readXlsxTable(path: string, entity: Entity, options: FileReadOptions): Promise<RecordTable> {
  const source = basename(path);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.readFile(path);
  } catch (error) {
    throw new CounterpartError(
      'recon.bad_file',
      `${source} could not be read as an XLSX workbook: ${describeError(error)}.`,
      {
        file: source,
      },
    );
  }
  const sheet = workbook.worksheets[0];
  if (!sheet || sheet.rowCount === 0) {
    throw new CounterpartError('recon.empty_file', `${source} has no rows in its first worksheet.`, { file: source });
  }
  const headers = rowCells(sheet.getRow(1)).map(cellText);
  const converter = new RowConverter(entity, source, mapHeader(headers, entity, options.explicitMap, source), options);
  let rows = 0;
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    if (line === 1) return;
    const cells = rowCells(row);
    if (cells.every((cell) => cellText(cell).trim() === '')) return;
    converter.add(cells, line);
    rows++;
  });
  options.onRows?.(rows);
  return converter.builder.build();
}

function rowCells(row: ExcelJS.Row): Cell[] {
  const cells: Cell[] = [];
  for (let column = 1; column <= row.cellCount; column++) cells.push(cellValue(row.getCell(column).value));
  return cells;
}

/** A spreadsheet value as text, number or date: formulas give their result, rich text its plain text. */
function cellValue(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) {
    return value;
  }
  if (typeof value === 'object') {
    if ('result' in value) return cellValue(value.result as ExcelJS.CellValue);
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('text' in value) return String(value.text);
    if ('error' in value) return undefined;
  }
  return String(value);
}
