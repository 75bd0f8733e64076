import { randomUUID } from 'node:crypto';
import type { Entity } from '../connectors/connector.js';
import { CounterpartError, describeError } from '../errors.js';
import type { PairSide } from '../mapping/compiledMapping.js';
import type { SecretVault } from '../secrets/keychain.js';
import type { StoredWorkflow } from '../store/repositories/workflowDefinitions.js';
import type { WorkflowRunRecord, WorkflowRunState } from '../store/repositories/workflowRuns.js';
import type { Workspace } from '../store/workspace.js';
import type { SyncEngineApi } from '../sync/syncContract.js';
import type { WorkflowDefinition } from './definition.js';
import { type DryRunReport, type DryRunSample, dryRun } from './dryRun.js';
import { prepareWorkflow, type StepHook, WorkflowRunner } from './runner.js';
import { shippedWorkflow, shippedWorkflows } from './shippedWorkflows.js';
import { pollRecordTrigger, type TriggerEvent } from './triggers.js';
import { checkWorkflow, describeProblems, type WorkflowProblem } from './validation.js';
import { runSummary, runView, workflowSummary, workflowView } from './views.js';
import { type ConnectorFactory, refOf, WorkflowConnections } from './workflowConnections.js';
import { workflowMappingDocument } from './workflowMapping.js';

export interface WorkflowEngineOptions {
  readonly workspace: Workspace;
  readonly vault: SecretVault;
  /** Every write of a step goes through its outbox (idempotency keys, retries, dead letters). */
  readonly syncEngine: SyncEngineApi;
  readonly connectorFor?: ConnectorFactory | undefined;
  readonly now?: (() => Date) | undefined;
  /** How far before each trigger cursor reads start again. Default 2 minutes, as sync. */
  readonly lookBackMs?: number | undefined;
  readonly onRunChanged?: ((run: ReturnType<typeof runSummary>) => void) | undefined;
  /** Test seam: runs after a step and before its outcome is stored. */
  readonly beforeRecord?: StepHook | undefined;
}

/**
 * Workflows of one workspace: definitions (validated, versioned), templates, triggers, runs, approvals, retries and
 * dry runs. `tick` polls the enabled triggers and advances the runs that are due; `startPolling` does so on a timer.
 */
export class WorkflowEngine {
  private readonly workspace: Workspace;
  private readonly connections: WorkflowConnections;
  private readonly runner: WorkflowRunner;
  private readonly now: () => Date;
  private readonly triggerProblems = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private closed = false;

  constructor(private readonly options: WorkflowEngineOptions) {
    this.workspace = options.workspace;
    this.now = options.now ?? (() => new Date());
    this.connections = new WorkflowConnections(options.workspace, options.vault, options.connectorFor);
    this.runner = new WorkflowRunner({
      workspace: options.workspace,
      connections: this.connections,
      syncEngine: options.syncEngine,
      now: this.now,
      onRunChanged: (run) => options.onRunChanged?.(runSummary(run, options.workspace)),
      beforeRecord: options.beforeRecord,
    });
  }

  // Definitions

  list() {
    return this.workspace.workflowDefinitions.listLatest().map((stored) => this.summaryOf(stored));
  }

  view(id: string, version?: number) {
    const stored = this.workspace.workflowDefinitions.require(id, version);
    return workflowView(stored, this.workspace, this.triggerProblems.get(id) ?? null);
  }

  validate(input: unknown): { valid: boolean; problems: WorkflowProblem[] } {
    const check = checkWorkflow(input, this.workspace);
    return { valid: check.ok, problems: [...check.problems] };
  }

  /** Saves a valid definition as the next version; refuses an invalid one naming each problem's step and field. */
  save(input: unknown, actor: string) {
    const definition = this.checked(input);
    const stored = this.workspace.db.transaction(() => {
      const saved = this.workspace.workflowDefinitions.save(definition, actor);
      this.workspace.auditLog.append({
        actor,
        action: 'workflow.saved',
        subject: `workflow/${saved.id}`,
        after: { version: saved.version, name: saved.name },
      });
      return saved;
    })();
    return workflowView(stored, this.workspace, null);
  }

