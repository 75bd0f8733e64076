import type { ReconciliationRecord } from '../../../store/repositories/reconciliations.js';
import { amountFieldOf } from '../../schema.js';
import type { Casework } from '../casework.js';
import { engineEntityOf } from '../entities.js';
import { describeDecision, describeOutcome, flagCounts, formatTotals, summaryView } from '../views.js';

export type Cell = string | number | null;

/** One table of a report: a sheet of the workbook, a CSV file, a section of the PDF. */
export interface ReportTable {
  readonly name: 'Summary' | 'Matches' | 'Differences' | 'Unmatched' | 'Flags' | 'Decisions';
  readonly columns: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
}

export interface ReportData {
  readonly title: string;
  readonly fileStem: string;
  readonly summary: ReturnType<typeof summaryView>;
  readonly auditTrail: { readonly intact: boolean; readonly entries: number; readonly brokenAtSeq?: number };
  readonly unmatchedTotals: { readonly left: Record<string, number>; readonly right: Record<string, number> };
  readonly tables: readonly ReportTable[];
}

/** Everything a report of one reconciliation holds, read from the store as it was kept. */
export function reportData(casework: Casework, header: ReconciliationRecord): ReportData {
  const summary = summaryView(casework, header);
  const verification = casework.workspace.auditLog.verify();
  const totals = casework.workspace.reconciliations.rows.unmatchedTotals(header.id);
  const title = `${header.entity} reconciliation ${header.periodStart} to ${header.periodEnd}: ${header.left.label} ↔ ${header.right.label}`;
  return {
    title,
    fileStem: `reconciliation-${header.entity}-${header.periodStart}-${header.periodEnd}`,
    summary,
    auditTrail: verification,
    unmatchedTotals: totals,
    tables: [
      summaryTable(casework, header, summary, verification, totals),
      ...matchTables(casework, header),
      unmatchedTable(casework, header),
      flagsTable(casework, header),
      decisionsTable(casework, header),
    ],
  };
}

function summaryTable(
  casework: Casework,
  header: ReconciliationRecord,
  summary: ReturnType<typeof summaryView>,
  verification: ReportData['auditTrail'],
  totals: ReportData['unmatchedTotals'],
): ReportTable {
  const { counts } = summary;
  const money = (side: Record<string, number>) =>
    Object.entries(formatTotals(side))
      .map(([currency, amount]) => `${currency} ${amount}`)
      .join(', ') || 'none';
  const flags = flagCounts(casework.workspace.reconciliations.matches.listFlags(header.id));
  const rows: Cell[][] = [
    ['Entity', header.entity],
    ['Period', `${header.periodStart} to ${header.periodEnd}`],
    [
      'Left side',
      `${header.left.label} (${summary.left.records} records, ${summary.left.carriedForward} carried forward)`,
    ],
    [
      'Right side',
      `${header.right.label} (${summary.right.records} records, ${summary.right.carriedForward} carried forward)`,
    ],
    ['Status', header.status],
    ['Started', `${header.startedAt} by ${header.startedBy}`],
    ['Matched automatically', counts.auto],
    ['Suggested, undecided', counts.suggested],
    ['Suggested, accepted', counts.accepted],
    ['Matched by hand', counts.manual],
    ['Matches with differences', counts.differences],
    ['Unmatched left', counts.unmatchedLeft],
    ['Unmatched right', counts.unmatchedRight],
    ['Unmatched left total', money(totals.left)],
    ['Unmatched right total', money(totals.right)],
    ['Corrections pending', counts.pendingCorrections],
    ...flags.map((flag): Cell[] => [`Flag ${flag.code} (${flag.severity})`, flag.count]),
    ['Signed off', summary.signOff ? `${summary.signOff.at} by ${summary.signOff.by}` : 'not signed off'],
    ['Sign-off comment', summary.signOff?.comment ?? ''],
    [
      'Audit trail',
      verification.intact
        ? `intact (${verification.entries} entries verified)`
        : `BROKEN at entry ${verification.brokenAtSeq} (${verification.entries} entries verified before it)`,
    ],
  ];
  return { name: 'Summary', columns: ['Item', 'Value'], rows };
}

