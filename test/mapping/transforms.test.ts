import { describe, expect, it } from 'vitest';
import type { MapOutcome } from '../../src/mapping/compiledMapping.js';
import { documentData, mapWith, partyWith, X3_CUSTOMER, X3_INVOICE } from './documents.js';

function mapped(outcome: MapOutcome<unknown>): Record<string, unknown> {
  if (outcome.kind !== 'mapped') throw new Error(`expected a mapped record, got ${JSON.stringify(outcome)}`);
  return outcome.record as Record<string, unknown>;
}

describe('type conversion', () => {
  it('turns decimal text into minor units and money, and money back into text', async () => {
    const record = mapped(
      await partyWith([
        { to: 'paymentTermsDays', value: '30', transforms: [{ convert: 'integer' }] },
        { to: 'creditLimit', value: '2,500.50', transforms: [{ convert: 'money', currency: 'GBP' }] },
        {
          to: 'customFields.LimitText',
          value: { amountMinor: 250050, currency: 'GBP' },
          transforms: [{ convert: 'amount' }],
        },
        { to: 'customFields.Yen', value: 1234.5, transforms: [{ convert: 'minorUnits', currency: 'JPY' }] },
        {
          to: 'customFields.OnHold',
          value: '2',
          transforms: [{ convert: 'boolean', trueValues: ['2'], falseValues: ['1'] }],
        },
        { to: 'customFields.Rate', value: 1e-7, transforms: [{ convert: 'decimal' }] },
      ]),
    );
    expect(record.paymentTermsDays).toBe(30);
    expect(record.creditLimit).toEqual({ amountMinor: 250050, currency: 'GBP' });
    expect(record.customFields).toEqual({ LimitText: '2500.50', Yen: 1235, OnHold: true, Rate: '0.0000001' });
  });

  it('fails the record on a value that is not a number, naming the field', async () => {
    const outcome = await partyWith([
      { to: 'paymentTermsDays', value: 'thirty', transforms: [{ convert: 'integer' }] },
    ]);
    expect(outcome).toMatchObject({
      kind: 'failed',
      failure: { code: 'mapping.conversion_failed', field: 'paymentTermsDays', flow: 'parties-to-xero' },
    });
  });
});

describe('dates', () => {
  it('reads the organisation’s day of an instant and formats patterns', async () => {
    const record = mapped(
      await partyWith([
        // 23:30 UTC on 31 May is already 1 June in London (summer time).
        {
          to: 'customFields.FirstSeen',
          value: '2024-05-31T23:30:00Z',
          transforms: [{ date: { from: 'instant', to: 'date', timeZone: 'Europe/London' } }],
        },
        {
          to: 'customFields.UtcDay',
          value: '2024-05-31T23:30:00Z',
          transforms: [{ date: { from: 'instant', to: 'date' } }],
        },
        { to: 'customFields.Since', value: '31/05/2024', transforms: [{ date: { from: 'dd/MM/yyyy', to: 'date' } }] },
        { to: 'customFields.X3Day', value: '2024-05-31', transforms: [{ date: { from: 'date', to: 'yyyyMMdd' } }] },
        {
          to: 'customFields.Midnight',
          value: '2024-06-01',
          transforms: [{ date: { from: 'date', to: 'instant', timeZone: 'Europe/London' } }],
        },
      ]),
    );
    expect(record.customFields).toEqual({
      FirstSeen: '2024-06-01',
      UtcDay: '2024-05-31',
      Since: '2024-05-31',
      X3Day: '20240531',
      Midnight: '2024-05-31T23:00:00Z',
    });
  });

  it('fails on a date that does not fit the pattern', async () => {
    const outcome = await partyWith([
      { to: 'customFields.Since', value: '2024-31-05', transforms: [{ date: { from: 'yyyy-MM-dd', to: 'date' } }] },
    ]);
    expect(outcome).toMatchObject({
      kind: 'failed',
      failure: { code: 'mapping.bad_date', field: 'customFields.Since' },
    });
  });

  it('refuses an unknown time zone when the document is read', async () => {
    await expect(
      partyWith([
        {
          to: 'customFields.D',
          value: 'x',
          transforms: [{ date: { from: 'instant', to: 'date', timeZone: 'Mars/Olympus' } }],
        },
      ]),
    ).rejects.toThrow(/an IANA time zone/);
  });
});

