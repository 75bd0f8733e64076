import { useCallback, useEffect, useState } from 'react';
import type { ReconciliationSummary } from '../../../../src/api/schemas/reconciliations';
import { useConsole } from '../../app/consoleContext';
import { useNotifications } from '../../app/notifications';
import { formatWhen } from '../../pages/auditFormat';
import { entityLabel, periodLabel, sideLabel } from './reconLabels';

const statusWords: Readonly<Record<ReconciliationSummary['status'], string>> = {
  running: 'Running',
  ready: 'Ready for review',
  failed: 'Failed',
  cancelled: 'Cancelled',
  signed_off: 'Signed off 🔒',
};

/** Past reconciliations, newest first, each reopened exactly as it was left. */
export function ReconciliationList({
  onOpen,
  onFollow,
}: {
  readonly onOpen: (id: string) => void;
  readonly onFollow: (id: string) => void;
}) {
  const { client } = useConsole();
  const { reportError } = useNotifications();
  const [list, setList] = useState<readonly ReconciliationSummary[]>();

  const load = useCallback(() => {
    client.call('listReconciliations', {}).then(
      ({ reconciliations }) => setList(reconciliations),
      (error: unknown) => reportError('Could not list the reconciliations', error),
    );
  }, [client, reportError]);

  useEffect(() => {
    load();
    return client.subscribe((event) => {
      if (event.name === 'reconciliationChanged') load();
    });
  }, [client, load]);

  return (
    <section className="panel" aria-labelledby="past-recons-title">
      <h2 id="past-recons-title">Reconciliations</h2>
      {list === undefined ? (
        <p className="muted">Loading…</p>
      ) : list.length === 0 ? (
        <p className="muted">No reconciliations yet: start one above.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Records and period</th>
              <th scope="col">Sides</th>
              <th scope="col">Status</th>
              <th scope="col">To review</th>
              <th scope="col">Started</th>
              <th scope="col">
                <span className="visually-hidden">Open</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((recon) => (
              <tr key={recon.id}>
                <th scope="row">
                  {entityLabel(recon.entity)}
                  <br />
                  <span className="muted">{periodLabel(recon.period)}</span>
                </th>
                <td>
                  {sideLabel(recon.left)} ↔ {sideLabel(recon.right)}
                </td>
                <td>
                  {statusWords[recon.status]}
                  {recon.problem ? <span className="muted"> — {recon.problem}</span> : null}
                </td>
                <td>
                  {recon.counts.suggested.toLocaleString()} suggested,{' '}
                  {(recon.counts.unmatchedLeft + recon.counts.unmatchedRight).toLocaleString()} unmatched
                </td>
                <td>
                  {formatWhen(recon.startedAt)}
                  <br />
                  <span className="muted">{recon.startedBy}</span>
                </td>
                <td>
                  {recon.status === 'ready' || recon.status === 'signed_off' ? (
                    <button type="button" className="button" onClick={() => onOpen(recon.id)}>
                      Open<span className="visually-hidden"> {periodLabel(recon.period)}</span>
                    </button>
                  ) : recon.status === 'running' ? (
                    <button type="button" className="button" onClick={() => onFollow(recon.id)}>
                      Show progress
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
