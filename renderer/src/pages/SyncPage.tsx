import { EmptyState, PageHeader, reviewActivity } from '../components/PageLayout';

export function SyncPage() {
  return (
    <>
      <PageHeader
        title="Sync"
        description="Keeps customers, suppliers, products and invoices in step between your accounting system and your ERP or CRM: every run, what it changed, and anything waiting for a retry."
      />
      <EmptyState
        page="sync"
        title="No sync runs yet"
        nextSteps={[
          {
            page: 'connections',
            label: 'See which systems can be connected',
            detail: 'A sync needs one accounting connection and one ERP or CRM connection.',
          },
          reviewActivity,
        ]}
      >
        <p>
          Syncing is not available in this version of Counterpart yet. When it is, each run will be listed here with the
          records it created or updated on each side, and records that could not be written will wait in a retry queue
          you can inspect — nothing is dropped silently.
        </p>
      </EmptyState>
    </>
  );
}
