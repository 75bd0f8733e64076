import { z } from 'zod';
import { CalendarDate } from '../../model/dates.js';
import { SystemName } from '../../model/recordRef.js';
import { CorrectionOutcome } from '../../recon/casework/correctionOutcome.js';
import { ReconEntityName } from '../../recon/casework/entities.js';
import { command, query } from '../operation.js';
import { Role } from './settings.js';

/**
 * The reconciliation console: persisted reconciliations of two sides (connections or exported files) for a period,
 * the grid of aligned rows, and the decisions, corrections and sign-off made on them. Every command acts as the
 * person named in settings, with their role; nothing here trusts a name or role sent by the UI.
 */

export { ReconEntityName };

export const ReconId = z.string().min(1, 'Choose a reconciliation').max(100);

/** An exported file sent by the console: its name (for messages and the extension) and its bytes. */
export const UploadedFile = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, 'Name the file')
      .max(255)
      .regex(/^[^/\\]+$/, 'a file name without folders'),
    contentBase64: z.base64('the file content as base64').min(1, 'The file is empty'),
  })
  .strict();
export type UploadedFile = z.infer<typeof UploadedFile>;

/** One side of a reconciliation: a connection read through its connector, or an exported CSV/XLSX file. */
export const SideSource = z.union([
  z.object({ connectionId: z.string().min(1, 'Choose a connection') }).strict(),
  z.object({ file: UploadedFile }).strict(),
]);
export type SideSource = z.infer<typeof SideSource>;

export const Period = z
  .object({ start: CalendarDate, end: CalendarDate })
  .strict()
  .refine((period) => period.start <= period.end, { message: 'The period ends before it starts', path: ['end'] });
export type Period = z.infer<typeof Period>;

export const NewReconciliation = z
  .object({ left: SideSource, right: SideSource, entity: ReconEntityName, period: Period })
  .strict();
export type NewReconciliation = z.infer<typeof NewReconciliation>;

/** running → ready (→ signed_off); failed and cancelled runs are kept with their reason. */
export const ReconStatus = z.enum(['running', 'ready', 'failed', 'cancelled', 'signed_off']);
export type ReconStatus = z.infer<typeof ReconStatus>;

/** How a side was read, as the console may show it (a file's name, a connection's name and system; no paths). */
export const SideDescription = z.object({
  kind: z.enum(['connection', 'file']),
  /** Connection name or file name. */
  label: z.string(),
  connectionId: z.string().nullable(),
  system: SystemName.nullable(),
  records: z.number().int().nonnegative(),
  /** Records brought forward from the previous period's signed-off reconciliation of the same sides. */
  carriedForward: z.number().int().nonnegative(),
  badRows: z.number().int().nonnegative(),
});
export type SideDescription = z.infer<typeof SideDescription>;

/** Row counts by status as the grid's filter chips show them. */
export const StatusCounts = z.object({
  auto: z.number().int().nonnegative(),
  suggested: z.number().int().nonnegative(),
  accepted: z.number().int().nonnegative(),
  manual: z.number().int().nonnegative(),
  unmatchedLeft: z.number().int().nonnegative(),
  unmatchedRight: z.number().int().nonnegative(),
  differences: z.number().int().nonnegative(),
  pendingCorrections: z.number().int().nonnegative(),
});
export type StatusCounts = z.infer<typeof StatusCounts>;

export const SignOff = z.object({ by: z.string(), at: z.iso.datetime(), comment: z.string() });

export const ReconciliationSummary = z.object({
  id: z.string(),
  entity: ReconEntityName,
  period: z.object({ start: CalendarDate, end: CalendarDate }),
  status: ReconStatus,
  left: SideDescription,
  right: SideDescription,
  counts: StatusCounts,
  startedBy: z.string(),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
  /** Why a run failed or was cancelled. */
  problem: z.string().nullable(),
  locked: z.boolean(),
  signOff: SignOff.nullable(),
});
export type ReconciliationSummary = z.infer<typeof ReconciliationSummary>;

export const ReconciliationList = z.object({ reconciliations: z.array(ReconciliationSummary) });

export const ReconColumn = z.object({
  /** Field name in row values (`number`, `party_name`, `total` …). */
  field: z.string(),
  label: z.string(),
  kind: z.enum(['text', 'money', 'date', 'currency', 'status']),
});