describe('concat, split, trim, case and limits', () => {
  it('joins first and last name, splits a contact name and address text back', async () => {
    const record = mapped(
      await partyWith([
        {
          to: 'customFields.Contact',
          from: ['contacts[0].firstName', 'contacts[0].lastName'],
          transforms: [{ join: ' ' }],
        },
        { to: 'contacts[0].firstName', value: 'Mary Ann Evans', transforms: [{ splitName: 'first' }] },
        { to: 'contacts[0].lastName', value: 'Mary Ann Evans', transforms: [{ splitName: 'last' }] },
        {
          to: 'addresses[kind=delivery].lines',
          value: 'Unit 4\nMill Lane\nShipley\nWest Yorkshire\nEngland',
          transforms: [{ split: '\n', max: 4 }],
        },
        {
          to: 'addresses[kind=delivery].postalCode',
          value: 'Mill Lane, BD18 3LA',
          transforms: [{ split: ',', part: 'last' }],
        },
        {
          to: 'customFields.Short',
          value: '  Harrogate Joinery and Timber Merchants Ltd ',
          transforms: ['trim', 'upper', { truncate: 20 }],
        },
        { to: 'customFields.Code', from: ['customFields.Missing', 'code'], transforms: ['coalesce', 'lower'] },
      ]),
    );
    expect(record.customFields).toEqual({ Contact: 'Ada Lovelace', Short: 'HARROGATE JOINERY AN', Code: 'harg0042' });
    expect(record.contacts).toEqual([{ firstName: 'Mary Ann', lastName: 'Evans', email: 'ada@harrogate.example' }]);
    expect((record.addresses as unknown[])[1]).toEqual({
      kind: 'delivery',
      lines: ['Unit 4', 'Mill Lane', 'Shipley', 'West Yorkshire, England'],
      postalCode: 'BD18 3LA',
    });
  });
});

describe('lookups', () => {
  const lookups = { lookups: { salesRep: { JB: 'James Brown', KM: 'Kate Moss' } } };

  it('maps a known value through the named table', async () => {
    const record = mapped(
      await partyWith(
        [{ to: 'customFields.Rep', from: 'customFields.ZSALESREP', transforms: [{ lookup: 'salesRep' }] }],
        lookups,
      ),
    );
    expect(record.customFields).toEqual({ Rep: 'James Brown' });
  });

  it('fails the record on an unknown value, naming table, value and flow — never a silent default', async () => {
    const outcome = await partyWith(
      [{ to: 'customFields.Rep', from: 'customFields.ZSALESREP', transforms: [{ lookup: 'salesRep' }] }],
      lookups,
      { ...X3_CUSTOMER, customFields: { ZSALESREP: 'SP' } },
    );
    expect(outcome).toEqual({
      kind: 'failed',
      failure: {
        code: 'mapping.unknown_lookup_value',
        message:
          'Flow "parties-to-xero" cannot map customFields.Rep: "SP" is not in lookup table "salesRep"; add it to the table or give the rule a fallback.',
        flow: 'parties-to-xero',
        field: 'customFields.Rep',
        value: 'SP',
      },
    });
  });

  it('uses an explicit fallback, and $lookup in expressions fails the same way', async () => {
    const record = mapped(
      await partyWith(
        [{ to: 'customFields.Rep', value: 'SP', transforms: [{ lookup: 'salesRep', fallback: 'House account' }] }],
        lookups,
      ),
    );
    expect(record.customFields).toEqual({ Rep: 'House account' });
    const outcome = await partyWith([{ to: 'customFields.Rep', expr: '$lookup("salesRep", "XX")' }], lookups);
    expect(outcome).toMatchObject({ kind: 'failed', failure: { code: 'mapping.unknown_lookup_value', value: 'XX' } });
  });
});

