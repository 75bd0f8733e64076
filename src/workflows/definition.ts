import { z } from 'zod';
import { ENTITIES } from '../connectors/connector.js';

/**
 * A workflow definition: a trigger, then steps connected into a graph. Pure data (zod only), so the console API and
 * the renderer's designer share it; what needs the mapping engine or the workspace (unknown fields, flows, connections)
 * is checked by src/workflows/validation.ts.
 */

export const WORKFLOW_SCHEMA = 'counterpart.workflow/1';

const StepId = z
  .string('Name the step')
  .regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, 'Name a step with letters, digits, "-" and "_" (starting with a letter)');
const WorkflowId = z
  .string('Name the workflow id')
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'A workflow id is lower-case letters, digits and "-"');
const Text = (what: string) => z.string(`Enter ${what}`).trim().min(1, `Enter ${what}`);
/** A JSONata expression over the run's data: `trigger` (the record that started it) and `steps.<id>` (their outputs). */
const Expression = Text('an expression');
/** A field path of a canonical record, as mapping documents write them (`status`, `customFields.Amount_Due__c`). */
const FieldPath = Text('a field path');

export const WorkflowEntity = z.enum(ENTITIES, 'Choose an entity such as party, salesOrder, invoice or payment');
export type WorkflowEntity = z.infer<typeof WorkflowEntity>;

/** The two sides of a workflow, as in mapping documents: the accounting system and the ERP or CRM. */
export const WorkflowSide = z.enum(['accounting', 'erp'], 'Choose the accounting or the ERP/CRM side');
export type WorkflowSide = z.infer<typeof WorkflowSide>;

const FieldValue = z.union([z.string(), z.number(), z.boolean()]);

export const RecordTrigger = z
  .object({
    kind: z.literal('record'),
    side: WorkflowSide,
    entity: WorkflowEntity,
    /** created: a record new since the workflow was enabled; updated: any new version; fieldReached: `field` = `value`. */
    event: z.enum(['created', 'updated', 'fieldReached'], 'Choose created, updated or a field reaching a value'),
    field: FieldPath.optional(),
    value: FieldValue.optional(),
    /** Further condition on the record, e.g. `totals.gross.amountMinor > 0`. */
    condition: Expression.optional(),
  })
  .strict();

export const ScheduleTrigger = z
  .object({ kind: z.literal('schedule'), everyMinutes: z.number().int().min(1).max(10_080) })
  .strict();

export const ManualTrigger = z.object({ kind: z.literal('manual') }).strict();

export const WorkflowTrigger = z.discriminatedUnion('kind', [RecordTrigger, ScheduleTrigger, ManualTrigger], {
  error: 'Choose a record event, a schedule or a manual trigger',
});
export type WorkflowTrigger = z.infer<typeof WorkflowTrigger>;

/** A record in one side's system, named by an expression giving its id (e.g. `trigger.party.ref.id`). */
const RecordPointer = z.object({ side: WorkflowSide, entity: WorkflowEntity, id: Expression }).strict();

const StepBase = {
  id: StepId,
  label: z.string().trim().max(120).optional(),
  /** The step that follows; null ends the run. */
  next: StepId.nullable().default(null),
  /** Where the designer draws it; the engine ignores it. */
  position: z.object({ x: z.number(), y: z.number() }).strict().optional(),
};

/** Reads one record of a side: by id, or the first whose field equals a value. Output: the record, or null. */
export const FindStep = z
  .object({
    ...StepBase,
    kind: z.literal('find'),
    side: WorkflowSide,
    entity: WorkflowEntity,
    by: z.object({ field: FieldPath, value: Expression }).strict(),
    /** Fail the run (instead of continuing with null) when nothing matches. */
    required: z.boolean().default(false),
  })
  .strict();

/**
 * The counterpart of a source record on the other side: through the cross-references first, then by the mapping
 * flow's business key, else created through the flow. Output: the counterpart's reference and how it was found.
 */
export const FindOrCreateStep = z
  .object({ ...StepBase, kind: z.literal('findOrCreate'), flow: Text('a mapping flow'), source: RecordPointer })
  .strict();

