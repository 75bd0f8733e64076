import type { Entity } from '../connectors/connector.js';
import { CounterpartError } from '../errors.js';
import type { CompiledFlow, CompiledMapping, MappingContext, PairSide } from '../mapping/compiledMapping.js';
import type { RecordRef, SystemName } from '../model/index.js';
import type { Connection } from '../store/repositories/connections.js';
import type { RunError, RunLink } from '../store/repositories/workflowRuns.js';
import type { WorkflowDefinition, WorkflowStep } from './definition.js';
import { evaluate, evaluateId, holds, type RunData } from './expressions.js';
import { type AnyRecord, refOf, type WorkflowConnections } from './workflowConnections.js';

export interface WriteIntent {
  readonly connection: Connection;
  readonly entity: Entity;
  readonly operation: 'create' | 'update';
  readonly target?: RecordRef | undefined;
  readonly record: unknown;
  readonly key: string;
  readonly reason: string;
}

/** written: it took effect; refused: the system refused it for good (a dead letter); pending: it will be retried. */
export type WriteResult =
  | { readonly state: 'written'; readonly ref: RecordRef }
  | { readonly state: 'refused'; readonly deadLetterId: string; readonly message: string }
  | { readonly state: 'pending'; readonly message: string };

/** Sends a step's write: through the sync engine's outbox for a run, nowhere for a dry run. */
export interface RecordWriter {
  readonly dryRun: boolean;
  write(intent: WriteIntent): Promise<WriteResult>;
  /** A dry run's record that "was written" under a placeholder id, so later steps can read it as a run would. */
  planned?(id: string): AnyRecord | undefined;
}

/** Everything a step needs: the run's data so far, its mapping and connections, and where writes go. */
export interface StepContext {
  readonly definition: WorkflowDefinition;
  readonly runId: string;
  readonly data: RunData;
  readonly triggerRef: RecordRef | null;
  readonly links: readonly RunLink[];
  readonly mapping: CompiledMapping;
  readonly systems: Readonly<Record<PairSide, SystemName>>;
  readonly connections: WorkflowConnections;
  /** The counterpart of a record through the sync pair's cross-references, when the two connections are paired. */
  readonly crossReference: (entity: Entity, source: RecordRef) => RecordRef | undefined;
  readonly writer: RecordWriter;
  /** The idempotency key of this attempt's write. */
  readonly writeKey: string;
  readonly attemptStartedAt: string;
  readonly now: () => Date;
}

export type StepResult =
  | {
      readonly kind: 'done';
      readonly output: unknown;
      readonly next: string | null;
      readonly summary: string;
      readonly link?: RunLink | undefined;
    }
  | { readonly kind: 'wait'; readonly wakeAt: string; readonly summary: string; readonly output?: unknown }
  | { readonly kind: 'approval'; readonly summary: string }
  | { readonly kind: 'failed'; readonly error: RunError; readonly summary: string; readonly output?: unknown };

type Step<K extends WorkflowStep['kind']> = Extract<WorkflowStep, { kind: K }>;

const where = (step: WorkflowStep, field: string) => ({ step: step.id, field });

export function executeStep(step: WorkflowStep, context: StepContext): Promise<StepResult> {
  switch (step.kind) {
    case 'find':
      return find(step, context);
    case 'findOrCreate':
      return findOrCreate(step, context);
    case 'create':
      return create(step, context);
    case 'update':
      return update(step, context);
    case 'writeBack':
      return writeBack(step, context);
    case 'condition':
      return condition(step, context);
    case 'waitUntil':
      return waitUntil(step, context);
    case 'approval':
      return Promise.resolve({ kind: 'approval', summary: `Pauses for approval: ${step.question}` });
  }
}

async function find(step: Step<'find'>, context: StepContext): Promise<StepResult> {
  const value = await evaluate(step.by.value, context.data, where(step, 'by.value'));
  const connection = context.connections.connection(context.definition, step.side);
  const found =
    context.writer.planned?.(String(value)) ??
    (await context.connections.byField(connection, step.entity, step.by.field, value));
  const described = `a ${connection.system} ${step.entity} whose ${step.by.field} is ${JSON.stringify(value)}`;
  if (found === undefined && step.required) {
    return failed('workflows.not_found', `Step "${step.id}" found no ${described.slice(2)}.`);
  }
  return {
    kind: 'done',
    output: found ?? null,
    next: step.next,
    summary: found === undefined ? `Finds no ${described.slice(2)}` : `Finds ${described}: ${label(refOf(found))}`,
  };
}