  templates() {
    return shippedWorkflows().map(({ id, definition }) => ({
      id,
      name: definition.name,
      description: definition.description ?? null,
      systems: workflowMappingDocument(this.workspace, definition.mapping)?.systems ?? {
        accounting: 'any',
        erp: 'any',
      },
      definition,
    }));
  }

  copyTemplate(
    request: {
      templateId: string;
      id?: string | undefined;
      name?: string | undefined;
      connections: Record<PairSide, string>;
    },
    actor: string,
  ) {
    const { definition } = shippedWorkflow(request.templateId);
    const copy: WorkflowDefinition = {
      ...definition,
      id: request.id ?? this.freeId(definition.id),
      name: request.name ?? definition.name,
      connections: request.connections,
    };
    return this.save(copy, actor);
  }

  setEnabled(id: string, enabled: boolean, actor: string) {
    const stored = this.workspace.workflowDefinitions.require(id);
    if (enabled) this.checked(stored.definition);
    this.workspace.db.transaction(() => {
      this.workspace.workflowDefinitions.setEnabled(id, enabled);
      this.workspace.auditLog.append({
        actor,
        action: enabled ? 'workflow.enabled' : 'workflow.disabled',
        subject: `workflow/${id}`,
        after: { version: stored.version },
      });
    })();
    return this.summaryOf(stored);
  }

  // Runs

  listRuns(query: {
    workflowId?: string | undefined;
    state?: WorkflowRunState | undefined;
    limit?: number | undefined;
  }) {
    return this.workspace.workflowRuns
      .list({ workflowId: query.workflowId, state: query.state, limit: query.limit ?? 100 })
      .map((run) => runSummary(run, this.workspace));
  }

  runView(id: string) {
    return runView(this.workspace.workflowRuns.require(id), this.workspace);
  }

  /** Starts a run by hand, about a record of one side when given; it works on in the background. */
  async startManualRun(
    workflowId: string,
    record: { side: PairSide; entity: Entity; id: string } | undefined,
    actor: string,
  ) {
    const stored = this.workspace.workflowDefinitions.require(workflowId);
    this.checked(stored.definition);
    let found: unknown;
    if (record !== undefined) {
      const connection = this.connections.connection(stored.definition, record.side);
      found = await this.connections.byId(connection, record.entity, record.id);
      if (found === undefined) {
        throw new CounterpartError(
          'workflows.record_not_found',
          `There is no ${record.entity} ${record.id} in "${connection.name}" to start workflow "${stored.name}" for.`,
          { workflow: workflowId, connection: connection.id, id: record.id },
        );
      }
    }
    const run = this.createRun(stored, 'manual', null, found);
    this.workspace.auditLog.append({
      actor,
      action: 'workflow.run.started',
      subject: `workflow-run/${run.id}`,
      after: { workflow: workflowId, version: stored.version, record: run.record },
    });
    // The run goes on in the background; whatever stops it is in its step log, and the next tick resumes it.
    this.runner.advance(run.id).catch(() => undefined);
    return runSummary(run, this.workspace);
  }

