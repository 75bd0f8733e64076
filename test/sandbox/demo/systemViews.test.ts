import { describe, expect, it } from 'vitest';
import {
  type Invoice,
  Invoice as InvoiceSchema,
  invoiceTotals,
  lineNet,
  lineTax,
  Party,
  Payment,
  Product,
  SalesOrder,
  type SystemName,
} from '../../../src/model/index.js';
import { generateDemoCompany } from '../../../src/sandbox/demo/demoCompany.js';
import { salesforceId18 } from '../../../src/sandbox/demo/systemIds.js';
import {
  type DemoDiscrepancy,
  type DemoSystemView,
  demoViewFor,
  demoViews,
} from '../../../src/sandbox/demo/systemViews.js';

const company = generateDemoCompany({ startDate: '2024-03-01' });
const views = demoViews(company);
const systems: SystemName[] = ['xero', 'kashflow', 'sagex3', 'salesforce'];
const allDiscrepancies = systems.flatMap((system) => views[system].discrepancies);

const truthInvoices = new Map(company.invoices.map((invoice) => [invoice.number!, invoice]));
const truthParties = new Map(company.customers.map((party) => [party.code!, party]));

function covered(view: DemoSystemView, key: string, ...kinds: DemoDiscrepancy['kind'][]): boolean {
  return view.discrepancies.some((d) => d.businessKey === key && kinds.includes(d.kind));
}

