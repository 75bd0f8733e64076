import type { PairSide, SystemOfRecord } from '../mapping/compiledMapping.js';

/** A record's content by top-level field, each as canonical JSON (see `fieldContents`). */
export type FieldContents = Readonly<Record<string, string>>;

export interface LinkedRecordState {
  readonly sourceSide: PairSide;
  /** The source record now. */
  readonly source: FieldContents;
  /** The source record mapped for the target side. */
  readonly mapped: FieldContents;
  /** The target record as last read (or as last written when never read since). */
  readonly target: FieldContents | undefined;
  /** Each side's content at the last sync; undefined on a first sync of a linked pair of records. */
  readonly baseline: { readonly source: FieldContents | undefined; readonly target: FieldContents | undefined };
  readonly owners: Readonly<Record<string, SystemOfRecord>>;
}

export interface ConflictingField {
  readonly field: string;
  readonly source: string | undefined;
  readonly target: string | undefined;
}

export type LinkedDecision =
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'conflict'; readonly fields: readonly ConflictingField[] }
  | { readonly kind: 'write'; readonly fields: readonly string[] };

/**
 * What to do with a changed source record whose counterpart exists: write the fields the source changed and the
 * target did not, leave the fields the target owns, and stop at a conflict when both changed the same field that
 * either side may own to different values. A field is "changed" against the baseline of the last sync; on a first
 * sync (no baseline) every difference counts as a change on both sides, so it is a conflict unless one side owns it.
 */
export function decideLinked(state: LinkedRecordState): LinkedDecision {
  const targetSide = state.sourceSide === 'accounting' ? 'erp' : 'accounting';
  const write: string[] = [];
  const conflicts: ConflictingField[] = [];
  for (const [field, value] of Object.entries(state.mapped)) {
    const current = state.target?.[field];
    if (value === current) continue;
    const owner = state.owners[field] ?? 'either';
    if (owner === targetSide) continue;
    const sourceChanged = state.baseline.source === undefined || state.source[field] !== state.baseline.source[field];
    if (!sourceChanged) continue;
    // A field the target does not hold (or no longer holds) is filled in, not fought over: systems that lack a
    // field (Xero items have no unit of measure) would otherwise conflict on it forever.
    const targetChanged =
      current !== undefined && (state.baseline.target === undefined || current !== state.baseline.target[field]);
    if (targetChanged && owner === 'either') conflicts.push({ field, source: value, target: current });
    else write.push(field);
  }
  if (conflicts.length > 0) return { kind: 'conflict', fields: conflicts };
  return write.length === 0 ? { kind: 'unchanged' } : { kind: 'write', fields: write };
}