  /** Records an approver's decision on the approval a run waits for (audited), then lets the run go on. */
  async decide(request: { runId: string; stepId: string; approve: boolean; comment: string }, approver: string) {
    const run = this.workspace.workflowRuns.require(request.runId);
    const attempt = this.workspace.workflowRuns.latestAttempt(run.id, request.stepId);
    if (run.state !== 'awaiting_approval' || run.currentStepId !== request.stepId || attempt === undefined) {
      throw new CounterpartError(
        'workflows.no_pending_approval',
        `Workflow run ${run.id} is not waiting for approval at step "${request.stepId}" (it is ${run.state.replace('_', ' ')}).`,
        { run: run.id, step: request.stepId, state: run.state },
      );
    }
    const next = this.stepOf(run, request.stepId)?.next ?? null;
    const decidedAt = this.now().toISOString();
    const decision = { approved: request.approve, decidedBy: approver, comment: request.comment, decidedAt };
    this.workspace.db.transaction(() => {
      this.workspace.workflowRuns.record(
        run.id,
        request.stepId,
        attempt.attempt,
        { state: request.approve ? 'succeeded' : 'rejected', output: decision, decision },
        request.approve
          ? { state: 'running', currentStepId: next, outputs: { ...run.outputs, [request.stepId]: decision } }
          : { state: 'rejected', currentStepId: request.stepId },
      );
      this.workspace.auditLog.append({
        actor: approver,
        action: request.approve ? 'workflow.approval.approved' : 'workflow.approval.rejected',
        subject: `workflow-run/${run.id}`,
        after: { workflow: run.workflowId, step: request.stepId, record: run.record },
        comment: request.comment,
      });
    })();
    this.options.onRunChanged?.(runSummary(this.workspace.workflowRuns.require(run.id), this.workspace));
    if (request.approve) await this.runner.advance(run.id);
    return this.runView(run.id);
  }

  /** Runs a failed step again; the steps before it are not repeated. A refused write's dead letter is closed first. */
  async retry(runId: string, stepId: string, actor: string) {
    const run = this.workspace.workflowRuns.require(runId);
    if (run.state !== 'failed' || run.currentStepId !== stepId) {
      throw new CounterpartError(
        'workflows.not_retryable',
        `Step "${stepId}" of workflow run ${runId} has not failed (the run is ${run.state.replace('_', ' ')} at ${run.currentStepId ?? 'its end'}).`,
        { run: runId, step: stepId, state: run.state },
      );
    }
    const last = this.workspace.workflowRuns.latestAttempt(runId, stepId);
    const deadLetterId = (last?.output as { deadLetterId?: unknown } | null)?.deadLetterId;
    if (typeof deadLetterId === 'string') {
      // The step writes again under a new key; the refused write must not also be replayed from the Sync page.
      const letter = this.options.syncEngine
        .listDeadLetters({ state: 'open' })
        .find((open) => open.id === deadLetterId);
      if (letter) {
        this.options.syncEngine.resolveDeadLetter(deadLetterId, {
          note: `Retried by workflow run ${runId}, step "${stepId}".`,
          actor,
        });
      }
    }
    this.workspace.db.transaction(() => {
      this.workspace.workflowRuns.touch(runId, { state: 'running', currentStepId: stepId, error: null });
      this.workspace.auditLog.append({
        actor,
        action: 'workflow.step.retried',
        subject: `workflow-run/${runId}`,
        after: { workflow: run.workflowId, step: stepId },
      });
    })();
    await this.runner.advance(runId);
    return this.runView(runId);
  }

  async dryRun(request: {
    definition?: unknown;
    id?: string | undefined;
    version?: number | undefined;
    sample?: DryRunSample | undefined;
  }): Promise<DryRunReport> {
    const definition =
      request.id !== undefined
        ? this.workspace.workflowDefinitions.require(request.id, request.version).definition
        : this.checked(request.definition);
    const prepared = prepareWorkflow(this.workspace, this.connections, definition);
    return dryRun(prepared, this.connections, this.workspace, request.sample, this.now);
  }

  // Triggers and the runs they start

  /** Polls every enabled workflow's trigger once and advances every run that is due; resolves when all settled. */
  tick(): Promise<void> {
    this.ticking ??= this.tickOnce().finally(() => {
      this.ticking = undefined;
    });
    return this.ticking;
  }

  /** Polls on a timer (and resumes runs a crash left behind); 0 or less polls only when `tick` is called. */
  startPolling(intervalMs: number): void {
    if (intervalMs <= 0 || this.timer !== undefined) return;
    // A failed poll (the workspace closing under it, a store error) must not become an unhandled rejection: the
    // next poll tries again, and each workflow's own trigger problem is shown on its summary.
    const poll = () => {
      if (!this.closed) this.tick().catch(() => undefined);
    };
    this.timer = setInterval(poll, intervalMs);
    this.timer.unref();
    poll();
  }