async function findOrCreate(step: Step<'findOrCreate'>, context: StepContext): Promise<StepResult> {
  const flow = requireFlow(context, step.flow, step.id);
  const id = await evaluateId(step.source.id, context.data, where(step, 'source.id'));
  const sourceConnection = context.connections.connection(context.definition, step.source.side);
  const source = await context.connections.byId(sourceConnection, step.source.entity, id);
  if (source === undefined) {
    return failed(
      'workflows.not_found',
      `Step "${step.id}" found no ${sourceConnection.system} ${step.source.entity} ${id}.`,
    );
  }
  const sourceRef = refOf(source) ?? { system: sourceConnection.system, id };
  const linked = linkedCounterpart(context, step.source.entity, sourceRef);
  const link = (ref: RecordRef): RunLink => ({ entity: step.source.entity, source: sourceRef, target: ref });
  if (linked) {
    return {
      kind: 'done',
      output: { ref: linked, found: 'crossReference' },
      next: step.next,
      link: link(linked),
      summary: `Finds ${label(linked)}, linked to ${label(sourceRef)}`,
    };
  }
  const key = flow.sourceKey(source as never);
  const targetConnection = context.connections.connection(context.definition, flow.to.side);
  if (key !== undefined) {
    const match = await context.connections.find(
      targetConnection,
      flow.to.entity,
      (record) => flow.targetKey(record as never) === key,
    );
    const ref = refOf(match);
    if (ref) {
      return {
        kind: 'done',
        output: { ref, found: 'businessKey', key },
        next: step.next,
        link: link(ref),
        summary: `Finds ${label(ref)} by ${key}`,
      };
    }
  }
  const created = await mapAndWrite(step.id, flow, source, context, { operation: 'create' });
  const ref = created.kind === 'done' ? (created.output as { ref?: RecordRef }).ref : undefined;
  // A flow that skips the record (its condition fails) creates nothing: the step says so and links nothing.
  if (created.kind !== 'done' || ref === undefined) return created;
  return { ...created, output: { ...(created.output as object), found: 'created' }, link: link(ref) };
}

async function create(step: Step<'create'>, context: StepContext): Promise<StepResult> {
  const flow = requireFlow(context, step.flow, step.id);
  const input = inputRecord(step.id, step.input, context);
  const result = await mapAndWrite(step.id, flow, input, context, { operation: 'create' });
  const sourceRef = refOf(input);
  if (result.kind !== 'done' || sourceRef === undefined || context.writer.dryRun) return result;
  const ref = (result.output as { ref?: RecordRef }).ref;
  if (!ref) return result;
  return {
    ...result,
    link: { entity: flow.from.entity, source: sourceRef, target: ref, targetEntity: flow.to.entity },
  };
}

async function update(step: Step<'update'>, context: StepContext): Promise<StepResult> {
  const flow = requireFlow(context, step.flow, step.id);
  const input = inputRecord(step.id, step.input, context);
  const target = await evaluate(step.target, context.data, where(step, 'target'));
  const targetRef = asRef(target, context.systems[flow.to.side]);
  if (!targetRef) {
    return failed(
      'workflows.no_target',
      `Step "${step.id}" names no record to update: ${step.target} gave ${JSON.stringify(target)}.`,
    );
  }
  return mapAndWrite(step.id, flow, input, context, { operation: 'update', target: targetRef });
}

async function writeBack(step: Step<'writeBack'>, context: StepContext): Promise<StepResult> {
  const flow = requireFlow(context, step.flow, step.id);
  const input = inputRecord(step.id, step.input, context);
  if (context.triggerRef === null) {
    return failed(
      'workflows.no_target',
      `Step "${step.id}" writes back to the record that started the run, and this run has none.`,
    );
  }
  return mapAndWrite(step.id, flow, input, context, { operation: 'update', target: context.triggerRef });
}

async function condition(step: Step<'condition'>, context: StepContext): Promise<StepResult> {
  const result = await holds(step.condition, context.data, where(step, 'condition'));
  return {
    kind: 'done',
    output: { holds: result },
    next: result ? step.next : step.otherwise,
    summary: `${step.condition} ${result ? 'holds' : 'does not hold'}`,
  };
}

async function waitUntil(step: Step<'waitUntil'>, context: StepContext): Promise<StepResult> {
  const id = await evaluateId(step.record.id, context.data, where(step, 'record.id'));
  const connection = context.connections.connection(context.definition, step.record.side);
  const record = context.writer.planned?.(id) ?? (await context.connections.byId(connection, step.record.entity, id));
  const what = `${connection.system} ${step.record.entity} ${id}`;
  if (record !== undefined && (await holds(step.condition, { ...context.data, record }, where(step, 'condition')))) {
    return { kind: 'done', output: record, next: step.next, summary: `${what}: ${step.condition} holds` };
  }
  const now = context.now().getTime();
  if (now - Date.parse(context.attemptStartedAt) > step.timeoutDays * 86_400_000) {
    return failed(
      'workflows.wait_timed_out',
      `Step "${step.id}" waited ${step.timeoutDays} days for ${what} to meet ${step.condition}, and it never did.`,
    );
  }
  return {
    kind: 'wait',
    wakeAt: new Date(now + step.pollMinutes * 60_000).toISOString(),
    output: record ?? null,
    summary: record === undefined ? `Waits for ${what} to exist` : `Waits until ${what} meets ${step.condition}`,
  };
}

