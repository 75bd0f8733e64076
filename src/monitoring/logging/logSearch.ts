import { readFileSync } from 'node:fs';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LogQuery {
  /** Words that must all appear in the line (message or fields), case-insensitively. */
  readonly text?: string | undefined;
  /** The least severe level shown. */
  readonly level?: LogLevel | undefined;
  readonly since?: string | undefined;
  readonly until?: string | undefined;
  readonly limit: number;
}

export interface LogEntry {
  readonly time: string;
  readonly level: string;
  readonly message: string;
  /** The line's other fields, as logged (secrets already redacted). */
  readonly fields: Readonly<Record<string, unknown>>;
}

const RANK: Readonly<Record<string, number>> = { trace: 0, debug: 1, info: 2, warn: 3, error: 4, fatal: 5 };

/** Log entries matching the query, newest first, read from the files in the order given (newest file first). */
export function searchLogs(files: readonly string[], query: LogQuery): { entries: LogEntry[]; truncated: boolean } {
  const words = (query.text ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const least = RANK[query.level ?? 'debug'] ?? 0;
  const entries: LogEntry[] = [];
  for (const file of files) {
    const lines = readFileSync(file, 'utf8').split('\n');
    for (let index = lines.length - 1; index >= 0; index -= 1) {
      const line = lines[index] ?? '';
      if (line.trim() === '') continue;
      const lower = line.toLowerCase();
      if (!words.every((word) => lower.includes(word))) continue;
      const entry = entryOf(line);
      if (entry === undefined || (RANK[entry.level] ?? 0) < least) continue;
      if (query.since !== undefined && entry.time < query.since) continue;
      if (query.until !== undefined && entry.time > query.until) continue;
      if (entries.length === query.limit) return { entries, truncated: true };
      entries.push(entry);
    }
  }
  return { entries, truncated: false };
}

/** One JSON line as an entry; a line that is not pino's JSON (a torn write at a crash) is skipped. */
function entryOf(line: string): LogEntry | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const { time, level, msg, ...fields } = parsed as Record<string, unknown>;
  return {
    time: typeof time === 'string' ? time : new Date(Number(time)).toISOString(),
    level: typeof level === 'string' ? level : 'info',
    message: typeof msg === 'string' ? msg : '',
    fields,
  };
}
