import { join } from 'node:path';
import { type Logger, pino } from 'pino';
import { REDACT_PATHS, REDACTED, SecretRedactor } from './redaction.js';
import { RotatingLogFile } from './rotatingFile.js';

export interface WorkspaceLogOptions {
  /** The data directory; logs go to `<dataDirectory>/logs/`. */
  readonly dataDirectory: string;
  readonly level?: 'debug' | 'info' | 'warn' | 'error' | undefined;
  readonly maxBytes?: number | undefined;
  readonly keep?: number | undefined;
}

export interface WorkspaceLog {
  readonly logger: Logger;
  readonly redactor: SecretRedactor;
  readonly directory: string;
  /** The log files, newest first. */
  files(): string[];
  close(): void;
}

export function logDirectory(dataDirectory: string): string {
  return join(dataDirectory, 'logs');
}

/**
 * Counterpart's structured log: pino JSON lines in `<dataDir>/logs/counterpart.log`, rotated by size, with secrets
 * redacted by field name (pino `redact`) and by value (the redactor scans each finished line).
 */
export function openWorkspaceLog(options: WorkspaceLogOptions): WorkspaceLog {
  const directory = logDirectory(options.dataDirectory);
  const file = new RotatingLogFile({ directory, maxBytes: options.maxBytes, keep: options.keep });
  const redactor = new SecretRedactor();
  const logger = pino(
    {
      level: options.level ?? 'info',
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => redactor.scrub(object) as Record<string, unknown>,
      },
    },
    { write: (line: string) => file.write(redactor.scrubText(line)) },
  );
  return {
    logger,
    redactor,
    directory,
    files: () => file.files(),
    close: () => file.close(),
  };
}
