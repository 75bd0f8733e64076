import { z } from 'zod';
import { currencyExponent, formatMinorUnits } from '../../model/money.js';
import type { StoredCorrection } from '../../store/repositories/reconCorrections.js';
import type { ReconciliationRecord, ReconSide } from '../../store/repositories/reconciliations.js';
import type { StoredDecision } from '../../store/repositories/reconDecisions.js';
import type { StoredFlag, StoredMatch } from '../../store/repositories/reconMatches.js';
import type { ReconRecord } from '../../store/repositories/reconRecords.js';
import type { GridRow } from '../../store/repositories/reconRows.js';
import { fieldsOf } from '../schema.js';
import type { Casework } from './casework.js';
import { engineEntityOf } from './entities.js';

/**
 * The console's views of stored reconciliations: headers with their counts, grid rows with both records, a row in
 * full with its evidence and history. Everything is read from the store as it was kept; nothing is recomputed.
 */

const StoredSummary = z.object({
  left: z.object({ badRows: z.number() }),
  right: z.object({ badRows: z.number() }),
});
const StoredIssues = z.array(z.object({ source: z.string(), line: z.number(), code: z.string(), reason: z.string() }));

export function summaryView(casework: Casework, header: ReconciliationRecord) {
  const store = casework.workspace.reconciliations;
  const counts = store.rows.counts(header.id);
  const summary = header.summaryJson ? StoredSummary.safeParse(JSON.parse(header.summaryJson)) : undefined;
  const side = (name: ReconSide) => {
    const { records, carried } = store.records.count(header.id, name);
    return {
      kind: header[name].kind,
      label: header[name].label,
      connectionId: header[name].connectionId,
      system: header[name].system,
      records,
      carriedForward: carried,
      badRows: summary?.success ? summary.data[name].badRows : 0,
    };
  };
  const signOff = store.signOffs.get(header.id);
  return {
    id: header.id,
    entity: header.entity,
    period: { start: header.periodStart, end: header.periodEnd },
    status: header.status,
    left: side('left'),
    right: side('right'),
    counts: {
      auto: counts.byStatus.auto,
      suggested: counts.byStatus.suggested,
      accepted: counts.byStatus.accepted,
      manual: counts.byStatus.manual,
      unmatchedLeft: counts.unmatchedLeft,
      unmatchedRight: counts.unmatchedRight,
      differences: counts.differences,
      pendingCorrections: store.corrections.pending(header.id).length,
    },
    startedBy: header.startedBy,
    startedAt: header.startedAt,
    finishedAt: header.finishedAt,
    problem: header.problem,
    locked: header.status === 'signed_off',
    signOff: signOff ? { by: signOff.signedBy, at: signOff.signedAt, comment: signOff.comment } : null,
  };
}

export function detailView(casework: Casework, header: ReconciliationRecord) {
  const store = casework.workspace.reconciliations;
  const columns = fieldsOf(engineEntityOf(header.entity))
    .filter((spec) => spec.name !== 'id')
    .map((spec) => ({ field: spec.name, label: labelOf(spec.name), kind: spec.kind }));
  const totals = store.rows.unmatchedTotals(header.id);
  const counts = store.rows.counts(header.id);
  return {
    ...summaryView(casework, header),
    columns: { left: columns, right: columns },
    flags: flagCounts(store.matches.listFlags(header.id)),
    badRows: StoredIssues.parse(JSON.parse(header.issuesJson)).slice(0, 200),
    totals: {
      unmatchedLeft: formatTotals(totals.left),
      unmatchedRight: formatTotals(totals.right),
      differences: counts.differences,
    },
  };
}

export type RowView = ReturnType<RowViews['view']>;

/**
 * Turns stored grid rows into what the grid shows. Records, flags and pending corrections of a whole page are read
 * in one query each (`prefetch`), so a page of 100 rows costs a handful of queries, not hundreds.
 */
export class RowViews {
  private readonly matches = new Map<string, StoredMatch | undefined>();
  private readonly records = { left: new Map<string, ReconRecord>(), right: new Map<string, ReconRecord>() };
  private readonly flags = { left: new Map<string, StoredFlag[]>(), right: new Map<string, StoredFlag[]>() };
  private pending: Map<string, number> | undefined;

  constructor(
    private readonly casework: Casework,
    private readonly reconciliationId: string,
  ) {}

