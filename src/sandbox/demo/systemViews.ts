import { CounterpartError } from '../../errors.js';
import {
  addDays,
  compareCalendarDates,
  type DocumentLine,
  formatMoney,
  type Invoice,
  invoiceTotals,
  lineTax,
  type Party,
  type PartyRef,
  type Payment,
  type Product,
  type RecordRef,
  type RecordSource,
  type SalesOrder,
  type SystemName,
} from '../../model/index.js';
import { DEMO_VAT, type DemoCompany } from './demoCompany.js';
import { hashText, SeededRandom } from './random.js';
import { type DemoRecordType, type IdentityRequest, instantOn, systemIdentity } from './systemIds.js';

export type DemoDiscrepancyKind =
  | 'missingRecord'
  | 'nameTypo'
  | 'roundingDifference'
  | 'taxDifference'
  | 'duplicateRecord'
  | 'latePayment'
  | 'statusDifference';

/** A difference planted on purpose in one system's copy of the demo company, for the demo and the tests to find. */
export interface DemoDiscrepancy {
  kind: DemoDiscrepancyKind;
  system: SystemName;
  recordType: DemoRecordType;
  /** The demo's business key of the record concerned (customer code, invoice number, order number, receipt ref). */
  businessKey: string;
  /** Ids in `system` of the records involved; empty when the record is missing there. */
  recordIds: string[];
  /** One sentence a finance user would understand. */
  description: string;
}

/**
 * What one system holds, as canonical records with that system's identities in `source`. Business keys are kept in
 * the canonical fields (`Party.code`, `Product.code`, `SalesOrder.number`, `Invoice.number`, `Payment.reference`)
 * in every system so reconciliation can pair counterparts; `source.number` carries the system's own number where it
 * has a different one (X3 SIH…, Salesforce OrderNumber).
 */
export interface DemoSystemView {
  system: SystemName;
  parties: Party[];
  products: Product[];
  salesOrders: SalesOrder[];
  invoices: Invoice[];
  payments: Payment[];
  discrepancies: DemoDiscrepancy[];
}

const holdings: Record<SystemName, { suppliers: boolean; salesOrders: boolean; invoices: boolean }> = {
  xero: { suppliers: true, salesOrders: false, invoices: true },
  kashflow: { suppliers: true, salesOrders: false, invoices: true },
  sagex3: { suppliers: true, salesOrders: true, invoices: true },
  salesforce: { suppliers: false, salesOrders: true, invoices: false },
};

const systemLabel: Record<SystemName, string> = {
  xero: 'Xero',
  kashflow: 'KashFlow',
  sagex3: 'Sage X3',
  salesforce: 'Salesforce',
};

export function demoViewFor(company: DemoCompany, system: SystemName): DemoSystemView {
  const holds = holdings[system];
  const working: Working = {
    customers: [...company.customers],
    suppliers: holds.suppliers ? [...company.suppliers] : [],
    products: [...company.products],
    salesOrders: holds.salesOrders ? [...company.salesOrders] : [],
    invoices: holds.invoices ? [...company.invoices] : [],
    payments: holds.invoices ? [...company.payments] : [],
  };
  const identities = new Identities(company, system);
  const planter = new Planter(company, system, working, identities);
  planter.plant();
  return {
    system,
    ...attachIdentities(company, working, identities),
    discrepancies: planter.discrepancies,
  };
}

/** All four views, in the order the demo shows them. */
export function demoViews(company: DemoCompany): Record<SystemName, DemoSystemView> {
  return {
    xero: demoViewFor(company, 'xero'),
    kashflow: demoViewFor(company, 'kashflow'),
    sagex3: demoViewFor(company, 'sagex3'),
    salesforce: demoViewFor(company, 'salesforce'),
  };
}

interface Working {
  customers: Party[];
  suppliers: Party[];
  products: Product[];
  salesOrders: SalesOrder[];
  invoices: Invoice[];
  payments: Payment[];
}

/** Each record's identity in the system, from its position in the true company (extra records get the next slots). */
class Identities {
  private readonly indexes = new Map<string, IdentityRequest>();
  private readonly extraCount = new Map<string, number>();
  private readonly counts = new Map<string, number>();