export const FlagCount = z.object({
  code: z.string(),
  severity: z.enum(['info', 'warning', 'error']),
  count: z.number().int().nonnegative(),
});

/** A row of the input files that could not be used: where it is and why. */
export const BadRow = z.object({ source: z.string(), line: z.number().int(), code: z.string(), reason: z.string() });

export const ReconciliationDetail = ReconciliationSummary.extend({
  columns: z.object({ left: z.array(ReconColumn), right: z.array(ReconColumn) }),
  flags: z.array(FlagCount),
  /** Bad rows of the inputs (first 200), with file, line and reason. */
  badRows: z.array(BadRow),
  /** The period's totals of the amount column per side (minor units as decimal text, by currency). */
  totals: z.object({
    unmatchedLeft: z.record(z.string(), z.string()),
    unmatchedRight: z.record(z.string(), z.string()),
    differences: z.number().int().nonnegative(),
  }),
});
export type ReconciliationDetail = z.infer<typeof ReconciliationDetail>;

/** A record as the grid shows it: its key (the id in its system or file) and flat display values by field. */
export const RecordCell = z.object({
  key: z.string(),
  values: z.record(z.string(), z.string()),
  /** Set when the record was brought forward unresolved from an earlier signed-off period. */
  carriedFrom: z.string().nullable(),
});
export type RecordCell = z.infer<typeof RecordCell>;

export const RowStatus = z.enum(['auto', 'suggested', 'accepted', 'manual', 'unmatched']);
export type RowStatus = z.infer<typeof RowStatus>;

export const RowFlag = z.object({
  code: z.string(),
  severity: z.enum(['info', 'warning', 'error']),
  message: z.string(),
});

/**
 * One line of the grid. A match of one record to one is one row; a one-to-many group is several consecutive rows
 * sharing `groupId` (position 0 first), each holding one record of the longer side. Unmatched records are rows of
 * their own with only one side filled.
 */
export const ReconRow = z.object({
  rowKey: z.string(),
  groupId: z.string(),
  matchId: z.string().nullable(),
  position: z.number().int().nonnegative(),
  groupSize: z.number().int().positive(),
  status: RowStatus,
  /** 0–1; null for unmatched records. */
  confidence: z.number().min(0).max(1).nullable(),
  left: RecordCell.nullable(),
  right: RecordCell.nullable(),
  /** Fields whose values differ between the two sides (after normalisation). */
  differences: z.array(z.string()),
  /** The note that explains the difference, when someone wrote one. */
  explanation: z.string().nullable(),
  flags: z.array(RowFlag),
  pendingCorrections: z.number().int().nonnegative(),
});
export type ReconRow = z.infer<typeof ReconRow>;

export const RowStatusFilter = z.enum(['auto', 'suggested', 'accepted', 'manual', 'unmatched', 'differences']);
export const SortableColumn = z.enum(['row', 'status', 'confidence', 'key', 'party', 'date', 'amount', 'number']);

export const RowQuery = z
  .object({
    id: ReconId,
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(1000).default(100),
    status: RowStatusFilter.optional(),
    flag: z.string().min(1).max(100).optional(),
    /** Words found in either side's values (number, reference, party, amount …), case-insensitive. */
    search: z.string().trim().max(200).optional(),
    sort: z
      .object({ column: SortableColumn, direction: z.enum(['asc', 'desc']).default('asc') })
      .strict()
      .optional(),
  })
  .strict();
export type RowQuery = z.infer<typeof RowQuery>;

export const RowPage = z.object({
  total: z.number().int().nonnegative(),
  offset: z.number().int(),
  rows: z.array(ReconRow),
});
export type RowPage = z.infer<typeof RowPage>;

export const RowRef = z.object({ id: ReconId, rowKey: z.string().min(1, 'Choose a row') }).strict();

export const FieldComparison = z.object({
  field: z.string(),
  left: z.string().nullable(),
  right: z.string().nullable(),
  differs: z.boolean(),
});

export const FieldEvidence = z.object({ field: z.string(), level: z.string(), weight: z.number() });

export const Candidate = z.object({
  left: z.array(RecordCell),
  right: z.array(RecordCell),
  confidence: z.number(),
});

export const RecordHistoryEntry = z.object({
  at: z.iso.datetime(),
  kind: z.enum(['read', 'carried_forward', 'decision', 'correction', 'written']),
  actor: z.string().nullable(),
  text: z.string(),
});

