import { useId, useState } from 'react';
import type { WorkflowRunState, WorkflowRunSummary } from '../../../../src/api/schemas/workflows';
import { useWorkflowRuns } from './useWorkflowRuns';
import { formatWhen, RUN_STATES, recordLabel, runStateLabel, stateTone } from './workflowFormat';

/** Live and past runs (of one workflow, or all), with their state; "View" opens a run's step log. */
export function WorkflowRuns({
  workflowId,
  onOpenRun,
}: {
  readonly workflowId?: string | undefined;
  readonly onOpenRun: (runId: string) => void;
}) {
  const [state, setState] = useState<WorkflowRunState | undefined>();
  const { runs } = useWorkflowRuns({ workflowId, state });
  const filterId = useId();
  const titleId = useId();
  return (
    <section className="panel" aria-labelledby={titleId}>
      <div className="wf-runs__header">
        <h2 id={titleId}>{workflowId ? 'Runs of this workflow' : 'Runs'}</h2>
        <div className="field field--inline">
          <label htmlFor={filterId}>State</label>
          <select
            id={filterId}
            value={state ?? ''}
            onChange={(event) =>
              setState(event.target.value === '' ? undefined : (event.target.value as WorkflowRunState))
            }
          >
            <option value="">All</option>
            {RUN_STATES.map((value) => (
              <option key={value} value={value}>
                {runStateLabel(value)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {runs === undefined ? <p className="muted">Loading…</p> : null}
      {runs?.length === 0 ? <p className="muted">No runs{state ? ' in this state' : ' yet'}.</p> : null}
      {runs && runs.length > 0 ? (
        <RunsTable runs={runs} showWorkflow={workflowId === undefined} onOpenRun={onOpenRun} />
      ) : null}
    </section>
  );
}

function RunsTable({
  runs,
  showWorkflow,
  onOpenRun,
}: {
  readonly runs: readonly WorkflowRunSummary[];
  readonly showWorkflow: boolean;
  readonly onOpenRun: (runId: string) => void;
}) {
  return (
    <table className="table" aria-label="Workflow runs">
      <thead>
        <tr>
          <th scope="col">Started</th>
          {showWorkflow ? <th scope="col">Workflow</th> : null}
          <th scope="col">State</th>
          <th scope="col">Record</th>
          <th scope="col">Last change</th>
          <th scope="col">
            <span className="visually-hidden">Open</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {runs.map((run) => (
          <tr key={run.id}>
            <th scope="row">{formatWhen(run.startedAt)}</th>
            {showWorkflow ? (
              <td>
                {run.workflowName} <span className="muted">v{run.workflowVersion}</span>
              </td>
            ) : null}
            <td>
              <span className={`status-pill status-pill--${stateTone(run.state)}`}>{runStateLabel(run.state)}</span>
              {run.error ? <span className="wf-runs__error">{run.error.message}</span> : null}
            </td>
            <td>{run.record ? recordLabel(run.record) : <span className="muted">{triggeredLabel(run)}</span>}</td>
            <td>{formatWhen(run.updatedAt)}</td>
            <td>
              <button type="button" className="button button--small" onClick={() => onOpenRun(run.id)}>
                View<span className="visually-hidden"> the run started {formatWhen(run.startedAt)}</span>
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function triggeredLabel(run: WorkflowRunSummary): string {
  if (run.triggeredBy === 'manual') return 'Started by hand';
  if (run.triggeredBy === 'schedule') return 'On schedule';
  return 'Record event';
}