  constructor(
    company: DemoCompany,
    private readonly system: SystemName,
  ) {
    const add = (type: IdentityRequest['type'], keys: readonly { key: string; date?: string }[]) => {
      keys.forEach(({ key, date }, index) => {
        this.indexes.set(`${type}:${key}`, { type, index, key, ...(date ? { date } : {}) });
      });
      this.counts.set(type, keys.length);
    };
    add(
      'party',
      company.customers.map((party) => ({ key: party.code! })),
    );
    add(
      'supplier',
      company.suppliers.map((party) => ({ key: party.code! })),
    );
    add(
      'product',
      company.products.map((product) => ({ key: product.code })),
    );
    add(
      'salesOrder',
      company.salesOrders.map((order) => ({ key: order.number!, date: order.orderDate })),
    );
    add(
      'invoice',
      company.invoices.map((invoice) => ({ key: invoice.number!, date: invoice.issueDate })),
    );
    add(
      'payment',
      company.payments.map((payment) => ({ key: payment.reference!, date: payment.date })),
    );
  }

  /** Registers a record that exists only in this system (a duplicate) and returns its identity. */
  addExtra(type: IdentityRequest['type'], key: string, date: string): void {
    const index = (this.counts.get(type) ?? 0) + (this.extraCount.get(type) ?? 0);
    this.extraCount.set(type, (this.extraCount.get(type) ?? 0) + 1);
    this.indexes.set(`${type}:${key}`, { type, index, key, date });
  }

  ref(type: IdentityRequest['type'], key: string): RecordRef {
    const request = this.indexes.get(`${type}:${key}`);
    if (!request) {
      throw new CounterpartError('sandbox.demo_unknown_record', `The demo company has no ${type} "${key}".`, {
        system: this.system,
        type,
        key,
      });
    }
    return { system: this.system, ...systemIdentity(this.system, request) };
  }

  id(type: IdentityRequest['type'], key: string): string {
    return this.ref(type, key).id;
  }
}

/** Plants this system's deliberate discrepancies into the working copy, recording each one. */
class Planter {
  readonly discrepancies: DemoDiscrepancy[] = [];
  private readonly random: SeededRandom;
  private readonly touched = new Set<string>();
  private readonly label: string;

  constructor(
    private readonly company: DemoCompany,
    private readonly system: SystemName,
    private readonly working: Working,
    private readonly identities: Identities,
  ) {
    this.random = new SeededRandom((company.seed ^ hashText(system)) >>> 0);
    this.label = systemLabel[system];
  }

  plant(): void {
    switch (this.system) {
      case 'xero':
        this.missingInvoice();
        this.nameTypo();
        this.nameTypo();
        this.roundingDifference();
        break;
      case 'kashflow':
        this.missingCustomer();
        this.nameTypo();
        this.taxDifference();
        this.duplicateInvoice();
        this.latePayment();
        break;
      case 'sagex3':
        this.nameTypo();
        this.statusDifference();
        break;
      case 'salesforce':
        this.missingOrder();
        this.nameTypo();
        break;
    }
  }

  private record(discrepancy: Omit<DemoDiscrepancy, 'system'>): void {
    this.discrepancies.push({ system: this.system, ...discrepancy });
  }

  /** Picks one untouched candidate, or undefined when a small demo has none. */
  private choose<T>(candidates: readonly T[], keyOf: (item: T) => string): T | undefined {
    const free = candidates.filter((item) => !this.touched.has(keyOf(item)));
    if (free.length === 0) return undefined;
    const chosen = this.random.pick(free);
    this.touched.add(keyOf(chosen));
    return chosen;
  }

  /** Records are shared with the true company until a discrepancy edits one: then this view gets its own copy. */
  private own<K extends keyof Working>(list: K, item: Working[K][number]): Working[K][number] {
    const records = this.working[list] as Working[K][number][];
    const copy = copyRecords(item);
    records[records.indexOf(item)] = copy;
    return copy;
  }

  private openInvoices(filter: (invoice: Invoice) => boolean = () => true): Invoice[] {
    return this.working.invoices.filter(
      (invoice) => invoice.amountPaid.amountMinor === 0 && invoice.status === 'authorised' && filter(invoice),
    );
  }

  private missingInvoice(): void {
    const invoice = this.choose(this.openInvoices(), (i) => `invoice:${i.number}`);
    if (!invoice) return;
    this.working.invoices = this.working.invoices.filter((i) => i !== invoice);
    this.record({
      kind: 'missingRecord',
      recordType: 'invoice',
      businessKey: invoice.number!,
      recordIds: [],
      description: `Invoice ${invoice.number} to ${invoice.party.name} for ${formatMoney(invoice.totals.gross)} was never posted to ${this.label}.`,
    });
  }