/** Matches (one line per match) and their differences (one line per differing field). */
function matchTables(casework: Casework, header: ReconciliationRecord): [ReportTable, ReportTable] {
  const store = casework.workspace.reconciliations;
  const amountField = amountFieldOf(engineEntityOf(header.entity));
  const explanations = new Map<string, string>();
  for (const row of store.rows.iterate(header.id)) {
    if (row.explanation && row.position === 0) explanations.set(row.groupId, row.explanation);
  }
  const values = recordValues(casework, header.id);
  const amounts = (side: 'left' | 'right', keys: readonly string[]) =>
    amountField ? keys.map((key) => values[side].get(key)?.[amountField] ?? '').join(' + ') : '';
  const matches: Cell[][] = [];
  const differences: Cell[][] = [];
  for (const match of store.matches.iterateStanding(header.id)) {
    const explanation = explanations.get(`m${match.id}`) ?? '';
    matches.push([
      match.id,
      match.state,
      match.confidence,
      match.pass ?? 'manual',
      match.left.join(', '),
      match.right.join(', '),
      amounts('left', match.left),
      amounts('right', match.right),
      match.differences.map((difference) => difference.field).join(', '),
      match.flags.join(', '),
      explanation,
    ]);
    for (const difference of match.differences) {
      differences.push([
        match.id,
        match.left.join(', '),
        match.right.join(', '),
        difference.field,
        difference.left,
        difference.right,
        explanation,
      ]);
    }
  }
  return [
    {
      name: 'Matches',
      columns: [
        'Match',
        'Status',
        'Confidence',
        'Pass',
        'Left',
        'Right',
        'Left amount',
        'Right amount',
        'Differences',
        'Flags',
        'Explanation',
      ],
      rows: matches,
    },
    {
      name: 'Differences',
      columns: ['Match', 'Left', 'Right', 'Field', 'Left value', 'Right value', 'Explanation'],
      rows: differences,
    },
  ];
}

/** Every record's display values by side and key, read in one pass (a report touches most of them). */
function recordValues(casework: Casework, reconciliationId: string) {
  const { records } = casework.workspace.reconciliations;
  return { left: records.valuesByKey(reconciliationId, 'left'), right: records.valuesByKey(reconciliationId, 'right') };
}

function unmatchedTable(casework: Casework, header: ReconciliationRecord): ReportTable {
  const store = casework.workspace.reconciliations;
  const amountField = amountFieldOf(engineEntityOf(header.entity)) ?? '';
  const rows: Cell[][] = [];
  for (const row of store.rows.iterate(header.id)) {
    if (row.status !== 'unmatched') continue;
    const side = row.leftKey !== null ? 'left' : 'right';
    const key = (row.leftKey ?? row.rightKey)!;
    const record = store.records.get(header.id, side, key);
    const values = record?.values ?? {};
    rows.push([
      side,
      key,
      values.date ?? '',
      values.party_name ?? values.name ?? '',
      values.number ?? values.reference ?? '',
      values[amountField] ?? '',
      values.currency ?? '',
      store.matches
        .flagsOf(header.id, side, key)
        .map((flag) => flag.code)
        .join(', '),
      row.explanation ?? '',
      record?.carriedFrom ?? '',
    ]);
  }
  return {
    name: 'Unmatched',
    columns: [
      'Side',
      'Record',
      'Date',
      'Party',
      'Number',
      'Amount',
      'Currency',
      'Flags',
      'Explanation',
      'Carried from',
    ],
    rows,
  };
}

function flagsTable(casework: Casework, header: ReconciliationRecord): ReportTable {
  const rows = casework.workspace.reconciliations.matches
    .listFlags(header.id)
    .map((flag): Cell[] => [flag.code, flag.severity, flag.score, flag.side, flag.ids.join(', '), flag.message]);
  return { name: 'Flags', columns: ['Code', 'Severity', 'Score', 'Side', 'Records', 'Message'], rows };
}

function decisionsTable(casework: Casework, header: ReconciliationRecord): ReportTable {
  const store = casework.workspace.reconciliations;
  const rows: Cell[][] = store.decisions
    .list(header.id)
    .map((decision) => [
      decision.at,
      decision.actor,
      decision.role,
      decision.kind,
      decision.rowKeys.slice(0, 20).join(', '),
      describeDecision(decision),
      decision.auditSeq,
    ]);
  for (const correction of store.corrections.list(header.id)) {
    if (!correction.outcome) continue;
    rows.push([
      correction.decidedAt,
      correction.decidedBy,
      'approver',
      'correction_outcome',
      correction.rowKey,
      describeOutcome(correction),
      null,
    ]);
  }
  return { name: 'Decisions', columns: ['When', 'Who', 'Role', 'Decision', 'Rows', 'What', 'Audit entry'], rows };
}
