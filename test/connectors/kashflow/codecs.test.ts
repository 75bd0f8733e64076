import { describe, expect, it } from 'vitest';
import { invoiceFromWire, invoiceToWire } from '../../../src/connectors/kashflow/codecs/invoice.js';
import { partyFromWire, partyToWire } from '../../../src/connectors/kashflow/codecs/party.js';
import { paymentFromWire } from '../../../src/connectors/kashflow/codecs/payment.js';
import {
  type CodecContext,
  decimalFromWire,
  moneyFromWire,
  moneyToWire,
} from '../../../src/connectors/kashflow/codecs/shared.js';
import {
  calendarDateFromKashFlow,
  instantFromKashFlow,
  instantToKashFlow,
} from '../../../src/connectors/kashflow/codecs/time.js';
import { KfDocument, KfParty } from '../../../src/connectors/kashflow/wire.js';
import type { Invoice, Party } from '../../../src/model/index.js';
import { invoiceTotals } from '../../../src/model/index.js';

const context: CodecContext = {
  timezone: 'Europe/London',
  baseCurrency: 'GBP',
  statusMap: { Outstanding: 'authorised', Overdue: 'authorised', Paid: 'paid' },
  defaultProductNominalCode: 4000,
  defaultPaymentMethodId: 3,
};
const gbp = (amountMinor: number) => ({ amountMinor, currency: 'GBP' });

describe('KashFlow timestamps', () => {
  it.each([
    ['2026-01-31 23:59:59', '2026-01-31T23:59:59.000Z', 'winter: UK time is UTC'],
    ['2026-07-01 00:00:00', '2026-06-30T23:00:00.000Z', 'midnight in summer time is 23:00 UTC the day before'],
    ['2026-03-29 00:30:00', '2026-03-29T00:30:00.000Z', 'just before the clocks go forward'],
    ['2026-03-29 02:30:00', '2026-03-29T01:30:00.000Z', 'just after the clocks go forward'],
    ['2026-03-29 01:30:00', '2026-03-29T01:30:00.000Z', 'a time the spring gap skips reads with the winter offset'],
    ['2026-10-25 01:30:00', '2026-10-25T00:30:00.000Z', 'the autumn hour that happens twice reads as its first'],
    ['2026-10-25 02:30:00', '2026-10-25T02:30:00.000Z', 'after the clocks go back'],
    ['2026-07-01T12:00:00', '2026-07-01T11:00:00.000Z', 'an ISO T without a zone is still UK time'],
    ['2026-07-01 12:00:00 +01:00', '2026-07-01T11:00:00.000Z', 'an offset is honoured'],
    ['2026-07-01T12:00:00Z', '2026-07-01T12:00:00.000Z', 'Z is UTC'],
    ['2026-07-01', '2026-06-30T23:00:00.000Z', 'a date alone is its midnight'],
  ])('%s → %s (%s)', (wire, instant) => {
    expect(instantFromKashFlow(wire, 'Europe/London')).toBe(instant);
  });

  it('treats the 1970 sentinel, blanks and garbage as unset', () => {
    for (const wire of ['1970-01-01 12:00:00', '', null, undefined, 'yesterday', '2026-02-30 10:00:00']) {
      expect(instantFromKashFlow(wire, 'Europe/London')).toBeUndefined();
    }
  });

  it('reads the zone from the settings', () => {
    expect(instantFromKashFlow('2026-07-01 00:00:00', 'America/New_York')).toBe('2026-07-01T04:00:00.000Z');
    expect(instantFromKashFlow('2026-07-01 00:00:00', 'UTC')).toBe('2026-07-01T00:00:00.000Z');
  });

  it('keeps the organisation’s calendar day around midnight, and writes instants back as UK wall time', () => {
    expect(calendarDateFromKashFlow('2026-07-01 12:00:00', 'Europe/London')).toBe('2026-07-01');
    expect(calendarDateFromKashFlow('2026-06-30T23:30:00Z', 'Europe/London')).toBe('2026-07-01');
    expect(calendarDateFromKashFlow('2026-01-31T23:30:00Z', 'Europe/London')).toBe('2026-01-31');
    expect(instantToKashFlow('2026-06-30T23:30:00.000Z', 'Europe/London')).toBe('2026-07-01 00:30:00');
    for (const wire of ['2026-07-01 00:30:00', '2026-03-29 00:59:59', '2026-10-25 02:00:00', '2026-12-31 23:59:59']) {
      expect(instantToKashFlow(instantFromKashFlow(wire, 'Europe/London') as string, 'Europe/London')).toBe(wire);
    }
  });
});

