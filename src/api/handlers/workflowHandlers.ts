import type { z } from 'zod';
import { CounterpartError } from '../../errors.js';
import type { Workspace } from '../../store/workspace.js';
import type { WorkflowEngine } from '../../workflows/workflowEngine.js';
import type {
  CopyWorkflowTemplateRequest,
  DecideWorkflowApprovalRequest,
  DefinitionRequest,
  DryRunRequest,
  GetWorkflowRequest,
  RetryWorkflowStepRequest,
  SetWorkflowEnabledRequest,
  StartWorkflowRunRequest,
  WorkflowRunId,
  WorkflowRunQuery,
} from '../schemas/workflows.js';
import { readSettings } from './settingsHandlers.js';

/** The console's workflow operations over one engine; who acts is the workspace's person, never the caller's input. */
export function workflowHandlers(engine: WorkflowEngine, workspace: Workspace) {
  const actor = () => readSettings(workspace).userName;
  return {
    listWorkflows: () => ({ workflows: engine.list() }),
    getWorkflow: ({ id, version }: z.output<typeof GetWorkflowRequest>) => engine.view(id, version),
    listWorkflowTemplates: () => ({ templates: engine.templates() }),
    listWorkflowRuns: (query: z.output<typeof WorkflowRunQuery>) => ({ runs: engine.listRuns(query) }),
    getWorkflowRun: ({ id }: z.output<typeof WorkflowRunId>) => engine.runView(id),
    validateWorkflow: ({ definition }: z.output<typeof DefinitionRequest>) => engine.validate(definition),
    saveWorkflow: ({ definition }: z.output<typeof DefinitionRequest>) => engine.save(definition, actor()),
    setWorkflowEnabled: ({ id, enabled }: z.output<typeof SetWorkflowEnabledRequest>) =>
      engine.setEnabled(id, enabled, actor()),
    copyWorkflowTemplate: (request: z.output<typeof CopyWorkflowTemplateRequest>) =>
      engine.copyTemplate(request, actor()),
    dryRunWorkflow: (request: z.output<typeof DryRunRequest>) => engine.dryRun(request),
    startWorkflowRun: ({ workflowId, record }: z.output<typeof StartWorkflowRunRequest>) =>
      engine.startManualRun(workflowId, record, actor()),
    decideWorkflowApproval: (request: z.output<typeof DecideWorkflowApprovalRequest>) => {
      const settings = readSettings(workspace);
      if (settings.role !== 'approver') {
        throw new CounterpartError(
          'workflows.not_an_approver',
          `${settings.userName} is a preparer: only an approver can decide the approval of workflow run ${request.runId}.`,
          { run: request.runId, step: request.stepId },
        );
      }
      return engine.decide(request, settings.userName);
    },
    retryWorkflowStep: ({ runId, stepId }: z.output<typeof RetryWorkflowStepRequest>) =>
      engine.retry(runId, stepId, actor()),
  };
}
