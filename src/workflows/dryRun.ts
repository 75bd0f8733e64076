import type { Entity } from '../connectors/connector.js';
import { CounterpartError } from '../errors.js';
import { readPath } from '../mapping/paths.js';
import type { RecordRef } from '../model/index.js';
import type { RunError, RunLink } from '../store/repositories/workflowRuns.js';
import type { Workspace } from '../store/workspace.js';
import type { WorkflowDefinition } from './definition.js';
import { holds } from './expressions.js';
import { errorOf, type PreparedWorkflow } from './runner.js';
import { executeStep, type RecordWriter, type StepResult } from './steps.js';
import { type AnyRecord, refOf, type WorkflowConnections } from './workflowConnections.js';

export interface DryRunSample {
  readonly connectionId: string;
  readonly entity: Entity;
  readonly id: string;
}

export interface DryRunStepReport {
  readonly stepId: string;
  readonly kind: string;
  readonly outcome: string;
  readonly input: unknown;
  readonly output: unknown;
  readonly error: RunError | null;
}

export interface DryRunReport {
  readonly sample: RecordRef | null;
  readonly outcome: 'completed' | 'stopped' | 'failed';
  readonly steps: DryRunStepReport[];
}

/**
 * Writes nothing: every write "succeeds" with a placeholder reference, and the record it would have written is kept
 * under it, so the steps after it (reading the new invoice back, waiting for its payment) can be shown too.
 */
function dryWriter(): RecordWriter {
  const written = new Map<string, AnyRecord>();
  return {
    dryRun: true,
    write: async (intent) => {
      const ref = { system: intent.connection.system, id: `dry-run:${intent.key}` };
      const source = { ...ref, updatedAt: new Date(0).toISOString() };
      written.set(ref.id, { ...(intent.record as object), source } as AnyRecord);
      return { state: 'written', ref };
    },
    planned: (id) => written.get(id),
  };
}

/**
 * Runs a definition against one record, step by step, as a run would but in memory: reads happen (to find records
 * and evaluate conditions), writes do not, nothing is stored. An approval is reported and passed as if approved.
 */
export async function dryRun(
  prepared: PreparedWorkflow,
  connections: WorkflowConnections,
  workspace: Workspace,
  sample: DryRunSample | undefined,
  now: () => Date,
): Promise<DryRunReport> {
  const { definition } = prepared;
  const record = await sampleRecord(definition, connections, workspace, sample);
  const outputs: Record<string, unknown> = {};
  const links: RunLink[] = [];
  const steps: DryRunStepReport[] = [];
  const report = (outcome: DryRunReport['outcome']): DryRunReport => ({
    sample: refOf(record) ?? null,
    outcome,
    steps,
  });
  const writer = dryWriter();
  let stepId: string | null = definition.start;
  const visited = new Set<string>();
  while (stepId !== null && !visited.has(stepId)) {
    visited.add(stepId);
    const step = definition.steps.find((candidate) => candidate.id === stepId);
    if (!step) break;
    const result = await attempt(() =>
      executeStep(step, {
        definition,
        runId: 'dry-run',
        data: { trigger: record ?? null, steps: outputs },
        triggerRef: refOf(record) ?? null,
        links,
        mapping: prepared.mapping,
        systems: prepared.systems,
        connections,
        crossReference: prepared.crossReference,
        writer,
        writeKey: `dry-run:${step.id}`,
        attemptStartedAt: now().toISOString(),
        now,
      }),
    );
    const entry = { stepId: step.id, kind: step.kind, input: step, error: null };
    if (result.kind === 'failed') {
      steps.push({ ...entry, outcome: result.summary, output: result.output ?? null, error: result.error });
      return report('failed');
    }
    if (result.kind === 'wait') {
      steps.push({ ...entry, outcome: `${result.summary} (a run would wait here)`, output: result.output ?? null });
      return report('stopped');
    }
    if (result.kind === 'approval') {
      steps.push({ ...entry, outcome: `${result.summary} (the dry run goes on as if approved)`, output: null });
      outputs[step.id] = { approved: true, comment: 'dry run' };
      stepId = step.next;
      continue;
    }
    steps.push({ ...entry, outcome: result.summary, output: result.output });
    outputs[step.id] = result.output;
    if (result.link) links.push(result.link);
    stepId = result.next;
  }
  return report(stepId === null ? 'completed' : 'stopped');
}

async function attempt(run: () => Promise<StepResult>): Promise<StepResult> {
  try {
    return await run();
  } catch (error) {
    const failure = errorOf(error);
    return { kind: 'failed', error: failure, summary: failure.message };
  }
}

/** The chosen sample, or the first record the trigger would start a run for; none for schedules and manual starts. */
async function sampleRecord(
  definition: WorkflowDefinition,
  connections: WorkflowConnections,
  workspace: Workspace,
  sample: DryRunSample | undefined,
): Promise<AnyRecord | undefined> {
  if (sample !== undefined) {
    const connection = workspace.connections.require(sample.connectionId);
    const found = await connections.byId(connection, sample.entity, sample.id);
    if (found === undefined) {
      throw new CounterpartError(
        'workflows.sample_not_found',
        `There is no ${sample.entity} ${sample.id} in "${connection.name}" to try the workflow on.`,
        { connection: connection.id, entity: sample.entity, id: sample.id },
      );
    }
    return found;
  }
  const { trigger } = definition;
  if (trigger.kind !== 'record') return undefined;
  const connection = connections.connection(definition, trigger.side);
  for await (const page of connections.connector(connection).read(trigger.entity)) {
    for (const record of page) {
      const reached =
        trigger.event !== 'fieldReached' ||
        (trigger.field !== undefined && String(readPath(record, trigger.field)) === String(trigger.value));
      const meets =
        trigger.condition === undefined ||
        (await holds(trigger.condition, record, { step: null, field: 'trigger.condition' }));
      if (reached && meets) return record;
    }
  }
  throw new CounterpartError(
    'workflows.no_sample',
    `No ${trigger.entity} in "${connection.name}" matches the trigger of workflow "${definition.name}": choose a sample record.`,
    { workflow: definition.id, connection: connection.id, entity: trigger.entity },
  );
}
