import { describe, expect, it } from 'vitest';
import { CounterpartError } from '../../src/errors.js';
import type { MappingContext } from '../../src/mapping/compiledMapping.js';
import { compileMapping } from '../../src/mapping/compileMapping.js';
import { parseMappingDocument } from '../../src/mapping/mappingDocument.js';
import { previewMapping } from '../../src/mapping/preview.js';
import { loadTemplate } from '../../src/mapping/templates.js';
import type { Invoice, SalesOrder } from '../../src/model/index.js';
import { documentData, mapWith, noCounterparts, partyWith, X3_CUSTOMER, X3_INVOICE } from './documents.js';

const xeroIds: MappingContext = {
  systems: { accounting: 'xero', erp: 'sagex3' },
  today: '2024-06-30',
  counterpartOf: (entity, source) => ({ system: 'xero', id: `xero-${entity}-${source.id}` }),
};

const OPPORTUNITY: SalesOrder = {
  source: { system: 'salesforce', id: '0068d000000001AAA', updatedAt: '2024-05-03T08:00:00Z' },
  customerReference: 'Harrogate Joinery – fit-out',
  party: { ref: { system: 'salesforce', id: '0018d000000001AAA' }, code: 'HARG0042', name: 'Harrogate Joinery Ltd' },
  orderDate: '2024-05-03',
  currency: 'GBP',
  status: 'open',
  lines: [
    {
      lineNumber: 1,
      description: 'Ring binder',
      product: { code: 'OFF-0001', ref: { system: 'salesforce', id: '01t8d000000001AAA' } },
      quantity: '3',
      unitPrice: '10',
      net: { amountMinor: 3000, currency: 'GBP' },
      tax: { amountMinor: 0, currency: 'GBP' },
    },
  ],
  totals: {
    net: { amountMinor: 3000, currency: 'GBP' },
    tax: { amountMinor: 0, currency: 'GBP' },
    gross: { amountMinor: 3000, currency: 'GBP' },
  },
};

const kashflowSalesforce: MappingContext = {
  systems: { accounting: 'kashflow', erp: 'salesforce' },
  today: '2024-06-30',
  counterpartOf: (entity, source) => ({
    system: source.system === 'salesforce' ? 'kashflow' : 'salesforce',
    id: `${entity}-${source.id}`,
  }),
};

describe('conditions', () => {
  const flow = compileMapping(loadTemplate('kashflow-salesforce')).flow('opportunities-to-kashflow')!;

  it('invoices a Closed Won opportunity with an amount, with VAT from the product family', async () => {
    const outcome = await flow.map(OPPORTUNITY, kashflowSalesforce);
    expect(outcome.kind).toBe('mapped');
    if (outcome.kind !== 'mapped') return;
    const invoice = outcome.record as Invoice;
    expect(invoice).toMatchObject({
      kind: 'receivable',
      reference: 'Harrogate Joinery – fit-out',
      party: { ref: { system: 'kashflow', id: 'party-0018d000000001AAA' }, code: 'HARG0042' },
      status: 'authorised',
      totals: { net: { amountMinor: 3000 }, tax: { amountMinor: 600 }, gross: { amountMinor: 3600 } },
      amountDue: { amountMinor: 3600 },
    });
    expect(invoice.lines[0]).toMatchObject({
      taxRate: '20',
      taxCode: '20',
      accountCode: '4000',
      product: { ref: { system: 'kashflow' } },
    });
  });

  it('skips lost or open-stage opportunities and won ones without an amount', async () => {
    for (const status of ['cancelled', 'draft'] as const) {
      expect(await flow.map({ ...OPPORTUNITY, status }, kashflowSalesforce)).toMatchObject({ kind: 'skipped' });
    }
    const free = {
      ...OPPORTUNITY,
      lines: [],
      totals: {
        net: { amountMinor: 0, currency: 'GBP' },
        tax: { amountMinor: 0, currency: 'GBP' },
        gross: { amountMinor: 0, currency: 'GBP' },
      },
    };
    const skipped = await flow.map(free, kashflowSalesforce);
    expect(skipped).toEqual({
      kind: 'skipped',
      reason:
        'Flow "opportunities-to-kashflow" skips this record: its condition $status("opportunityStage", status) = "Closed Won" and totals.gross.amountMinor > 0 does not hold.',
    });
  });

  it('applies a rule only when its own condition holds', async () => {
    const outcome = await partyWith([{ to: 'website', value: 'https://x.example', when: 'code = "OTHER"' }]);
    expect(outcome.kind === 'mapped' && 'website' in outcome.record).toBe(false);
  });
});