describe('status maps', () => {
  const statusMaps = {
    statusMaps: {
      x3OrderToInvoice: {
        entries: { 'open/none/none': 'draft', 'closed/fully/fully': 'authorised', 'closed/*/partly': 'submitted' },
      },
      stage: { entries: { open: 'Closed Won', cancelled: 'Closed Lost' }, otherwise: 'Prospecting' },
    },
  };

  it('maps combined X3 order, delivery and invoice statuses, wildcards, reverse and otherwise', async () => {
    const record = mapped(
      await partyWith(
        [
          {
            to: 'customFields.Full',
            value: ['closed', 'fully', 'fully'],
            transforms: [{ statusMap: 'x3OrderToInvoice' }],
          },
          {
            to: 'customFields.Part',
            value: ['closed', 'none', 'partly'],
            transforms: [{ statusMap: 'x3OrderToInvoice' }],
          },
          { to: 'customFields.Stage', value: 'draft', transforms: [{ statusMap: 'stage' }] },
          { to: 'customFields.Back', value: 'Closed Lost', transforms: [{ statusMap: 'stage', reverse: true }] },
        ],
        statusMaps,
      ),
    );
    expect(record.customFields).toEqual({
      Full: 'authorised',
      Part: 'submitted',
      Stage: 'Prospecting',
      Back: 'cancelled',
    });
  });

  it('fails on a status the map does not cover', async () => {
    const outcome = await partyWith(
      [{ to: 'customFields.S', value: ['open', 'partly', 'none'], transforms: [{ statusMap: 'x3OrderToInvoice' }] }],
      statusMaps,
    );
    expect(outcome).toMatchObject({
      kind: 'failed',
      failure: { code: 'mapping.unknown_status', value: 'open/partly/none' },
    });
  });
});

describe('currency conversion', () => {
  const rates = {
    rates: {
      source: 'ECB reference rates',
      entries: [
        { from: 'EUR', to: 'GBP', date: '2024-05-29', rate: '0.8500' },
        { from: 'EUR', to: 'GBP', date: '2024-05-31', rate: '0.8520' },
        { from: 'EUR', to: 'GBP', date: '2024-06-03', rate: '0.8600' },
        { from: 'GBP', to: 'JPY', date: '2024-05-30', rate: '199.5' },
      ],
    },
  };
  const invoiceFlow = (rule: Record<string, unknown>) => ({
    from: { side: 'erp', entity: 'invoice' },
    to: { side: 'accounting', entity: 'invoice' },
    operation: 'create',
    fields: [{ to: 'customFields.Converted', ...rule }],
  });

  async function converted(rule: Record<string, unknown>, issueDate = '2024-06-02') {
    const outcome = await mapWith(documentData(invoiceFlow(rule), rates), { ...X3_INVOICE, issueDate });
    // The bare test flow writes no invoice, so the target fails validation; the failure carries the converted value.
    return outcome;
  }

  it('picks the latest rate on or before the rate date and says which it used', async () => {
    const { convertMoney, chooseRate } = await import('../../src/mapping/transforms/currency.js');
    const table = rates.rates;
    const rate = chooseRate(table, 'EUR', 'GBP', '2024-06-02');
    expect(rate).toEqual({ from: 'EUR', to: 'GBP', date: '2024-05-31', rate: '0.8520', inverse: false });
    expect(convertMoney({ amountMinor: 100_00, currency: 'EUR' }, rate!, 'halfAwayFromZero')).toEqual({
      amountMinor: 85_20,
      currency: 'GBP',
    });
    // Only GBP→JPY is published: JPY→GBP divides by it, rounding to pence.
    const inverse = chooseRate(table, 'JPY', 'GBP', '2024-06-02')!;
    expect(convertMoney({ amountMinor: 10_000, currency: 'JPY' }, inverse, 'halfAwayFromZero')).toEqual({
      amountMinor: 50_13,
      currency: 'GBP',
    });
    expect(chooseRate(table, 'EUR', 'GBP', '2024-05-28')).toBeUndefined();
  });

  it('converts document amounts at the rate of the chosen date, rounded to minor units, with a note', async () => {
    const data = documentData(
      {
        from: { side: 'erp', entity: 'invoice' },
        to: { side: 'accounting', entity: 'invoice' },
        operation: 'create',
        fields: [
          'kind',
          'number',
          'party',
          'issueDate',
          'status',
          { to: 'currency', value: 'GBP' },
          {
            to: 'lines',
            each: {
              from: 'lines',
              fields: [
                'description',
                'quantity',
                'unitPrice',
                'taxCode',
                { to: 'net', from: 'net', transforms: [{ convertCurrency: 'GBP', rateDate: 'issueDate' }] },
                { to: 'tax', from: 'tax', transforms: [{ convertCurrency: 'GBP', rateDate: 'fullyPaidOn' }] },
              ],
            },
          },
          { to: 'totals', expr: '$totals($target.lines, "GBP")' },
          { to: 'amountPaid', value: { amountMinor: 0, currency: 'GBP' } },
          { to: 'amountDue', expr: '$target.totals.gross' },
        ],
      },
      rates,
    );
    const euroInvoice = {
      ...X3_INVOICE,
      party: { code: 'HARG0042' },
      issueDate: '2024-06-02',
      currency: 'EUR',
      lines: [
        {
          ...X3_INVOICE.lines[0]!,
          product: undefined,
          net: { amountMinor: 12345, currency: 'EUR' },
          tax: { amountMinor: 2469, currency: 'EUR' },
        },
      ],
    };
    // The rate date is a path of the source record: an invoice not yet paid has no fullyPaidOn to convert its tax at.
    const outcome = await mapWith(data, euroInvoice);
    expect(outcome).toMatchObject({ kind: 'failed', failure: { code: 'mapping.no_rate_date', field: 'lines[0].tax' } });
    const good = await mapWith(data, { ...euroInvoice, fullyPaidOn: '2024-06-02' });
    expect(good.kind).toBe('mapped');
    if (good.kind !== 'mapped') return;
    expect(good.record).toMatchObject({
      currency: 'GBP',
      lines: [{ net: { amountMinor: 10518, currency: 'GBP' }, tax: { amountMinor: 2104, currency: 'GBP' } }],
      totals: { gross: { amountMinor: 12622, currency: 'GBP' } },
    });
    expect(good.notes).toEqual([
      'lines[0].net: 123.45 EUR → 105.18 GBP at the ECB reference rates rate EUR→GBP 0.8520 of 2024-05-31 (rate date 2024-06-02).',
      'lines[0].tax: 24.69 EUR → 21.04 GBP at the ECB reference rates rate EUR→GBP 0.8520 of 2024-05-31 (rate date 2024-06-02).',
    ]);
  });

  it('fails when no rate is published on or before the date', async () => {
    const outcome = await converted({
      from: 'totals.gross',
      transforms: [{ convertCurrency: 'USD', rateDate: 'issueDate' }],
    });
    expect(outcome).toMatchObject({
      kind: 'failed',
      failure: {
        code: 'mapping.no_exchange_rate',
        message: expect.stringContaining('no GBP→USD rate on or before 2024-06-02'),
      },
    });
  });
});

