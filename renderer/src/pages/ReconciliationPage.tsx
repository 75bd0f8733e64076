import { useDemoStatus } from '../app/useDemoStatus';
import { EmptyState, PageHeader, reviewActivity, setUpProfile } from '../components/PageLayout';
import { PlantedDiscrepancies } from '../components/PlantedDiscrepancies';

export function ReconciliationPage() {
  const demo = useDemoStatus();
  return (
    <>
      <PageHeader
        title="Reconciliation"
        description="Month-end comparison of two systems’ records (or two exported files) for a period: what matched, and every mismatch flagged for a decision."
      />
      <EmptyState page="reconciliation" title="No reconciliations yet" nextSteps={[setUpProfile, reviewActivity]}>
        <p>
          Reconciling in the console is not available in this version of Counterpart yet. When it is, each
          reconciliation will show its matches and flagged differences in a grid; a preparer proposes a correction for
          each flag and an approver signs the period off.
        </p>
      </EmptyState>
      <PlantedDiscrepancies status={demo} />
    </>
  );
}