export const MatchDetail = z.object({
  row: ReconRow,
  /** Every record of the row's group, each side. */
  left: z.array(RecordCell),
  right: z.array(RecordCell),
  fields: z.array(FieldComparison),
  evidence: z.array(FieldEvidence),
  pass: z.string().nullable(),
  candidates: z.array(Candidate),
  history: z.array(RecordHistoryEntry),
});
export type MatchDetail = z.infer<typeof MatchDetail>;

export const DecisionKind = z.enum([
  'accepted',
  'rejected',
  'matched_manually',
  'bulk_accepted',
  'explained',
  'correction_proposed',
  'correction_approved',
  'correction_rejected',
  'signed_off',
]);

export const ReconDecision = z.object({
  id: z.string(),
  reconciliationId: z.string(),
  kind: DecisionKind,
  actor: z.string(),
  role: Role,
  at: z.iso.datetime(),
  rowKeys: z.array(z.string()),
  before: z.unknown(),
  after: z.unknown(),
  comment: z.string().nullable(),
  /** The audit trail entry that records it. */
  auditSeq: z.number().int().positive(),
});
export type ReconDecision = z.infer<typeof ReconDecision>;

export const Correction = z.object({
  id: z.string(),
  reconciliationId: z.string(),
  rowKey: z.string(),
  side: z.enum(['left', 'right']),
  recordKey: z.string(),
  field: z.string(),
  currentValue: z.string().nullable(),
  proposedValue: z.string(),
  note: z.string(),
  proposedBy: z.string(),
  proposedAt: z.iso.datetime(),
  state: z.enum(['pending', 'approved', 'rejected']),
  decidedBy: z.string().nullable(),
  decidedAt: z.iso.datetime().nullable(),
  decisionComment: z.string().nullable(),
  outcome: CorrectionOutcome.nullable(),
});
export type Correction = z.infer<typeof Correction>;

export const DecisionList = z.object({ decisions: z.array(ReconDecision), corrections: z.array(Correction) });

export const PendingApprovals = z.object({
  corrections: z.array(Correction.extend({ entity: ReconEntityName, period: Period })),
  /** Ready reconciliations not yet signed off, with what still blocks sign-off. */
  signOffs: z.array(
    z.object({ reconciliation: ReconciliationSummary, pendingCorrections: z.number().int().nonnegative() }),
  ),
});

const Comment = z.string().trim().max(2000);

export const AcceptMatch = RowRef.extend({ comment: Comment.optional() }).strict();
export const RejectMatch = RowRef.extend({
  reason: z.string().trim().min(1, 'Say why the match is wrong').max(2000),
}).strict();
export const MatchManually = z
  .object({
    id: ReconId,
    leftKeys: z.array(z.string().min(1)).min(1, 'Choose at least one record on the left'),
    rightKeys: z.array(z.string().min(1)).min(1, 'Choose at least one record on the right'),
    comment: Comment.optional(),
  })
  .strict()
  .refine((input) => input.leftKeys.length === 1 || input.rightKeys.length === 1, {
    message: 'Match one record to one or many, not many to many',
    path: ['rightKeys'],
  })
  .refine((input) => new Set(input.leftKeys).size === input.leftKeys.length, {
    message: 'A record is chosen twice on the left',
    path: ['leftKeys'],
  })
  .refine((input) => new Set(input.rightKeys).size === input.rightKeys.length, {
    message: 'A record is chosen twice on the right',
    path: ['rightKeys'],
  });
export const BulkAcceptMatches = z
  .object({ id: ReconId, minConfidence: z.number().min(0).max(1), comment: Comment.optional() })
  .strict();
export const ExplainDifference = RowRef.extend({
  note: z.string().trim().min(1, 'Write the explanation').max(2000),
}).strict();
export const ProposeCorrection = RowRef.extend({
  side: z.enum(['left', 'right']),
  field: z.string().min(1, 'Choose the field to correct'),
  value: z.string().max(500),
  note: z.string().trim().min(1, 'Say why the value should change').max(2000),
}).strict();
export const DecideCorrection = z
  .object({ id: ReconId, correctionId: z.string().min(1), approve: z.boolean(), comment: Comment.default('') })
  .strict();