describe('demoViewFor', () => {
  it('holds what each kind of system holds', () => {
    for (const system of ['xero', 'kashflow'] as const) {
      expect(views[system].salesOrders).toEqual([]);
      expect(views[system].invoices.length).toBeGreaterThan(2800);
      expect(views[system].payments.length).toBeGreaterThan(1000);
    }
    expect(views.sagex3.salesOrders.length).toBeGreaterThanOrEqual(3000);
    expect(views.sagex3.invoices.length).toBeGreaterThan(2800);
    expect(views.sagex3.payments.length).toBeGreaterThan(1000);
    expect(views.salesforce.salesOrders.length).toBeGreaterThan(2990);
    expect(views.salesforce.invoices).toEqual([]);
    expect(views.salesforce.payments).toEqual([]);
    for (const system of systems) {
      expect(views[system].parties.length).toBeGreaterThanOrEqual(299);
      expect(views[system].products.length).toBeGreaterThanOrEqual(100);
    }
  });

  it("uses each system's own id style, unique within the view", () => {
    const patterns: Record<SystemName, Record<string, RegExp>> = {
      xero: { party: /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/ },
      kashflow: { party: /^\d+$/, invoice: /^\d+$/, payment: /^\d+$/ },
      sagex3: { party: /^[CS]\d{6}$/, salesOrder: /^SOH\d{4}-\d{6}$/, invoice: /^SIH\d{4}-\d{6}$/ },
      salesforce: {
        party: /^001[0-9A-Za-z]{15}$/,
        product: /^01t[0-9A-Za-z]{15}$/,
        salesOrder: /^801[0-9A-Za-z]{15}$/,
      },
    };
    for (const system of systems) {
      const view = views[system];
      const byType = {
        party: view.parties,
        product: view.products,
        salesOrder: view.salesOrders,
        invoice: view.invoices,
        payment: view.payments,
      };
      for (const [type, records] of Object.entries(byType)) {
        const ids = records.map((record) => record.source!.id);
        expect(new Set(ids).size).toBe(ids.length);
        for (const record of records) expect(record.source!.system).toBe(system);
        const pattern = patterns[system][type] ?? (system === 'xero' ? patterns.xero.party : undefined);
        if (pattern) for (const id of ids) expect(id).toMatch(pattern);
      }
    }
    for (const party of views.salesforce.parties)
      expect(salesforceId18(party.source!.id.slice(0, 15))).toBe(party.source!.id);
    expect(views.sagex3.salesOrders[0]!.source!.id).toMatch(/^SOH2403-/);
  });

  it('keeps business keys so reconciliation can pair counterparts', () => {
    for (const system of systems) {
      const view = views[system];
      for (const party of view.parties) expect(party.code).toBeTruthy();
      const partyIds = new Map(view.parties.map((party) => [party.code, party.source!.id]));
      for (const invoice of view.invoices) {
        expect(invoice.number).toBeTruthy();
        expect(invoice.party.ref?.id).toBe(partyIds.get(invoice.party.code));
      }
      for (const order of view.salesOrders) expect(order.party.ref?.id).toBe(partyIds.get(order.party.code));
    }
  });

  it('produces records that all validate against the canonical schemas', () => {
    for (const system of systems) {
      const view = views[system];
      const checks = [
        [Party, view.parties],
        [Product, view.products],
        [SalesOrder, view.salesOrders],
        [InvoiceSchema, view.invoices],
        [Payment, view.payments],
      ] as const;
      for (const [schema, records] of checks) {
        for (const record of records) {
          const result = schema.safeParse(record);
          expect(result.error?.issues ?? [], `${system} ${record.source?.id}`).toEqual([]);
        }
      }
      for (const record of [...view.invoices, ...view.payments, ...view.parties]) {
        expect(record.source!.updatedAt >= record.source!.createdAt!).toBe(true);
      }
    }
  });

  it('is deterministic and leaves the true company untouched', () => {
    const again = generateDemoCompany({ startDate: '2024-03-01' });
    expect(demoViewFor(again, 'kashflow')).toEqual(views.kashflow);
    expect(again).toEqual(company);
    views.xero.invoices[0]!.lines[0]!.net.amountMinor += 1;
    expect(company.invoices[0]!.lines[0]!.net.amountMinor).not.toBe(views.xero.invoices[0]!.lines[0]!.net.amountMinor);
    views.xero.invoices[0]!.lines[0]!.net.amountMinor -= 1;
  });

  it('plants every kind of discrepancy the demo needs', () => {
    const count = (kind: DemoDiscrepancy['kind']) => allDiscrepancies.filter((d) => d.kind === kind).length;
    expect(count('missingRecord')).toBeGreaterThanOrEqual(3);
    expect(count('nameTypo')).toBeGreaterThanOrEqual(3);
    expect(count('roundingDifference')).toBe(1);
    expect(count('taxDifference')).toBe(1);
    expect(count('duplicateRecord')).toBe(1);
    expect(count('latePayment')).toBe(1);
    expect(count('statusDifference')).toBe(1);
    for (const discrepancy of allDiscrepancies) {
      expect(discrepancy.description).toMatch(/^[A-Z].*\.$/);
      expect(views[discrepancy.system].discrepancies).toContain(discrepancy);
    }
  });

  it('makes every discrepancy findable in its system', () => {
    for (const d of allDiscrepancies) {
      const view = views[d.system];
      const byId = <T extends { source?: { id: string } }>(records: T[]) =>
        d.recordIds.map((id) => records.find((record) => record.source?.id === id)!);
      switch (d.kind) {
        case 'missingRecord': {
          expect(d.recordIds).toEqual([]);
          const keys = {
            party: view.parties.map((p) => p.code),
            product: view.products.map((p) => p.code),
            salesOrder: view.salesOrders.map((o) => o.number),
            invoice: view.invoices.map((i) => i.number),
            payment: view.payments.map((p) => p.reference),
          }[d.recordType];
          expect(keys).not.toContain(d.businessKey);
          const otherSystemHasIt = systems.some((other) => {
            const v = views[other];
            return [
              ...v.parties.map((p) => p.code),
              ...v.salesOrders.map((o) => o.number),
              ...v.invoices.map((i) => i.number),
            ].includes(d.businessKey);
          });
          expect(otherSystemHasIt).toBe(true);
          break;
        }
        case 'nameTypo': {
          const [party] = byId(view.parties);
          expect(party!.code).toBe(d.businessKey);
          expect(party!.name).not.toBe(truthParties.get(d.businessKey)!.name);
          break;
        }
        case 'roundingDifference': {
          const [invoice] = byId(view.invoices);
          const truth = truthInvoices.get(d.businessKey)!;
          expect(Math.abs(invoice!.totals.gross.amountMinor - truth.totals.gross.amountMinor)).toBe(1);
          break;
        }
        case 'taxDifference': {
          const [invoice] = byId(view.invoices);
          const truth = truthInvoices.get(d.businessKey)!;
          const changed = invoice!.lines.filter((line, i) => line.taxRate !== truth.lines[i]!.taxRate);
          expect(changed).toHaveLength(1);
          expect(invoice!.totals.tax.amountMinor).toBeGreaterThan(truth.totals.tax.amountMinor);
          break;
        }
        case 'duplicateRecord': {
          const [original, duplicate] = byId(view.invoices);
          expect(original!.number).toBe(d.businessKey);
          expect(duplicate!.number).not.toBe(original!.number);
          expect(duplicate!.reference).toBe(original!.reference);
          expect(duplicate!.party.code).toBe(original!.party.code);
          expect(duplicate!.totals).toEqual(original!.totals);
          break;
        }
        case 'latePayment': {
          const [payment] = byId(view.payments);
          const truth = company.payments.find((p) => p.reference === d.businessKey)!;
          const invoice = truthInvoices.get(truth.allocations[0]!.document.number!)!;
          expect(truth.date <= invoice.dueDate!).toBe(true);
          expect(payment!.date > invoice.dueDate!).toBe(true);
          break;
        }
        case 'statusDifference': {
          const [invoice] = byId(view.invoices);
          const truth = truthInvoices.get(invoice!.number!)!;
          expect(truth.status).toBe('paid');
          expect(invoice!.status).toBe('authorised');
          expect(views.xero.invoices.find((i) => i.number === invoice!.number)?.status).toBe('paid');
          break;
        }
      }
    }
  });

  it("keeps every invoice's totals consistent with its lines and with the truth, except where a discrepancy says otherwise", () => {
    for (const system of systems) {
      const view = views[system];
      const duplicates = new Set(
        view.discrepancies.filter((d) => d.kind === 'duplicateRecord').flatMap((d) => d.recordIds.slice(1)),
      );
      for (const invoice of view.invoices) {
        expect(invoice.totals).toEqual(invoiceTotals(invoice.lines, invoice.currency));
        const key = invoice.number!;
        const truth: Invoice | undefined = duplicates.has(invoice.source!.id)
          ? company.invoices.find((i) => i.reference === invoice.reference)
          : truthInvoices.get(key);
        expect(truth, `${system} invoice ${key}`).toBeDefined();
        const linesAgree = invoice.lines.every(
          (line) =>
            lineNet(line, 'GBP').amountMinor === line.net.amountMinor &&
            lineTax(line.net, line.taxRate!).amountMinor === line.tax.amountMinor,
        );
        if (!linesAgree) expect(covered(view, key, 'roundingDifference')).toBe(true);
        if (invoice.totals.gross.amountMinor !== truth!.totals.gross.amountMinor) {
          expect(covered(view, key, 'roundingDifference', 'taxDifference')).toBe(true);
        }
        if (invoice.status !== truth!.status || invoice.amountPaid.amountMinor !== truth!.amountPaid.amountMinor) {
          expect(covered(view, key, 'statusDifference')).toBe(true);
        }
      }
    }
  });

  it('differs from the truth in party names only where a typo is recorded', () => {
    for (const system of systems) {
      const view = views[system];
      for (const party of view.parties) {
        const truth = truthParties.get(party.code!);
        if (truth && truth.name !== party.name) expect(covered(view, party.code!, 'nameTypo')).toBe(true);
      }
    }
  });

  it('builds views of a tiny company without failing', () => {
    const tiny = generateDemoCompany({ customers: 4, products: 3, orders: 15, startDate: '2024-01-01', seed: 3 });
    for (const system of systems) {
      const view = demoViewFor(tiny, system);
      for (const invoice of view.invoices) expect(InvoiceSchema.safeParse(invoice).success).toBe(true);
    }
  });
});
