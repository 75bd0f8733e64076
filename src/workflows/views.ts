import type { StoredWorkflow } from '../store/repositories/workflowDefinitions.js';
import type { StepLogRecord, WorkflowRunRecord } from '../store/repositories/workflowRuns.js';
import type { Workspace } from '../store/workspace.js';
import type { WorkflowDefinition } from './definition.js';

/** What the console shows of workflows and runs (the shapes of src/api/schemas/workflows.ts). */

/** How the Workflows page names a trigger. */
export function triggerLabel(definition: WorkflowDefinition, workspace: Workspace): string {
  const { trigger } = definition;
  if (trigger.kind === 'manual') return 'Started by hand';
  if (trigger.kind === 'schedule') return `Every ${trigger.everyMinutes} minutes`;
  const id = definition.connections[trigger.side];
  const system = (id === null ? undefined : workspace.connections.get(id)?.name) ?? `the ${trigger.side} side`;
  const what = `a ${trigger.entity} in ${system}`;
  if (trigger.event === 'created') return `When ${what} is created`;
  if (trigger.event === 'updated') return `When ${what} changes`;
  return `When ${what} has ${trigger.field} = ${String(trigger.value)}`;
}

export function workflowSummary(stored: StoredWorkflow, workspace: Workspace, triggerProblem: string | null) {
  const { definition } = stored;
  return {
    id: stored.id,
    name: stored.name,
    description: definition.description ?? null,
    latestVersion: workspace.workflowDefinitions.get(stored.id)?.version ?? stored.version,
    enabled: workspace.workflowDefinitions.state(stored.id).enabled,
    triggerLabel: triggerLabel(definition, workspace),
    connections: definition.connections,
    savedAt: stored.savedAt,
    savedBy: stored.savedBy,
    openRuns: workspace.workflowRuns.openCount(stored.id),
    triggerProblem,
  };
}

export function workflowView(stored: StoredWorkflow, workspace: Workspace, triggerProblem: string | null) {
  return {
    ...workflowSummary(stored, workspace, triggerProblem),
    version: stored.version,
    definition: stored.definition,
    versions: workspace.workflowDefinitions.versions(stored.id),
  };
}

export function runSummary(run: WorkflowRunRecord, workspace: Workspace) {
  return {
    id: run.id,
    workflowId: run.workflowId,
    workflowName: workspace.workflowDefinitions.get(run.workflowId, run.workflowVersion)?.name ?? run.workflowId,
    workflowVersion: run.workflowVersion,
    state: run.state,
    triggeredBy: run.triggeredBy,
    record: run.record,
    currentStepId: run.currentStepId,
    startedAt: run.startedAt,
    updatedAt: run.updatedAt,
    finishedAt: run.finishedAt,
    error: run.error,
  };
}

function stepLog(step: StepLogRecord) {
  return {
    stepId: step.stepId,
    kind: step.kind,
    label: step.label,
    attempt: step.attempt,
    state: step.state,
    input: step.input,
    output: step.output,
    error: step.error,
    startedAt: step.startedAt,
    finishedAt: step.finishedAt,
    decision: step.decision,
  };
}

export function runView(run: WorkflowRunRecord, workspace: Workspace) {
  const definition = workspace.workflowDefinitions.get(run.workflowId, run.workflowVersion)?.definition;
  const step = definition?.steps.find((candidate) => candidate.id === run.currentStepId);
  return {
    ...runSummary(run, workspace),
    steps: workspace.workflowRuns.steps(run.id).map(stepLog),
    pendingApproval:
      run.state === 'awaiting_approval' && step?.kind === 'approval'
        ? { stepId: step.id, question: step.question }
        : null,
  };
}