  /** Reads everything the rows will show, one query per kind. */
  prefetch(rows: readonly GridRow[]): this {
    const store = this.casework.workspace.reconciliations;
    for (const side of ['left', 'right'] as const) {
      const keys = rows.flatMap((row) => {
        const key = side === 'left' ? row.leftKey : row.rightKey;
        return key === null || this.records[side].has(key) ? [] : [key];
      });
      if (keys.length === 0) continue;
      for (const record of store.records.getMany(this.reconciliationId, side, keys)) {
        this.records[side].set(record.key, record);
      }
      const flags = store.matches.flagsOfMany(this.reconciliationId, side, keys);
      for (const key of keys) this.flags[side].set(key, flags.get(key) ?? []);
    }
    return this;
  }

  view(row: GridRow) {
    this.prefetch([row]);
    const match = this.match(row.matchId);
    this.pending ??= this.casework.workspace.reconciliations.corrections.pendingByRecord(this.reconciliationId);
    const pending = (side: ReconSide, key: string | null) =>
      key === null ? 0 : (this.pending?.get(`${side}:${key}`) ?? 0);
    return {
      rowKey: row.rowKey,
      groupId: row.groupId,
      matchId: row.matchId,
      position: row.position,
      groupSize: row.groupSize,
      status: row.status,
      confidence: row.confidence,
      left: this.cell('left', row.leftKey),
      right: this.cell('right', row.rightKey),
      differences: match ? match.differences.map((difference) => difference.field) : [],
      explanation: row.explanation,
      flags: rowFlags([...this.flagsOf('left', row.leftKey), ...this.flagsOf('right', row.rightKey)]),
      pendingCorrections: pending('left', row.leftKey) + pending('right', row.rightKey),
    };
  }

  cell(side: ReconSide, key: string | null) {
    if (key === null) return null;
    let record = this.records[side].get(key);
    if (!record) {
      record = this.casework.workspace.reconciliations.records.get(this.reconciliationId, side, key);
      if (record) this.records[side].set(key, record);
    }
    return { key, values: { ...(record?.values ?? {}) }, carriedFrom: record?.carriedFrom ?? null };
  }

  match(matchId: string | null): StoredMatch | undefined {
    if (matchId === null) return undefined;
    if (!this.matches.has(matchId)) {
      this.matches.set(matchId, this.casework.workspace.reconciliations.matches.get(this.reconciliationId, matchId));
    }
    return this.matches.get(matchId);
  }

  private flagsOf(side: ReconSide, key: string | null): StoredFlag[] {
    return key === null ? [] : (this.flags[side].get(key) ?? []);
  }
}

/** One row in full: both records field by field, the evidence per field, the competing candidates, the history. */
export function matchDetailView(casework: Casework, header: ReconciliationRecord, row: GridRow) {
  const views = new RowViews(casework, header.id);
  const store = casework.workspace.reconciliations;
  const group = store.rows.group(header.id, row.groupId);
  const match = views.match(row.matchId);
  const left = group.flatMap((r) => (r.leftKey === null ? [] : [views.cell('left', r.leftKey)!]));
  const right = group.flatMap((r) => (r.rightKey === null ? [] : [views.cell('right', r.rightKey)!]));
  const leftValues = views.cell('left', row.leftKey)?.values ?? {};
  const rightValues = views.cell('right', row.rightKey)?.values ?? {};
  const differing = new Set(match?.differences.map((difference) => difference.field) ?? []);
  const fields = [...new Set([...Object.keys(leftValues), ...Object.keys(rightValues)])].map((field) => ({
    field,
    left: leftValues[field] ?? null,
    right: rightValues[field] ?? null,
    differs: differing.has(field),
  }));
  return {
    row: views.view(row),
    left,
    right,
    fields,
    evidence: match ? [...match.evidence] : [],
    pass: match?.pass ?? null,
    candidates: (match?.alternatives ?? []).map((alternative) => ({
      left: alternative.left.map((key) => views.cell('left', key)!),
      right: alternative.right.map((key) => views.cell('right', key)!),
      confidence: alternative.confidence,
    })),
    history: [
      ...recordHistory(casework, header, 'left', row.leftKey),
      ...recordHistory(casework, header, 'right', row.rightKey),
    ].sort((a, b) => a.at.localeCompare(b.at)),
  };
}

