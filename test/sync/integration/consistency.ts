import type { CanonicalRecords, Entity } from '../../../src/connectors/connector.js';
import type { CompiledFlow, CompiledMapping, MappingContext } from '../../../src/mapping/compiledMapping.js';
import type { RecordRef } from '../../../src/model/index.js';
import { contentOf, fieldContents, withoutSource } from '../../../src/sync/content.js';
import { counterpartOf, type PairContext } from '../../../src/sync/pairContext.js';
import type { DemoPair } from './demoPair.js';

/** One way two systems disagree after a sync, named by flow, business key and field. */
export interface Inconsistency {
  readonly flow: string;
  readonly key: string;
  /** `(missing)` when the target has no record with the key. */
  readonly field: string;
}

/**
 * Reads both sides as they are now and checks each flow record by record: every source record's business key is on
 * the target side, and — for master data — every field the mapping writes and the target holds is equal, after the
 * same mapping the engine used (so a value translated by a lookup compares as translated).
 */
export async function inconsistencies(demo: DemoPair, mapping: CompiledMapping): Promise<Inconsistency[]> {
  const found: Inconsistency[] = [];
  const context = mappingContext(demo, mapping);
  for (const flow of mapping.flows) {
    if (flow.operation === 'update') continue;
    const sources = await demo.readAll(flow.from.side, flow.from.entity);
    const targets = await demo.readAll(flow.to.side, flow.to.entity);
    const byKey = new Map<string, unknown>();
    for (const target of targets) {
      const key = flow.targetKey(target as CanonicalRecords[Entity]);
      if (key !== undefined) byKey.set(key, target);
    }
    for (const source of sources) {
      const outcome = await flow.map(source as CanonicalRecords[Entity], context);
      const key = flow.sourceKey(source as CanonicalRecords[Entity]);
      if (outcome.kind !== 'mapped' || key === undefined) continue;
      const target = byKey.get(key);
      if (target === undefined) {
        found.push({ flow: flow.id, key, field: '(missing)' });
        continue;
      }
      if (flow.operation === 'upsert') found.push(...fieldDifferences(flow, key, outcome.record, target));
    }
  }
  return found;
}

/**
 * The business fields of master data both systems of every pair hold and keep as written. Others do not survive a
 * round trip through some system (Xero keeps no address labels and derives a contact's roles from its documents;
 * X3 names its addresses), so they are the reconciliation's to compare, not this check's.
 */
const COMPARED: Readonly<Partial<Record<Entity, readonly string[]>>> = {
  party: ['code', 'name', 'email', 'phone', 'taxNumber', 'status'],
  product: ['code', 'name', 'description', 'status'],
};

function fieldDifferences(flow: CompiledFlow, key: string, mapped: unknown, target: unknown): Inconsistency[] {
  const want = fieldContents(withoutSource(mapped));
  const have = fieldContents(contentOf(target));
  return (COMPARED[flow.to.entity] ?? [])
    .filter((field) => want[field] !== undefined && have[field] !== undefined && have[field] !== want[field])
    .filter((field) => flow.systemOfRecord[field] !== flow.to.side)
    .map((field) => ({ flow: flow.id, key, field }));
}

function mappingContext(demo: DemoPair, mapping: CompiledMapping): MappingContext {
  const pairContext: PairContext = {
    pair: demo.workspace.syncPairs.require(demo.pair.id),
    mapping,
    connections: { accounting: demo.accounting, erp: demo.erp },
    systems: { accounting: demo.accounting.system, erp: demo.erp.system },
    connector: () => {
      throw new Error('the consistency check reads with its own connectors');
    },
  };
  return {
    systems: pairContext.systems,
    today: new Date().toISOString().slice(0, 10),
    counterpartOf: (entity: Entity, source: RecordRef) => counterpartOf(demo.workspace, pairContext, entity, source),
  };
}