describe('custom fields and write-back', () => {
  it('reads X3 user fields and writes Salesforce custom fields', async () => {
    const outcome = await partyWith([{ to: 'customFields.Sales_Rep__c', from: 'customFields.ZSALESREP' }]);
    expect(outcome).toMatchObject({ kind: 'mapped', record: { customFields: { Sales_Rep__c: 'JB' } } });
  });

  it('writes the KashFlow invoice number, status and amount paid back to the opportunity', async () => {
    const flow = compileMapping(loadTemplate('kashflow-salesforce')).flow('invoice-status-to-salesforce')!;
    expect(flow).toMatchObject({ operation: 'update', updates: { flow: 'opportunities-to-kashflow' } });
    expect(flow.systemOfRecord).toMatchObject({ customFields: 'accounting', lines: 'erp' });
    const paid: Invoice = {
      ...X3_INVOICE,
      source: { system: 'kashflow', id: '5001', updatedAt: '2024-05-20T10:00:00Z' },
      party: { ref: { system: 'kashflow', id: '77' }, code: 'HARG0042', name: 'Harrogate Joinery Ltd' },
      lines: X3_INVOICE.lines.map((line) => ({ ...line, product: { code: 'OFF-0001' }, taxCode: '20', taxRate: '20' })),
      status: 'paid',
      amountPaid: { amountMinor: 2400, currency: 'GBP' },
      amountDue: { amountMinor: 0, currency: 'GBP' },
    };
    const outcome = await flow.map(paid, { ...kashflowSalesforce, counterpartOf: () => undefined });
    expect(outcome).toMatchObject({
      kind: 'mapped',
      record: {
        // The account has no cross-reference here: an optional reference keeps its code and name only.
        party: { code: 'HARG0042', name: 'Harrogate Joinery Ltd' },
        customFields: {
          Invoice_Number__c: '10001',
          Invoice_Status__c: 'Paid',
          Amount_Paid__c: 24,
          Amount_Due__c: 0,
        },
      },
    });
    expect(outcome.kind === 'mapped' && (outcome.record as SalesOrder).party.ref).toBeUndefined();
  });
});

describe('references to the target system', () => {
  const xeroSageX3 = compileMapping(loadTemplate('xero-sagex3'));

  it('points party and products at their Xero counterparts and leaves the X3 identity behind', async () => {
    const outcome = await xeroSageX3.flow('invoices-to-xero')!.map(X3_INVOICE, xeroIds);
    expect(outcome.kind).toBe('mapped');
    if (outcome.kind !== 'mapped') return;
    const invoice = outcome.record as Invoice;
    expect(invoice.source).toBeUndefined();
    expect(invoice.party.ref).toEqual({ system: 'xero', id: 'xero-party-HARG0042' });
    // The source record is left as it was read.
    expect(X3_INVOICE.party.ref).toEqual({ system: 'sagex3', id: 'HARG0042' });
    expect(invoice.lines[0]).toMatchObject({
      product: { code: 'OFF-0001', ref: { system: 'xero', id: 'xero-product-OFF-0001' } },
      taxCode: 'OUTPUT2',
      taxRate: '20',
      accountCode: '4000',
    });
  });

  it('fails an invoice whose customer has no counterpart yet, naming the customer', async () => {
    const outcome = await xeroSageX3.flow('invoices-to-xero')!.map(X3_INVOICE, noCounterparts);
    expect(outcome).toEqual({
      kind: 'failed',
      failure: {
        code: 'mapping.unresolved_reference',
        message: 'Flow "invoices-to-xero": customer HARG0042 has no counterpart in Xero yet; sync it first.',
        flow: 'invoices-to-xero',
        field: 'party',
        value: 'HARG0042',
      },
    });
  });

  it('finds the X3 invoice a Xero payment settles through the cross-reference', async () => {
    const payment = {
      source: { system: 'xero' as const, id: 'pay-1', updatedAt: '2024-05-25T10:00:00Z' },
      direction: 'received' as const,
      status: 'authorised' as const,
      date: '2024-05-25',
      amount: { amountMinor: 2400, currency: 'GBP' },
      party: { ref: { system: 'xero' as const, id: 'contact-1' }, code: 'HARG0042' },
      allocations: [
        {
          document: { ref: { system: 'xero' as const, id: 'inv-guid' }, number: '10001' },
          documentKind: 'invoice' as const,
          amount: { amountMinor: 2400, currency: 'GBP' },
        },
      ],
      bankAccount: { code: '1200' },
      reference: 'RCPT-000001',
    };
    const known = new Map([['party:contact-1', 'HARG0042']]);
    const context: MappingContext = {
      ...noCounterparts,
      counterpartOf: (entity, source) => {
        const id = known.get(`${entity}:${source.id}`);
        return id ? { system: 'sagex3', id } : undefined;
      },
    };
    const flow = xeroSageX3.flow('payments-to-x3')!;
    expect(await flow.map(payment, context)).toMatchObject({
      kind: 'failed',
      failure: {
        field: 'allocations[0].document',
        message: 'Flow "payments-to-x3": invoice 10001 has no counterpart in Sage X3 yet; sync it first.',
      },
    });
    known.set('invoice:inv-guid', 'SIH2405-0001');
    expect(await flow.map(payment, context)).toMatchObject({
      kind: 'mapped',
      record: { allocations: [{ document: { ref: { system: 'sagex3', id: 'SIH2405-0001' }, number: '10001' } }] },
    });
  });
});

