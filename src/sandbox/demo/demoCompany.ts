import { CounterpartError } from '../../errors.js';
import {
  addDays,
  addMonths,
  type CalendarDate,
  type DocumentLine,
  daysBetween,
  type Invoice,
  invoiceTotals,
  isCalendarDate,
  type LedgerAccount,
  lineNet,
  lineTax,
  type Party,
  type Payment,
  type Product,
  type SalesOrder,
  type TaxRate,
  todayUtc,
} from '../../model/index.js';
import {
  firstNames,
  jobTitles,
  lastNames,
  namePrefixes,
  nameSuffixes,
  nameTrades,
  productFamilies,
  productVariants,
  streets,
  towns,
} from './names.js';
import { SeededRandom } from './random.js';

/**
 * The "true" business behind `counterpart sandbox --seed demo`: Wharfedale Trade Supplies Ltd, a UK wholesaler selling
 * to a few hundred businesses over three months. Every record is canonical and carries its business key (customer
 * code, product code, order number, invoice number, payment reference) but no system identity: `systemViews.ts`
 * derives what each of the four systems holds, with deliberate discrepancies.
 */
export interface DemoCompany {
  seed: number;
  name: string;
  baseCurrency: 'GBP';
  /** First and last day of the three trading months. */
  period: { start: CalendarDate; end: CalendarDate };
  taxRates: TaxRate[];
  ledgerAccounts: LedgerAccount[];
  customers: Party[];
  suppliers: Party[];
  products: Product[];
  salesOrders: SalesOrder[];
  /** One receivable invoice per shipped order, numbered in issue order. */
  invoices: Invoice[];
  /** Receipts against those invoices, each settling one invoice. */
  payments: Payment[];
}

export interface DemoCompanyOptions {
  seed?: number;
  customers?: number;
  products?: number;
  orders?: number;
  /** First day of the three months, YYYY-MM-DD; by default the first of the month three months before this one. */
  startDate?: string;
}

export const DEMO_DEFAULTS = { seed: 20240501, customers: 320, products: 120, orders: 3000 } as const;

const CURRENCY = 'GBP';
const SALES_ACCOUNT = '4000';
const BANK_ACCOUNT = '1200';

/** UK VAT in the demo: codes as a UK Xero organisation names them. */
export const DEMO_VAT = {
  standard: { code: 'OUTPUT2', name: '20% (VAT on Income)', ratePercent: '20' },
  reduced: { code: 'RROUTPUT', name: '5% (VAT on Income)', ratePercent: '5' },
  zero: { code: 'ZERORATEDOUTPUT', name: 'Zero Rated Income', ratePercent: '0' },
} as const;

export function generateDemoCompany(options: DemoCompanyOptions = {}): DemoCompany {
  const seed = options.seed ?? DEMO_DEFAULTS.seed;
  const counts = {
    customers: options.customers ?? DEMO_DEFAULTS.customers,
    products: options.products ?? DEMO_DEFAULTS.products,
    orders: options.orders ?? DEMO_DEFAULTS.orders,
  };
  for (const [what, count] of Object.entries(counts)) {
    if (!Number.isInteger(count) || count < 1) {
      throw new CounterpartError('sandbox.demo_bad_option', `The demo needs a whole number of ${what} above zero.`, {
        option: what,
        value: count,
      });
    }
  }
  const start = options.startDate ?? addMonths(todayUtc(), -3);
  if (!isCalendarDate(start)) {
    throw new CounterpartError('sandbox.demo_bad_option', `startDate "${start}" is not a date written YYYY-MM-DD.`, {
      option: 'startDate',
      value: start,
    });
  }
  const period = { start, end: addDays(addMonths(start, 3), -1) };
  const random = new SeededRandom(seed);

  const customers = generateCustomers(random, counts.customers, period.start);
  const suppliers = generateSuppliers(random);
  const products = generateProducts(random, counts.products);
  const salesOrders = generateOrders(random, counts.orders, customers, products, period);
  const invoices = invoiceShippedOrders(salesOrders, customers);
  const payments = settleInvoices(random, invoices, period.end);

  return {
    seed,
    name: 'Wharfedale Trade Supplies Ltd',
    baseCurrency: CURRENCY,
    period,
    taxRates: Object.values(DEMO_VAT).map((vat) => ({
      ...vat,
      status: 'active' as const,
      appliesTo: ['sales' as const],
      reportType: 'OUTPUT',
    })),
    ledgerAccounts: [
      { code: SALES_ACCOUNT, name: 'Sales', class: 'revenue', type: 'sales', status: 'active', taxCode: 'OUTPUT2' },
      { code: '1100', name: 'Trade Debtors', class: 'asset', type: 'receivables', status: 'active' },
      {
        code: BANK_ACCOUNT,
        name: 'Business Current Account',
        class: 'asset',
        type: 'bank',
        status: 'active',
        currency: CURRENCY,
        bankAccountNumber: '40-12-76 31926819',
      },
      { code: '2200', name: 'VAT Control', class: 'liability', type: 'tax', status: 'active' },
    ],
    customers,
    suppliers,
    products,
    salesOrders,
    invoices,
    payments,
  };
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/\b(ltd|limited|llp|plc|co)\b/g, '')
    .replace(/[^a-z0-9]+/g, '')
    .slice(0, 24);
}

