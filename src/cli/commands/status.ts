import type { Command } from 'commander';
import { AlertMonitor } from '../../monitoring/alerts/alertMonitor.js';
import type { HealthSummary } from '../../monitoring/healthModel.js';
import { healthSummary } from '../../monitoring/healthSummary.js';
import { appliedMigrations } from '../../store/migrations.js';
import { openWorkspace } from '../../store/workspace.js';
import { contextOf } from '../context.js';
import { printResult } from '../output.js';

/** The dashboard's health summary, with where the workspace lives; `health` repeats the summary's level. */
type StatusReport = HealthSummary & { health: HealthSummary['level']; database: string; schemaVersion: number };

export function registerStatusCommand(program: Command): void {
  program
    .command('status')
    .description('print the health of the workspace; exits non-zero when something is red (for schedulers)')
    .action((_options: unknown, command: Command) => {
      const context = contextOf(command);
      const workspace = openWorkspace({ dataDirectory: context.dataDirectory, name: context.workspace });
      try {
        // A scheduler running `status` is also a timer for the alert rules: alerts are raised before the summary.
        new AlertMonitor({ workspace }).evaluate();
        const summary = healthSummary(workspace);
        const report: StatusReport = {
          ...summary,
          health: summary.level,
          database: workspace.file,
          schemaVersion: appliedMigrations(workspace.db).at(-1)?.version ?? 0,
        };
        printResult(context, report, renderStatus);
        if (report.level === 'red') process.exitCode = 1;
      } finally {
        workspace.close();
      }
    });
}

function renderStatus(report: StatusReport): string {
  const lines = [
    `Health: ${report.level.toUpperCase()}`,
    `Workspace: ${report.workspace} (${report.database}, schema ${report.schemaVersion})`,
    `Audit trail: ${report.auditTrail.intact ? 'intact' : 'ALTERED'}, ${report.auditTrail.entries} entries`,
  ];
  for (const connection of report.connections) {
    const check = connection.lastCheck;
    const state = check === null ? 'not checked yet' : check.ok ? `answered at ${check.at}` : 'FAILED';
    const quota = connection.quota.map((window) => `${window.remaining} calls left this ${window.window}`).join(', ');
    lines.push(
      `Connection ${connection.name} (${connection.system}): ${state}; ${connection.errorsLastHour} errors in the last hour${quota ? `; ${quota}` : ''}`,
    );
  }
  for (const pair of report.pairs) {
    const run = pair.lastRun;
    lines.push(
      run === null
        ? `Pair ${pair.label}: never synced`
        : `Pair ${pair.label}: ${run.status} at ${run.startedAt} — read ${run.figures.read}, written ${run.figures.written}, failed ${run.figures.failed}`,
    );
  }
  lines.push(
    `Dead letters open: ${report.deadLetters.open}`,
    `Workflow runs awaiting approval: ${report.workflows.awaitingApproval}`,
    `Reconciliations in progress: ${report.reconciliations.inProgress}`,
    `Alerts open: ${report.alerts.open}`,
    ...report.reasons.map((reason) => `${reason.level === 'red' ? 'Problem' : 'Attention'}: ${reason.message}`),
  );
  return lines.join('\n');
}
