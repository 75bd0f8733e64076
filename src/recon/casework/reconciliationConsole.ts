import type { ReconciliationStatus } from '../../store/repositories/reconciliations.js';
import type { GridQuery } from '../../store/repositories/reconRows.js';
import type { Casework } from './casework.js';
import { decideCorrection, proposeCorrection } from './corrections.js';
import {
  acceptMatch,
  bulkAcceptMatches,
  type DecisionResult,
  explainDifference,
  matchManually,
  rejectMatch,
} from './decisions.js';
import type { ReconEntityName } from './entities.js';
import { exportReconciliation, type ReportFormat } from './reports/exportReconciliation.js';
import { ReconciliationRuns, type StartRequest } from './runs.js';
import { signOffPeriod } from './signOff.js';
import { correctionView, decisionView, detailView, matchDetailView, RowViews, summaryView } from './views.js';

/**
 * The reconciliation console over one workspace: starting and cancelling runs, the views the console reads, and
 * the decisions people make — each decision audited, each refused with one clear error when it may not be made.
 */
export class ReconciliationConsole {
  readonly runs: ReconciliationRuns;

  constructor(private readonly casework: Casework) {
    this.runs = new ReconciliationRuns(casework);
  }

  list(filter: { status?: ReconciliationStatus | undefined; entity?: ReconEntityName | undefined }) {
    return this.casework.workspace.reconciliations.headers
      .list(filter)
      .map((header) => summaryView(this.casework, header));
  }

  get(id: string) {
    return detailView(this.casework, this.casework.workspace.reconciliations.headers.require(id));
  }

  rows(id: string, query: GridQuery) {
    this.casework.workspace.reconciliations.headers.require(id);
    const page = this.casework.workspace.reconciliations.rows.page(id, query);
    const views = new RowViews(this.casework, id).prefetch(page.rows);
    return { total: page.total, offset: query.offset, rows: page.rows.map((row) => views.view(row)) };
  }

  matchDetail(id: string, rowKey: string) {
    const header = this.casework.workspace.reconciliations.headers.require(id);
    return matchDetailView(this.casework, header, this.casework.workspace.reconciliations.rows.require(id, rowKey));
  }

  decisions(id: string) {
    const store = this.casework.workspace.reconciliations;
    store.headers.require(id);
    return {
      decisions: store.decisions.list(id).map(decisionView),
      corrections: store.corrections.list(id).map(correctionView),
    };
  }

  pendingApprovals() {
    const store = this.casework.workspace.reconciliations;
    const headers = new Map(store.headers.list().map((header) => [header.id, header]));
    return {
      corrections: store.corrections.pending().flatMap((correction) => {
        const header = headers.get(correction.reconciliationId);
        return header
          ? [
              {
                ...correctionView(correction),
                entity: header.entity,
                period: { start: header.periodStart, end: header.periodEnd },
              },
            ]
          : [];
      }),
      signOffs: [...headers.values()]
        .filter((header) => header.status === 'ready')
        .map((header) => ({
          reconciliation: summaryView(this.casework, header),
          pendingCorrections: store.corrections.pending(header.id).length,
        })),
    };
  }

  start(request: StartRequest) {
    return this.runs.start(request);
  }

  async cancel(id: string) {
    return { cancelled: await this.runs.cancel(id) };
  }

  acceptMatch(input: Parameters<typeof acceptMatch>[1]) {
    return this.decided(input.id, acceptMatch(this.casework, input));
  }

  rejectMatch(input: Parameters<typeof rejectMatch>[1]) {
    return this.decided(input.id, rejectMatch(this.casework, input));
  }

  matchManually(input: Parameters<typeof matchManually>[1]) {
    return this.decided(input.id, matchManually(this.casework, input));
  }

  bulkAccept(input: Parameters<typeof bulkAcceptMatches>[1]) {
    const { decision, accepted } = bulkAcceptMatches(this.casework, input);
    return { decision: decision ? decisionView(decision) : null, accepted };
  }

  explainDifference(input: Parameters<typeof explainDifference>[1]) {
    return this.decided(input.id, explainDifference(this.casework, input));
  }

  proposeCorrection(input: Parameters<typeof proposeCorrection>[1]) {
    const { decision, correction } = proposeCorrection(this.casework, input);
    return { decision: decisionView(decision), correction: correctionView(correction) };
  }

  async decideCorrection(input: Parameters<typeof decideCorrection>[1]) {
    const { decision, correction } = await decideCorrection(this.casework, input);
    return { decision: decisionView(decision), correction: correctionView(correction) };
  }

  signOff(input: { id: string; comment: string }) {
    signOffPeriod(this.casework, input);
    return summaryView(this.casework, this.casework.workspace.reconciliations.headers.require(input.id));
  }

  export(input: { id: string; format: ReportFormat }) {
    return exportReconciliation(this.casework, input.id, input.format);
  }

  close(): Promise<void> {
    return this.runs.stopAll();
  }

  private decided(id: string, result: DecisionResult) {
    const views = new RowViews(this.casework, id).prefetch(result.rows);
    return { decision: decisionView(result.decision), rows: result.rows.map((row) => views.view(row)) };
  }
}