function postcode(random: SeededRandom, area: string): string {
  const letters = 'ABDEFGHJLNPQRSTUWXYZ';
  return `${area}${random.int(1, 19)} ${random.int(1, 9)}${random.pick([...letters])}${random.pick([...letters])}`;
}

function uniqueCompanyNames(random: SeededRandom, count: number): string[] {
  const names = new Set<string>();
  let attempts = 0;
  while (names.size < count) {
    attempts++;
    const suffix = random.pick(nameSuffixes);
    const base = `${random.pick(namePrefixes)} ${random.pick(nameTrades)}`;
    // Past the list's variety, number the branch so any requested size works.
    const name = attempts > count * 20 ? `${base} (${names.size + 1})` : `${base}${suffix ? ` ${suffix}` : ''}`;
    names.add(name);
  }
  return [...names];
}

function generateCustomers(random: SeededRandom, count: number, start: string): Party[] {
  return uniqueCompanyNames(random, count).map((name, index) => {
    const [town, county, area] = random.pick(towns);
    const domain = `${slug(name)}.co.uk`;
    const first = random.pick(firstNames);
    const last = random.pick(lastNames);
    const contactEmail = `${first.toLowerCase()}.${last.toLowerCase().replace(/[^a-z]/g, '')}@${domain}`;
    const second = random.chance(0.4)
      ? [{ firstName: random.pick(firstNames), lastName: random.pick(lastNames), jobTitle: random.pick(jobTitles) }]
      : [];
    const billing = {
      kind: 'billing' as const,
      lines: [`${random.int(1, 240)} ${random.pick(streets)}`],
      city: town,
      region: county,
      postalCode: postcode(random, area),
      countryCode: 'GB',
    };
    const addresses = random.chance(0.25)
      ? [
          billing,
          { ...billing, kind: 'delivery' as const, lines: [`Unit ${random.int(1, 30)}, ${random.pick(streets)}`] },
        ]
      : [billing];
    const party: Party = {
      roles: ['customer'],
      code: customerCode(name, index),
      name,
      status: 'active',
      ...(random.chance(0.85) ? { taxNumber: `GB${pad(random.int(100_000_000, 999_999_999), 9)}` } : {}),
      ...(name.endsWith('Ltd') || name.endsWith('Limited') ? { companyNumber: pad(random.int(1, 15_999_999), 8) } : {}),
      defaultCurrency: CURRENCY,
      email: `accounts@${domain}`,
      phone: `0${random.int(1130, 2099)} ${random.int(100, 999)} ${pad(random.int(0, 9999), 4)}`,
      contacts: [
        { firstName: first, lastName: last, email: contactEmail, jobTitle: random.pick(jobTitles), primary: true },
        ...second,
      ],
      addresses,
      paymentTermsDays: random.weighted([
        [30, 70],
        [14, 15],
        [60, 10],
        [7, 5],
      ] as const),
      creditLimit: { amountMinor: random.pick([250_000, 500_000, 1_000_000, 2_500_000]), currency: CURRENCY },
      customFields: {
        Customer_Since__c: addDays(start, -random.int(30, 3650)),
        ZSALESREP: random.pick(['JB', 'KM', 'SP']),
      },
    };
    return party;
  });
}

/** "HARG0042": four letters of the name and the customer's sequence, the key every system shares. */
function customerCode(name: string, index: number): string {
  const letters = name
    .replace(/[^A-Za-z]/g, '')
    .toUpperCase()
    .slice(0, 4)
    .padEnd(4, 'X');
  return `${letters}${pad(index + 1, 4)}`;
}

