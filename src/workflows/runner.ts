import type { Entity } from '../connectors/connector.js';
import { ConnectorError } from '../connectors/shared/connectorError.js';
import { CounterpartError, describeError } from '../errors.js';
import type { CompiledMapping, PairSide } from '../mapping/compiledMapping.js';
import type { RecordRef, SystemName } from '../model/index.js';
import type { RunError, StepLogRecord, WorkflowRunRecord } from '../store/repositories/workflowRuns.js';
import type { Workspace } from '../store/workspace.js';
import type { SyncEngineApi } from '../sync/syncContract.js';
import type { WorkflowDefinition, WorkflowStep } from './definition.js';
import type { RunData } from './expressions.js';
import { executeStep, type RecordWriter, type StepResult } from './steps.js';
import type { WorkflowConnections } from './workflowConnections.js';
import { compileWorkflowMapping } from './workflowMapping.js';

/** Called after a step has run and before its outcome is stored: where a test kills the process to prove resumption. */
export type StepHook = (runId: string, stepId: string, result: StepResult) => void | Promise<void>;

export interface RunnerOptions {
  readonly workspace: Workspace;
  readonly connections: WorkflowConnections;
  readonly syncEngine: SyncEngineApi;
  readonly now: () => Date;
  readonly onRunChanged: (run: WorkflowRunRecord) => void;
  readonly beforeRecord?: StepHook | undefined;
}

/** What a step works with besides the run's own data: the definition, its mapping and its connections' systems. */
export interface PreparedWorkflow {
  readonly definition: WorkflowDefinition;
  readonly mapping: CompiledMapping;
  readonly systems: Readonly<Record<PairSide, SystemName>>;
  crossReference(entity: Entity, source: RecordRef): RecordRef | undefined;
}

export function prepareWorkflow(
  workspace: Workspace,
  connections: WorkflowConnections,
  definition: WorkflowDefinition,
): PreparedWorkflow {
  const systems = connections.systems(definition);
  const mapping = compileWorkflowMapping(workspace, definition, systems);
  const accounting = connections.connection(definition, 'accounting');
  const erp = connections.connection(definition, 'erp');
  return {
    definition,
    mapping,
    systems,
    crossReference: (entity, source) => {
      // The sync pair of the same two connections knows which records are already linked (synced or matched).
      const pair = workspace.syncPairs.findByConnections(accounting.id, erp.id);
      const side: PairSide | undefined =
        source.system === systems.accounting ? 'accounting' : source.system === systems.erp ? 'erp' : undefined;
      if (!pair || !side) return undefined;
      const link =
        workspace.crossReferences.find(pair.id, side, entity, source.id) ??
        workspace.crossReferences.findAnyEntity(pair.id, side, source.id, entity)[0];
      const end = link?.[side === 'accounting' ? 'erp' : 'accounting'];
      if (!end) return undefined;
      const system = side === 'accounting' ? systems.erp : systems.accounting;
      return { system, id: end.id, ...(end.number === undefined ? {} : { number: end.number }) };
    },
  };
}

/** The outbox's writes for a run: idempotent by key, so a step repeated after a crash never writes twice. */
export function outboxWriter(syncEngine: SyncEngineApi, actor: string): RecordWriter {
  return {
    dryRun: false,
    async write(intent) {
      try {
        const result = await syncEngine.submitWrite({
          connectionId: intent.connection.id,
          entity: intent.entity,
          operation: intent.operation,
          target: intent.target,
          record: intent.record,
          idempotencyKey: intent.key,
          actor,
          reason: intent.reason,
        });
        return result.state === 'written'
          ? { state: 'written', ref: result.ref }
          : { state: 'refused', deadLetterId: result.deadLetterId, message: result.message };
      } catch (error) {
        if (error instanceof CounterpartError && error.code === 'sync.write_unsettled') {
          return { state: 'pending', message: error.message };
        }
        throw error;
      }
    },
  };
}

const BASE_ACTOR = 'workflow engine';

/**
 * Advances runs step by step. Each step's outcome and the run's new position are stored in one transaction before
 * the next step starts; a run found `running` after a crash repeats only its current step, whose write carries the
 * same idempotency key as before, so the outbox returns what it already wrote instead of writing again.
 */
export class WorkflowRunner {
  private readonly active = new Map<string, Promise<WorkflowRunRecord>>();

  constructor(private readonly options: RunnerOptions) {}

  /** Runs a run until it ends or pauses; a second call while it works joins the first. */
  advance(runId: string): Promise<WorkflowRunRecord> {
    const working = this.active.get(runId);
    if (working) return working;
    const started = this.work(runId).finally(() => this.active.delete(runId));
    this.active.set(runId, started);
    return started;
  }

  async idle(): Promise<void> {
    await Promise.allSettled([...this.active.values()]);
  }

  private async work(runId: string): Promise<WorkflowRunRecord> {
    const { workspace } = this.options;
    let run = workspace.workflowRuns.require(runId);
    if (run.state === 'waiting' && run.wakeAt !== null && run.wakeAt > this.options.now().toISOString()) return run;
    if (run.state !== 'running' && run.state !== 'waiting') return run;
    let prepared: PreparedWorkflow;
    try {
      const stored = workspace.workflowDefinitions.require(run.workflowId, run.workflowVersion);
      prepared = prepareWorkflow(workspace, this.options.connections, stored.definition);
    } catch (error) {
      workspace.workflowRuns.touch(runId, { state: 'failed', currentStepId: run.currentStepId, error: errorOf(error) });
      return this.changed(runId);
    }
    // A due wait is looked at once per call; it waits again (to its next wake time) when its condition still fails.
    let first = true;
    while (run.state === 'running' || (first && run.state === 'waiting')) {
      first = false;
      const stepId = run.currentStepId;
      if (stepId === null) {
        workspace.workflowRuns.touch(runId, { state: 'succeeded', currentStepId: null, wakeAt: null, error: null });
        return this.changed(runId);
      }
      run = await this.runStep(run, prepared, stepId);
      this.options.onRunChanged(run);
    }
    return run;
  }

