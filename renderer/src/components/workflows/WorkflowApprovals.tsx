import { useCallback, useEffect, useState } from 'react';
import type { WorkflowRunView } from '../../../../src/api/schemas/workflows';
import { useConsole } from '../../app/consoleContext';
import { useNotifications } from '../../app/notifications';
import { ApprovalDecision } from './ApprovalDecision';
import { useWorkflowRuns } from './useWorkflowRuns';
import { formatWhen, recordLabel } from './workflowFormat';
import './workflows.css';

/**
 * Workflow runs paused at an approval step, for the Approvals page: the question, the run it belongs to, and
 * Approve / Reject with a comment. A decided run leaves the list as soon as the engine reports its new state.
 */
export function WorkflowApprovals() {
  const { runs } = useWorkflowRuns({ state: 'awaiting_approval' });
  const views = useRunViews(runs?.map((run) => `${run.id}@${run.updatedAt}`) ?? []);
  return (
    <section className="panel" aria-labelledby="workflow-approvals-title">
      <h2 id="workflow-approvals-title">Workflow steps waiting</h2>
      {runs === undefined ? <p className="muted">Loading…</p> : null}
      {runs?.length === 0 ? <p className="muted">No workflow run is waiting for an approval.</p> : null}
      {runs && runs.length > 0 ? (
        <ul className="approval-list">
          {runs.map((run) => {
            const view = views[run.id];
            return (
              <li key={run.id}>
                {view?.pendingApproval ? <WorkflowApprovalCard run={view} /> : <p className="muted">Loading…</p>}
              </li>
            );
          })}
        </ul>
      ) : null}
    </section>
  );
}

function WorkflowApprovalCard({ run }: { readonly run: WorkflowRunView }) {
  const { client, settings } = useConsole();
  const { notify, reportError } = useNotifications();
  const [busy, setBusy] = useState(false);
  const pending = run.pendingApproval;
  if (pending === null) return null;

  async function decide(approve: boolean, comment: string): Promise<void> {
    setBusy(true);
    try {
      await client.call('decideWorkflowApproval', { runId: run.id, stepId: pending?.stepId ?? '', approve, comment });
      notify(
        'success',
        approve ? 'Approved' : 'Rejected',
        approve ? `${run.workflowName} goes on.` : `${run.workflowName} ends as rejected.`,
      );
    } catch (error) {
      reportError('Could not record the decision', error);
    } finally {
      setBusy(false);
    }
  }

  const titleId = `wf-approval-${run.id}`;
  return (
    <article className="approval-card" aria-labelledby={titleId}>
      <h3 id={titleId} className="approval-card__change">
        {pending.question}
      </h3>
      <p className="muted">
        {run.workflowName} v{run.workflowVersion}
        {run.record ? ` · ${recordLabel(run.record)}` : ''} · run started {formatWhen(run.startedAt)} ·{' '}
        <a href={`#/workflows?run=${encodeURIComponent(run.id)}`}>See the run’s steps</a>
      </p>
      <ApprovalDecision
        subject={`${pending.question} (${run.workflowName})`}
        canDecide={settings.role === 'approver'}
        busy={busy}
        onDecide={(approve, comment) => void decide(approve, comment)}
      />
    </article>
  );
}

/** Each waiting run's full view (its question lives there), read again when the run changes. */
function useRunViews(keys: readonly string[]): Readonly<Record<string, WorkflowRunView>> {
  const { client } = useConsole();
  const { reportError } = useNotifications();
  const [views, setViews] = useState<Readonly<Record<string, WorkflowRunView>>>({});
  const read = useCallback(
    (id: string) =>
      client.call('getWorkflowRun', { id }).then(
        (view) => setViews((current) => ({ ...current, [id]: view })),
        (error: unknown) => reportError('Could not read a waiting workflow run', error),
      ),
    [client, reportError],
  );
  const joined = keys.join(',');
  useEffect(() => {
    for (const key of joined === '' ? [] : joined.split(',')) void read(key.split('@', 1)[0] ?? key);
  }, [joined, read]);
  return views;
}