  private missingCustomer(): void {
    const customersWithDocuments = new Set(this.company.salesOrders.map((order) => order.party.code));
    const dormant = this.working.customers.filter((party) => !customersWithDocuments.has(party.code));
    const party = this.choose(dormant, (p) => `party:${p.code}`);
    if (!party) return;
    this.working.customers = this.working.customers.filter((p) => p !== party);
    this.record({
      kind: 'missingRecord',
      recordType: 'party',
      businessKey: party.code!,
      recordIds: [],
      description: `Customer ${party.name} (${party.code}) exists in the other systems but not in ${this.label}.`,
    });
  }

  private missingOrder(): void {
    const order = this.choose(this.working.salesOrders, (o) => `salesOrder:${o.number}`);
    if (!order) return;
    this.working.salesOrders = this.working.salesOrders.filter((o) => o !== order);
    this.record({
      kind: 'missingRecord',
      recordType: 'salesOrder',
      businessKey: order.number!,
      recordIds: [],
      description: `Sales order ${order.number} from ${order.party.name} (${order.orderDate}) is missing from ${this.label}.`,
    });
  }

  private nameTypo(): void {
    const chosen = this.choose(this.working.customers, (p) => `party:${p.code}`);
    if (!chosen) return;
    const party = this.own('customers', chosen);
    const original = party.name;
    party.name = misspell(original, this.random);
    this.record({
      kind: 'nameTypo',
      recordType: 'party',
      businessKey: party.code!,
      recordIds: [this.identities.id('party', party.code!)],
      description: `Customer ${party.code} is spelt "${party.name}" in ${this.label} instead of "${original}".`,
    });
  }

  /** VAT worked out on the invoice total instead of line by line: the gross is a penny out. */
  private roundingDifference(): void {
    const candidates = this.openInvoices((invoice) => invoice.lines.length >= 2 && vatOnTotalDiffers(invoice));
    const fallback = this.openInvoices((invoice) => invoice.lines.some((line) => line.tax.amountMinor > 0));
    const chosen =
      this.choose(candidates, (i) => `invoice:${i.number}`) ?? this.choose(fallback, (i) => `invoice:${i.number}`);
    if (!chosen) return;
    const invoice = this.own('invoices', chosen);
    const before = invoice.totals.gross;
    const taxed = invoice.lines.filter((line) => line.tax.amountMinor > 0);
    const biggest = taxed.reduce((a, b) => (b.tax.amountMinor > a.tax.amountMinor ? b : a));
    biggest.tax = { ...biggest.tax, amountMinor: biggest.tax.amountMinor + 1 };
    retotal(invoice);
    this.record({
      kind: 'roundingDifference',
      recordType: 'invoice',
      businessKey: invoice.number!,
      recordIds: [this.identities.id('invoice', invoice.number!)],
      description: `Invoice ${invoice.number} totals ${formatMoney(invoice.totals.gross)} in ${this.label} but ${formatMoney(before)} elsewhere: VAT was rounded on the total, not line by line.`,
    });
  }

  /** One line keyed at standard rate although the product is reduced- or zero-rated. */
  private taxDifference(): void {
    const standard = DEMO_VAT.standard;
    const candidates = this.openInvoices((invoice) => invoice.lines.some((line) => line.taxCode !== standard.code));
    const chosen = this.choose(candidates, (i) => `invoice:${i.number}`);
    if (!chosen) return;
    const invoice = this.own('invoices', chosen);
    const line = invoice.lines.find((l) => l.taxCode !== standard.code)!;
    const rightRate = line.taxRate;
    line.taxCode = standard.code;
    line.taxRate = standard.ratePercent;
    line.tax = lineTax(line.net, standard.ratePercent);
    retotal(invoice);
    this.record({
      kind: 'taxDifference',
      recordType: 'invoice',
      businessKey: invoice.number!,
      recordIds: [this.identities.id('invoice', invoice.number!)],
      description: `Line ${line.lineNumber} of invoice ${invoice.number} (${line.description}) carries ${standard.ratePercent}% VAT in ${this.label} instead of ${rightRate}%.`,
    });
  }

  private duplicateInvoice(): void {
    const invoice = this.choose(this.openInvoices(), (i) => `invoice:${i.number}`);
    if (!invoice) return;
    const highest = Math.max(...this.company.invoices.map((i) => Number(i.number)));
    const copy = copyRecords(invoice);
    copy.number = String(highest + 1);
    copy.issueDate = invoice.issueDate;
    this.identities.addExtra('invoice', copy.number, copy.issueDate);
    this.working.invoices.push(copy);
    this.record({
      kind: 'duplicateRecord',
      recordType: 'invoice',
      businessKey: invoice.number!,
      recordIds: [this.identities.id('invoice', invoice.number!), this.identities.id('invoice', copy.number)],
      description: `Order ${invoice.reference} was invoiced twice in ${this.label}: invoice ${copy.number} repeats invoice ${invoice.number} for ${formatMoney(invoice.totals.gross)}.`,
    });
  }

