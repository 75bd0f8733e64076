import { useEffect, useState } from 'react';
import type { SyncHistory } from '../../../../src/api/schemas/monitoring';
import { useConsole } from '../../app/consoleContext';
import { useNotifications } from '../../app/notifications';
import { formatRunStatus, formatWhen } from '../sync/syncFormat';

/** The runs of a chart point, and the chosen run's records with their cross-references. */
export function RunDrillDown({
  runIds,
  onClose,
}: {
  readonly runIds: readonly string[];
  readonly onClose: () => void;
}) {
  const { client } = useConsole();
  const { reportError } = useNotifications();
  const [runId, setRunId] = useState(runIds[0]);
  const [history, setHistory] = useState<SyncHistory>();

  useEffect(() => {
    if (runId === undefined) return;
    client
      .call('listSyncHistory', { runId, limit: 500 })
      .then(setHistory, (error: unknown) => reportError('Could not read the run', error));
  }, [client, runId, reportError]);

  const runs = history?.runs.filter((run) => runIds.includes(run.id)) ?? [];
  const detail = history?.detail;
  return (
    <section className="panel" aria-labelledby="drill-down-title">
      <div className="page-header">
        <h2 id="drill-down-title">Runs of this period</h2>
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </div>
      <ul className="sync-list" aria-label="Runs of this period">
        {runs.map((run) => (
          <li key={run.id}>
            <button
              type="button"
              className="sync-list__item"
              aria-pressed={run.id === runId}
              onClick={() => setRunId(run.id)}
            >
              <span>
                {formatWhen(run.startedAt)} · {formatRunStatus(run.status)}
              </span>
              <span className="sync-list__detail">
                read {run.totals.read}, written {run.totals.written}, failed {run.totals.failed}
              </span>
            </button>
          </li>
        ))}
      </ul>
      {detail ? (
        <article aria-label={`Run ${detail.run.id}`}>
          {detail.run.error ? <p className="form-error">{detail.run.error}</p> : null}
          {detail.records.length === 0 ? (
            <p className="muted">This run wrote nothing.</p>
          ) : (
            <table className="monitoring-table">
              <caption className="muted">Records this run wrote or tried to write</caption>
              <thead>
                <tr>
                  <th scope="col">Flow</th>
                  <th scope="col">Record</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">Cross-reference</th>
                </tr>
              </thead>
              <tbody>
                {detail.records.map((record) => (
                  <tr key={record.writeId}>
                    <td>{record.flow ?? 'approved write'}</td>
                    <td>
                      {record.entity} {record.source?.number ?? record.source?.id ?? ''}
                    </td>
                    <td>{record.state === 'dead' ? `Refused: ${record.error ?? ''}` : record.state}</td>
                    <td>
                      {record.crossReference
                        ? `${record.crossReference.accounting.number ?? record.crossReference.accounting.id} ⇄ ${
                            record.crossReference.erp.number ?? record.crossReference.erp.id
                          }`
                        : 'not linked'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </article>
      ) : null}
    </section>
  );
}
