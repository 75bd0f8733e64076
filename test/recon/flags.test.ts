import { describe, expect, it } from 'vitest';
import { type DocumentLine, invoiceTotals, lineTax } from '../../src/model/documentLine.js';
import { Invoice } from '../../src/model/invoice.js';
import { canonicalValuesOf } from '../../src/recon/casework/canonicalValues.js';
import { reconcile } from '../../src/recon/engine.js';
import { parseDay } from '../../src/recon/normalise.js';
import type { ReconResult } from '../../src/recon/result.js';
import { recordTableFrom } from '../../src/recon/table.js';
import { type Row, table } from './records.js';

const codes = (result: ReconResult, code: string) => result.flags.filter((flag) => flag.code === code);

function history(party: string, count: number, base: number, prefix: string): Row[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `${prefix}${i}`,
    number: `${prefix}${i}`,
    party_name: party,
    date: `2024-03-${String(1 + (i % 27)).padStart(2, '0')}`,
    net: (base + i * 3.17).toFixed(2),
    tax: ((base + i * 3.17) * 0.2).toFixed(2),
    total: ((base + i * 3.17) * 1.2).toFixed(2),
    status: 'AUTHORISED',
  }));
}

/** Keeps net, tax and total consistent to the penny after rounding. */
function consistent(rows: Row[]): Row[] {
  return rows.map((row) => {
    const net = Math.round(Number(row.net) * 100);
    const tax = Math.round(net * 0.2);
    return { ...row, net: (net / 100).toFixed(2), tax: (tax / 100).toFixed(2), total: ((net + tax) / 100).toFixed(2) };
  });
}

