import { CounterpartError } from '../../errors.js';
import type { ReconciliationRecord, ReconSide } from '../../store/repositories/reconciliations.js';
import type { StoredDecision } from '../../store/repositories/reconDecisions.js';
import type { GridRow } from '../../store/repositories/reconRows.js';
import {
  type Actor,
  type Casework,
  type DecisionInput,
  inTransaction,
  openReconciliation,
  recordDecision,
  recordKey,
} from './casework.js';
import { engineEntityOf } from './entities.js';
import { type RecordView, rowsOfGroup } from './gridRows.js';

export interface DecisionResult {
  readonly decision: StoredDecision;
  /** The rows that now show the records the decision concerned. */
  readonly rows: GridRow[];
}

/** Accepts a suggested match: it counts as matched from now on. */
export function acceptMatch(
  casework: Casework,
  input: { id: string; rowKey: string; comment?: string | undefined },
): DecisionResult {
  const actor = casework.actor();
  openReconciliation(casework, input.id);
  const { rows } = casework.workspace.reconciliations;
  const row = matchRow(casework, input.id, input.rowKey);
  if (row.status !== 'suggested') {
    throw new CounterpartError(
      'recon.not_suggested',
      `Row ${input.rowKey} is ${describeStatus(row.status)}, not a suggestion waiting for a decision.`,
      { reconciliationId: input.id, rowKey: input.rowKey },
    );
  }
  return inTransaction(casework, input.id, () => {
    casework.workspace.reconciliations.matches.setState(input.id, row.matchId!, 'accepted');
    rows.setGroupStatus(input.id, row.groupId, 'accepted');
    return decideOnRow(casework, actor, input, row, {
      kind: 'accepted',
      action: 'recon.match_accepted',
      before: { status: 'suggested', matchId: row.matchId, confidence: row.confidence },
      after: { status: 'accepted', matchId: row.matchId },
      comment: input.comment ?? null,
    });
  });
}

/** Rejects a match (whatever made it); its records become unmatched rows where the match was. */
export function rejectMatch(casework: Casework, input: { id: string; rowKey: string; reason: string }): DecisionResult {
  const actor = casework.actor();
  const reconciliation = openReconciliation(casework, input.id);
  const row = matchRow(casework, input.id, input.rowKey);
  const { rows, matches } = casework.workspace.reconciliations;
  return inTransaction(casework, input.id, () => {
    const group = rows.group(input.id, row.groupId);
    const match = matches.require(input.id, row.matchId!);
    matches.setState(input.id, match.id, 'rejected');
    rows.deleteGroup(input.id, row.groupId);
    const records = [
      ...match.left.map((key) => ['left', key] as const),
      ...match.right.map((key) => ['right', key] as const),
    ];
    let rowNo = rows.slotFor(input.id, group[0]?.rowNo ?? null, records.length);
    const created: GridRow[] = [];
    for (const [side, key] of records) {
      const view = recordView(casework, input.id, side, key);
      const unmatched = rowsOfGroup({
        entity: engineEntityOf(reconciliation.entity),
        matchId: null,
        status: 'unmatched',
        confidence: null,
        left: side === 'left' ? [view] : [],
        right: side === 'right' ? [view] : [],
        differences: [],
        explanation: null,
        rowNo: rowNo++,
      });
      rows.insertMany(input.id, unmatched);
      created.push(...unmatched);
    }
    const decision = recordDecision(casework, actor, {
      reconciliationId: input.id,
      kind: 'rejected',
      action: 'recon.match_rejected',
      rowKeys: [input.rowKey],
      recordKeys: recordKeysOf(group),
      before: { status: row.status, matchId: match.id, left: match.left, right: match.right },
      after: { status: 'unmatched' },
      comment: input.reason,
    });
    return { decision, rows: created.map((r) => rows.require(input.id, r.rowKey)) };
  });
}

