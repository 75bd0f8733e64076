import type { AlertSeverity } from '../../store/repositories/alertEvents.js';
import type { HealthSummary } from '../healthModel.js';
import type { AlertKind, AlertRule } from './alertRules.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** A condition a rule found: raised as an alert unless one is already open for its kind and subject. */
export interface AlertCondition {
  readonly kind: AlertKind;
  readonly subject: string;
  readonly severity: AlertSeverity;
  readonly message: string;
}

/** What the rules look at: the health summary, and the open dead letters' ages (the summary keeps only the oldest). */
export interface AlertFacts {
  readonly summary: HealthSummary;
  readonly openDeadLetters: readonly { readonly pairId: string | null; readonly createdAt: string }[];
  readonly now: Date;
}

type Check = (threshold: number, facts: AlertFacts) => AlertCondition[];

const CHECKS: Readonly<Record<AlertKind, Check>> = {
  sync_failures: (runs, { summary }) =>
    summary.pairs
      .filter((pair) => pair.failuresInARow >= runs)
      .map((pair) => ({
        kind: 'sync_failures',
        subject: `pair/${pair.id}`,
        severity: 'red',
        message: `The sync of ${pair.label} failed ${pair.failuresInARow} times in a row: ${(pair.lastRun?.error ?? 'see its last run').replace(/\.$/, '')}.`,
      })),

  dead_letter_age: (hours, { openDeadLetters, now }) => {
    const old = openDeadLetters.filter((letter) => now.getTime() - Date.parse(letter.createdAt) > hours * HOUR_MS);
    if (old.length === 0) return [];
    return [
      {
        kind: 'dead_letter_age',
        subject: 'dead-letters',
        severity: 'amber',
        message: `${old.length} dead-letter item${old.length === 1 ? ' has' : 's have'} waited more than ${hours} hours for a replay or a resolution.`,
      },
    ];
  },

  token_expiry: (days, { summary, now }) =>
    summary.connections.flatMap((connection) =>
      [
        { what: 'sign-in token', at: connection.tokenExpiresAt.value },
        { what: 'CA certificate', at: connection.certificateExpiresAt.value },
      ].flatMap(({ what, at }): AlertCondition[] => {
        if (at === null) return [];
        const left = Date.parse(at) - now.getTime();
        if (left > days * DAY_MS) return [];
        return [
          {
            kind: 'token_expiry',
            subject: `connection/${connection.id}/${what}`,
            severity: left <= 0 ? 'red' : 'amber',
            message:
              left <= 0
                ? `The ${what} of "${connection.name}" expired on ${at.slice(0, 10)}.`
                : `The ${what} of "${connection.name}" expires on ${at.slice(0, 10)}, in ${Math.ceil(left / DAY_MS)} days.`,
          },
        ];
      }),
    ),

  daily_quota: (percent, { summary }) =>
    summary.connections.flatMap((connection) => {
      const day = connection.quota.find((window) => window.window === 'day');
      if (day?.usedPercent === null || day === undefined || day.usedPercent <= percent) return [];
      return [
        {
          kind: 'daily_quota',
          subject: `connection/${connection.id}`,
          severity: day.remaining === 0 ? 'red' : 'amber',
          message: `"${connection.name}" has used ${day.usedPercent}% of its daily API quota (${day.remaining} calls left).`,
        },
      ];
    }),

  unmatched_age: (days, { summary, now }) =>
    summary.reconciliations.items
      .filter((item) => item.unmatched > 0 && now.getTime() - Date.parse(item.since) > days * DAY_MS)
      .map((item) => ({
        kind: 'unmatched_age',
        subject: `reconciliation/${item.id}`,
        severity: 'amber',
        message: `${item.unmatched} unmatched ${item.entity} item${item.unmatched === 1 ? ' has' : 's have'} waited more than ${days} days in the reconciliation of ${item.period}.`,
      })),
};

/** The conditions every enabled rule finds now. */
export function conditionsOf(rules: readonly AlertRule[], facts: AlertFacts): AlertCondition[] {
  return rules.filter((rule) => rule.enabled).flatMap((rule) => CHECKS[rule.kind](rule.threshold, facts));
}