/** Maps a record through a mapping flow and creates the result on the flow's target side. */
export const CreateStep = z
  .object({
    ...StepBase,
    kind: z.literal('create'),
    flow: Text('a mapping flow'),
    /** The record mapped: `trigger` or the id of an earlier step whose output is a record. */
    input: Text('the record to map').default('trigger'),
  })
  .strict();

/** Maps a record through a flow and updates an existing record on the target side (named by `target`, an expression). */
export const UpdateStep = z
  .object({
    ...StepBase,
    kind: z.literal('update'),
    flow: Text('a mapping flow'),
    input: Text('the record to map').default('trigger'),
    target: Expression,
  })
  .strict();

/** An update of the record that triggered the run, in its own system (invoice number back to the Opportunity). */
export const WriteBackStep = z
  .object({
    ...StepBase,
    kind: z.literal('writeBack'),
    flow: Text('a mapping flow'),
    input: Text('the record to map'),
  })
  .strict();

/** Goes to `next` when the expression holds, else to `otherwise` (null ends the run). */
export const ConditionStep = z
  .object({
    ...StepBase,
    kind: z.literal('condition'),
    condition: Expression,
    otherwise: StepId.nullable().default(null),
  })
  .strict();

/** Pauses the run, re-reading a record every `pollMinutes`, until the condition over `record` holds. Output: the record. */
export const WaitUntilStep = z
  .object({
    ...StepBase,
    kind: z.literal('waitUntil'),
    record: RecordPointer,
    condition: Expression,
    pollMinutes: z.number().min(0).max(1440).default(5),
    /** Give up (fail the step) after this many days. */
    timeoutDays: z.number().int().min(1).max(366).default(60),
  })
  .strict();

/** Pauses the run until an approver approves (the run goes on) or rejects (the run ends as rejected). */
export const ApprovalStep = z
  .object({
    ...StepBase,
    kind: z.literal('approval'),
    /** What the approver is asked, e.g. "Invoice {{trigger.customerReference}} to KashFlow?" (plain text). */
    question: Text('the question put to the approver'),
  })
  .strict();

export const WorkflowStep = z.discriminatedUnion(
  'kind',
  [FindStep, FindOrCreateStep, CreateStep, UpdateStep, WriteBackStep, ConditionStep, WaitUntilStep, ApprovalStep],
  { error: 'Choose a step kind: find, findOrCreate, create, update, writeBack, condition, waitUntil or approval' },
);
export type WorkflowStep = z.infer<typeof WorkflowStep>;
export type WorkflowStepKind = WorkflowStep['kind'];
export const WRITE_STEP_KINDS = ['findOrCreate', 'create', 'update', 'writeBack'] as const;

/** Which writes need an approval on every path before them. */
export const ApprovalPolicy = z
  .object({
    steps: z.array(z.enum(WRITE_STEP_KINDS)).default([]),
  })
  .strict();

export const WorkflowDefinition = z
  .object({
    schema: z.literal(WORKFLOW_SCHEMA).default(WORKFLOW_SCHEMA),
    id: WorkflowId,
    name: Text('a name').pipe(z.string().max(120, 'Keep the name to 120 characters or fewer')),
    description: z.string().max(2000).optional(),
    /** The connection playing each side; null in a template until it is copied into a workspace. */
    connections: z.object({ accounting: z.string().min(1).nullable(), erp: z.string().min(1).nullable() }).strict(),
    /** The mapping document whose flows the steps use: a saved document or a shipped template; latest when no version. */
    mapping: z.object({ id: Text('a mapping'), version: z.number().int().positive().optional() }).strict(),
    trigger: WorkflowTrigger,
    /** The first step; every other step must be reachable from it. */
    start: StepId,
    steps: z.array(WorkflowStep).min(1, 'Add at least one step').max(100),
    approvalPolicy: ApprovalPolicy.optional(),
  })
  .strict();
export type WorkflowDefinition = z.output<typeof WorkflowDefinition>;
export type WorkflowDefinitionInput = z.input<typeof WorkflowDefinition>;
