import { useState } from 'react';
import type { SyncConflict, SyncPairSummary } from '../../../../src/api/schemas/sync';
import { useConsole } from '../../app/consoleContext';
import { useNotifications } from '../../app/notifications';
import { formatValue, formatWhen } from './syncFormat';

/**
 * Records both systems changed since the last sync. The engine writes nothing for them until a person chooses
 * which side's values to keep; the next run then writes those values to the other side.
 */
export function ConflictsPanel({
  conflicts,
  pairs,
  onResolved,
}: {
  readonly conflicts: readonly SyncConflict[];
  readonly pairs: readonly SyncPairSummary[];
  readonly onResolved: () => void;
}) {
  return (
    <section className="panel" aria-labelledby="conflicts-title">
      <h2 id="conflicts-title">Conflicts ({conflicts.length})</h2>
      {conflicts.length === 0 ? (
        <p className="muted">No record was changed on both sides since it was last synced.</p>
      ) : (
        conflicts.map((conflict) => (
          <ConflictCard
            key={conflict.id}
            conflict={conflict}
            pair={pairs.find((pair) => pair.id === conflict.pairId)}
            onResolved={onResolved}
          />
        ))
      )}
    </section>
  );
}

function ConflictCard({
  conflict,
  pair,
  onResolved,
}: {
  readonly conflict: SyncConflict;
  readonly pair: SyncPairSummary | undefined;
  readonly onResolved: () => void;
}) {
  const { client } = useConsole();
  const { notify, reportError } = useNotifications();
  const [busy, setBusy] = useState(false);
  const accountingName = pair?.accountingConnectionName ?? 'Accounting';
  const erpName = pair?.erpConnectionName ?? 'ERP';
  const recordName = conflict.accounting.number ?? conflict.erp.number ?? conflict.accounting.id;

  async function keep(side: 'accounting' | 'erp'): Promise<void> {
    setBusy(true);
    try {
      await client.call('resolveSyncConflict', { id: conflict.id, keep: side });
      notify(
        'success',
        'Conflict resolved',
        `${recordName}: ${side === 'accounting' ? accountingName : erpName} kept.`,
      );
      onResolved();
    } catch (error) {
      reportError(`Could not resolve the conflict on ${recordName}`, error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <article aria-label={`Conflict on ${conflict.entity} ${recordName}`}>
      <h3>
        {conflict.entity} {recordName} <span className="muted">· found {formatWhen(conflict.detectedAt)}</span>
      </h3>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">{accountingName}</th>
            <th scope="col">{erpName}</th>
          </tr>
        </thead>
        <tbody>
          {conflict.fields.map((field) => (
            <tr key={field.field}>
              <th scope="row">{field.field}</th>
              <td className="value-cell">{formatValue(field.accounting)}</td>
              <td className="value-cell">{formatValue(field.erp)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="form-actions">
        <button type="button" className="button" onClick={() => void keep('accounting')} disabled={busy}>
          Keep {accountingName}
        </button>
        <button type="button" className="button" onClick={() => void keep('erp')} disabled={busy}>
          Keep {erpName}
        </button>
      </div>
    </article>
  );
}