/** Maps a record through a flow and writes the result, reporting a skip, a mapping failure or a refusal as such. */
async function mapAndWrite(
  stepId: string,
  flow: CompiledFlow,
  input: AnyRecord,
  context: StepContext,
  write: { operation: 'create' | 'update'; target?: RecordRef },
): Promise<StepResult> {
  const outcome = await flow.map(input as never, mappingContext(context));
  if (outcome.kind === 'skipped') {
    return {
      kind: 'done',
      output: { skipped: outcome.reason },
      next: nextOf(context, stepId),
      summary: `Writes nothing: ${outcome.reason}`,
    };
  }
  if (outcome.kind === 'failed') return failed(outcome.failure.code, outcome.failure.message);
  const connection = context.connections.connection(context.definition, flow.to.side);
  const described = `${write.operation === 'create' ? 'create' : `update ${label(write.target)} as`} a ${connection.system} ${flow.to.entity} through flow "${flow.id}"`;
  const result = await context.writer.write({
    connection,
    entity: flow.to.entity,
    operation: write.operation,
    target: write.target,
    record: outcome.record,
    key: context.writeKey,
    reason: `workflow "${context.definition.name}" run ${context.runId}, step "${stepId}"`,
  });
  if (result.state === 'refused') {
    return {
      ...failed('workflows.write_refused', `Step "${stepId}" could not ${described}: ${result.message}`),
      output: { deadLetterId: result.deadLetterId, record: outcome.record },
    };
  }
  if (result.state === 'pending') {
    return {
      kind: 'wait',
      wakeAt: new Date(context.now().getTime() + 60_000).toISOString(),
      summary: `Waits for the write to ${connection.system}: ${result.message}`,
    };
  }
  return {
    kind: 'done',
    output: { ref: result.ref, record: outcome.record },
    next: nextOf(context, stepId),
    summary: `${context.writer.dryRun ? 'Would' : 'Did'} ${described}${context.writer.dryRun ? '' : `: ${label(result.ref)}`}`,
  };
}

function mappingContext(context: StepContext): MappingContext {
  return {
    systems: context.systems,
    counterpartOf: (entity, source) => linkedCounterpart(context, entity, source),
    today: context.now().toISOString().slice(0, 10),
  };
}

/**
 * A counterpart found or created by this run first (either way round: the Xero invoice created from an X3 order is
 * also what a Xero payment's allocation points back to), then the sync pair's cross-reference.
 */
function linkedCounterpart(context: StepContext, entity: Entity, source: RecordRef): RecordRef | undefined {
  const same = (ref: RecordRef) => ref.system === source.system && ref.id === source.id;
  for (const link of context.links) {
    if (link.entity !== entity || (link.targetEntity ?? link.entity) !== entity) continue;
    if (same(link.source)) return link.target;
    if (same(link.target)) return link.source;
  }
  return context.crossReference(entity, source);
}

function requireFlow(context: StepContext, id: string, stepId: string): CompiledFlow {
  const flow = context.mapping.flow(id);
  if (!flow) {
    throw new CounterpartError(
      'workflows.unknown_flow',
      `Step "${stepId}" uses flow "${id}", which mapping "${context.mapping.id}" does not have.`,
      { step: stepId, flow: id },
    );
  }
  return flow;
}

function nextOf(context: StepContext, stepId: string): string | null {
  return context.definition.steps.find((step) => step.id === stepId)?.next ?? null;
}

function inputRecord(stepId: string, input: string, context: StepContext): AnyRecord {
  const value = input === 'trigger' ? context.data.trigger : recordIn(context.data.steps[input]);
  if (typeof value !== 'object' || value === null) {
    throw new CounterpartError(
      'workflows.no_input',
      `Step "${stepId}" maps the record of "${input}", and there is none.`,
      { step: stepId, input },
    );
  }
  return value as AnyRecord;
}

/** A step's output is a record (find, waitUntil) or holds one (create: the mapped record). */
function recordIn(output: unknown): unknown {
  const held = (output as { record?: unknown } | null)?.record;
  return held !== undefined && (output as { ref?: unknown }).ref !== undefined ? held : output;
}

function asRef(value: unknown, system: SystemName): RecordRef | undefined {
  if (typeof value === 'string' && value.length > 0) return { system, id: value };
  const ref = (value as { ref?: RecordRef; id?: unknown } | null)?.ref ?? (value as RecordRef | null);
  return ref && typeof ref.id === 'string' ? { system: ref.system ?? system, id: ref.id } : undefined;
}

function failed(code: string, message: string): Extract<StepResult, { kind: 'failed' }> {
  return { kind: 'failed', error: { code, message }, summary: message };
}

function label(ref: RecordRef | undefined): string {
  return ref === undefined ? 'a record' : `${ref.system} ${ref.number ?? ref.id}`;
}