export const SignOffPeriod = z.object({ id: ReconId, comment: Comment.default('') }).strict();
export const ExportRequest = z.object({ id: ReconId, format: z.enum(['xlsx', 'csv', 'pdf']) }).strict();

/** What a decision command returns: the decision recorded (with its audit entry) and the rows now in its place. */
export const DecisionOutcome = z.object({ decision: ReconDecision, rows: z.array(ReconRow) });
export const BulkOutcome = z.object({ decision: ReconDecision.nullable(), accepted: z.number().int().nonnegative() });
export const CorrectionResult = z.object({ decision: ReconDecision, correction: Correction });

export const ExportedFile = z.object({ fileName: z.string(), mediaType: z.string(), contentBase64: z.string() });

export const StartedReconciliation = z.object({ id: z.string() });

export const ReconStage = z.enum([
  'reading_left',
  'reading_right',
  'preparing',
  'reference',
  'key',
  'probabilistic',
  'group',
  'flags',
  'saving',
  'done',
]);
export const ReconciliationProgress = z.object({
  id: z.string(),
  stage: ReconStage,
  fraction: z.number().min(0).max(1),
});
export const ReconciliationChanged = z.object({ id: z.string() });

const NoInput = z.object({}).strict();
const ById = z.object({ id: ReconId }).strict();

export const ReconciliationQuery = z
  .object({ status: ReconStatus.optional(), entity: ReconEntityName.optional() })
  .strict();

/** The reconciliation console's operations, spread into the console API (src/api/contract.ts). */
export const reconciliationOperations = {
  listReconciliations: query(
    'Reconciliations, newest first, with their period, entity, sides, status counts and lock state.',
    ReconciliationQuery,
    ReconciliationList,
  ),
  getReconciliation: query(
    'One reconciliation: header, counts per status and per flag, each side’s columns, lock state and sign-off.',
    ById,
    ReconciliationDetail,
  ),
  getReconciliationRows: query(
    'A page of aligned rows, filtered, searched and sorted by the engine (groups stay consecutive).',
    RowQuery,
    RowPage,
  ),
  getMatchDetail: query(
    'One row in full: every field side by side, the score per field, competing candidates and the record history.',
    RowRef,
    MatchDetail,
  ),
  listReconDecisions: query('Every decision and correction of one reconciliation, oldest first.', ById, DecisionList),
  listPendingApprovals: query(
    'Corrections waiting for an approver, and reconciliations ready to be signed off.',
    NoInput,
    PendingApprovals,
  ),
  startReconciliation: command(
    'Reconcile two connections or two exported files for an entity and period; progress comes as events.',
    NewReconciliation,
    StartedReconciliation,
  ),
  cancelReconciliation: command(
    'Stop a running reconciliation; it is kept as cancelled.',
    ById,
    z.object({ cancelled: z.boolean() }),
  ),
  acceptMatch: command('Accept a suggested match.', AcceptMatch, DecisionOutcome),
  rejectMatch: command(
    'Reject (unmatch) a match, saying why; its records become unmatched.',
    RejectMatch,
    DecisionOutcome,
  ),
  matchManually: command('Match unmatched records by hand: one to one or one to many.', MatchManually, DecisionOutcome),
  bulkAcceptMatches: command('Accept every suggested match at or above a confidence.', BulkAcceptMatches, BulkOutcome),
  explainDifference: command(
    'Explain a difference or an unmatched record with a note.',
    ExplainDifference,
    DecisionOutcome,
  ),
  proposeCorrection: command(
    'Propose a new value for one field of one side’s record; an approver decides.',
    ProposeCorrection,
    CorrectionResult,
  ),
  decideCorrection: command(
    'Approve (write it to the system through the sync outbox) or reject a proposed correction. Approvers only.',
    DecideCorrection,
    CorrectionResult,
  ),
  signOffPeriod: command(
    'Sign the period off: locks the reconciliation and carries unresolved items into the next period. Approvers only.',
    SignOffPeriod,
    ReconciliationSummary,
  ),
  exportReconciliation: command(
    'The reconciliation as an XLSX workbook, one CSV with a section column, or a printable PDF summary.',
    ExportRequest,
    ExportedFile,
  ),
} as const;

export const reconciliationEvents = {
  reconciliationProgress: ReconciliationProgress,
  reconciliationChanged: ReconciliationChanged,
} as const;
