import type { CanonicalRecords } from '../../connectors/connector.js';
import type { ReconciliationRecord, ReconSide } from '../../store/repositories/reconciliations.js';
import type { Workspace } from '../../store/workspace.js';
import { type CanonicalValues, canonicalValuesAt, RecordTableBuilder } from '../table.js';
import { canonicalValuesOf } from './canonicalValues.js';
import { engineEntityOf, type ReconEntityName } from './entities.js';
import type { SideRead } from './readSides.js';
import type { SideToSave } from './saveResult.js';

/** The pair a reconciliation compares, so the next period's run of the same pair finds the previous one. */
export function sidesKeyOf(left: SideRead['description'], right: SideRead['description']): string {
  // Files have no lasting identity (each month's export has its own name): file sides pair with any file side.
  const keyOf = (side: SideRead['description']) =>
    side.kind === 'connection' ? `connection:${side.connectionId}` : 'file';
  return `${keyOf(left)}|${keyOf(right)}`;
}

/**
 * Adds to a side the records the previous signed-off period left unresolved (unmatched, or in a suggestion nobody
 * decided), unless this read brought the same record again. They keep the values they had when signed off.
 */
export function withCarriedRecords(
  workspace: Workspace,
  entity: ReconEntityName,
  side: ReconSide,
  read: SideRead,
  previous: ReconciliationRecord | undefined,
): SideToSave {
  const carriedFrom = new Array<string | null>(read.table.size).fill(null);
  if (!previous) return { ...read, carriedFrom };
  const store = workspace.reconciliations;
  const keys = store.rows.unresolvedKeys(previous.id)[side];
  const present = new Set(read.table.ids);
  const carried = store.records
    .getMany(previous.id, side, keys)
    .filter((record) => !present.has(record.key))
    .map((record) => ({
      values:
        previous[side].kind === 'connection'
          ? canonicalValuesOf(entity, record.canonical as CanonicalRecords[ReconEntityName], record.key)
          : (record.canonical as CanonicalValues),
      original: record.canonical,
      from: previous.id,
    }));
  if (carried.length === 0) return { ...read, carriedFrom };
  const columns = new Set([...read.table.text.keys(), ...read.table.money.keys(), ...read.table.dates.keys()]);
  for (const record of carried) {
    for (const group of [record.values.text, record.values.money, record.values.dates]) {
      for (const name of Object.keys(group ?? {})) columns.add(name);
    }
  }
  const builder = new RecordTableBuilder(engineEntityOf(entity), read.table.source, columns);
  for (let i = 0; i < read.table.size; i++) builder.add(canonicalValuesAt(read.table, i));
  for (const issue of read.table.issues) builder.report(issue);
  for (const record of carried) builder.add({ ...record.values, line: 0 });
  return {
    description: read.description,
    table: builder.build(),
    originals: [...read.originals, ...carried.map((record) => record.original)],
    carriedFrom: [...carriedFrom, ...carried.map((record) => record.from)],
  };
}