  private async runStep(
    run: WorkflowRunRecord,
    prepared: PreparedWorkflow,
    stepId: string,
  ): Promise<WorkflowRunRecord> {
    const { workspace } = this.options;
    const runs = workspace.workflowRuns;
    const step = prepared.definition.steps.find((candidate) => candidate.id === stepId);
    if (!step) {
      const error = {
        code: 'workflows.unknown_step',
        message: `Run ${run.id} is at step "${stepId}", which its workflow version does not have.`,
      };
      runs.touch(run.id, { state: 'failed', currentStepId: stepId, error });
      return runs.require(run.id);
    }
    const previous = runs.latestAttempt(run.id, step.id);
    const writeKey = writeKeyFor(run.id, step.id, previous);
    const data: RunData = { trigger: run.trigger, steps: run.outputs };
    const attempt = runs.beginStep(run.id, step, { ...stepInput(step, data), ...(isWrite(step) ? { writeKey } : {}) });
    const startedAt = runs.latestAttempt(run.id, step.id)?.startedAt ?? this.options.now().toISOString();
    const result = await this.execute(step, {
      definition: prepared.definition,
      runId: run.id,
      data,
      triggerRef: run.record,
      links: run.links,
      mapping: prepared.mapping,
      systems: prepared.systems,
      connections: this.options.connections,
      crossReference: prepared.crossReference,
      writer: outboxWriter(this.options.syncEngine, `${BASE_ACTOR} (${prepared.definition.name})`),
      writeKey,
      attemptStartedAt: startedAt,
      now: this.options.now,
    });
    await this.options.beforeRecord?.(run.id, step.id, result);
    return this.store(run, step, attempt, result);
  }

  private async execute(step: WorkflowStep, context: Parameters<typeof executeStep>[1]): Promise<StepResult> {
    try {
      return await executeStep(step, context);
    } catch (error) {
      const failure = errorOf(error);
      return { kind: 'failed', error: failure, summary: failure.message };
    }
  }

  private store(run: WorkflowRunRecord, step: WorkflowStep, attempt: number, result: StepResult): WorkflowRunRecord {
    const runs = this.options.workspace.workflowRuns;
    switch (result.kind) {
      case 'done':
        return runs.record(
          run.id,
          step.id,
          attempt,
          { state: 'succeeded', output: result.output },
          {
            state: 'running',
            currentStepId: result.next,
            outputs: { ...run.outputs, [step.id]: result.output },
            links: result.link ? [...run.links, result.link] : run.links,
            wakeAt: null,
            error: null,
          },
        );
      case 'wait':
        return runs.record(
          run.id,
          step.id,
          attempt,
          { state: 'waiting', output: result.output ?? null },
          { state: 'waiting', currentStepId: step.id, wakeAt: result.wakeAt },
        );
      case 'approval':
        return runs.record(
          run.id,
          step.id,
          attempt,
          { state: 'awaiting_approval', output: { question: step.kind === 'approval' ? step.question : '' } },
          { state: 'awaiting_approval', currentStepId: step.id, wakeAt: null },
        );
      case 'failed':
        return runs.record(
          run.id,
          step.id,
          attempt,
          { state: 'failed', output: result.output ?? null, error: result.error },
          { state: 'failed', currentStepId: step.id, wakeAt: null, error: result.error },
        );
    }
  }

  private changed(runId: string): WorkflowRunRecord {
    const run = this.options.workspace.workflowRuns.require(runId);
    this.options.onRunChanged(run);
    return run;
  }
}

function isWrite(step: WorkflowStep): boolean {
  return step.kind === 'create' || step.kind === 'update' || step.kind === 'writeBack' || step.kind === 'findOrCreate';
}

/**
 * The write key of an attempt: `wf:<runId>:<stepId>` and the same again for an attempt repeated after a crash or a
 * failure that wrote nothing; a new one only after the system refused the write for good (it took no effect).
 */
function writeKeyFor(runId: string, stepId: string, previous: StepLogRecord | undefined): string {
  const base = `wf:${runId}:${stepId}`;
  if (!previous) return base;
  const used = (previous.input as { writeKey?: unknown } | null)?.writeKey;
  const earlier = typeof used === 'string' ? used : base;
  const refused = previous.state === 'failed' && (previous.output as { deadLetterId?: unknown } | null)?.deadLetterId;
  return refused ? `${base}:${previous.attempt + 1}` : earlier;
}

/** What the step log shows as a step's input: the record it maps or the configuration it evaluates. */
function stepInput(step: WorkflowStep, data: RunData): Record<string, unknown> {
  switch (step.kind) {
    case 'create':
    case 'update':
    case 'writeBack':
      return {
        flow: step.flow,
        input: step.input,
        record: step.input === 'trigger' ? data.trigger : (data.steps[step.input] ?? null),
      };
    case 'findOrCreate':
      return { flow: step.flow, source: step.source };
    case 'find':
      return { side: step.side, entity: step.entity, by: step.by };
    case 'condition':
      return { condition: step.condition };
    case 'waitUntil':
      return { record: step.record, condition: step.condition };
    case 'approval':
      return { question: step.question };
  }
}

export function errorOf(error: unknown): RunError {
  if (error instanceof ConnectorError) return { code: `connector.${error.kind}`, message: error.message };
  if (error instanceof CounterpartError) return { code: error.code, message: error.message };
  return { code: 'workflows.step_failed', message: describeError(error) };
}
