import { useState } from 'react';
import type { HealthSummary } from '../../../src/api/schemas/monitoring';
import { hrefFor } from '../app/routes';
import { AlertsPanel } from '../components/monitoring/AlertsPanel';
import { HealthLevel } from '../components/monitoring/HealthLevel';
import { RunDrillDown } from '../components/monitoring/RunDrillDown';
import { ThroughputChart } from '../components/monitoring/ThroughputChart';
import { useHealthSummary } from '../components/monitoring/useHealthSummary';
import { EmptyState, PageHeader } from '../components/PageLayout';
import { formatRunStatus, formatWhen } from '../components/sync/syncFormat';
import '../components/monitoring/monitoring.css';
import '../components/sync/sync.css';

/** One pane of glass: the same figures `counterpart status --json` prints, kept current by the console's events. */
export function DashboardPage() {
  const { summary } = useHealthSummary();
  const [drillDown, setDrillDown] = useState<readonly string[]>();
  return (
    <div className="dashboard-page">
      <PageHeader
        title="Dashboard"
        description="Whether the integration is healthy and what needs you: connections, syncs, quotas, dead letters, approvals and reconciliations."
        actions={summary ? <HealthLevel level={summary.level} /> : null}
      />
      {summary === undefined ? <p className="muted">Loading…</p> : null}
      {summary !== undefined && summary.connections.length === 0 ? (
        <EmptyState
          page="dashboard"
          title="No connections yet"
          nextSteps={[
            { page: 'connections', label: 'Connect your systems', detail: 'The dashboard watches your connections.' },
          ]}
        >
          <p>Once your systems are connected, their health, syncs and quotas show here.</p>
        </EmptyState>
      ) : null}
      {summary !== undefined && summary.connections.length > 0 ? (
        <>
          <Reasons summary={summary} />
          <Figures summary={summary} />
          <section className="panel" aria-labelledby="throughput-title">
            <h2 id="throughput-title">Throughput and error rate</h2>
            <ThroughputChart throughput={summary.throughput} onSelect={(bucket) => setDrillDown(bucket.runIds)} />
          </section>
          {drillDown ? (
            <RunDrillDown key={drillDown.join()} runIds={drillDown} onClose={() => setDrillDown(undefined)} />
          ) : null}
          <ConnectionsHealth summary={summary} />
          <PairsHealth summary={summary} />
          <AlertsPanel />
        </>
      ) : null}
    </div>
  );
}

function Reasons({ summary }: { readonly summary: HealthSummary }) {
  if (summary.reasons.length === 0) return <p>Everything is working: no failures, nothing waiting on you.</p>;
  return (
    <ul className="sync-list" aria-label="What needs attention">
      {summary.reasons.map((reason) => (
        <li key={reason.message} className="sync-list__item">
          <span>
            <HealthLevel level={reason.level} /> {reason.message}
          </span>
        </li>
      ))}
    </ul>
  );
}

function Figures({ summary }: { readonly summary: HealthSummary }) {
  const figures: [string, number, string][] = [
    ['Open dead letters', summary.deadLetters.open, hrefFor('dead-letters')],
    ['Runs awaiting approval', summary.workflows.awaitingApproval, hrefFor('approvals')],
    ['Reconciliations in progress', summary.reconciliations.inProgress, hrefFor('reconciliation')],
    ['Open alerts', summary.alerts.open, '#alerts-title'],
  ];
  return (
    <dl className="dashboard-figures" aria-label="Figures">
      {figures.map(([label, value, href]) => (
        <div key={label}>
          <dt>
            <a href={href}>{label}</a>
          </dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function ConnectionsHealth({ summary }: { readonly summary: HealthSummary }) {
  return (
    <section className="panel" aria-labelledby="connections-health-title">
      <h2 id="connections-health-title">Connections</h2>
      <table className="monitoring-table">
        <thead>
          <tr>
            <th scope="col">Connection</th>
            <th scope="col">Health</th>
            <th scope="col">Last successful call</th>
            <th scope="col">Errors in the last hour</th>
            <th scope="col">API quota left</th>
            <th scope="col">Token / certificate expiry</th>
          </tr>
        </thead>
        <tbody>
          {summary.connections.map((connection) => (
            <tr key={connection.id}>
              <th scope="row">{connection.name}</th>
              <td>
                <HealthLevel level={connection.level} />
              </td>
              <td>{connection.lastSuccessfulCallAt ? formatWhen(connection.lastSuccessfulCallAt) : 'None yet'}</td>
              <td className="number">{connection.errorsLastHour}</td>
              <td>
                {connection.quota.length === 0
                  ? 'Not reported yet'
                  : connection.quota
                      .map(
                        (window) =>
                          `${window.remaining} this ${window.window}${
                            window.usedPercent === null ? '' : ` (${window.usedPercent}% used)`
                          }`,
                      )
                      .join(', ')}
              </td>
              <td title={connection.certificateExpiresAt.reason ?? connection.tokenExpiresAt.reason ?? undefined}>
                {connection.certificateExpiresAt.value
                  ? `Certificate ${formatWhen(connection.certificateExpiresAt.value)}`
                  : connection.tokenExpiresAt.value
                    ? `Token ${formatWhen(connection.tokenExpiresAt.value)}`
                    : 'Not known'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function PairsHealth({ summary }: { readonly summary: HealthSummary }) {
  return (
    <section className="panel" aria-labelledby="pairs-health-title">
      <h2 id="pairs-health-title">Sync pairs</h2>
      {summary.pairs.length === 0 ? (
        <p className="muted">
          No pairs yet: <a href={hrefFor('sync')}>pair two connections</a> to sync them.
        </p>
      ) : (
        <table className="monitoring-table">
          <thead>
            <tr>
              <th scope="col">Pair and flow</th>
              <th scope="col">Last sync</th>
              <th scope="col">Status</th>
              <th scope="col">Read</th>
              <th scope="col">Written</th>
              <th scope="col">Failed</th>
            </tr>
          </thead>
          {summary.pairs.map((pair) => (
            <tbody key={pair.id} aria-label={pair.label}>
              <tr>
                <th scope="row">{pair.label}</th>
                <td>{pair.lastRun ? formatWhen(pair.lastRun.startedAt) : 'Never synced'}</td>
                <td>{pair.lastRun ? statusOf(pair.lastRun.status) : '—'}</td>
                <td className="number">{pair.lastRun?.figures.read ?? 0}</td>
                <td className="number">{pair.lastRun?.figures.written ?? 0}</td>
                <td className="number">{pair.lastRun?.figures.failed ?? 0}</td>
              </tr>
              {pair.flows.map((flow) => (
                <tr key={flow.flow}>
                  <td>{flow.flow}</td>
                  <td>{formatWhen(flow.startedAt)}</td>
                  <td>{statusOf(flow.status)}</td>
                  <td className="number">{flow.figures.read}</td>
                  <td className="number">{flow.figures.written}</td>
                  <td className="number">{flow.figures.failed}</td>
                </tr>
              ))}
            </tbody>
          ))}
        </table>
      )}
    </section>
  );
}

function statusOf(status: string): string {
  const known = ['running', 'succeeded', 'partly_failed', 'failed', 'cancelled', 'interrupted'] as const;
  const match = known.find((candidate) => candidate === status);
  return match === undefined ? status : formatRunStatus(match);
}