  /** A receipt entered after the due date although the money arrived on time. */
  private latePayment(): void {
    const invoices = new Map(this.working.invoices.map((invoice) => [invoice.number, invoice]));
    const candidates = this.working.payments.filter((payment) => {
      const invoice = invoices.get(payment.allocations[0]?.document.number);
      return (
        invoice?.status === 'paid' &&
        payment.date <= invoice.dueDate! &&
        addDays(invoice.dueDate!, 20) <= this.company.period.end
      );
    });
    const chosen = this.choose(candidates, (p) => `payment:${p.reference}`);
    if (!chosen) return;
    const payment = this.own('payments', chosen);
    const invoice = this.own('invoices', invoices.get(payment.allocations[0]!.document.number)!);
    const onTime = payment.date;
    payment.date = addDays(invoice.dueDate!, this.random.int(6, 20));
    invoice.fullyPaidOn = payment.date;
    this.touched.add(`invoice:${invoice.number}`);
    this.record({
      kind: 'latePayment',
      recordType: 'payment',
      businessKey: payment.reference!,
      recordIds: [this.identities.id('payment', payment.reference!)],
      description: `Receipt ${payment.reference} for invoice ${invoice.number} is dated ${payment.date} in ${this.label}, after the due date ${invoice.dueDate}, though it was paid on ${onTime}.`,
    });
  }

  /** Paid elsewhere, open here: the receipt sits on account, not matched to the invoice. */
  private statusDifference(): void {
    const paid = this.working.invoices.filter((invoice) => invoice.status === 'paid');
    const chosen = this.choose(paid, (i) => `invoice:${i.number}`);
    if (!chosen) return;
    const invoice = this.own('invoices', chosen);
    const payments = this.working.payments
      .filter((payment) => payment.allocations.some((allocation) => allocation.document.number === invoice.number))
      .map((payment) => this.own('payments', payment));
    for (const payment of payments) {
      payment.allocations = [];
      this.touched.add(`payment:${payment.reference}`);
    }
    invoice.status = 'authorised';
    invoice.amountPaid = { amountMinor: 0, currency: invoice.currency };
    invoice.amountDue = invoice.totals.gross;
    delete invoice.fullyPaidOn;
    this.record({
      kind: 'statusDifference',
      recordType: 'invoice',
      businessKey: invoice.number!,
      recordIds: [this.identities.id('invoice', invoice.number!)],
      description: `Invoice ${invoice.number} is paid in the accounts but still open in ${this.label}: receipt ${payments.map((p) => p.reference).join(', ')} was posted on account, not matched.`,
    });
  }
}

function retotal(invoice: Invoice): void {
  invoice.totals = invoiceTotals(invoice.lines, invoice.currency);
  invoice.amountDue = {
    amountMinor: invoice.totals.gross.amountMinor - invoice.amountPaid.amountMinor,
    currency: invoice.currency,
  };
}

/** True when VAT on each rate's net total differs from the sum of line VAT, as some systems compute it. */
function vatOnTotalDiffers(invoice: Invoice): boolean {
  const byRate = new Map<string, DocumentLine[]>();
  for (const line of invoice.lines) byRate.set(line.taxRate ?? '0', [...(byRate.get(line.taxRate ?? '0') ?? []), line]);
  let onTotals = 0;
  for (const [rate, lines] of byRate) {
    onTotals += lineTax(invoiceTotals(lines, invoice.currency).net, rate).amountMinor;
  }
  return onTotals === invoiceTotals(invoice.lines, invoice.currency).tax.amountMinor + 1;
}

/** A plausible keying slip: two letters swapped, one dropped or one doubled, inside a word of five or more. */
export function misspell(name: string, random: SeededRandom): string {
  const words = name.split(' ');
  const long = words.map((word, index) => ({ word, index })).filter(({ word }) => /^[A-Za-z]{5,}$/.test(word));
  if (long.length === 0) return `${name}.`;
  const { word, index } = random.pick(long);
  const at = random.int(1, word.length - 3);
  const typos = [
    word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2),
    word.slice(0, at) + word.slice(at + 1),
    word.slice(0, at) + word[at] + word.slice(at),
  ].filter((typo) => typo !== word);
  words[index] = random.pick(typos);
  return words.join(' ');
}

