import type { CanonicalRecords, Entity } from '../../src/connectors/connector.js';
import type { MapOutcome, MappingContext } from '../../src/mapping/compiledMapping.js';
import { compileMapping } from '../../src/mapping/compileMapping.js';
import { parseMappingDocument } from '../../src/mapping/mappingDocument.js';
import type { Invoice, Party } from '../../src/model/index.js';

/** The party fields a minimal Xero party needs, copied as they are. */
const PARTY_FIELDS = ['roles', 'code', 'name', 'status', 'contacts', 'addresses'];

/** A small valid document for Xero ⇄ Sage X3 with one flow; tests override what they exercise. */
export function documentData(
  flow: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    schema: 'counterpart.mapping/1',
    id: 'test-mapping',
    name: 'Test mapping',
    version: 1,
    systems: { accounting: 'xero', erp: 'sagex3' },
    ...extra,
    flows: [
      {
        id: 'parties-to-xero',
        description: 'X3 customers to Xero',
        from: { side: 'erp', entity: 'party' },
        to: { side: 'accounting', entity: 'party' },
        operation: 'upsert',
        key: { source: 'code', target: 'code' },
        fields: PARTY_FIELDS,
        ...flow,
      },
    ],
  };
}

export const noCounterparts: MappingContext = {
  systems: { accounting: 'xero', erp: 'sagex3' },
  today: '2024-06-30',
  counterpartOf: () => undefined,
};

/** Maps one record through the document's only (or named) flow. */
export async function mapWith(
  data: Record<string, unknown>,
  record: unknown,
  context: MappingContext = noCounterparts,
  flowId?: string,
): Promise<MapOutcome<CanonicalRecords[Entity]>> {
  const mapping = compileMapping(parseMappingDocument(data, 'test'));
  const flow = flowId === undefined ? mapping.flows[0] : mapping.flow(flowId);
  if (!flow) throw new Error(`no flow ${flowId}`);
  return flow.map(record as CanonicalRecords[Entity], context);
}

export const X3_CUSTOMER: Party = {
  source: { system: 'sagex3', id: 'HARG0042', updatedAt: '2024-05-01T09:00:00Z' },
  roles: ['customer'],
  code: 'HARG0042',
  name: 'Harrogate Joinery Ltd',
  status: 'active',
  contacts: [{ firstName: 'Ada', lastName: 'Lovelace', email: 'ada@harrogate.example' }],
  addresses: [
    { kind: 'billing', lines: ['12 Station Road'], city: 'Harrogate', postalCode: 'HG1 1AA', countryCode: 'GB' },
  ],
  customFields: { ZSALESREP: 'JB' },
};

export const X3_INVOICE: Invoice = {
  source: { system: 'sagex3', id: 'SIH2404-0001', updatedAt: '2024-05-02T10:00:00Z' },
  kind: 'receivable',
  number: '10001',
  party: { ref: { system: 'sagex3', id: 'HARG0042' }, code: 'HARG0042', name: 'Harrogate Joinery Ltd' },
  issueDate: '2024-05-02',
  dueDate: '2024-06-01',
  currency: 'GBP',
  status: 'authorised',
  lines: [
    {
      lineNumber: 1,
      description: 'Ring binder',
      product: { code: 'OFF-0001', ref: { system: 'sagex3', id: 'OFF-0001' } },
      quantity: '2',
      unitPrice: '10.00',
      net: { amountMinor: 2000, currency: 'GBP' },
      taxCode: 'NOR',
      tax: { amountMinor: 400, currency: 'GBP' },
    },
  ],
  totals: {
    net: { amountMinor: 2000, currency: 'GBP' },
    tax: { amountMinor: 400, currency: 'GBP' },
    gross: { amountMinor: 2400, currency: 'GBP' },
  },
  amountPaid: { amountMinor: 0, currency: 'GBP' },
  amountDue: { amountMinor: 2400, currency: 'GBP' },
};

/** Maps the X3 customer (or another record) with extra rules after the minimal party fields; returns the outcome. */
export function partyWith(rules: unknown[], extra: Record<string, unknown> = {}, record: unknown = X3_CUSTOMER) {
  return mapWith(documentData({ fields: [...PARTY_FIELDS, ...rules] }, extra), record);
}
