import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import JSZip from 'jszip';

export interface LogExport {
  readonly fileName: string;
  readonly contentBase64: string;
  readonly bytes: number;
}

/** The log files in one zip for a support request; they were redacted as they were written. */
export async function exportLogFiles(files: readonly string[], at: Date): Promise<LogExport> {
  const zip = new JSZip();
  for (const file of files) zip.file(basename(file), readFileSync(file));
  const content = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
  const stamp = at.toISOString().replace(/[:.]/g, '-');
  return {
    fileName: `counterpart-logs-${stamp}.zip`,
    contentBase64: content.toString('base64'),
    bytes: content.length,
  };
}
