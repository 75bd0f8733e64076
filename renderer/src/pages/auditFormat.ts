/** Plain-language names for audit actions the console knows; unknown actions show their code. */
const actionLabels: Readonly<Record<string, string>> = {
  'settings.updated': 'Changed settings',
  'onboarding.completed': 'Finished first-run setup',
};

const fieldLabels: Readonly<Record<string, string>> = {
  userName: 'Name',
  role: 'Role',
  theme: 'Theme',
  firstRunComplete: 'First run complete',
  demoMode: 'Demo companies',
};

export const knownActions = Object.keys(actionLabels);

export function actionLabel(action: string): string {
  return actionLabels[action] ?? action;
}

/** ["Theme: system → dark", "Name: me → Ada"] — only what changed, in words an auditor can read. */
export function describeChanges(before: unknown, after: unknown): string[] {
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    const changes = keys
      .filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]))
      .map((key) => `${fieldLabels[key] ?? key}: ${formatValue(before[key])} → ${formatValue(after[key])}`);
    return changes.length > 0 ? changes : ['No values changed'];
  }
  if (before === null && after === null) return [];
  return [`${formatValue(before)} → ${formatValue(after)}`];
}

function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '(none)';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const whenFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

export function formatWhen(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : whenFormat.format(date);
}
