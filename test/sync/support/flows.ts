import type {
  CompiledFlow,
  CompiledMapping,
  MapOutcome,
  PairSide,
  SystemOfRecord,
} from '../../../src/mapping/compiledMapping.js';
import type { Party, Product, SystemName } from '../../../src/model/index.js';

const other = (side: PairSide): PairSide => (side === 'accounting' ? 'erp' : 'accounting');

function copy<R extends { source?: unknown }>(record: R): R {
  const { source: _source, ...rest } = record;
  return rest as R;
}

/** Customers and suppliers both ways, linked by code; a party without a code cannot be mapped. */
export function partyFlow(
  from: PairSide,
  systemOfRecord: Readonly<Record<string, SystemOfRecord>> = {},
): CompiledFlow<'party', 'party'> {
  return {
    id: `${from}-parties`,
    description: `Parties from the ${from} side`,
    from: { side: from, entity: 'party' },
    to: { side: other(from), entity: 'party' },
    operation: 'upsert',
    dependsOn: [],
    sourceKey: (record) => record.code,
    targetKey: (record) => record.code,
    systemOfRecord,
    map: async (record): Promise<MapOutcome<Party>> => {
      if (record.code === undefined) {
        return {
          kind: 'failed',
          failure: {
            code: 'mapping.required_field',
            message: `Party "${record.name}" has no code, which the other side needs to find it.`,
            flow: `${from}-parties`,
            field: 'code',
          },
        };
      }
      if (record.status === 'archived') return { kind: 'skipped', reason: 'archived parties are not synced' };
      return { kind: 'mapped', record: copy(record) };
    },
  };
}

/** Products one way, after parties (to exercise stages). */
export function productFlow(from: PairSide, dependsOn: readonly string[] = []): CompiledFlow<'product', 'product'> {
  return {
    id: `${from}-products`,
    description: `Products from the ${from} side`,
    from: { side: from, entity: 'product' },
    to: { side: other(from), entity: 'product' },
    operation: 'upsert',
    dependsOn,
    sourceKey: (record) => record.code,
    targetKey: (record) => record.code,
    systemOfRecord: {},
    map: async (record): Promise<MapOutcome<Product>> => ({ kind: 'mapped', record: copy(record) }),
  };
}

export function testMapping(flows: readonly CompiledFlow[], systems: Record<PairSide, SystemName>): CompiledMapping {
  return {
    id: 'test-mapping',
    name: 'Test mapping',
    version: 1,
    systems,
    flows,
    flow: (id) => flows.find((flow) => flow.id === id),
  };
}

export function party(code: string | undefined, name: string, extra: Partial<Party> = {}): Omit<Party, 'source'> {
  return {
    roles: ['customer'],
    ...(code === undefined ? {} : { code }),
    name,
    status: 'active',
    contacts: [],
    addresses: [],
    ...extra,
  };
}
