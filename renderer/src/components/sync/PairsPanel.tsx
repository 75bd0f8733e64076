import { useId, useState } from 'react';
import type { SyncEntity, SyncPairSummary } from '../../../../src/api/schemas/sync';
import { useConsole } from '../../app/consoleContext';
import { useNotifications } from '../../app/notifications';
import { formatDuration, formatRunStatus, formatWhen } from './syncFormat';
import type { LiveRun } from './useSyncState';

/** What "Sync now" covers: everything, or one kind of record (a quick catch-up of customers, say). */
const scopes: readonly { readonly value: string; readonly label: string; readonly entities?: SyncEntity[] }[] = [
  { value: 'all', label: 'Everything' },
  { value: 'party', label: 'Customers and suppliers', entities: ['party'] },
  { value: 'product', label: 'Products', entities: ['product'] },
  { value: 'salesOrder', label: 'Sales orders', entities: ['salesOrder'] },
  { value: 'invoice', label: 'Invoices', entities: ['invoice'] },
  { value: 'payment', label: 'Payments', entities: ['payment'] },
];

/** The pairs with their mapping and last run; "Sync now" starts a run and shows its progress flow by flow. */
export function PairsPanel({
  pairs,
  live,
}: {
  readonly pairs: readonly SyncPairSummary[];
  readonly live: Readonly<Record<string, LiveRun>>;
}) {
  return (
    <section className="panel" aria-labelledby="sync-pairs-title">
      <h2 id="sync-pairs-title">Sync pairs</h2>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Pair</th>
            <th scope="col">Mapping</th>
            <th scope="col">Last run</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {pairs.map((pair) => (
            <PairRow key={pair.id} pair={pair} live={live[pair.id]} />
          ))}
        </tbody>
      </table>
    </section>
  );
}

function PairRow({ pair, live }: { readonly pair: SyncPairSummary; readonly live: LiveRun | undefined }) {
  const { client } = useConsole();
  const { reportError } = useNotifications();
  const [starting, setStarting] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [scope, setScope] = useState('all');
  const scopeId = useId();
  const runId = live?.runId ?? pair.activeRunId;
  const running = runId !== null && runId !== undefined;

  async function syncNow(): Promise<void> {
    setStarting(true);
    try {
      const entities = scopes.find((candidate) => candidate.value === scope)?.entities;
      await client.call('runSync', { pairId: pair.id, ...(entities ? { entities } : {}) });
    } catch (error) {
      reportError(`Could not start the sync of ${pair.label}`, error);
    } finally {
      setStarting(false);
    }
  }

  async function cancel(id: string): Promise<void> {
    setCancelling(true);
    try {
      await client.call('cancelSync', { runId: id });
    } catch (error) {
      reportError(`Could not cancel the sync of ${pair.label}`, error);
    } finally {
      setCancelling(false);
    }
  }

  const last = pair.lastRun;
  return (
    <tr>
      <th scope="row">
        {pair.accountingConnectionName} ⇄ {pair.erpConnectionName}
        {running ? <SyncProgressList label={pair.label} live={live} /> : null}
      </th>
      <td>
        {pair.mappingName} <span className="muted">v{pair.mappingVersion}</span>
      </td>
      <td>
        {last ? (
          <>
            <span className={`status-pill ${statusClass(last.status)}`}>{formatRunStatus(last.status)}</span>
            <span className="sync-list__detail">
              {' '}
              {formatWhen(last.startedAt)}
              {last.durationMs === null ? '' : `, ${formatDuration(last.durationMs)}`}
            </span>
          </>
        ) : (
          <span className="muted">Never synced</span>
        )}
      </td>
      <td>
        {running ? (
          <button
            type="button"
            className="button"
            onClick={() => void cancel(runId)}
            disabled={cancelling}
            aria-label={`Cancel the sync of ${pair.label}`}
          >
            {cancelling ? 'Cancelling…' : 'Cancel'}
          </button>
        ) : (
          <div className="field field--inline">
            <label htmlFor={scopeId} className="visually-hidden">
              What to sync for {pair.label}
            </label>
            <select id={scopeId} value={scope} onChange={(event) => setScope(event.target.value)}>
              {scopes.map((candidate) => (
                <option key={candidate.value} value={candidate.value}>
                  {candidate.label}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="button button--primary"
              onClick={() => void syncNow()}
              disabled={starting}
              aria-label={`Sync now: ${pair.label}`}
            >
              {starting ? 'Starting…' : 'Sync now'}
            </button>
          </div>
        )}
      </td>
    </tr>
  );
}

function SyncProgressList({ label, live }: { readonly label: string; readonly live: LiveRun | undefined }) {
  const flows = Object.values(live?.flows ?? {});
  return (
    <div role="status" aria-label={`Progress of ${label}`}>
      {flows.length === 0 ? <p className="muted">Starting…</p> : null}
      <dl className="sync-progress">
        {flows.map((flow) => (
          <div key={flow.flow} className="sync-progress__row">
            <dt>{flow.flow}</dt>
            <dd>
              <progress
                max={flow.phase === 'done' ? 1 : (flow.total ?? undefined)}
                value={flow.phase === 'done' ? 1 : flow.total === null ? undefined : flow.done}
                aria-label={`${flow.flow}: ${flow.phase}`}
              />
              <span className="sync-progress__count">
                {flow.phase === 'done'
                  ? 'done'
                  : `${flow.phase} ${flow.done}${flow.total === null ? '' : `/${flow.total}`}`}
              </span>
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

function statusClass(status: string): string {
  if (status === 'succeeded') return 'status-pill--on';
  if (status === 'running' || status === 'cancelled') return 'status-pill--off';
  return 'status-pill--failed';
}
