import { extname } from 'node:path';
import { CounterpartError } from '../../errors.js';

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const TEXT_EXTENSIONS = new Set(['.csv', '.txt', '.tsv']);

/**
 * Refuses, before a reconciliation is started, an uploaded file that cannot be an export: a name that is neither
 * CSV nor XLSX, an .xlsx that is not a workbook (not a zip), or a "CSV" with binary content (a PDF renamed, say).
 */
export function checkUploadedExport(side: 'left' | 'right', file: { name: string; contentBase64: string }): void {
  const extension = extname(file.name).toLowerCase();
  const head = Buffer.from(file.contentBase64.slice(0, 8192), 'base64');
  const refuse = (why: string) =>
    new CounterpartError('recon.unsupported_file', `${file.name} (${side} side) ${why}; export it as CSV or XLSX.`, {
      file: file.name,
      side,
    });
  if (extension === '.xlsx') {
    if (!head.subarray(0, 4).equals(ZIP_MAGIC)) throw refuse('is named .xlsx but is not an Excel workbook');
    return;
  }
  if (!TEXT_EXTENSIONS.has(extension)) throw refuse('is neither a CSV nor an XLSX file');
  // UTF-16 exports (with their byte-order mark) are text even though half their bytes are NUL.
  const utf16 = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
  if (head.subarray(0, 4).equals(ZIP_MAGIC) || (!utf16 && head.includes(0))) throw refuse('is not a text file');
}
