import { useConsole } from '../app/consoleContext';
import { EmptyState, PageHeader, reviewActivity, setUpProfile } from '../components/PageLayout';

export function ApprovalsPage() {
  const { settings } = useConsole();
  return (
    <>
      <PageHeader
        title="Approvals"
        description="Corrections and period sign-offs waiting for an approver’s decision, with who proposed them and why."
      />
      <EmptyState
        page="approvals"
        title="Nothing is waiting for approval"
        nextSteps={settings.role === 'approver' ? [reviewActivity] : [setUpProfile, reviewActivity]}
      >
        <p>
          Approvals are not available in this version of Counterpart yet; nothing can be waiting for a decision until
          reconciliations and workflows ship.
        </p>
        <p>
          {settings.role === 'approver'
            ? 'You are an approver: items waiting for your decision will be listed here, and each decision goes on the audit trail.'
            : 'You are a preparer: you will propose corrections, and an approver decides them here. If you approve work, change your role in Settings.'}
        </p>
      </EmptyState>
    </>
  );
}