describe('dependency order', () => {
  const flowOf = (id: string, dependsOn: string[]) => ({
    id,
    description: id,
    from: { side: 'erp', entity: 'party' },
    to: { side: 'accounting', entity: 'party' },
    operation: 'upsert',
    dependsOn,
    fields: ['roles'],
  });

  it('puts every flow after the flows it depends on, keeping the document order otherwise', () => {
    const data = {
      ...documentData(),
      flows: [
        flowOf('payments', ['invoices']),
        flowOf('invoices', ['parties', 'products']),
        flowOf('products', []),
        flowOf('parties', []),
      ],
    };
    const mapping = compileMapping(parseMappingDocument(data, 'test'));
    expect(mapping.flows.map((flow) => flow.id)).toEqual(['parties', 'products', 'invoices', 'payments']);
  });

  it('refuses a cycle, naming the flows in it', () => {
    const data = { ...documentData(), flows: [flowOf('a', ['b']), flowOf('b', ['c']), flowOf('c', ['a'])] };
    const run = () => compileMapping(parseMappingDocument(data, 'test'));
    expect(run).toThrow(CounterpartError);
    expect(run).toThrow(
      'Mapping document "test-mapping" has flows that depend on each other in a cycle: "a" → "b" → "c" → "a".',
    );
  });

  it('needs the pair’s systems for a generic document and refuses a system on the wrong side', () => {
    expect(() => compileMapping(loadTemplate('generic'))).toThrow(/written for any accounting system/);
    expect(() => compileMapping(loadTemplate('generic'), { systems: { accounting: 'sagex3', erp: 'xero' } })).toThrow(
      /Sage X3 is not an accounting system/,
    );
    expect(() => compileMapping(loadTemplate('xero-sagex3'), { systems: { accounting: 'kashflow' } })).toThrow(
      'Mapping document "xero-sagex3" is written for Xero, not KashFlow.',
    );
  });
});

describe('target validation', () => {
  it('reports an invalid mapped record with the path of the field', async () => {
    const outcome = await partyWith([{ to: 'email', value: 'not an address' }]);
    expect(outcome).toMatchObject({
      kind: 'failed',
      failure: {
        code: 'mapping.invalid_target',
        field: 'email',
        value: 'not an address',
        message:
          'Flow "parties-to-xero" made a Xero party that is not valid: email: an e-mail address such as accounts@example.co.uk.',
      },
    });
  });

  it('names nested paths such as a contact without a last name', async () => {
    const outcome = await mapWith(
      documentData({
        fields: [
          'roles',
          'code',
          'name',
          'status',
          'addresses',
          { to: 'contacts', each: { from: 'contacts', fields: ['firstName'] } },
        ],
      }),
      X3_CUSTOMER,
    );
    expect(outcome).toMatchObject({
      kind: 'failed',
      failure: { code: 'mapping.invalid_target', field: 'contacts.0.lastName' },
    });
  });
});

describe('preview', () => {
  it('maps each sample, or says why not, for the editor', async () => {
    const rows = await previewMapping(
      loadTemplate('xero-sagex3'),
      'parties-to-xero',
      [X3_CUSTOMER, { name: 'no roles' }],
      xeroIds,
    );
    expect(rows[0]).toMatchObject({ index: 0, outcome: { kind: 'mapped', record: { code: 'HARG0042' } } });
    expect(rows[1]).toMatchObject({
      index: 1,
      outcome: { kind: 'failed', failure: { code: 'mapping.invalid_source' } },
    });
    await expect(
      previewMapping(loadTemplate('generic'), 'invoices-to-accounting', [], kashflowSalesforce),
    ).rejects.toThrow('Mapping document "generic" has no flow "invoices-to-accounting" for kashflow and salesforce.');
  });
});