  /** Resolves when every run being advanced has paused or ended. */
  idle(): Promise<void> {
    return this.runner.idle();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer !== undefined) clearInterval(this.timer);
    await this.ticking;
    await this.runner.idle();
    await this.connections.close();
  }

  private async tickOnce(): Promise<void> {
    for (const id of this.workspace.workflowDefinitions.enabledIds()) {
      if (this.closed) return;
      const stored = this.workspace.workflowDefinitions.get(id);
      if (stored) await this.pollTrigger(stored);
    }
    for (const run of this.workspace.workflowRuns.due(this.now().toISOString())) {
      if (this.closed) return;
      await this.runner.advance(run.id);
    }
  }

  private async pollTrigger(stored: StoredWorkflow): Promise<void> {
    try {
      if (stored.definition.trigger.kind === 'record') {
        await pollRecordTrigger(stored, {
          workspace: this.workspace,
          connections: this.connections,
          lookBackMs: this.options.lookBackMs ?? 120_000,
          start: (workflow, event) => this.startFromEvent(workflow, event),
        });
      } else if (stored.definition.trigger.kind === 'schedule') {
        this.fireSchedule(stored, stored.definition.trigger.everyMinutes);
      }
      this.triggerProblems.delete(stored.id);
    } catch (error) {
      this.triggerProblems.set(stored.id, describeError(error));
    }
  }

  private async startFromEvent(workflow: StoredWorkflow, event: TriggerEvent): Promise<void> {
    const run = this.createRun(workflow, 'record', event.triggerKey, event.record);
    await this.runner.advance(run.id);
  }

  private fireSchedule(stored: StoredWorkflow, everyMinutes: number): void {
    const state = this.workspace.workflowDefinitions.state(stored.id);
    const now = this.now();
    const last = state.lastFiredAt === null ? 0 : Date.parse(state.lastFiredAt);
    if (now.getTime() - last < everyMinutes * 60_000) return;
    const slot = Math.floor(now.getTime() / (everyMinutes * 60_000));
    this.workspace.db.transaction(() => {
      this.createRun(stored, 'schedule', `schedule:${slot}`, undefined);
      this.workspace.workflowDefinitions.markFired(stored.id, now.toISOString());
    })();
  }

  private createRun(
    stored: StoredWorkflow,
    triggeredBy: 'record' | 'schedule' | 'manual',
    triggerKey: string | null,
    record: unknown,
  ): WorkflowRunRecord {
    const { run, created } = this.workspace.workflowRuns.create({
      id: randomUUID(),
      workflowId: stored.id,
      workflowVersion: stored.version,
      triggeredBy,
      triggerKey,
      record: refOf(record) ?? null,
      trigger: record ?? null,
      startStepId: stored.definition.start,
    });
    if (created) this.options.onRunChanged?.(runSummary(run, this.workspace));
    return run;
  }

  private checked(input: unknown): WorkflowDefinition {
    const check = checkWorkflow(input, this.workspace);
    if (check.ok) return check.definition;
    const name = (input as { name?: unknown } | null)?.name;
    throw new CounterpartError(
      'workflows.invalid_definition',
      `Workflow ${typeof name === 'string' ? `"${name}" ` : ''}is not valid: ${describeProblems(check.problems)}.`,
      {
        problems: check.problems.length,
        step: check.problems[0]?.stepId ?? null,
        field: check.problems[0]?.field ?? null,
      },
    );
  }

  private freeId(base: string): string {
    let id = base;
    for (let n = 2; this.workspace.workflowDefinitions.get(id) !== undefined; n += 1) id = `${base}-${n}`;
    return id;
  }

  private stepOf(run: WorkflowRunRecord, stepId: string) {
    const stored = this.workspace.workflowDefinitions.get(run.workflowId, run.workflowVersion);
    return stored?.definition.steps.find((step) => step.id === stepId);
  }

  private summaryOf(stored: StoredWorkflow) {
    return workflowSummary(stored, this.workspace, this.triggerProblems.get(stored.id) ?? null);
  }
}
