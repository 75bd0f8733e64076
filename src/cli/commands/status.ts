import type { Command } from 'commander';
import { appliedMigrations } from '../../store/migrations.js';
import { openWorkspace } from '../../store/workspace.js';
import { contextOf } from '../context.js';
import { printResult } from '../output.js';

interface StatusReport {
  health: 'green' | 'red';
  workspace: string;
  database: string;
  schemaVersion: number;
  auditTrail: { intact: boolean; entries: number; brokenAtSeq?: number };
  connections: {
    name: string;
    system: string;
    lastCheck: { at: string; ok: boolean; message: string | null } | null;
  }[];
  problems: string[];
}

export function registerStatusCommand(program: Command): void {
  program
    .command('status')
    .description('print the health of the workspace; exits non-zero when something is red (for schedulers)')
    .action((_options: unknown, command: Command) => {
      const context = contextOf(command);
      const workspace = openWorkspace({ dataDirectory: context.dataDirectory, name: context.workspace });
      try {
        const report = statusOf(workspace);
        printResult(context, report, renderStatus);
        if (report.health === 'red') process.exitCode = 1;
      } finally {
        workspace.close();
      }
    });
}

function statusOf(workspace: ReturnType<typeof openWorkspace>): StatusReport {
  const auditTrail = workspace.auditLog.verify();
  const checks = workspace.connectionChecks.latest();
  const connections = workspace.connections.list().map((connection) => {
    const check = checks.get(connection.id);
    return {
      name: connection.name,
      system: connection.system,
      lastCheck: check ? { at: check.at, ok: check.ok, message: check.message } : null,
    };
  });
  const problems: string[] = [];
  if (!auditTrail.intact) problems.push(`The audit trail was altered at entry ${auditTrail.brokenAtSeq}.`);
  for (const connection of connections) {
    if (connection.lastCheck && !connection.lastCheck.ok) {
      problems.push(`Connection "${connection.name}" failed its last check: ${connection.lastCheck.message}`);
    }
  }
  return {
    health: problems.length === 0 ? 'green' : 'red',
    workspace: workspace.name,
    database: workspace.file,
    schemaVersion: appliedMigrations(workspace.db).at(-1)?.version ?? 0,
    auditTrail,
    connections,
    problems,
  };
}

function renderStatus(report: StatusReport): string {
  return [
    `Health: ${report.health.toUpperCase()}`,
    `Workspace: ${report.workspace} (${report.database}, schema ${report.schemaVersion})`,
    `Audit trail: ${report.auditTrail.intact ? 'intact' : 'ALTERED'}, ${report.auditTrail.entries} entries`,
    ...report.connections.map(
      (connection) =>
        `Connection ${connection.name} (${connection.system}): ${
          connection.lastCheck === null
            ? 'not checked yet'
            : connection.lastCheck.ok
              ? `answered at ${connection.lastCheck.at}`
              : 'FAILED'
        }`,
    ),
    ...report.problems.map((problem) => `Problem: ${problem}`),
  ].join('\n');
}
