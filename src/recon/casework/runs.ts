import { randomUUID } from 'node:crypto';
import { describeError } from '../../errors.js';
import type { ReconStage } from '../engine.js';
import { parseDay, periodDays } from '../normalise.js';
import type { ReconResult } from '../result.js';
import type { RecordTable } from '../table.js';
import { type RunningRecon, runReconInWorker } from '../worker/runner.js';
import { sidesKeyOf, withCarriedRecords } from './carryForward.js';
import type { Casework, ReconProgressStage } from './casework.js';
import { engineEntityOf, type ReconEntityName } from './entities.js';
import { cancelled, describeSide, readSide, type SideRequest } from './readSides.js';
import { saveResult } from './saveResult.js';
import { checkUploadedExport } from './uploadCheck.js';

export interface StartRequest {
  readonly left: SideRequest;
  readonly right: SideRequest;
  readonly entity: ReconEntityName;
  readonly period: { readonly start: string; readonly end: string };
}

interface ActiveRun {
  readonly abort: AbortController;
  worker?: RunningRecon;
  settled: Promise<void>;
}

/** How far through a whole run each stage is: reading both sides, the engine's passes, then saving. */
const ENGINE_SHARE = { from: 0.3, to: 0.9 };

/**
 * Reconciliations being run: each reads its two sides (files or connectors), runs the engine in a worker thread
 * with progress, and keeps the result. A run can be cancelled at any point; nothing of a cancelled run is kept but
 * its header, marked cancelled.
 */
export class ReconciliationRuns {
  private readonly active = new Map<string, ActiveRun>();

  constructor(private readonly casework: Casework) {
    // A console that stopped mid-run leaves "running" headers no worker will finish.
    casework.workspace.reconciliations.headers.failInterrupted();
  }

  start(request: StartRequest): { id: string } {
    const { workspace } = this.casework;
    const actor = this.casework.actor();
    if ('file' in request.left) checkUploadedExport('left', request.left.file);
    if ('file' in request.right) checkUploadedExport('right', request.right.file);
    const left = describeSide(request.left, workspace.connections);
    const right = describeSide(request.right, workspace.connections);
    const id = randomUUID();
    const entry = workspace.db.transaction(() => {
      workspace.reconciliations.headers.create({
        id,
        entity: request.entity,
        periodStart: request.period.start,
        periodEnd: request.period.end,
        left,
        right,
        sidesKey: sidesKeyOf(left, right),
        startedBy: actor.name,
        startedAt: new Date().toISOString(),
      });
      return workspace.auditLog.append({
        actor: actor.name,
        action: 'recon.started',
        subject: `reconciliation:${id}`,
        after: { entity: request.entity, period: request.period, left: left.label, right: right.label },
      });
    })();
    this.casework.listeners.audited(entry);
    const abort = new AbortController();
    const run: ActiveRun = { abort, settled: Promise.resolve() };
    this.active.set(id, run);
    run.settled = this.run(id, request, run).finally(() => {
      this.active.delete(id);
      this.casework.listeners.changed(id);
    });
    this.casework.listeners.changed(id);
    return { id };
  }

  /** Stops a running reconciliation; false when it is not running (finished already). */
  async cancel(id: string): Promise<boolean> {
    this.casework.workspace.reconciliations.headers.require(id);
    const run = this.active.get(id);
    if (!run) return false;
    run.abort.abort();
    await run.worker?.cancel();
    await run.settled;
    const actor = this.casework.actor();
    const entry = this.casework.workspace.auditLog.append({
      actor: actor.name,
      action: 'recon.cancelled',
      subject: `reconciliation:${id}`,
    });
    this.casework.listeners.audited(entry);
    return true;
  }

  /** Resolves when a run has finished, failed or been cancelled (at once for one not running). */
  settled(id: string): Promise<void> {
    return this.active.get(id)?.settled ?? Promise.resolve();
  }

  /** Cancels every run (the console is closing). */
  async stopAll(): Promise<void> {
    await Promise.all([...this.active.keys()].map((id) => this.cancel(id).catch(() => false)));
  }

  private async run(id: string, request: StartRequest, run: ActiveRun): Promise<void> {
    const { workspace } = this.casework;
    const progress = (stage: ReconProgressStage, fraction: number) =>
      this.casework.listeners.progress({
        id,
        stage,
        fraction: Math.round(Math.min(1, Math.max(0, fraction)) * 1000) / 1000,
      });
    try {
      const header = workspace.reconciliations.headers.require(id);
      const context = (stage: ReconProgressStage, at: number) => ({
        entity: request.entity,
        period: request.period,
        connections: workspace.connections,
        vault: this.casework.vault,
        signal: run.abort.signal,
        onRecords: () => progress(stage, at),
      });
      progress('reading_left', 0);
      const leftRead = await readSide(request.left, context('reading_left', 0.05));
      progress('reading_right', 0.15);
      const rightRead = await readSide(request.right, context('reading_right', 0.2));
      if (run.abort.signal.aborted) throw cancelled();
      const previous = workspace.reconciliations.headers.previousSignedOff(
        header.sidesKey,
        request.entity,
        request.period.start,
      );
      const left = withCarriedRecords(workspace, request.entity, 'left', leftRead, previous);
      const right = withCarriedRecords(workspace, request.entity, 'right', rightRead, previous);
      const result = await this.reconcile(run, request, left.table, right.table, progress);
      if (run.abort.signal.aborted) throw cancelled();
      progress('saving', ENGINE_SHARE.to);
      saveResult(workspace, id, { left, right }, result, previous?.id ?? null);
      progress('done', 1);
    } catch (error) {
      const wasCancelled = run.abort.signal.aborted;
      workspace.reconciliations.headers.stop(
        id,
        wasCancelled ? 'cancelled' : 'failed',
        wasCancelled ? 'Cancelled before it finished.' : describeError(error),
      );
    }
  }

  private reconcile(
    run: ActiveRun,
    request: StartRequest,
    left: RecordTable,
    right: RecordTable,
    progress: (stage: ReconProgressStage, fraction: number) => void,
  ): Promise<ReconResult> {
    const month = wholeMonthOf(request.period);
    const asOfDay = parseDay(request.period.end);
    run.worker = runReconInWorker(
      {
        kind: 'input',
        input: {
          entity: engineEntityOf(request.entity),
          left,
          right,
          ...(month ? { period: month } : {}),
          ...(asOfDay !== undefined ? { asOfDay } : {}),
        },
      },
      (stage: ReconStage, fraction: number) =>
        progress(stage, ENGINE_SHARE.from + fraction * (ENGINE_SHARE.to - ENGINE_SHARE.from)),
    );
    return run.worker.result;
  }
}

/** The engine's "YYYY-MM" when the period is exactly one calendar month (its out-of-period flag needs one). */
function wholeMonthOf(period: { start: string; end: string }): string | undefined {
  const month = period.start.slice(0, 7);
  const days = periodDays(month);
  if (!days || parseDay(period.start) !== days.start || parseDay(period.end) !== days.end) return undefined;
  return month;
}
