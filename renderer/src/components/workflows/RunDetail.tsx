import { useCallback, useEffect, useState } from 'react';
import type { WorkflowRunView, WorkflowStepLog } from '../../../../src/api/schemas/workflows';
import { useConsole } from '../../app/consoleContext';
import { useNotifications } from '../../app/notifications';
import { ApprovalDecision } from './ApprovalDecision';
import { JsonDetails } from './JsonDetails';
import { kindLabel } from './stepKinds';
import { formatWhen, recordLabel, runStateLabel, stateTone, stepStateLabel } from './workflowFormat';

/** One run: its state, the approval it waits for, and its step log; approve, reject or retry from here. */
export function RunDetail({ runId, onBack }: { readonly runId: string; readonly onBack: () => void }) {
  const { client, settings } = useConsole();
  const { notify, reportError } = useNotifications();
  const [run, setRun] = useState<WorkflowRunView>();
  const [busy, setBusy] = useState(false);

  const reload = useCallback(() => {
    client
      .call('getWorkflowRun', { id: runId })
      .then(setRun, (error: unknown) => reportError('Could not read the run', error));
  }, [client, reportError, runId]);

  useEffect(() => {
    reload();
    return client.subscribe((event) => {
      if (event.name === 'workflowRunChanged' && event.payload.id === runId) reload();
    });
  }, [client, reload, runId]);

  async function act(work: () => Promise<WorkflowRunView>, done: string, failed: string): Promise<void> {
    setBusy(true);
    try {
      const view = await work();
      setRun(view);
      notify('success', done, `${view.workflowName}: ${runStateLabel(view.state).toLowerCase()}.`);
    } catch (error) {
      reportError(failed, error);
    } finally {
      setBusy(false);
    }
  }

  const titleId = `run-${runId}-title`;
  return (
    <section className="panel wf-run" aria-labelledby={titleId}>
      <div className="wf-toolbar">
        <button type="button" className="button button--quiet" onClick={onBack}>
          ← All workflows
        </button>
        <div className="wf-toolbar__title">
          <h2 id={titleId}>{run ? `Run of ${run.workflowName}` : 'Run'}</h2>
          {run ? (
            <p className="muted">
              Version {run.workflowVersion} · started {formatWhen(run.startedAt)}
              {run.record ? ` · ${recordLabel(run.record)}` : ''}
            </p>
          ) : null}
        </div>
        {run ? (
          <span
            className={`status-pill status-pill--${stateTone(run.state)}`}
            role="status"
            aria-label={`Run state: ${runStateLabel(run.state)}`}
          >
            {runStateLabel(run.state)}
          </span>
        ) : null}
      </div>
      {run === undefined ? <p className="muted">Loading…</p> : null}
      {run?.error ? <p className="form-error">{run.error.message}</p> : null}
      {run?.pendingApproval ? (
        <div className="approval-card">
          <h3>Waiting for approval</h3>
          <p>{run.pendingApproval.question}</p>
          {settings.role === 'approver' ? null : (
            <p className="muted">Only an approver can decide; change your role in Settings if you approve work.</p>
          )}
          <ApprovalDecision
            subject={run.pendingApproval.question}
            canDecide={settings.role === 'approver'}
            busy={busy}
            onDecide={(approve, comment) => {
              const stepId = run.pendingApproval?.stepId ?? '';
              void act(
                () => client.call('decideWorkflowApproval', { runId, stepId, approve, comment }),
                approve ? 'Approved: the run goes on' : 'Rejected: the run ends',
                'Could not record the decision',
              );
            }}
          />
        </div>
      ) : null}
      {run ? (
        <StepLog
          steps={run.steps}
          canRetry={run.state === 'failed'}
          busy={busy}
          onRetry={(stepId) =>
            void act(
              () => client.call('retryWorkflowStep', { runId, stepId }),
              'Step retried',
              'Could not retry the step',
            )
          }
        />
      ) : null}
    </section>
  );
}

function StepLog({
  steps,
  canRetry,
  busy,
  onRetry,
}: {
  readonly steps: readonly WorkflowStepLog[];
  readonly canRetry: boolean;
  readonly busy: boolean;
  readonly onRetry: (stepId: string) => void;
}) {
  if (steps.length === 0) return <p className="muted">No step has run yet.</p>;
  // Only a step's latest attempt can be retried: earlier attempts stay in the log as they happened.
  const lastAttempt = new Map(steps.map((step) => [step.stepId, step.attempt]));
  return (
    <ol className="wf-step-log" aria-label="Step log">
      {steps.map((step) => {
        const name = step.label || step.stepId;
        const retryable = canRetry && step.state === 'failed' && lastAttempt.get(step.stepId) === step.attempt;
        return (
          <li
            key={`${step.stepId}:${step.attempt}`}
            className={`wf-step-log__item${step.state === 'failed' ? ' wf-step-log__item--failed' : ''}`}
          >
            <div className="wf-step-log__head">
              <p>
                <strong>{name}</strong> <span className="muted">({kindLabel(step.kind)})</span>
                {step.attempt > 1 ? <span className="muted"> · attempt {step.attempt}</span> : null}
              </p>
              <span className={`status-pill status-pill--${stateTone(step.state)}`}>{stepStateLabel(step.state)}</span>
              <span className="muted">{formatWhen(step.finishedAt ?? step.startedAt)}</span>
              {retryable ? (
                <button
                  type="button"
                  className="button button--small"
                  disabled={busy}
                  onClick={() => onRetry(step.stepId)}
                >
                  Retry<span className="visually-hidden"> {name}</span>
                </button>
              ) : null}
            </div>
            {step.error ? <p className="field__error">{step.error.message}</p> : null}
            {step.decision ? (
              <p>
                {step.decision.approved ? 'Approved' : 'Rejected'} by {step.decision.decidedBy},{' '}
                {formatWhen(step.decision.decidedAt)}
                {step.decision.comment ? `: “${step.decision.comment}”` : ''}
              </p>
            ) : null}
            <JsonDetails input={step.input} output={step.output} />
          </li>
        );
      })}
    </ol>
  );
}
