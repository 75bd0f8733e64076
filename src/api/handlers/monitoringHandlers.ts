import type { z } from 'zod';
import type { Monitoring } from '../../monitoring/monitoring.js';
import type { AlertEventRecord } from '../../store/repositories/alertEvents.js';
import type { Workspace } from '../../store/workspace.js';
import { runView } from '../../sync/contractViews.js';
import type { EventName } from '../contract.js';
import type { EventBus } from '../eventBus.js';
import type { AlertQuery, LogQuery, SaveAlertRule, SyncHistoryQuery } from '../schemas/monitoring.js';
import { readSettings } from './settingsHandlers.js';

/** Events too frequent or too large to be worth a log line each. */
const UNLOGGED_EVENTS: ReadonlySet<EventName> = new Set(['progress', 'syncProgress', 'alertRaised']);

/**
 * The console's monitoring operations over one `Monitoring`; who acts is the workspace's person. Every console event
 * (but progress) becomes a log line, and every sync run that ends makes the alert rules look again.
 */
export function monitoringHandlers(monitoring: Monitoring, workspace: Workspace, bus: EventBus) {
  const actor = () => readSettings(workspace).userName;
  bus.subscribe((event) => {
    if (event.name === 'syncRunFinished')
      monitoring.syncRunEnded(event.payload as { id: string; pairId: string; status: string; error: string | null });
    else if (!UNLOGGED_EVENTS.has(event.name))
      monitoring.log.logger.info({ event: event.name, payload: event.payload }, event.name);
  });
  return {
    getHealthSummary: () => monitoring.summary(),
    listSyncHistory: ({ runId, ...query }: z.output<typeof SyncHistoryQuery>) => {
      const detail = runId === undefined ? null : monitoring.runDetail(runId);
      return {
        runs: monitoring.history(query).map(runView),
        detail: detail === null ? null : { run: runView(detail.run), records: detail.records },
      };
    },
    listAlertRules: () => ({ rules: monitoring.alerts.rules() }),
    saveAlertRule: (rule: z.output<typeof SaveAlertRule>) => {
      const saved = monitoring.alerts.saveRule(rule, actor());
      monitoring.alerts.evaluateQuietly();
      return saved;
    },
    listAlerts: (query: z.output<typeof AlertQuery>) => ({ alerts: workspace.alertEvents.list(query) }),
    acknowledgeAlert: ({ id }: { id: string }) => monitoring.alerts.acknowledge(id, actor()),
    searchLogs: (query: z.output<typeof LogQuery>) => monitoring.searchLogs(query),
    exportLogs: () => monitoring.exportLogs(),
  };
}

/** Publishes a raised alert to every open console (the renderer shows it; Electron's main shows a notification). */
export function publishAlert(bus: EventBus): (alert: AlertEventRecord) => void {
  return (alert) => bus.publish('alertRaised', alert);
}