function generateSuppliers(random: SeededRandom): Party[] {
  const names = [
    'Northern Paper Mills Ltd',
    'Yorkshire Timber Merchants Ltd',
    'Brightwell Cleaning Products Ltd',
    'Harbour Foods Wholesale Ltd',
    'Sentinel Safety Supplies Ltd',
  ];
  return names.map((name, index) => {
    const [town, county, area] = random.pick(towns);
    return {
      roles: ['supplier'],
      code: `SUP${pad(index + 1, 3)}`,
      name,
      status: 'active',
      taxNumber: `GB${pad(random.int(100_000_000, 999_999_999), 9)}`,
      defaultCurrency: CURRENCY,
      email: `sales@${slug(name)}.co.uk`,
      contacts: [{ firstName: random.pick(firstNames), lastName: random.pick(lastNames), primary: true }],
      addresses: [
        {
          kind: 'billing',
          lines: [`${random.int(1, 99)} ${random.pick(streets)}`],
          city: town,
          region: county,
          postalCode: postcode(random, area),
          countryCode: 'GB',
        },
      ],
      paymentTermsDays: 30,
    } satisfies Party;
  });
}

function generateProducts(random: SeededRandom, count: number): Product[] {
  const products: Product[] = [];
  const used = new Set<string>();
  const counters = new Map<string, number>();
  while (products.length < count) {
    const family = random.pick(productFamilies);
    const item = random.pick(family.items);
    const variant = random.pick(productVariants);
    const name = used.size > count * 3 ? `${variant} ${item} ${products.length + 1}` : `${variant} ${item}`;
    if (used.has(name)) continue;
    used.add(name);
    const sequence = (counters.get(family.prefix) ?? 0) + 1;
    counters.set(family.prefix, sequence);
    const vat = DEMO_VAT[family.vat];
    const pence = random.int(family.priceRange[0], family.priceRange[1]);
    // Prices end in 9 or 5 most of the time, as a wholesaler's list does.
    const listPence = pence - (pence % 10) + random.pick([9, 9, 5, 0]);
    products.push({
      code: `${family.prefix}-${pad(sequence, 4)}`,
      name,
      description: `${name} — ${family.family.toLowerCase()}`,
      status: 'active',
      unitOfMeasure: family.unit,
      family: family.family,
      sales: {
        unitPrice: (listPence / 100).toFixed(2),
        currency: CURRENCY,
        accountCode: SALES_ACCOUNT,
        taxCode: vat.code,
        taxRate: vat.ratePercent,
      },
      standardCost: { amountMinor: Math.round(listPence * 0.62), currency: CURRENCY },
      trackedAsInventory: true,
    });
  }
  return products;
}

const decimalFamilies = new Set(productFamilies.filter((f) => f.decimalQuantities).map((f) => f.family));

function isWeekend(date: string): boolean {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 || day === 6;
}

function nextWorkingDay(date: string): string {
  let day = date;
  while (isWeekend(day)) day = addDays(day, 1);
  return day;
}

function orderLine(random: SeededRandom, product: Product, lineNumber: number): DocumentLine {
  const sales = product.sales!;
  const quantity = decimalFamilies.has(product.family ?? '')
    ? random.pick(['1.5', '2.4', '3', '3.6', '4.2', '6', '7.5', '12'])
    : String(
        random.weighted([
          [random.int(1, 5), 60],
          [random.int(6, 24), 30],
          [random.int(25, 120), 10],
        ] as const),
      );
  const discountRate = random.chance(0.08) ? random.pick(['5', '10', '12.5']) : undefined;
  const base = { quantity, unitPrice: sales.unitPrice!, ...(discountRate ? { discountRate } : {}) };
  const net = lineNet(base, CURRENCY);
  return {
    lineNumber,
    description: product.name,
    product: { code: product.code },
    ...base,
    net,
    taxCode: sales.taxCode!,
    taxRate: sales.taxRate!,
    tax: lineTax(net, sales.taxRate!),
    accountCode: SALES_ACCOUNT,
  };
}

