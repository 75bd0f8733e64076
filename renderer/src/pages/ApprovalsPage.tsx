import { useState } from 'react';
import { useConsole } from '../app/consoleContext';
import { useNotifications } from '../app/notifications';
import { CorrectionCard } from '../components/approvals/CorrectionCard';
import { CorrectionOutcome } from '../components/approvals/CorrectionOutcome';
import { useApprovals } from '../components/approvals/useApprovals';
import { PageHeader } from '../components/PageLayout';
import { entityLabel, periodLabel, sideLabel } from '../components/recon/reconLabels';
import { fieldLabel } from '../components/recon/statusLabels';
import { WorkflowApprovals } from '../components/workflows/WorkflowApprovals';
import { formatWhen } from './auditFormat';

export function ApprovalsPage() {
  const { client, settings } = useConsole();
  const { notify, reportError } = useNotifications();
  const { pending, decided, reload } = useApprovals();
  const [deciding, setDeciding] = useState<string | null>(null);
  const approver = settings.role === 'approver';

  async function decide(reconciliationId: string, correctionId: string, approve: boolean, comment: string) {
    setDeciding(correctionId);
    try {
      const { correction } = await client.call('decideCorrection', {
        id: reconciliationId,
        correctionId,
        approve,
        comment,
      });
      const outcome = correction.outcome;
      if (!approve) notify('success', 'Correction rejected', 'The proposer can see why in the reconciliation.');
      else if (outcome?.state === 'written')
        notify('success', 'Correction written', `Record ${outcome.recordId} updated.`);
      else
        notify('error', 'Correction approved but not written', outcome && 'message' in outcome ? outcome.message : '');
      reload();
    } catch (error) {
      reportError('Could not decide the correction', error);
    } finally {
      setDeciding(null);
    }
  }

  return (
    <div className="page">
      <PageHeader
        title="Approvals"
        description="Corrections and period sign-offs waiting for an approver’s decision, with who proposed them and why."
      />
      {approver ? null : (
        <p className="callout callout--danger" role="note">
          <span>
            You are a <strong>preparer</strong>: you can see what waits here, but only an approver can decide it. If you
            approve work, change your role in Settings.
          </span>
        </p>
      )}
      <section className="panel" aria-labelledby="pending-corrections-title">
        <h2 id="pending-corrections-title">Corrections waiting</h2>
        {pending === undefined ? (
          <p className="muted">Loading…</p>
        ) : pending.corrections.length === 0 ? (
          <p className="muted">No corrections are waiting for a decision.</p>
        ) : (
          <ul className="approval-list">
            {pending.corrections.map((correction) => (
              <li key={correction.id}>
                <CorrectionCard
                  correction={correction}
                  canDecide={approver}
                  busy={deciding === correction.id}
                  onDecide={(approve, comment) =>
                    void decide(correction.reconciliationId, correction.id, approve, comment)
                  }
                />
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="panel" aria-labelledby="signoffs-title">
        <h2 id="signoffs-title">Periods ready for sign-off</h2>
        {pending === undefined ? null : pending.signOffs.length === 0 ? (
          <p className="muted">No reconciliation is waiting to be signed off.</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Records and period</th>
                <th scope="col">Sides</th>
                <th scope="col">Blocking sign-off</th>
                <th scope="col">
                  <span className="visually-hidden">Review</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {pending.signOffs.map(({ reconciliation, pendingCorrections }) => (
                <tr key={reconciliation.id}>
                  <th scope="row">
                    {entityLabel(reconciliation.entity)}, {periodLabel(reconciliation.period)}
                  </th>
                  <td>
                    {sideLabel(reconciliation.left)} ↔ {sideLabel(reconciliation.right)}
                  </td>
                  <td>
                    {pendingCorrections === 0
                      ? 'Nothing'
                      : `${pendingCorrections} correction${pendingCorrections === 1 ? '' : 's'} to decide first`}
                  </td>
                  <td>
                    <a href={`#/reconciliation?id=${encodeURIComponent(reconciliation.id)}`}>
                      Review and sign off
                      <span className="visually-hidden">
                        {' '}
                        {entityLabel(reconciliation.entity)}, {periodLabel(reconciliation.period)}
                      </span>
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <WorkflowApprovals />
      <section className="panel" aria-labelledby="decided-title">
        <h2 id="decided-title">Decided corrections</h2>
        {decided.length === 0 ? (
          <p className="muted">No correction has been decided yet.</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Change</th>
                <th scope="col">Decided</th>
                <th scope="col">Outcome</th>
              </tr>
            </thead>
            <tbody>
              {decided.map((correction) => (
                <tr key={correction.id}>
                  <th scope="row">
                    {fieldLabel(correction.field)} of <code>{correction.recordKey}</code> → {correction.proposedValue}
                  </th>
                  <td>
                    {correction.decidedBy}
                    <br />
                    <span className="muted">{correction.decidedAt ? formatWhen(correction.decidedAt) : ''}</span>
                  </td>
                  <td>
                    <CorrectionOutcome correction={correction} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
