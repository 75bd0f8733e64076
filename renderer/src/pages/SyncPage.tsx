import { useState } from 'react';
import { useConnections } from '../app/useConnections';
import { EmptyState, PageHeader, reviewActivity } from '../components/PageLayout';
import { ConflictsPanel } from '../components/sync/ConflictsPanel';
import { DeadLettersPanel } from '../components/sync/DeadLettersPanel';
import { NewPairForm } from '../components/sync/NewPairForm';
import { PairsPanel } from '../components/sync/PairsPanel';
import { RunsGrid } from '../components/sync/RunsGrid';
import { useSyncState } from '../components/sync/useSyncState';
import '../components/sync/sync.css';

export function SyncPage() {
  const state = useSyncState();
  const { list } = useConnections();
  const [pairing, setPairing] = useState(false);
  const pairs = state.pairs ?? [];
  return (
    <div className="sync-page">
      <PageHeader
        title="Sync"
        description="Keeps customers, suppliers, products and invoices in step between your accounting system and your ERP or CRM: every run, what it changed, and anything waiting for a decision — nothing is dropped silently."
        actions={
          pairing || !list ? null : (
            <button type="button" className="button button--primary" onClick={() => setPairing(true)}>
              Pair connections
            </button>
          )
        }
      />
      {pairing && list ? (
        <NewPairForm
          connections={list.connections}
          onDone={() => {
            setPairing(false);
            state.reload();
          }}
        />
      ) : null}
      {state.pairs === undefined ? <p className="muted">Loading…</p> : null}
      {state.pairs !== undefined && pairs.length === 0 && !pairing ? (
        <EmptyState
          page="sync"
          title="No sync pairs yet"
          nextSteps={[
            {
              page: 'connections',
              label: 'Connect your systems',
              detail: 'A sync pair needs one accounting connection and one ERP or CRM connection.',
            },
            reviewActivity,
          ]}
        >
          <p>
            Pair an accounting connection with an ERP or CRM connection to start. Each run is listed here with the
            records it read and wrote on each side; records a system refuses wait in the dead-letter queue, and records
            changed on both sides wait for you to choose which values to keep.
          </p>
        </EmptyState>
      ) : null}
      {pairs.length > 0 ? (
        <>
          <PairsPanel pairs={pairs} live={state.live} />
          <RunsGrid runs={state.runs} pairs={pairs} />
          <DeadLettersPanel deadLetters={state.deadLetters} />
          <ConflictsPanel conflicts={state.conflicts} pairs={pairs} onResolved={state.reload} />
        </>
      ) : null}
    </div>
  );
}
