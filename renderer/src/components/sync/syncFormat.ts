import type { SyncRunStatus } from '../../../../src/api/schemas/sync';

export { formatWhen } from '../../pages/auditFormat';

const statusLabels: Record<SyncRunStatus, string> = {
  running: 'Running',
  succeeded: 'Succeeded',
  partly_failed: 'Partly failed',
  failed: 'Failed',
  cancelled: 'Cancelled',
  interrupted: 'Interrupted',
};

export function formatRunStatus(status: SyncRunStatus): string {
  return statusLabels[status];
}

export function formatDuration(milliseconds: number): string {
  if (milliseconds < 1000) return `${Math.round(milliseconds)} ms`;
  const seconds = milliseconds / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

/** A record's value as people read it in a side-by-side view: text as is, anything else as compact JSON. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '(empty)';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}
