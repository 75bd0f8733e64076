import { z } from 'zod';
import { RecordRef } from '../../model/recordRef.js';
import { WorkflowDefinition, WorkflowEntity, WorkflowSide } from '../../workflows/definition.js';
import { command, query } from '../operation.js';

/** The console API's view of workflows (src/workflows/): what the designer, the runs view and Approvals show. */

const Timestamp = z.iso.datetime({ offset: true });
const Id = (what: string) => z.string(`Choose ${what}`).trim().min(1, `Choose ${what}`);

export { WorkflowDefinition };

/** One problem of a definition, placed on the step (null: the workflow itself or its trigger) and field it concerns. */
export const WorkflowProblem = z.object({
  stepId: z.string().nullable(),
  /** The field inside the step or the definition, e.g. `flow`, `next`, `trigger.field`. */
  field: z.string(),
  message: z.string(),
});
export type WorkflowProblem = z.infer<typeof WorkflowProblem>;

export const WorkflowValidation = z.object({ valid: z.boolean(), problems: z.array(WorkflowProblem) });
export type WorkflowValidation = z.infer<typeof WorkflowValidation>;

export const WorkflowVersionSummary = z.object({
  version: z.number().int().positive(),
  savedAt: Timestamp,
  savedBy: z.string(),
});

export const WorkflowSummary = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  latestVersion: z.number().int().positive(),
  enabled: z.boolean(),
  /** e.g. "When a Salesforce sales order's status becomes open", "Every 60 minutes", "Started by hand". */
  triggerLabel: z.string(),
  connections: z.object({ accounting: z.string().nullable(), erp: z.string().nullable() }),
  savedAt: Timestamp,
  savedBy: z.string(),
  /** Runs of this workflow not yet finished (running, waiting or awaiting approval). */
  openRuns: z.number().int().nonnegative(),
  /** Why the trigger could not be checked the last time it was polled (a connection that refused); null when fine. */
  triggerProblem: z.string().nullable(),
});
export type WorkflowSummary = z.infer<typeof WorkflowSummary>;

export const WorkflowView = WorkflowSummary.extend({
  version: z.number().int().positive(),
  definition: WorkflowDefinition,
  versions: z.array(WorkflowVersionSummary),
});
export type WorkflowView = z.infer<typeof WorkflowView>;

export const WorkflowTemplate = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  systems: z.object({ accounting: z.string(), erp: z.string() }),
  definition: WorkflowDefinition,
});
export type WorkflowTemplate = z.infer<typeof WorkflowTemplate>;

export const WorkflowRunState = z.enum([
  'running',
  'waiting',
  'awaiting_approval',
  'failed',
  'succeeded',
  'rejected',
  'cancelled',
]);
export type WorkflowRunState = z.infer<typeof WorkflowRunState>;

export const WorkflowStepState = z.enum(['running', 'succeeded', 'failed', 'waiting', 'awaiting_approval', 'rejected']);
export type WorkflowStepState = z.infer<typeof WorkflowStepState>;

export const WorkflowError = z.object({ code: z.string(), message: z.string() });
export type WorkflowError = z.infer<typeof WorkflowError>;

export const WorkflowRunSummary = z.object({
  id: z.string(),
  workflowId: z.string(),
  workflowName: z.string(),
  workflowVersion: z.number().int().positive(),
  state: WorkflowRunState,
  triggeredBy: z.enum(['record', 'schedule', 'manual']),
  /** The record whose event started the run; null for a schedule or a manual start without one. */
  record: RecordRef.nullable(),
  currentStepId: z.string().nullable(),
  startedAt: Timestamp,
  updatedAt: Timestamp,
  finishedAt: Timestamp.nullable(),
  error: WorkflowError.nullable(),
});
export type WorkflowRunSummary = z.infer<typeof WorkflowRunSummary>;

export const ApprovalDecision = z.object({
  approved: z.boolean(),
  decidedBy: z.string(),
  comment: z.string(),
  decidedAt: Timestamp,
});

export const WorkflowStepLog = z.object({
  stepId: z.string(),
  kind: z.string(),
  label: z.string().nullable(),
  attempt: z.number().int().positive(),
  state: WorkflowStepState,
  input: z.unknown(),
  output: z.unknown(),
  error: WorkflowError.nullable(),
  startedAt: Timestamp,
  finishedAt: Timestamp.nullable(),
  decision: ApprovalDecision.nullable(),
});
export type WorkflowStepLog = z.infer<typeof WorkflowStepLog>;

export const WorkflowRunView = WorkflowRunSummary.extend({
  steps: z.array(WorkflowStepLog),
  /** The approval the run waits for, when it does. */
  pendingApproval: z.object({ stepId: z.string(), question: z.string() }).nullable(),
});
export type WorkflowRunView = z.infer<typeof WorkflowRunView>;

/** A sample record for a dry run: a connection's record of an entity, by its id in that system. */
export const SampleRecord = z
  .object({ connectionId: Id('a connection'), entity: WorkflowEntity, id: Id('a record') })
  .strict();

export const DryRunStep = z.object({
  stepId: z.string(),
  kind: z.string(),
  /** One sentence: what the step would do ("Would create a kashflow invoice …", "Would pause for approval"). */
  outcome: z.string(),
  input: z.unknown(),
  output: z.unknown(),
  error: WorkflowError.nullable(),
});

