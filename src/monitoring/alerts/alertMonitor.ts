import type { AlertEventRecord } from '../../store/repositories/alertEvents.js';
import type { Workspace } from '../../store/workspace.js';
import { healthSummary } from '../healthSummary.js';
import { type AlertKind, type AlertRule, alertRulesOf } from './alertRules.js';
import { conditionsOf } from './conditions.js';

export interface AlertMonitorOptions {
  readonly workspace: Workspace;
  /** Called once per alert raised (the console publishes `alertRaised`; Electron shows a desktop notification). */
  readonly onRaised?: ((alert: AlertEventRecord) => void) | undefined;
  readonly onCleared?: ((alert: AlertEventRecord) => void) | undefined;
  readonly now?: (() => Date) | undefined;
  /** Told when a timed evaluation fails (it is retried at the next tick). */
  readonly onError?: ((error: unknown) => void) | undefined;
}

export interface AlertEvaluation {
  readonly raised: readonly AlertEventRecord[];
  readonly cleared: readonly AlertEventRecord[];
}

/**
 * Evaluates the workspace's alert rules and keeps the alert events in step: a condition with no open alert raises
 * one, an open alert whose condition is gone clears. Evaluated after each sync run and on a timer.
 */
export class AlertMonitor {
  private timer: NodeJS.Timeout | undefined;
  private readonly now: () => Date;

  constructor(private readonly options: AlertMonitorOptions) {
    this.now = options.now ?? (() => new Date());
  }

  rules(): AlertRule[] {
    return alertRulesOf(this.options.workspace.alertRules.list());
  }

  saveRule(rule: { kind: AlertKind; enabled: boolean; threshold: number }, actor: string): AlertRule {
    const { workspace } = this.options;
    const updatedAt = this.now().toISOString();
    workspace.db.transaction(() => {
      workspace.alertRules.save({ ...rule, updatedBy: actor, updatedAt });
      workspace.auditLog.append({
        actor,
        action: 'monitoring.alert_rule.saved',
        subject: `alert-rule/${rule.kind}`,
        after: rule,
      });
    })();
    return this.rules().find((saved) => saved.kind === rule.kind) as AlertRule;
  }

  evaluate(): AlertEvaluation {
    const { workspace } = this.options;
    const now = this.now();
    const facts = {
      summary: healthSummary(workspace, { now }),
      openDeadLetters: workspace.deadLetters.list({ state: 'open' }),
      now,
    };
    const conditions = conditionsOf(this.rules(), facts);
    const at = now.toISOString();
    const { raised, cleared } = workspace.db.transaction(() => {
      const found = new Set(conditions.map((condition) => `${condition.kind} ${condition.subject}`));
      const cleared = workspace.alertEvents
        .open()
        .filter((alert) => !found.has(`${alert.kind} ${alert.subject}`))
        .map((alert) => workspace.alertEvents.clear(alert.id, at));
      const raised = conditions.flatMap((condition) => workspace.alertEvents.raise({ ...condition, at }) ?? []);
      return { raised, cleared };
    })();
    for (const alert of raised) this.options.onRaised?.(alert);
    for (const alert of cleared) this.options.onCleared?.(alert);
    return { raised, cleared };
  }

  acknowledge(id: string, actor: string): AlertEventRecord {
    return this.options.workspace.alertEvents.acknowledge(id, actor, this.now().toISOString());
  }

  /** Evaluates every `intervalMs` until `stop`; the timer never keeps the process alive on its own. */
  start(intervalMs: number): void {
    if (intervalMs <= 0 || this.timer !== undefined) return;
    this.timer = setInterval(() => this.evaluateQuietly(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** A failed evaluation (a closed workspace at shutdown) must not take the engine down; the next one retries. */
  evaluateQuietly(): AlertEvaluation | undefined {
    try {
      return this.evaluate();
    } catch (error) {
      this.options.onError?.(error);
      return undefined;
    }
  }
}