/** Matches unmatched records by hand, one to one or one to many. */
export function matchManually(
  casework: Casework,
  input: { id: string; leftKeys: string[]; rightKeys: string[]; comment?: string | undefined },
): DecisionResult {
  const actor = casework.actor();
  const reconciliation = openReconciliation(casework, input.id);
  const { rows, matches } = casework.workspace.reconciliations;
  const left = input.leftKeys.map((key) => unmatchedRecord(casework, reconciliation, 'left', key));
  const right = input.rightKeys.map((key) => unmatchedRecord(casework, reconciliation, 'right', key));
  return inTransaction(casework, input.id, () => {
    const replaced = [...left, ...right];
    for (const row of replaced) rows.deleteGroup(input.id, row.groupId);
    const views = {
      left: input.leftKeys.map((key) => recordView(casework, input.id, 'left', key)),
      right: input.rightKeys.map((key) => recordView(casework, input.id, 'right', key)),
    };
    const differences = differingFields(views.left, views.right);
    const matchId = matches.insert(input.id, {
      origin: 'manual',
      engineStatus: null,
      state: 'manual',
      pass: null,
      confidence: null,
      left: input.leftKeys,
      right: input.rightKeys,
      evidence: [],
      differences,
      flags: [],
      alternatives: [],
    });
    const size = Math.max(views.left.length, views.right.length);
    const rowNo = rows.slotFor(input.id, Math.min(...replaced.map((row) => row.rowNo)), size);
    const created = rowsOfGroup({
      entity: engineEntityOf(reconciliation.entity),
      matchId,
      status: 'manual',
      confidence: null,
      left: views.left,
      right: views.right,
      differences: differences.map((difference) => difference.field),
      explanation: null,
      rowNo,
    });
    rows.insertMany(input.id, created);
    const decision = recordDecision(casework, actor, {
      reconciliationId: input.id,
      kind: 'matched_manually',
      action: 'recon.matched_manually',
      rowKeys: created.map((row) => row.rowKey),
      recordKeys: recordKeysOfMatch(input.leftKeys, input.rightKeys),
      before: { status: 'unmatched', rows: replaced.map((row) => row.rowKey) },
      after: { status: 'manual', matchId, left: input.leftKeys, right: input.rightKeys },
      comment: input.comment ?? null,
    });
    return { decision, rows: rows.group(input.id, created[0]!.groupId) };
  });
}

/** Accepts every suggestion at or above a confidence in one decision. */
export function bulkAcceptMatches(
  casework: Casework,
  input: { id: string; minConfidence: number; comment?: string | undefined },
): { decision: StoredDecision | null; accepted: number } {
  const actor = casework.actor();
  openReconciliation(casework, input.id);
  const { rows, matches } = casework.workspace.reconciliations;
  const suggestions = matches.suggestedFrom(input.id, input.minConfidence);
  if (suggestions.length === 0) return { decision: null, accepted: 0 };
  return inTransaction(casework, input.id, () => {
    for (const match of suggestions) {
      matches.setState(input.id, match.id, 'accepted');
      rows.setGroupStatus(input.id, `m${match.id}`, 'accepted');
    }
    const decision = recordDecision(casework, actor, {
      reconciliationId: input.id,
      kind: 'bulk_accepted',
      action: 'recon.matches_bulk_accepted',
      rowKeys: suggestions.map((match) => `m${match.id}:0`),
      recordKeys: suggestions.flatMap((match) => recordKeysOfMatch(match.left, match.right)),
      before: { status: 'suggested', matches: suggestions.length },
      after: { status: 'accepted', minConfidence: input.minConfidence, matchIds: suggestions.map((m) => m.id) },
      comment: input.comment ?? null,
    });
    return { decision, accepted: suggestions.length };
  });
}

/** Explains a difference (or an unmatched record) with a note shown beside the row and in the reports. */
export function explainDifference(
  casework: Casework,
  input: { id: string; rowKey: string; note: string },
): DecisionResult {
  const actor = casework.actor();
  openReconciliation(casework, input.id);
  const { rows } = casework.workspace.reconciliations;
  const row = rows.require(input.id, input.rowKey);
  return inTransaction(casework, input.id, () => {
    rows.setGroupExplanation(input.id, row.groupId, input.note);
    return decideOnRow(casework, actor, input, row, {
      kind: 'explained',
      action: 'recon.difference_explained',
      before: { explanation: row.explanation },
      after: { explanation: input.note },
      comment: input.note,
    });
  });
}