export const DryRunReport = z.object({
  sample: RecordRef.nullable(),
  /** completed: reached the end; stopped: paused (approval, wait) or ended by a condition; failed: a step failed. */
  outcome: z.enum(['completed', 'stopped', 'failed']),
  steps: z.array(DryRunStep),
});
export type DryRunReport = z.infer<typeof DryRunReport>;

const DefinitionInput = z.unknown().refine((value) => value !== undefined, 'Give the workflow definition');

export const GetWorkflowRequest = z
  .object({ id: Id('a workflow'), version: z.number().int().positive().optional() })
  .strict();
export const WorkflowRunQuery = z
  .object({
    workflowId: z.string().min(1).optional(),
    state: WorkflowRunState.optional(),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .strict();
export const DefinitionRequest = z.object({ definition: DefinitionInput }).strict();
export const SetWorkflowEnabledRequest = z.object({ id: Id('a workflow'), enabled: z.boolean() }).strict();
export const CopyWorkflowTemplateRequest = z
  .object({
    templateId: Id('a template'),
    /** The new workflow's id; the template's id when absent (a number is added if it is taken). */
    id: z.string().trim().min(1).optional(),
    name: z.string().trim().min(1).max(120).optional(),
    connections: z
      .object({ accounting: Id('the accounting connection'), erp: Id('the ERP or CRM connection') })
      .strict(),
  })
  .strict();
export const DryRunRequest = z
  .object({
    /** An unsaved definition from the designer, or a saved workflow by id (latest version unless given). */
    definition: DefinitionInput.optional(),
    id: z.string().trim().min(1).optional(),
    version: z.number().int().positive().optional(),
    /** The record to try; the first record matching the trigger when absent. */
    sample: SampleRecord.optional(),
  })
  .strict()
  .refine((request) => (request.definition === undefined) !== (request.id === undefined), {
    message: 'Give either a definition or a workflow id',
    path: ['definition'],
  });
export const StartWorkflowRunRequest = z
  .object({
    workflowId: Id('a workflow'),
    /** The record the run is about, on a side of the workflow; none for a workflow that needs no record. */
    record: z
      .object({ side: WorkflowSide, entity: WorkflowEntity, id: Id('a record') })
      .strict()
      .optional(),
  })
  .strict();
export const WorkflowRunId = z.object({ id: Id('a workflow run') }).strict();
export const DecideWorkflowApprovalRequest = z
  .object({
    runId: Id('a workflow run'),
    stepId: Id('the approval step'),
    approve: z.boolean('Approve or reject'),
    comment: z.string('Add a comment').trim().max(2000, 'Keep the comment to 2,000 characters or fewer').default(''),
  })
  .strict();
export const RetryWorkflowStepRequest = z
  .object({ runId: Id('a workflow run'), stepId: Id('the failed step') })
  .strict();

const NoInput = z.object({}).strict();

/** The workflow operations of the console API, spread into `operations` (src/api/contract.ts). */
export const workflowOperations = {
  listWorkflows: query(
    'The workspace’s workflows with their trigger and open runs.',
    NoInput,
    z.object({ workflows: z.array(WorkflowSummary) }),
  ),
  getWorkflow: query('A workflow’s definition (latest version unless one is given).', GetWorkflowRequest, WorkflowView),
  listWorkflowTemplates: query(
    'The workflows shipped with Counterpart, to copy and edit.',
    NoInput,
    z.object({ templates: z.array(WorkflowTemplate) }),
  ),
  listWorkflowRuns: query(
    'Workflow runs, newest first, of one workflow or in one state when given.',
    WorkflowRunQuery,
    z.object({ runs: z.array(WorkflowRunSummary) }),
  ),
  getWorkflowRun: query(
    'One run with its step log: inputs, outputs, errors and decisions.',
    WorkflowRunId,
    WorkflowRunView,
  ),
  validateWorkflow: query(
    'Check a definition: structure, connected steps, known flows and fields, required approvals.',
    DefinitionRequest,
    WorkflowValidation,
  ),
  saveWorkflow: command(
    'Save a definition as the workflow’s next version; refused with each problem named by step and field.',
    DefinitionRequest,
    WorkflowView,
  ),
  setWorkflowEnabled: command(
    'Enable a workflow (its trigger starts runs) or disable it (runs already started go on).',
    SetWorkflowEnabledRequest,
    WorkflowSummary,
  ),
  copyWorkflowTemplate: command(
    'Copy a shipped workflow into the workspace for two connections, disabled until enabled.',
    CopyWorkflowTemplateRequest,
    WorkflowView,
  ),
  dryRunWorkflow: command(
    'Run a definition against a sample record and report what each step would do, writing nothing.',
    DryRunRequest,
    DryRunReport,
  ),
  startWorkflowRun: command('Start a run of a workflow by hand.', StartWorkflowRunRequest, WorkflowRunSummary),
  decideWorkflowApproval: command(
    'Approve or reject the approval a run waits for (approvers only); the decision is audited.',
    DecideWorkflowApprovalRequest,
    WorkflowRunView,
  ),
  retryWorkflowStep: command(
    'Run a failed step again, once its cause is fixed, without repeating the steps before it.',
    RetryWorkflowStepRequest,
    WorkflowRunView,
  ),
} as const;

/** The workflow events, spread into `events` (src/api/contract.ts). */
export const workflowEvents = {
  workflowRunChanged: WorkflowRunSummary,
} as const;
