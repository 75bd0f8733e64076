import PDFDocument from 'pdfkit';
import type { ReportData } from './reportData.js';

/** Decisions printed in the close file's summary; the workbook holds every one. */
const PRINTED_DECISIONS = 200;

/**
 * The printable summary for the close file: the period and sides, counts per status and flag, unmatched totals,
 * the decisions made, who signed off and when, and whether the audit trail's hash chain verified.
 */
export function pdfReport(report: ReportData): Promise<Buffer> {
  const document = new PDFDocument({ size: 'A4', margin: 50, info: { Title: report.title, Author: 'Counterpart' } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    document.on('data', (chunk: Buffer) => chunks.push(chunk));
    document.on('end', () => resolve(Buffer.concat(chunks)));
    document.on('error', reject);
  });
  document.font('Helvetica-Bold').fontSize(16).text('Reconciliation summary');
  document.font('Helvetica').fontSize(10).moveDown(0.3).text(printable(report.title));
  section(document, 'Summary');
  for (const [item, value] of table(report, 'Summary').rows) {
    document.font('Helvetica-Bold').text(`${printable(String(item))}: `, { continued: true });
    document.font('Helvetica').text(printable(String(value ?? '')));
  }
  const decisions = table(report, 'Decisions');
  section(document, `Decisions (${decisions.rows.length})`);
  if (decisions.rows.length === 0) document.text('No decisions were made.');
  for (const [at, , , , , what] of decisions.rows.slice(0, PRINTED_DECISIONS)) {
    document.text(
      `${String(at ?? '')
        .slice(0, 16)
        .replace('T', ' ')}  ${printable(String(what ?? ''))}`,
    );
  }
  if (decisions.rows.length > PRINTED_DECISIONS) {
    document.text(`… and ${decisions.rows.length - PRINTED_DECISIONS} more in the XLSX export.`);
  }
  section(document, 'Sign-off');
  const signOff = report.summary.signOff;
  document.text(
    signOff
      ? printable(
          `Signed off by ${signOff.by} on ${signOff.at.slice(0, 10)}${signOff.comment ? `: ${signOff.comment}` : ''}`,
        )
      : 'Not signed off.',
  );
  document.text(
    report.auditTrail.intact
      ? `Audit trail verified: intact, ${report.auditTrail.entries} entries.`
      : `Audit trail verification FAILED at entry ${report.auditTrail.brokenAtSeq}.`,
  );
  document.end();
  return done;
}

function section(document: PDFKit.PDFDocument, title: string): void {
  document.moveDown(0.8).font('Helvetica-Bold').fontSize(12).text(title).font('Helvetica').fontSize(10).moveDown(0.2);
}

function table(report: ReportData, name: ReportData['tables'][number]['name']) {
  return report.tables.find((candidate) => candidate.name === name) ?? { name, columns: [], rows: [] };
}

/** The standard PDF fonts cover Windows-1252 only: other characters are shown as "?" rather than garbled. */
function printable(text: string): string {
  return text.replace(/↔/g, 'vs').replace(/[^\u0020-\u007e\u00a0-\u00ff€…–—‘’“”]/g, '?');
}
