import type { CanonicalRecords, Entity } from '../../src/connectors/connector.js';
import type { MappingContext } from '../../src/mapping/compiledMapping.js';
import {
  type DocumentLine,
  type Invoice,
  invoiceTotals,
  type Product,
  type SalesOrder,
  type SystemName,
} from '../../src/model/index.js';
import { generateDemoCompany } from '../../src/sandbox/demo/demoCompany.js';
import { type DemoSystemView, demoViewFor } from '../../src/sandbox/demo/systemViews.js';

/**
 * The demo company as each system's connector reads it back from its sandbox. The views of systemViews.ts keep the
 * demo's own (Xero-style) tax codes everywhere; the sandboxes store them the system's way, and the codecs read:
 * - Sage X3: tax levels NOR/RED/ZER by rate (src/sandbox/sagex3/demoSeed.ts), no rate or ledger account on lines;
 * - KashFlow: the VAT percentage as the line's and product's tax code (VATLevel, VATRate);
 * - Salesforce: no VAT at all on products and lines, and Opportunities read as orders (Closed Won → open).
 */
function x3TaxLevel(rate: string | undefined): string {
  const percent = Number(rate ?? '20');
  return percent === 0 ? 'ZER' : percent === 5 ? 'RED' : 'NOR';
}

function recodeLines(lines: DocumentLine[], system: SystemName): DocumentLine[] {
  return lines.map((line) => {
    if (system === 'sagex3') {
      const { taxRate: _rate, accountCode: _account, ...rest } = line;
      return { ...rest, taxCode: x3TaxLevel(line.taxRate) };
    }
    if (system === 'kashflow') return line.taxRate === undefined ? line : { ...line, taxCode: line.taxRate };
    if (system === 'salesforce') {
      const { taxRate: _rate, taxCode: _code, accountCode: _account, ...rest } = line;
      return { ...rest, tax: { amountMinor: 0, currency: line.net.currency } };
    }
    return line;
  });
}

function recodeProduct(product: Product, system: SystemName): Product {
  const sales = product.sales;
  if (!sales) return product;
  if (system === 'sagex3') return { ...product, sales: { ...sales, taxCode: x3TaxLevel(sales.taxRate) } };
  if (system === 'kashflow' && sales.taxRate) return { ...product, sales: { ...sales, taxCode: sales.taxRate } };
  if (system === 'salesforce') return { ...product, sales: { unitPrice: sales.unitPrice, currency: sales.currency } };
  return product;
}

function recodeInvoice(invoice: Invoice, system: SystemName): Invoice {
  return { ...invoice, lines: recodeLines(invoice.lines, system) };
}

function recodeOrder(order: SalesOrder, system: SystemName): SalesOrder {
  if (system !== 'salesforce') return { ...order, lines: recodeLines(order.lines, system) };
  const lines = recodeLines(order.lines, system);
  const { number: _number, deliveryStatus: _d, invoiceStatus: _i, ...rest } = order;
  return {
    ...rest,
    status: order.status === 'cancelled' ? 'cancelled' : 'open',
    customerReference: `${order.party.name ?? 'Order'} – ${order.number}`,
    lines,
    totals: invoiceTotals(lines, order.currency),
  };
}

export type ConnectorView = { readonly [E in Entity]?: readonly CanonicalRecords[E][] };

export function connectorView(view: DemoSystemView): ConnectorView {
  const { system } = view;
  return {
    party: view.parties,
    product: view.products.map((product) => recodeProduct(product, system)),
    salesOrder: view.salesOrders.map((order) => recodeOrder(order, system)),
    invoice: view.invoices.map((invoice) => recodeInvoice(invoice, system)),
    payment: view.payments,
  };
}

const company = generateDemoCompany({ startDate: '2024-04-01' });
const views = new Map<SystemName, DemoSystemView>();

/** The demo view of one system (generated once per test file) and its records as the connector reads them. */
export function demoSystem(system: SystemName): { view: DemoSystemView; records: ConnectorView } {
  let view = views.get(system);
  if (!view) {
    view = demoViewFor(company, system);
    views.set(system, view);
  }
  return { view, records: connectorView(view) };
}

/** A sync engine stand-in whose cross-references know a counterpart for every record. */
export function resolvingContext(systems: MappingContext['systems']): MappingContext {
  return {
    systems,
    today: '2024-07-01',
    counterpartOf: (entity, source) => ({
      system: source.system === systems.accounting ? systems.erp : systems.accounting,
      id: `${entity}-${source.id}`,
    }),
  };
}
