import { useCallback, useEffect, useState } from 'react';
import type { WorkflowSummary, WorkflowTemplate } from '../../../../src/api/schemas/workflows';
import { useConsole } from '../../app/consoleContext';
import { useNotifications } from '../../app/notifications';
import { formatWhen } from './workflowFormat';

export interface WorkflowCatalogue {
  readonly workflows: readonly WorkflowSummary[] | undefined;
  readonly templates: readonly WorkflowTemplate[];
  readonly reload: () => void;
}

/** The workspace's workflows and the shipped templates; open-run counts follow the runs as they change. */
export function useWorkflowCatalogue(): WorkflowCatalogue {
  const { client } = useConsole();
  const { reportError } = useNotifications();
  const [workflows, setWorkflows] = useState<readonly WorkflowSummary[]>();
  const [templates, setTemplates] = useState<readonly WorkflowTemplate[]>([]);

  const reload = useCallback(() => {
    Promise.all([client.call('listWorkflows', {}), client.call('listWorkflowTemplates', {})]).then(
      ([list, shipped]) => {
        setWorkflows(list.workflows);
        setTemplates(shipped.templates);
      },
      (error: unknown) => reportError('Could not list the workflows', error),
    );
  }, [client, reportError]);

  useEffect(() => {
    reload();
    return client.subscribe((event) => {
      if (event.name === 'workflowRunChanged') reload();
    });
  }, [client, reload]);

  return { workflows, templates, reload };
}

/** The workspace's workflows: what starts each, its version, whether it is enabled and how many runs are open. */
export function WorkflowList({
  workflows,
  onOpen,
  onChanged,
}: {
  readonly workflows: readonly WorkflowSummary[];
  readonly onOpen: (id: string) => void;
  readonly onChanged: () => void;
}) {
  return (
    <section className="panel" aria-labelledby="wf-list-title">
      <h2 id="wf-list-title">Your workflows</h2>
      {workflows.length === 0 ? (
        <p className="muted">No workflows yet: start a new one, or copy a built-in template below and edit it.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Workflow</th>
              <th scope="col">Starts</th>
              <th scope="col">Version</th>
              <th scope="col">State</th>
              <th scope="col">Open runs</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {workflows.map((workflow) => (
              <WorkflowRow key={workflow.id} workflow={workflow} onOpen={onOpen} onChanged={onChanged} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function WorkflowRow({
  workflow,
  onOpen,
  onChanged,
}: {
  readonly workflow: WorkflowSummary;
  readonly onOpen: (id: string) => void;
  readonly onChanged: () => void;
}) {
  const { client } = useConsole();
  const { notify, reportError } = useNotifications();
  const [busy, setBusy] = useState(false);

  async function toggle(): Promise<void> {
    setBusy(true);
    try {
      const summary = await client.call('setWorkflowEnabled', { id: workflow.id, enabled: !workflow.enabled });
      notify('success', summary.enabled ? 'Workflow enabled' : 'Workflow disabled', summary.name);
      onChanged();
    } catch (error) {
      reportError(`Could not ${workflow.enabled ? 'disable' : 'enable'} ${workflow.name}`, error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <tr>
      <th scope="row">
        <a
          href={`#/workflows?id=${encodeURIComponent(workflow.id)}`}
          onClick={(event) => {
            event.preventDefault();
            onOpen(workflow.id);
          }}
        >
          {workflow.name}
        </a>
        {workflow.description ? <span className="wf-list__detail">{workflow.description}</span> : null}
      </th>
      <td>{workflow.triggerLabel}</td>
      <td>
        v{workflow.latestVersion}
        <span className="wf-list__detail">
          {formatWhen(workflow.savedAt)}, {workflow.savedBy}
        </span>
      </td>
      <td>
        <span className={`status-pill ${workflow.enabled ? 'status-pill--on' : 'status-pill--off'}`}>
          {workflow.enabled ? 'Enabled' : 'Disabled'}
        </span>
      </td>
      <td>{workflow.openRuns}</td>
      <td>
        <button
          type="button"
          className="button button--small"
          disabled={busy}
          onClick={() => void toggle()}
          aria-label={`${workflow.enabled ? 'Disable' : 'Enable'} ${workflow.name}`}
        >
          {workflow.enabled ? 'Disable' : 'Enable'}
        </button>
      </td>
    </tr>
  );
}