/**
 * Gives every record its identity in the system and points references at the system's own ids. Each record is
 * deep-copied first, so a view owns all its objects: a sandbox that edits one edits nothing else.
 */
function attachIdentities(
  company: DemoCompany,
  working: Working,
  identities: Identities,
): Omit<DemoSystemView, 'system' | 'discrepancies'> {
  const source = (ref: RecordRef, createdOn: string, updatedOn: string): RecordSource => {
    const createdAt = instantOn(createdOn, `${ref.id}:created`);
    // Same-day edits keep the creation time so that updatedAt is never before createdAt.
    const updatedAt = updatedOn === createdOn ? createdAt : instantOn(updatedOn, `${ref.id}:updated`);
    return { ...ref, createdAt, updatedAt };
  };
  const setup = addDays(company.period.start, -120);
  const partyIds = new Map<string, { ref: RecordRef; name: string }>();
  const parties = [
    ...working.customers.map((party) => ({ party, type: 'party' as const })),
    ...working.suppliers.map((party) => ({ party, type: 'supplier' as const })),
  ].map(({ party, type }) => {
    const ref = identities.ref(type, party.code!);
    partyIds.set(party.code!, { ref, name: party.name });
    const since = party.customFields?.Customer_Since__c;
    const created = typeof since === 'string' ? earlierDate(since, setup) : setup;
    const copy = copyRecords(party);
    copy.source = source(ref, created, setup);
    return copy;
  });
  const productIds = new Map<string, RecordRef>();
  const products = working.products.map((product) => {
    const ref = identities.ref('product', product.code);
    productIds.set(product.code, ref);
    const copy = copyRecords(product);
    copy.source = source(ref, addDays(setup, -200), setup);
    return copy;
  });
  const pointAtParty = (party: PartyRef): void => {
    const known = party.code ? partyIds.get(party.code) : undefined;
    if (!known) return;
    party.ref = { ...known.ref };
    party.name = known.name;
  };
  const pointAtProducts = (lines: DocumentLine[]): void => {
    for (const line of lines) {
      const ref = line.product ? productIds.get(line.product.code) : undefined;
      if (line.product && ref) line.product.ref = { ...ref };
    }
  };

  const orderIds = new Map<string, RecordRef>();
  const salesOrders = working.salesOrders.map((order) => {
    const ref = identities.ref('salesOrder', order.number!);
    orderIds.set(order.number!, ref);
    const copy = copyRecords(order);
    copy.source = source(ref, order.orderDate, order.shipmentDate ?? order.orderDate);
    pointAtParty(copy.party);
    pointAtProducts(copy.lines);
    return copy;
  });

  const lastPayment = new Map<string, string>();
  for (const payment of working.payments) {
    for (const allocation of payment.allocations) {
      const number = allocation.document.number!;
      if ((lastPayment.get(number) ?? '') < payment.date) lastPayment.set(number, payment.date);
    }
  }
  const invoiceIds = new Map<string, RecordRef>();
  const invoices = working.invoices.map((invoice) => {
    const ref = identities.ref('invoice', invoice.number!);
    invoiceIds.set(invoice.number!, ref);
    const copy = copyRecords(invoice);
    copy.source = source(ref, invoice.issueDate, lastPayment.get(invoice.number!) ?? invoice.issueDate);
    pointAtParty(copy.party);
    pointAtProducts(copy.lines);
    const orderRef = copy.salesOrder?.number ? orderIds.get(copy.salesOrder.number) : undefined;
    if (copy.salesOrder && orderRef) copy.salesOrder.ref = { ...orderRef };
    return copy;
  });

  const payments = working.payments.map((payment) => {
    const ref = identities.ref('payment', payment.reference!);
    const copy = copyRecords(payment);
    copy.source = source(ref, payment.date, payment.date);
    if (copy.party) pointAtParty(copy.party);
    for (const allocation of copy.allocations) {
      const invoiceRef = allocation.document.number ? invoiceIds.get(allocation.document.number) : undefined;
      if (invoiceRef) allocation.document.ref = { ...invoiceRef };
    }
    return copy;
  });

  return { parties, products, salesOrders, invoices, payments };
}

function earlierDate(a: string, b: string): string {
  return compareCalendarDates(a, b) <= 0 ? a : b;
}

/** A deep copy of plain JSON-shaped records. */
function copyRecords<T>(value: T): T {
  if (Array.isArray(value)) return value.map(copyRecords) as T;
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const key in value) copy[key] = copyRecords(value[key]);
    return copy as T;
  }
  return value;
}
