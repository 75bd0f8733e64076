import { EmptyState, PageHeader, reviewActivity } from '../components/PageLayout';

export function WorkflowsPage() {
  return (
    <>
      <PageHeader
        title="Workflows"
        description="Multi-step processes between systems — for example, a won Salesforce opportunity becoming a Xero invoice after approval — and the history of each run."
      />
      <EmptyState
        page="workflows"
        title="No workflows yet"
        nextSteps={[
          {
            page: 'connections',
            label: 'See which systems can be connected',
            detail: 'Workflows start from an event in one connected system and act in another.',
          },
          reviewActivity,
        ]}
      >
        <p>
          Workflows are not available in this version of Counterpart yet. When they are, you will define them here, see
          every run step by step, and steps that need a person will appear in Approvals.
        </p>
      </EmptyState>
    </>
  );
}