describe('KashFlow amounts', () => {
  it('turns JSON numbers into exact minor units and back, penny for penny', () => {
    expect(moneyFromWire(0.1 + 0.2, 'GBP')).toEqual(gbp(30));
    expect(moneyFromWire(0.01, 'GBP')).toEqual(gbp(1));
    expect(moneyFromWire(-0.01, 'GBP')).toEqual(gbp(-1));
    expect(moneyFromWire(19.99, 'GBP')).toEqual(gbp(1999));
    expect(moneyFromWire(1234, 'JPY')).toEqual({ amountMinor: 1234, currency: 'JPY' });
    expect(moneyFromWire(null, 'GBP')).toEqual(gbp(0));
    expect(moneyToWire(gbp(1999))).toBe(19.99);
    expect(moneyToWire(gbp(1))).toBe(0.01);
    expect(moneyToWire(gbp(-123_456_789_01))).toBe(-123456789.01);
    expect(moneyToWire({ amountMinor: 1234, currency: 'BHD' })).toBe(1.234);
    for (let minor = -1000; minor <= 1000; minor += 7)
      expect(moneyFromWire(moneyToWire(gbp(minor)), 'GBP')).toEqual(gbp(minor));
  });

  it('writes quantities and rates as plain decimals', () => {
    expect(decimalFromWire(9.99)).toBe('9.99');
    expect(decimalFromWire(1e-7)).toBe('0.0000001');
    expect(decimalFromWire(17.5)).toBe('17.5');
  });
});

/** What KashFlow would answer for a body it was sent: the sandbox's arithmetic, done here in minor units. */
function answered(body: Record<string, unknown>, invoice: Invoice): unknown {
  const totals = invoiceTotals(invoice.lines, invoice.currency);
  return {
    ...body,
    Id: 77,
    CustomerId: 10_600,
    CustomerName: 'Acme Widgets Ltd',
    NetAmount: moneyToWire(totals.net),
    VATAmount: moneyToWire(totals.tax),
    GrossAmount: moneyToWire(totals.gross),
    TotalPaidAmount: moneyToWire(invoice.amountPaid),
    DueAmount: moneyToWire(invoice.amountDue),
    Status: 'Outstanding',
    Currency: { Code: 'GBP', ExchangeRate: 1 },
    LineItems: (body.LineItems as Record<string, unknown>[]).map((line, index) => ({ ...line, Id: 500 + index })),
    PaymentLines: [
      { Id: 9, Date: '2026-03-29 12:00:00', Amount: moneyToWire(invoice.amountPaid), Method: 3, Reference: 'BACS' },
    ],
    CreatedDate: '2026-03-29 00:30:00',
    LastUpdatedDate: '2026-03-29 02:30:00',
  };
}

