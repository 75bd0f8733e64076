import type { Casework } from '../casework.js';
import { csvReport } from './csvReport.js';
import { pdfReport } from './pdfReport.js';
import { reportData } from './reportData.js';
import { xlsxReport } from './xlsxReport.js';

export type ReportFormat = 'xlsx' | 'csv' | 'pdf';

const formats: Readonly<Record<ReportFormat, { extension: string; mediaType: string; write: typeof xlsxReport }>> = {
  xlsx: {
    extension: 'xlsx',
    mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    write: xlsxReport,
  },
  csv: { extension: 'zip', mediaType: 'application/zip', write: csvReport },
  pdf: { extension: 'pdf', mediaType: 'application/pdf', write: pdfReport },
};

/** A reconciliation as a file for the close: XLSX workbook, a zip of CSVs, or a printable PDF summary. */
export async function exportReconciliation(casework: Casework, id: string, format: ReportFormat) {
  const header = casework.workspace.reconciliations.headers.require(id);
  const report = reportData(casework, header);
  const { extension, mediaType, write } = formats[format];
  const content = await write(report);
  return { fileName: `${report.fileStem}.${extension}`, mediaType, contentBase64: content.toString('base64') };
}