describe('defaults and calculated fields', () => {
  it('fills empty values with the rule default and computes tax from lines', async () => {
    const record = mapped(
      await partyWith([
        { to: 'paymentTermsDays', from: 'paymentTermsDays', default: 30 },
        { to: 'website', from: 'website', transforms: [{ default: 'https://example.invalid' }] },
        { to: 'customFields.Tax', expr: '$lineTax({"amountMinor": 1999, "currency": "GBP"}, "20").amountMinor' },
        {
          to: 'customFields.Net',
          expr: '$lineNet({"quantity": "3", "unitPrice": "19.995", "discountRate": "10"}, "GBP").amountMinor',
        },
        { to: 'customFields.Due', expr: '$addDays($today(), 30)' },
      ]),
    );
    expect(record).toMatchObject({ paymentTermsDays: 30, website: 'https://example.invalid' });
    expect(record.customFields).toEqual({ Tax: 400, Net: 5399, Due: '2024-07-30' });
  });

  it('fails a required field the source leaves empty', async () => {
    const outcome = await partyWith([{ to: 'taxNumber', from: 'taxNumber', required: true }]);
    expect(outcome).toMatchObject({
      kind: 'failed',
      failure: {
        code: 'mapping.required_field',
        message: 'Flow "parties-to-xero" needs taxNumber but the source record has no value for it (from taxNumber).',
      },
    });
  });

  it('turns an expression error into a failure naming flow and field', async () => {
    const outcome = await partyWith([{ to: 'customFields.Bad', expr: '$number("twelve")' }]);
    expect(outcome).toMatchObject({
      kind: 'failed',
      failure: { code: 'mapping.expression_failed', flow: 'parties-to-xero', field: 'customFields.Bad' },
    });
  });
});