describe('KashFlow codecs round-trip (canonical → wire → canonical)', () => {
  it('keeps an invoice with pennies, its lines and its dates on the day the clocks change', () => {
    const lines = [
      { description: 'Penny sweets', quantity: '3', unitPrice: '0.33', net: gbp(99), taxRate: '20', tax: gbp(20) },
      { description: 'Carriage', quantity: '1', unitPrice: '0.01', net: gbp(1), taxRate: '0', tax: gbp(0) },
      {
        description: 'Widgets',
        quantity: '2.5',
        unitPrice: '19.995',
        net: gbp(4999),
        taxRate: '5',
        tax: gbp(250),
        accountCode: '4010',
        product: { code: 'WID-1' },
      },
    ];
    const invoice: Invoice = {
      kind: 'receivable',
      number: '10042',
      reference: 'PO 7',
      party: { code: 'ACME01' },
      issueDate: '2026-03-29',
      dueDate: '2026-10-25',
      currency: 'GBP',
      status: 'authorised',
      lines,
      totals: invoiceTotals(lines, 'GBP'),
      amountPaid: gbp(1),
      amountDue: gbp(5099 + 270 - 1),
    };
    const wire = KfDocument.parse(answered(invoiceToWire(invoice, 10_042, 'ACME01'), invoice));
    const back = invoiceFromWire(context, 'invoice', wire);
    expect(back.source).toMatchObject({
      id: 'invoice:77',
      number: '10042',
      createdAt: '2026-03-29T00:30:00.000Z',
      updatedAt: '2026-03-29T01:30:00.000Z',
    });
    const { source: _source, party, lines: backLines, ...rest } = back;
    const { party: _party, lines: _lines, ...expected } = invoice;
    expect(rest).toEqual(expected);
    expect(party).toMatchObject({ code: 'ACME01', name: 'Acme Widgets Ltd' });
    expect(backLines.map(({ lineNumber: _n, sourceLineId: _id, taxCode: _code, ...line }) => line)).toEqual(lines);

    const [payment] = (wire.PaymentLines ?? []).map((line) => paymentFromWire(context, 'invoice', wire, line));
    expect(payment).toMatchObject({ direction: 'received', date: '2026-03-29', amount: gbp(1), method: '3' });
  });

  it('keeps a customer with contacts, addresses, credit limit and custom fields', () => {
    const party: Party = {
      roles: ['customer'],
      code: 'ACME01',
      name: 'Acme Widgets Ltd',
      status: 'archived',
      taxNumber: 'GB123456789',
      defaultCurrency: 'EUR',
      email: 'accounts@acme.test',
      phone: '0113 496 0000',
      contacts: [
        {
          sourceId: '4',
          firstName: 'Ada',
          lastName: 'Lovelace',
          email: 'ada@acme.test',
          primary: true,
          receivesInvoices: true,
        },
        { lastName: 'Babbage', primary: false, receivesInvoices: false },
      ],
      addresses: [
        {
          kind: 'billing',
          lines: ['1 Mill Lane', 'Leeds'],
          postalCode: 'LS1 1AA',
          countryCode: 'GB',
          country: 'United Kingdom',
        },
        { kind: 'delivery', label: 'Warehouse', lines: ['Unit 9'], postalCode: 'LS9 9ZZ' },
      ],
      paymentTermsDays: 45,
      creditLimit: { amountMinor: 500_001, currency: 'EUR' },
      customFields: { 'Account manager': 'Jo' },
    };
    const wire = KfParty.parse({
      ...partyToWire('customer', party, 'ACME01'),
      Id: 10_601,
      LastUpdatedDate: '2026-07-01 00:00:00',
    });
    const back = partyFromWire(context, 'customer', wire);
    const { source, ...rest } = back;
    expect(rest).toEqual(party);
    expect(source).toMatchObject({ id: 'customer:10601', number: 'ACME01', updatedAt: '2026-06-30T23:00:00.000Z' });
  });

  it('turns a refund line round, and tells versions apart within one second', () => {
    const wire = KfDocument.parse({
      Id: 1,
      Number: 501,
      SupplierCode: 'TIMB01',
      Currency: { Code: 'GBP' },
      LastUpdatedDate: '2026-01-02 10:00:00',
      PaymentLines: [{ Id: 3, Date: '2026-01-02', Amount: -12.5, Method: 2 }],
    });
    const line = wire.PaymentLines?.[0];
    if (!line) throw new Error('no payment line');
    const refund = paymentFromWire(context, 'purchase', wire, line);
    expect(refund).toMatchObject({ direction: 'received', amount: gbp(1250), allocations: [] });
    const changed = paymentFromWire(context, 'purchase', wire, { ...line, Amount: -12.51 });
    expect(changed.source?.updatedAt).toBe(refund.source?.updatedAt);
    expect(changed.source?.version).not.toBe(refund.source?.version);
  });
});