function recordHistory(casework: Casework, header: ReconciliationRecord, side: ReconSide, key: string | null) {
  if (key === null) return [];
  const store = casework.workspace.reconciliations;
  const record = store.records.get(header.id, side, key);
  const history: Array<{
    at: string;
    kind: 'read' | 'carried_forward' | 'decision' | 'correction' | 'written';
    actor: string | null;
    text: string;
  }> = [];
  if (record) {
    const source = (record.canonical as { source?: { updatedAt?: unknown } } | null)?.source;
    const changed = typeof source?.updatedAt === 'string' ? `, last changed there ${source.updatedAt}` : '';
    history.push(
      record.carriedFrom
        ? {
            at: record.readAt,
            kind: 'carried_forward',
            actor: null,
            text: `${key} was carried forward unresolved from reconciliation ${record.carriedFrom}.`,
          }
        : { at: record.readAt, kind: 'read', actor: null, text: `${key} read from ${header[side].label}${changed}.` },
    );
  }
  for (const decision of store.decisions.forRecord(header.id, `${side}:${key}`)) {
    history.push({ at: decision.at, kind: 'decision', actor: decision.actor, text: describeDecision(decision) });
  }
  for (const correction of store.corrections.forRecord(header.id, side, key)) {
    if (correction.outcome && correction.decidedAt) {
      history.push({
        at: correction.decidedAt,
        kind: 'written',
        actor: correction.decidedBy,
        text: describeOutcome(correction),
      });
    }
  }
  return history;
}

export function decisionView(decision: StoredDecision) {
  return {
    id: decision.id,
    reconciliationId: decision.reconciliationId,
    kind: decision.kind,
    actor: decision.actor,
    role: decision.role,
    at: decision.at,
    rowKeys: [...decision.rowKeys],
    before: decision.before,
    after: decision.after,
    comment: decision.comment,
    auditSeq: decision.auditSeq,
  };
}

export function correctionView(correction: StoredCorrection) {
  return { ...correction };
}

export function describeDecision(decision: StoredDecision): string {
  const comment = decision.comment ? `: ${decision.comment}` : '';
  const texts: Record<StoredDecision['kind'], string> = {
    accepted: 'Match accepted',
    rejected: 'Match rejected',
    matched_manually: 'Matched by hand',
    bulk_accepted: 'Accepted with other suggestions above a confidence',
    explained: 'Difference explained',
    correction_proposed: 'Correction proposed',
    correction_approved: 'Correction approved',
    correction_rejected: 'Correction rejected',
    signed_off: 'Period signed off',
  };
  return `${texts[decision.kind]} by ${decision.actor} (${decision.role})${comment}`;
}

export function describeOutcome(correction: StoredCorrection): string {
  const outcome = correction.outcome;
  if (!outcome) return `${correction.field} → ${correction.proposedValue}: not written`;
  if (outcome.state === 'written') {
    return `${correction.field} → ${correction.proposedValue} written to ${outcome.system} (record ${outcome.recordId})`;
  }
  if (outcome.state === 'dead_lettered') {
    return `${correction.field} → ${correction.proposedValue} refused; dead letter ${outcome.deadLetterId}: ${outcome.message}`;
  }
  return `${correction.field} → ${correction.proposedValue} not written: ${outcome.message}`;
}

function rowFlags(flags: readonly StoredFlag[]) {
  const seen = new Set<string>();
  return flags.flatMap((flag) => {
    const key = `${flag.code}\n${flag.message}`;
    if (seen.has(key)) return [];
    seen.add(key);
    return [{ code: flag.code, severity: flag.severity, message: flag.message }];
  });
}

const SEVERITY_RANK = { info: 0, warning: 1, error: 2 } as const;

export function flagCounts(flags: readonly StoredFlag[]) {
  const byCode = new Map<string, { code: string; severity: StoredFlag['severity']; count: number }>();
  for (const flag of flags) {
    const entry = byCode.get(flag.code) ?? { code: flag.code, severity: flag.severity, count: 0 };
    entry.count += 1;
    if (SEVERITY_RANK[flag.severity] > SEVERITY_RANK[entry.severity]) entry.severity = flag.severity;
    byCode.set(flag.code, entry);
  }
  return [...byCode.values()].sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
}

export function formatTotals(totals: Readonly<Record<string, number>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(totals).map(([currency, minor]) => [
      currency,
      formatMinorUnits(minor, currency ? currencyExponent(currency) : 2),
    ]),
  );
}

/** "party_name" → "Party name". */
export function labelOf(field: string): string {
  const words = field.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