function matchRow(casework: Casework, id: string, rowKey: string): GridRow & { matchId: string } {
  const row = casework.workspace.reconciliations.rows.require(id, rowKey);
  if (row.matchId === null) {
    throw new CounterpartError(
      'recon.not_a_match',
      `Row ${rowKey} is an unmatched record, not a match; match it by hand instead.`,
      { reconciliationId: id, rowKey },
    );
  }
  return row as GridRow & { matchId: string };
}

function unmatchedRecord(
  casework: Casework,
  reconciliation: ReconciliationRecord,
  side: ReconSide,
  key: string,
): GridRow {
  const row = casework.workspace.reconciliations.rows.rowOfRecord(reconciliation.id, side, key);
  if (!row) {
    throw new CounterpartError(
      'recon.unknown_record',
      `There is no ${side} record "${key}" (${reconciliation[side].label}) in this reconciliation.`,
      { reconciliationId: reconciliation.id, side, recordKey: key },
    );
  }
  if (row.status !== 'unmatched') {
    throw new CounterpartError(
      'recon.already_matched',
      `The ${side} record "${key}" is already in a match (row ${row.rowKey}); reject that match first.`,
      { reconciliationId: reconciliation.id, side, recordKey: key },
    );
  }
  return row;
}

export function recordView(casework: Casework, id: string, side: ReconSide, key: string): RecordView {
  const { records, matches } = casework.workspace.reconciliations;
  return {
    key,
    values: records.get(id, side, key)?.values ?? {},
    flags: matches.flagsOf(id, side, key).map((flag) => flag.code),
  };
}

/** Records a decision on the group a row belongs to, once changed, and answers with that group as it now stands. */
function decideOnRow(
  casework: Casework,
  actor: Actor,
  input: { id: string; rowKey: string },
  row: GridRow,
  decision: Pick<DecisionInput, 'kind' | 'action' | 'before' | 'after' | 'comment'>,
): DecisionResult {
  const group = casework.workspace.reconciliations.rows.group(input.id, row.groupId);
  const recorded = recordDecision(casework, actor, {
    reconciliationId: input.id,
    rowKeys: [input.rowKey],
    recordKeys: recordKeysOf(group),
    ...decision,
  });
  return { decision: recorded, rows: group };
}

function recordKeysOfMatch(left: readonly string[], right: readonly string[]): string[] {
  return [...left.map((key) => recordKey('left', key)), ...right.map((key) => recordKey('right', key))];
}

function recordKeysOf(rows: readonly GridRow[]): string[] {
  return rows.flatMap((row) => [
    ...(row.leftKey === null ? [] : [recordKey('left', row.leftKey)]),
    ...(row.rightKey === null ? [] : [recordKey('right', row.rightKey)]),
  ]);
}

/**
 * Differences of a match made by hand: field by field for one to one; for a group, only whether the amounts add
 * up (the engine's own comparison needs the whole run's normalisation, which a hand-made match does not redo).
 */
function differingFields(
  left: readonly RecordView[],
  right: readonly RecordView[],
): Array<{ field: string; left: string; right: string }> {
  if (left.length === 1 && right.length === 1) {
    const [l, r] = [left[0]!.values, right[0]!.values];
    return Object.keys(l)
      .filter((field) => field in r && l[field]!.trim().toLowerCase() !== r[field]!.trim().toLowerCase())
      .map((field) => ({ field, left: l[field]!, right: r[field]! }));
  }
  return [];
}

function describeStatus(status: GridRow['status']): string {
  const words: Record<GridRow['status'], string> = {
    auto: 'matched automatically',
    suggested: 'a suggestion',
    accepted: 'already accepted',
    manual: 'matched by hand',
    unmatched: 'an unmatched record',
  };
  return words[status];
}