describe('anomaly flags', () => {
  it('flags suspected duplicates within one system', () => {
    const left = table('payments', [
      { id: 'A', date: '2024-03-01', amount: '250.00', party_name: 'Acme', reference: 'INV 9' },
      { id: 'B', date: '2024-03-02', amount: '250.00', party_name: 'Acme', reference: 'INV 9' },
      { id: 'C', date: '2024-03-20', amount: '250.00', party_name: 'Acme', reference: 'INV 10' },
    ]);
    const right = table('payments', [
      { id: 'R', date: '2024-03-01', amount: '250.00', party_name: 'Acme', reference: 'INV 9' },
    ]);
    const [flag, ...rest] = codes(reconcile({ entity: 'payments', left, right }), 'duplicate_suspected');
    expect(rest).toEqual([]);
    expect(flag).toMatchObject({ side: 'left', ids: ['A', 'B'], severity: 'warning' });
    expect(flag?.message).toContain('look like the same entry twice');
  });

  it('flags an amount far outside what a party usually has, learned from the data', () => {
    const rows = consistent(history('Acme', 20, 100, 'L'));
    rows.push(
      ...consistent([
        { id: 'BIG', number: 'BIG', party_name: 'Acme', date: '2024-03-15', net: '25000.00', status: 'OPEN' },
      ]),
    );
    const result = reconcile({ entity: 'invoices', left: table('invoices', rows), right: table('invoices', []) });
    const outliers = codes(result, 'amount_outlier');
    expect(outliers.map((f) => f.ids)).toEqual([['BIG']]);
    expect(outliers[0]?.message).toContain('far above what ACME usually has');
  });

  it('flags tax that is not net × a rate in use, and totals that do not add up', () => {
    const rows = consistent(history('Acme', 30, 100, 'L'));
    rows.push({
      id: 'T1',
      number: 'T1',
      party_name: 'Acme',
      date: '2024-03-03',
      net: '100.00',
      tax: '17.50',
      total: '117.50',
    });
    rows.push({
      id: 'T2',
      number: 'T2',
      party_name: 'Acme',
      date: '2024-03-03',
      net: '100.00',
      tax: '20.00',
      total: '121.00',
    });
    const result = reconcile({ entity: 'invoices', left: table('invoices', rows), right: table('invoices', []) });
    expect(codes(result, 'tax_mismatch').map((f) => f.ids)).toEqual([['T1']]);
    expect(codes(result, 'tax_mismatch')[0]?.message).toContain('is not 20.0% of net');
    expect(codes(result, 'total_mismatch').map((f) => f.ids)).toEqual([['T2']]);
  });

  it('flags a status conflict between matched records', () => {
    const left = table('invoices', [{ id: 'a', number: 'INV-1', total: '10.00', status: 'PAID' }]);
    const right = table('invoices', [{ id: 'b', number: '1', total: '10.00', status: 'AUTHORISED' }]);
    const result = reconcile({ entity: 'invoices', left, right });
    expect(codes(result, 'status_conflict')).toEqual([
      expect.objectContaining({ side: 'both', ids: ['a', 'b'], message: 'a is paid in test but b is open in test.' }),
    ]);
    expect(result.matches[0]?.flags).toEqual(['status_conflict']);
  });

  it('flags records dated outside the period and records missing a counterpart for too long', () => {
    const left = table('payments', [
      { id: 'OLD', date: '2024-01-10', amount: '10.00', reference: 'OLD ONE' },
      { id: 'IN', date: '2024-03-10', amount: '20.00', reference: 'IN ONE' },
    ]);
    const right = table('payments', [{ id: 'R', date: '2024-03-11', amount: '20.00', reference: 'IN ONE' }]);
    const result = reconcile({ entity: 'payments', left, right, period: '2024-03' });
    expect(codes(result, 'outside_period').map((f) => f.ids)).toEqual([['OLD']]);
    expect(codes(result, 'missing_counterpart').map((f) => f.ids)).toEqual([['OLD']]);
    expect(result.unmatchedLeft).toEqual([{ id: 'OLD', flags: ['outside_period', 'missing_counterpart'] }]);
  });

  it('flags an FX rate far from the reference rate for that date', () => {
    const left = table('payments', [
      { id: 'E1', date: '2024-03-01', amount: '100.00', currency: 'EUR', reference: 'FX ONE' },
      { id: 'E2', date: '2024-03-02', amount: '100.00', currency: 'EUR', reference: 'FX TWO' },
    ]);
    const right = table('payments', [
      { id: 'G1', date: '2024-03-01', amount: '85.00', currency: 'GBP', reference: 'FX ONE' },
      { id: 'G2', date: '2024-03-02', amount: '95.00', currency: 'GBP', reference: 'FX TWO' },
    ]);
    const rates = new Map([
      [
        'EUR/GBP',
        new Map([
          [parseDay('2024-03-01')!, 0.85],
          [parseDay('2024-03-02')!, 0.85],
        ]),
      ],
    ]);
    const result = reconcile({
      entity: 'payments',
      left,
      right,
      fxRates: rates,
      crossReferences: [
        { left: 'E1', right: 'G1' },
        { left: 'E2', right: 'G2' },
      ],
    });
    expect(codes(result, 'fx_rate').map((f) => f.ids)).toEqual([['E2', 'G2']]);
  });

  it('flags round amounts from a party that rarely bills round figures', () => {
    const rows = consistent(history('Acme', 30, 1000.37, 'L'));
    rows.push(...consistent([{ id: 'R1', number: 'R1', party_name: 'Acme', date: '2024-03-05', net: '1000.00' }]));
    const result = reconcile({ entity: 'invoices', left: table('invoices', rows), right: table('invoices', []) });
    expect(codes(result, 'round_amount').map((f) => f.ids)).toEqual([['R1']]);
  });

  it('flags a one-off party with an amount far above the ledger’s usual amounts', () => {
    const rows = ['Acme', 'Bolt', 'Cog', 'Dent'].flatMap((party, p) =>
      consistent(history(party, 10, 100 + p * 7, `${party}-`)),
    );
    rows.push(
      ...consistent([{ id: 'NEW', number: 'NEW', party_name: 'Stranger', date: '2024-03-09', net: '90000.00' }]),
    );
    const result = reconcile({ entity: 'invoices', left: table('invoices', rows), right: table('invoices', []) });
    expect(codes(result, 'unusual_party').map((f) => f.ids)).toEqual([['NEW']]);
  });

  it('gives every flag a code, severity, score between 0 and 1 and a sentence', () => {
    const rows = consistent(history('Acme', 30, 100, 'L'));
    const result = reconcile({
      entity: 'invoices',
      left: table('invoices', rows),
      right: table('invoices', rows.slice(0, 5)),
      period: '2024-02',
    });
    expect(result.flags.length).toBeGreaterThan(0);
    for (const flag of result.flags) {
      expect(flag.code).toMatch(/^[a-z_]+$/);
      expect(['info', 'warning', 'error']).toContain(flag.severity);
      expect(flag.score).toBeGreaterThanOrEqual(0);
      expect(flag.score).toBeLessThanOrEqual(1);
      expect(flag.message).toMatch(/^[A-Za-z0-9].*\.$/);
    }
  });
});

/** A document line of `net` pence whose rate is `ratePercent`; its VAT is charged at `chargedPercent` (default: the same). */
function line(net: number, ratePercent: string, chargedPercent = ratePercent): DocumentLine {
  const amount = { amountMinor: net, currency: 'GBP' };
  return {
    description: `Goods at ${ratePercent}%`,
    quantity: '1',
    unitPrice: (net / 100).toFixed(2),
    net: amount,
    taxRate: ratePercent,
    tax: lineTax(amount, chargedPercent),
  };
}

/** A validated canonical sales invoice, as a connector reads it, with its totals taken from its lines. */
function invoiceOf(number: string, lines: DocumentLine[]): Invoice {
  const totals = invoiceTotals(lines, 'GBP');
  return Invoice.parse({
    kind: 'receivable',
    number,
    party: { code: 'ACME', name: 'Acme' },
    issueDate: '2024-03-05',
    currency: 'GBP',
    status: 'authorised',
    lines,
    totals,
    amountPaid: { amountMinor: 0, currency: 'GBP' },
    amountDue: totals.gross,
  });
}

