import { ALERT_KINDS, type AlertKind, type StoredAlertRule } from '../../store/repositories/alertRules.js';

export { ALERT_KINDS, type AlertKind };

export interface AlertRule {
  readonly kind: AlertKind;
  readonly enabled: boolean;
  readonly threshold: number;
  /** What the threshold counts, for the rule's sentence and its input. */
  readonly unit: 'runs' | 'hours' | 'days' | 'percent';
  readonly description: string;
  /** Who changed it last, or null while it is the default. */
  readonly updatedBy: string | null;
  readonly updatedAt: string | null;
}

interface RuleDefault {
  readonly threshold: number;
  readonly unit: AlertRule['unit'];
  readonly describe: (threshold: number) => string;
}

const DEFAULTS: Readonly<Record<AlertKind, RuleDefault>> = {
  sync_failures: {
    threshold: 3,
    unit: 'runs',
    describe: (n) => `A sync pair failed ${n} runs in a row.`,
  },
  dead_letter_age: {
    threshold: 24,
    unit: 'hours',
    describe: (n) => `Dead-letter items have waited more than ${n} hours.`,
  },
  token_expiry: {
    threshold: 7,
    unit: 'days',
    describe: (n) => `A connection's token or certificate expires within ${n} days.`,
  },
  daily_quota: {
    threshold: 80,
    unit: 'percent',
    describe: (n) => `A connection has used more than ${n}% of its daily API quota.`,
  },
  unmatched_age: {
    threshold: 14,
    unit: 'days',
    describe: (n) => `Unmatched reconciliation items are older than ${n} days.`,
  },
};

/** Every rule of the workspace: the ones someone saved, the defaults for the rest. */
export function alertRulesOf(stored: readonly StoredAlertRule[]): AlertRule[] {
  return ALERT_KINDS.map((kind) => {
    const saved = stored.find((rule) => rule.kind === kind);
    const fallback = DEFAULTS[kind];
    const threshold = saved?.threshold ?? fallback.threshold;
    return {
      kind,
      enabled: saved?.enabled ?? true,
      threshold,
      unit: fallback.unit,
      description: fallback.describe(threshold),
      updatedBy: saved?.updatedBy ?? null,
      updatedAt: saved?.updatedAt ?? null,
    };
  });
}
