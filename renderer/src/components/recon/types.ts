import type { z } from 'zod';
import type {
  ReconColumn,
  ReconRow,
  RowQuery as RowQuerySchema,
  SortableColumn,
} from '../../../../src/api/schemas/reconciliations';

export type { ReconRow } from '../../../../src/api/schemas/reconciliations';

/** Which system's records a grid shows. */
export type Side = 'left' | 'right';

export type Column = z.infer<typeof ReconColumn>;
export type SortColumn = z.infer<typeof SortableColumn>;
export type StatusFilter = NonNullable<z.input<typeof RowQuerySchema>['status']>;

export interface RowSort {
  readonly column: SortColumn;
  readonly direction: 'asc' | 'desc';
}

/** Where a row sits in its one-to-many group, for the bracket drawn along the group. */
export function groupPositionOf(row: ReconRow): 'single' | 'first' | 'middle' | 'last' {
  if (row.groupSize <= 1) return 'single';
  if (row.position === 0) return 'first';
  return row.position === row.groupSize - 1 ? 'last' : 'middle';
}

/**
 * The engine sorts on a few business columns, not on any field: which grid column sorts by which of them. Amount
 * is `total` for documents and `amount` for payments; the party is its name for documents and the name of a party.
 */
const sortColumnByField: Readonly<Record<string, SortColumn>> = {
  number: 'number',
  party_name: 'party',
  date: 'date',
  total: 'amount',
  amount: 'amount',
  id: 'key',
};

export function sortColumnOf(field: string): SortColumn | undefined {
  return sortColumnByField[field];
}