/** Invoices read through a connection reconciled against nothing: only their own flags are raised. */
function reconcileConnection(invoices: Invoice[]): ReconResult {
  const rows = invoices.map((invoice) => canonicalValuesOf('invoice', invoice, invoice.number!));
  return reconcile({
    entity: 'invoices',
    left: recordTableFrom('invoices', 'Xero', rows),
    right: recordTableFrom('invoices', 'KashFlow', []),
  });
}

/** Effective rates spread between 5 % and 20 %: each invoice splits its net between a 20 % and a 5 % line. */
function mixedRateRows(count: number): Row[] {
  return Array.from({ length: count }, (_, k) => {
    const net = 10_000 + k * 1_700;
    const standard = Math.round((net * (k + 1)) / (count + 2));
    const tax = Math.round(standard * 0.2) + Math.round((net - standard) * 0.05);
    return {
      id: `M${k}`,
      number: `M${k}`,
      party_name: 'Acme',
      date: '2024-03-04',
      net: (net / 100).toFixed(2),
      tax: (tax / 100).toFixed(2),
      total: ((net + tax) / 100).toFixed(2),
    };
  });
}

/** Zero-rated invoices (exports, books): tax 0.00. */
function zeroRatedRows(count: number): Row[] {
  return Array.from({ length: count }, (_, k) => ({
    id: `Z${k}`,
    number: `Z${k}`,
    party_name: 'Acme',
    date: '2024-03-05',
    net: (80 + k * 2.5).toFixed(2),
    tax: '0.00',
    total: (80 + k * 2.5).toFixed(2),
  }));
}

function fileRow(id: string, net: string, tax: string): Row {
  const total = ((Math.round(Number(net) * 100) + Math.round(Number(tax) * 100)) / 100).toFixed(2);
  return { id, number: id, party_name: 'Acme', date: '2024-03-06', net, tax, total };
}

describe('tax flags on invoices with lines at several VAT rates', () => {
  it('does not flag an invoice read with its lines whose tax is what its 20 %, 5 % and 0 % lines give', () => {
    const invoices = [
      ...Array.from({ length: 20 }, (_, k) => invoiceOf(`S${k}`, [line(10_000 + k * 317, '20')])),
      invoiceOf('MIXED', [line(20_000, '20'), line(7_000, '5'), line(2_500, '0')]),
    ];
    const result = reconcileConnection(invoices);
    expect(codes(result, 'tax_mismatch')).toEqual([]);
    expect(codes(result, 'total_mismatch')).toEqual([]);
  });

  it('flags an invoice with a line whose VAT is not what its own rate gives, naming the VAT its lines give', () => {
    const invoices = [
      ...Array.from({ length: 20 }, (_, k) => invoiceOf(`S${k}`, [line(10_000 + k * 317, '20')])),
      invoiceOf('MIXED', [line(20_000, '20'), line(7_000, '5'), line(2_500, '0')]),
      // The 5 % line keyed at standard rate: 14.00 VAT instead of 3.50.
      invoiceOf('WRONG', [line(20_000, '20'), line(7_000, '5', '20'), line(2_500, '0')]),
    ];
    const flags = codes(reconcileConnection(invoices), 'tax_mismatch');
    expect(flags.map((flag) => flag.ids)).toEqual([['WRONG']]);
    expect(flags[0]?.message).toBe("WRONG: tax GBP 54.00 differs from GBP 43.50, the VAT its lines' rates give.");
  });

  it('keeps a ledger export with mixed-rate invoices quiet, but still flags a rate outside the rates in use', () => {
    const rows = [
      ...consistent(history('Acme', 30, 100, 'L')),
      ...zeroRatedRows(10),
      ...mixedRateRows(10),
      fileRow('HIGH', '100.00', '25.00'),
    ];
    const result = reconcile({ entity: 'invoices', left: table('invoices', rows), right: table('invoices', []) });
    const flags = codes(result, 'tax_mismatch');
    expect(flags.map((flag) => flag.ids)).toEqual([['HIGH']]);
    expect(flags[0]?.message).toContain('is not 20.0% of net');
  });

  it('still flags a 17.5 % invoice in an export of a ledger that never mixes rates on one invoice', () => {
    const singleRate = [...consistent(history('Acme', 30, 100, 'L')), fileRow('OLD', '100.00', '17.50')];
    const twoRates = [...singleRate, ...zeroRatedRows(10)];
    for (const rows of [singleRate, twoRates]) {
      const result = reconcile({ entity: 'invoices', left: table('invoices', rows), right: table('invoices', []) });
      const flags = codes(result, 'tax_mismatch');
      expect(flags.map((flag) => flag.ids)).toEqual([['OLD']]);
      expect(flags[0]?.message).toBe('OLD: tax GBP 17.50 is not 20.0% of net GBP 100.00 (expected GBP 20.00).');
    }
  });
});
