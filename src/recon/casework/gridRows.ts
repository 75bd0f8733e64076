import { currencyExponent, parseMinorUnits } from '../../model/money.js';
import type { GridRowStatus, NewGridRow } from '../../store/repositories/reconRows.js';
import { amountFieldOf, type Entity } from '../schema.js';

/** A record as a grid row needs it: its key, display values and the flag codes raised on it. */
export interface RecordView {
  readonly key: string;
  readonly values: Readonly<Record<string, string>>;
  readonly flags: readonly string[];
}

export interface GroupSpec {
  readonly entity: Entity;
  readonly matchId: string | null;
  readonly status: GridRowStatus;
  readonly confidence: number | null;
  readonly left: readonly RecordView[];
  readonly right: readonly RecordView[];
  readonly differences: readonly string[];
  readonly explanation: string | null;
  /** row_no of the group's first row. */
  readonly rowNo: number;
}

/**
 * The rows of one group: a match shows its records side by side, one row per record of its longer side; an
 * unmatched record (a group with one side empty) is one row. Every row carries the group's sort values and search
 * text so the grid pages through groups without splitting them.
 */
export function rowsOfGroup(spec: GroupSpec): NewGridRow[] {
  const size = Math.max(spec.left.length, spec.right.length, 1);
  const first = spec.left[0] ?? spec.right[0];
  const groupId =
    spec.matchId !== null ? `m${spec.matchId}` : unmatchedRowKey(spec.left.length ? 'left' : 'right', first?.key ?? '');
  const flagCodes = [...new Set([...spec.left, ...spec.right].flatMap((record) => record.flags))].sort();
  const searchText = [...spec.left, ...spec.right]
    .map((record) => [record.key, ...Object.values(record.values)].join(' '))
    .join(' ')
    .toLowerCase();
  const sort = {
    key: (first?.key ?? '').toLowerCase(),
    party: (first?.values.party_name ?? first?.values.name ?? '').toLowerCase(),
    date: first?.values.date ?? '',
    amount: first ? amountOf(spec.entity, first.values) : null,
    number: (first?.values.number ?? first?.values.reference ?? '').toLowerCase(),
  };
  return Array.from({ length: size }, (_, position) => ({
    rowKey: spec.matchId !== null ? `${groupId}:${position}` : groupId,
    rowNo: spec.rowNo + position,
    groupId,
    matchId: spec.matchId,
    position,
    groupSize: size,
    status: spec.status,
    confidence: spec.confidence,
    leftKey: spec.left[position]?.key ?? null,
    rightKey: spec.right[position]?.key ?? null,
    hasDifferences: spec.differences.length > 0,
    explanation: spec.explanation,
    sort,
    searchText,
    flagCodes,
  }));
}

export function unmatchedRowKey(side: 'left' | 'right', key: string): string {
  return `${side}:${key}`;
}

/** The record's amount in minor units, for sorting by amount. */
function amountOf(entity: Entity, values: Readonly<Record<string, string>>): number | null {
  const field = amountFieldOf(entity);
  const text = field ? values[field] : undefined;
  if (text === undefined) return null;
  try {
    return parseMinorUnits(text, currencyExponent(values.currency ?? 'GBP'));
  } catch {
    return null;
  }
}