function generateOrders(
  random: SeededRandom,
  count: number,
  customers: readonly Party[],
  products: readonly Product[],
  period: { start: string; end: string },
): SalesOrder[] {
  const days = daysBetween(period.start, period.end);
  // A tenth of customers stay dormant this quarter; a handful of regulars place many orders.
  const active = customers.slice(0, Math.max(1, Math.ceil(customers.length * 0.9)));
  const regulars = active.slice(0, Math.max(1, Math.floor(active.length / 8)));
  const drafts = Array.from({ length: count }, () => {
    let orderDate = addDays(period.start, random.int(0, days));
    if (isWeekend(orderDate)) orderDate = random.chance(0.85) ? nextWorkingDay(orderDate) : orderDate;
    if (orderDate > period.end) orderDate = addDays(period.start, random.int(0, days - 3));
    return { orderDate, customer: random.chance(0.35) ? random.pick(regulars) : random.pick(active) };
  });
  drafts.sort((a, b) => (a.orderDate < b.orderDate ? -1 : a.orderDate > b.orderDate ? 1 : 0));
  return drafts.map(({ orderDate, customer }, index) => {
    const lines = random
      .sample(
        products,
        random.weighted([
          [1, 30],
          [2, 30],
          [3, 20],
          [4, 12],
          [5, 8],
        ] as const),
      )
      .map((product, lineIndex) => orderLine(random, product, lineIndex + 1));
    const shipmentDate = nextWorkingDay(addDays(orderDate, random.int(1, 5)));
    const shipped = shipmentDate <= period.end && !random.chance(0.01);
    const delivery = customer.addresses.find((address) => address.kind === 'delivery');
    return {
      number: `SO-${pad(100_001 + index, 6)}`,
      ...(random.chance(0.6) ? { customerReference: `PO-${random.int(10_000, 99_999)}` } : {}),
      party: { code: customer.code!, name: customer.name },
      orderDate,
      requestedDeliveryDate: addDays(orderDate, random.int(2, 10)),
      ...(shipped ? { shipmentDate } : {}),
      currency: CURRENCY,
      status: shipped ? 'closed' : 'open',
      deliveryStatus: shipped ? 'fully' : 'none',
      invoiceStatus: shipped ? 'fully' : 'none',
      ...(delivery ? { deliveryAddress: delivery } : {}),
      lines,
      totals: invoiceTotals(lines, CURRENCY),
    } satisfies SalesOrder;
  });
}

function invoiceShippedOrders(orders: readonly SalesOrder[], customers: readonly Party[]): Invoice[] {
  const terms = new Map(customers.map((customer) => [customer.code, customer.paymentTermsDays ?? 30]));
  const shipped = orders
    .filter((order) => order.shipmentDate !== undefined)
    .sort((a, b) => (a.shipmentDate! < b.shipmentDate! ? -1 : a.shipmentDate! > b.shipmentDate! ? 1 : 0));
  return shipped.map((order, index) => ({
    kind: 'receivable',
    number: String(10_001 + index),
    reference: order.number!,
    party: order.party,
    salesOrder: { number: order.number! },
    issueDate: order.shipmentDate!,
    dueDate: addDays(order.shipmentDate!, terms.get(order.party.code) ?? 30),
    currency: CURRENCY,
    status: 'authorised',
    lines: order.lines,
    totals: order.totals,
    amountPaid: { amountMinor: 0, currency: CURRENCY },
    amountDue: order.totals.gross,
  }));
}

type Outcome = 'onTime' | 'late' | 'partial' | 'open';

/** Most invoices paid (some late), some part-paid, some still open at the period end. */
function settleInvoices(random: SeededRandom, invoices: Invoice[], periodEnd: string): Payment[] {
  const payments: Payment[] = [];
  for (const invoice of invoices) {
    const outcome = random.weighted<Outcome>([
      ['onTime', 78],
      ['late', 4],
      ['partial', 8],
      ['open', 10],
    ]);
    if (outcome === 'open') continue;
    const termDays = daysBetween(invoice.issueDate, invoice.dueDate!);
    const delay = outcome === 'late' ? termDays + random.int(3, 35) : random.int(Math.min(3, termDays), termDays);
    const date = nextWorkingDay(addDays(invoice.issueDate, delay));
    if (date > periodEnd) continue;
    const gross = invoice.totals.gross.amountMinor;
    const amountMinor =
      outcome === 'partial' ? Math.max(100, Math.round((gross * random.int(30, 70)) / 10_000) * 100) : gross;
    if (amountMinor >= gross && outcome === 'partial') continue;
    payments.push({
      direction: 'received',
      status: 'authorised',
      date,
      amount: { amountMinor, currency: CURRENCY },
      party: invoice.party,
      allocations: [
        { document: { number: invoice.number! }, documentKind: 'invoice', amount: { amountMinor, currency: CURRENCY } },
      ],
      bankAccount: { code: BANK_ACCOUNT, name: 'Business Current Account' },
      reference: `RCPT-${pad(payments.length + 1, 6)}`,
      method: random.weighted([
        ['BACS', 80],
        ['Card', 15],
        ['Cheque', 5],
      ] as const),
      reconciled: true,
    });
    invoice.amountPaid = { amountMinor, currency: CURRENCY };
    invoice.amountDue = { amountMinor: gross - amountMinor, currency: CURRENCY };
    if (amountMinor === gross) {
      invoice.status = 'paid';
      invoice.fullyPaidOn = date;
    }
  }
  payments.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  payments.forEach((payment, index) => {
    payment.reference = `RCPT-${pad(index + 1, 6)}`;
  });
  return payments;
}
