import { GROUP_SPACING } from '../../store/repositories/reconRows.js';
import type { Workspace } from '../../store/workspace.js';
import type { ReconResult } from '../result.js';
import { displayValuesOf } from '../table.js';
import { type RecordView, rowsOfGroup } from './gridRows.js';
import type { SideRead } from './readSides.js';

export interface SideToSave extends SideRead {
  /** Per table index: the reconciliation a record was carried forward from, or null when read this run. */
  readonly carriedFrom: readonly (string | null)[];
}

/**
 * Keeps a finished run exactly as the engine produced it: every record as read, the matches with their evidence,
 * the flags, and the grid rows built from them, in one transaction (a half-saved reconciliation never shows).
 */
export function saveResult(
  workspace: Workspace,
  reconciliationId: string,
  sides: { readonly left: SideToSave; readonly right: SideToSave },
  result: ReconResult,
  carriedFrom: string | null,
): void {
  const store = workspace.reconciliations;
  const readAt = new Date().toISOString();
  const entity = result.summary.entity;
  workspace.db.transaction(() => {
    const views = { left: new Map<string, RecordView>(), right: new Map<string, RecordView>() };
    for (const side of ['left', 'right'] as const) {
      const { table, originals, carriedFrom: carried } = sides[side];
      const values = Array.from({ length: table.size }, (_, i) => displayValuesOf(table, i));
      store.records.insertMany(
        reconciliationId,
        (function* () {
          for (let i = 0; i < table.size; i++) {
            const key = table.ids[i]!;
            views[side].set(key, { key, values: values[i]!, flags: [] });
            yield {
              side,
              key,
              ordinal: i,
              line: table.lines[i]!,
              canonical: originals[i] ?? null,
              values: values[i]!,
              carriedFrom: carried[i] ?? null,
              readAt,
            };
          }
        })(),
      );
    }
    for (const flag of result.flags) store.matches.insertFlag(reconciliationId, flag);
    let group = 0;
    const view = (side: 'left' | 'right', key: string, flags: readonly string[]): RecordView => ({
      key,
      values: views[side].get(key)?.values ?? {},
      flags,
    });
    for (const match of result.matches) {
      const matchId = store.matches.insert(
        reconciliationId,
        {
          origin: 'engine',
          engineStatus: match.status,
          state: match.status,
          pass: match.pass,
          confidence: match.confidence,
          left: match.left,
          right: match.right,
          evidence: match.evidence,
          differences: match.differences,
          flags: match.flags,
          alternatives: match.alternatives ?? [],
        },
        readAt,
      );
      store.rows.insertMany(
        reconciliationId,
        rowsOfGroup({
          entity,
          matchId,
          status: match.status,
          confidence: match.confidence,
          left: match.left.map((key) => view('left', key, match.flags)),
          right: match.right.map((key) => view('right', key, match.flags)),
          differences: match.differences.map((difference) => difference.field),
          explanation: null,
          rowNo: group++ * GROUP_SPACING,
        }),
      );
    }
    for (const side of ['left', 'right'] as const) {
      const unmatched = side === 'left' ? result.unmatchedLeft : result.unmatchedRight;
      for (const record of unmatched) {
        const records = [view(side, record.id, record.flags)];
        store.rows.insertMany(
          reconciliationId,
          rowsOfGroup({
            entity,
            matchId: null,
            status: 'unmatched',
            confidence: null,
            left: side === 'left' ? records : [],
            right: side === 'right' ? records : [],
            differences: [],
            explanation: null,
            rowNo: group++ * GROUP_SPACING,
          }),
        );
      }
    }
    const { matches: _matches, unmatchedLeft: _left, unmatchedRight: _right, flags: _flags, ...rest } = result;
    store.headers.finish(reconciliationId, {
      summaryJson: JSON.stringify(rest.summary),
      weightsJson: rest.weights ? JSON.stringify(rest.weights) : null,
      issuesJson: JSON.stringify(rest.issues),
      carriedFrom,
    });
  })();
}
