import { useCallback, useEffect, useId, useState } from 'react';
import type { ReconciliationSummary } from '../../../../src/api/schemas/reconciliations';
import { useConsole } from '../../app/consoleContext';
import { useNotifications } from '../../app/notifications';

const stageLabels: Readonly<Record<string, string>> = {
  reading_left: 'Reading the left side',
  reading_right: 'Reading the right side',
  preparing: 'Preparing the records',
  reference: 'Pairing by reference',
  key: 'Pairing by party, amount and date',
  probabilistic: 'Scoring the remaining records',
  group: 'Looking for one-to-many matches',
  flags: 'Flagging anomalies',
  saving: 'Saving the result',
  done: 'Finished',
};

/**
 * A running reconciliation: its stage and progress from the engine's events, and Cancel. When the run ends it hands
 * over to the workspace, or says why it failed or that it was cancelled.
 */
export function RunProgress({
  id,
  onReady,
  onBack,
}: {
  readonly id: string;
  readonly onReady: (id: string) => void;
  readonly onBack: () => void;
}) {
  const { client } = useConsole();
  const { reportError } = useNotifications();
  const [stage, setStage] = useState('preparing');
  const [fraction, setFraction] = useState(0);
  const [ended, setEnded] = useState<ReconciliationSummary>();
  const [cancelling, setCancelling] = useState(false);
  const labelId = useId();

  const check = useCallback(() => {
    client.call('getReconciliation', { id }).then(
      (detail) => {
        if (detail.status === 'running') return;
        if (detail.status === 'ready' || detail.status === 'signed_off') onReady(id);
        else setEnded(detail);
      },
      (error: unknown) => reportError('Could not follow the reconciliation', error),
    );
  }, [client, id, onReady, reportError]);

  useEffect(() => {
    check(); // it may have finished before this screen subscribed
    return client.subscribe((event) => {
      if (event.name === 'reconciliationProgress' && event.payload.id === id) {
        setStage(event.payload.stage);
        setFraction(event.payload.fraction);
        if (event.payload.stage === 'done') check();
      }
      if (event.name === 'reconciliationChanged' && event.payload.id === id) check();
    });
  }, [client, id, check]);

  async function cancel(): Promise<void> {
    setCancelling(true);
    try {
      await client.call('cancelReconciliation', { id });
      check();
    } catch (error) {
      reportError('Could not cancel the reconciliation', error);
    } finally {
      setCancelling(false);
    }
  }

  if (ended) {
    return (
      <section className="panel" aria-labelledby={labelId}>
        <h2 id={labelId}>{ended.status === 'cancelled' ? 'Reconciliation cancelled' : 'Reconciliation failed'}</h2>
        <p role="alert">{ended.problem ?? 'The run stopped before it produced a result.'}</p>
        <div>
          <button type="button" className="button" onClick={onBack}>
            Back to reconciliations
          </button>
        </div>
      </section>
    );
  }

  const percentDone = Math.round(fraction * 100);
  return (
    <section className="panel run-progress" aria-labelledby={labelId} aria-busy="true">
      <h2 id={labelId}>Reconciling…</h2>
      <p aria-live="polite">
        {stageLabels[stage] ?? stage} — {percentDone}%
      </p>
      <progress max={100} value={percentDone} aria-labelledby={labelId} />
      <div>
        <button type="button" className="button" onClick={() => void cancel()} disabled={cancelling}>
          {cancelling ? 'Cancelling…' : 'Cancel'}
        </button>
      </div>
    </section>
  );
}
