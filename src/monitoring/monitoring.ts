import { dirname } from 'node:path';
import { descriptorFor } from '../connections/connectorRegistry.js';
import type { Connector } from '../connectors/connector.js';
import type { SecretVault } from '../secrets/keychain.js';
import type { AlertEventRecord } from '../store/repositories/alertEvents.js';
import type { Connection } from '../store/repositories/connections.js';
import type { Workspace } from '../store/workspace.js';
import { AlertMonitor } from './alerts/alertMonitor.js';
import type { HealthSummary } from './healthModel.js';
import { healthSummary } from './healthSummary.js';
import { exportLogFiles, type LogExport } from './logging/logExport.js';
import { openWorkspaceLog, type WorkspaceLog } from './logging/logger.js';
import { type LogQuery, searchLogs } from './logging/logSearch.js';
import { quotaReportingConnector } from './quota.js';
import { type SyncHistoryQuery, syncHistory, syncRunDetail } from './syncHistory.js';

export interface MonitoringOptions {
  readonly workspace: Workspace;
  /** Where `logs/` goes; by default the data directory the workspace file lives in. */
  readonly dataDirectory?: string | undefined;
  readonly onAlertRaised?: ((alert: AlertEventRecord) => void) | undefined;
  /** How often alert rules are evaluated besides after each sync run; 0 leaves it to the caller. Default 5 minutes. */
  readonly alertIntervalMs?: number | undefined;
  readonly now?: (() => Date) | undefined;
}

/** The data directory of a workspace: its file lives at `<dataDirectory>/workspaces/<name>.sqlite`. */
export function dataDirectoryOf(workspace: Workspace): string {
  return dirname(dirname(workspace.file));
}

/**
 * Monitoring over one workspace: the health summary, alerts, the structured log and the quota connectors report.
 * It watches what the engines do (connectors' quota, runs ending, console events); it never drives them.
 */
export class Monitoring {
  readonly log: WorkspaceLog;
  readonly alerts: AlertMonitor;
  private readonly workspace: Workspace;
  private readonly now: () => Date;

  constructor(options: MonitoringOptions) {
    this.workspace = options.workspace;
    this.now = options.now ?? (() => new Date());
    this.log = openWorkspaceLog({ dataDirectory: options.dataDirectory ?? dataDirectoryOf(options.workspace) });
    this.alerts = new AlertMonitor({
      workspace: options.workspace,
      now: this.now,
      onRaised: (alert) => {
        this.log.logger.warn({ alert: alert.id, kind: alert.kind, subject: alert.subject }, alert.message);
        options.onAlertRaised?.(alert);
      },
      onCleared: (alert) => this.log.logger.info({ alert: alert.id, kind: alert.kind }, `Cleared: ${alert.message}`),
      onError: (error) => this.log.logger.error({ err: error }, 'Alert rules could not be evaluated'),
    });
    this.alerts.start(options.alertIntervalMs ?? 300_000);
  }

  summary(): HealthSummary {
    return healthSummary(this.workspace, { now: this.now() });
  }

  /** The sync engine's connector for a connection, reporting its quota to monitoring after every call it makes. */
  connectorFor(connection: Connection, vault: SecretVault): Connector {
    const connector = descriptorFor(connection.system).create({
      connectionId: connection.id,
      settings: connection.settings,
      secrets: vault,
    });
    return quotaReportingConnector(connector, (remaining) => this.recordQuota(connection.id, remaining));
  }

  /** The vault, unchanged, except that every secret stored or read through it is redacted from the log from then on. */
  watchedVault(vault: SecretVault): SecretVault {
    const { redactor } = this.log;
    return {
      store: async (reference, secret) => {
        redactor.remember(secret);
        await vault.store(reference, secret);
      },
      read: async (reference) => {
        const secret = await vault.read(reference);
        if (secret !== null) redactor.remember(secret);
        return secret;
      },
      remove: (reference) => vault.remove(reference),
    };
  }

  recordQuota(connectionId: string, remaining: Readonly<Record<string, number>>): void {
    const sampledAt = this.now().toISOString();
    for (const [window, value] of Object.entries(remaining)) {
      this.workspace.quotaSamples.record({ connectionId, window, remaining: value, sampledAt });
    }
  }

  /** A sync run ended: it is logged and the alert rules look again. */
  syncRunEnded(run: { id: string; pairId: string; status: string; error: string | null }): void {
    const level = run.status === 'failed' ? 'error' : run.status === 'partly_failed' ? 'warn' : 'info';
    this.log.logger[level](
      { run: run.id, pair: run.pairId, status: run.status },
      run.error ?? `Sync run ${run.status}`,
    );
    this.alerts.evaluateQuietly();
  }

  history(query: SyncHistoryQuery) {
    return syncHistory(this.workspace, query);
  }

  runDetail(runId: string) {
    return syncRunDetail(this.workspace, runId);
  }

  searchLogs(query: LogQuery) {
    return searchLogs(this.log.files(), query);
  }

  exportLogs(): Promise<LogExport> {
    return exportLogFiles(this.log.files(), this.now());
  }

  close(): void {
    this.alerts.stop();
    this.log.close();
  }
}
