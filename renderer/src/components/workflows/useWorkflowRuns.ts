import { useCallback, useEffect, useState } from 'react';
import type { WorkflowRunState, WorkflowRunSummary } from '../../../../src/api/schemas/workflows';
import { useConsole } from '../../app/consoleContext';
import { useNotifications } from '../../app/notifications';

const RUNS_SHOWN = 100;

/**
 * Workflow runs, newest first, kept current by `workflowRunChanged`: a run that changes moves to the top with its new
 * state; a new run appears as soon as it starts. Read again when live updates come back after a drop.
 */
export function useWorkflowRuns(filter: {
  readonly workflowId?: string | undefined;
  readonly state?: WorkflowRunState | undefined;
}): {
  readonly runs: readonly WorkflowRunSummary[] | undefined;
  readonly reload: () => void;
} {
  const { client, liveState } = useConsole();
  const { reportError } = useNotifications();
  const [runs, setRuns] = useState<readonly WorkflowRunSummary[]>();
  const { workflowId, state } = filter;

  const reload = useCallback(() => {
    client
      .call('listWorkflowRuns', {
        limit: RUNS_SHOWN,
        ...(workflowId === undefined ? {} : { workflowId }),
        ...(state === undefined ? {} : { state }),
      })
      .then(
        (list) => setRuns(list.runs),
        (error: unknown) => reportError('Could not list the workflow runs', error),
      );
  }, [client, reportError, workflowId, state]);

  useEffect(() => {
    if (liveState === 'live') reload();
  }, [liveState, reload]);

  useEffect(
    () =>
      client.subscribe((event) => {
        if (event.name !== 'workflowRunChanged') return;
        const run = event.payload;
        const matches =
          (workflowId === undefined || run.workflowId === workflowId) && (state === undefined || run.state === state);
        setRuns((current) => {
          const others = (current ?? []).filter((candidate) => candidate.id !== run.id);
          return matches ? [run, ...others].slice(0, RUNS_SHOWN) : others;
        });
      }),
    [client, workflowId, state],
  );

  return { runs, reload };
}
