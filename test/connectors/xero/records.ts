import type { WriteRequest } from '../../../src/connectors/connector.js';
import type { Invoice, Party } from '../../../src/model/index.js';

const GBP = (amountMinor: number) => ({ amountMinor, currency: 'GBP' });

export function party(n: number, prefix = 'W'): Party {
  return {
    roles: ['customer'],
    code: `${prefix}-${String(n).padStart(4, '0')}`,
    name: `${prefix} Customer ${n} Ltd`,
    status: 'active',
    email: `ledger${n}@${prefix.toLowerCase()}.example`,
    contacts: [{ firstName: 'Ada', lastName: `Lovelace ${n}`, email: `ada${n}@${prefix.toLowerCase()}.example` }],
    addresses: [
      { kind: 'billing', lines: ['1 High Street'], city: 'Harrogate', postalCode: 'HG1 1AA', countryCode: 'GB' },
    ],
  };
}

/** A sales invoice of two lines with awkward pennies: 3 × 0.10 and 7 × 1.15 at 20 % VAT. */
export function invoice(n: number, partyCode: string, overrides: Partial<Invoice> = {}): Invoice {
  return {
    kind: 'receivable',
    reference: `PO-${n}`,
    party: { code: partyCode },
    issueDate: '2024-05-31',
    dueDate: '2024-06-30',
    currency: 'GBP',
    status: 'authorised',
    lines: [
      {
        description: 'Pencils',
        quantity: '3',
        unitPrice: '0.1',
        net: GBP(30),
        taxCode: 'OUTPUT2',
        tax: GBP(6),
        accountCode: '200',
      },
      {
        description: 'Folders',
        quantity: '7',
        unitPrice: '1.15',
        net: GBP(805),
        taxCode: 'OUTPUT2',
        tax: GBP(161),
        accountCode: '200',
      },
    ],
    totals: { net: GBP(835), tax: GBP(167), gross: GBP(1002) },
    amountPaid: GBP(0),
    amountDue: GBP(1002),
    ...overrides,
  };
}

export function creates<E extends 'party' | 'invoice'>(
  records: readonly (E extends 'party' ? Party : Invoice)[],
  keyPrefix: string,
): WriteRequest<E>[] {
  return records.map((record, index) => ({
    idempotencyKey: `${keyPrefix}-${index}`,
    operation: 'create',
    record,
  })) as WriteRequest<E>[];
}
