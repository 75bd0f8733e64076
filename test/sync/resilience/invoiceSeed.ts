import { writeFileSync } from 'node:fs';
import type { SeedFile } from '../../../src/sandbox/startSandboxes.js';

/**
 * A Sage X3 company with customers, products and posted sales invoices, and an empty Xero organisation: the seed of
 * the sandboxes for syncing X3 invoices (customers and products first) to Xero. Amounts are chosen so that 20 % VAT
 * is exact to the penny on every line, so the totals Xero computes from the lines equal the ones X3 states.
 */

export interface InvoiceSeedOptions {
  readonly invoices: number;
  readonly customers?: number | undefined;
  readonly products?: number | undefined;
  /** Invoices in a currency the Xero organisation does not take: each one a permanent refusal by the target. */
  readonly refusedCurrencyInvoices?: readonly number[] | undefined;
}

export interface SeededCustomer {
  readonly id: string;
  /** The key other systems know the customer by (X3's ZEXTKEY). */
  readonly code: string;
  readonly name: string;
}

export interface SeededProduct {
  readonly code: string;
  readonly name: string;
  readonly unitPriceMinor: number;
}

export interface SeededLine {
  readonly productCode: string;
  readonly description: string;
  readonly quantity: number;
  readonly unitPriceMinor: number;
  readonly netMinor: number;
  readonly taxMinor: number;
}

export interface SeededInvoice {
  /** X3's document number (the record's key there). */
  readonly id: string;
  /** The invoice number people quote (X3's ZEXTKEY): the business key in every system. */
  readonly number: string;
  readonly customer: SeededCustomer;
  readonly issueDate: string;
  readonly dueDate: string;
  readonly currency: string;
  readonly lines: readonly SeededLine[];
  readonly netMinor: number;
  readonly taxMinor: number;
  readonly grossMinor: number;
}

export interface InvoiceSeed {
  readonly file: SeedFile;
  readonly customers: readonly SeededCustomer[];
  readonly products: readonly SeededProduct[];
  readonly invoices: readonly SeededInvoice[];
}

const VAT_PERCENT = 20;
const REFUSED_CURRENCY = 'CHF';

export function invoiceNumber(index: number): string {
  return `CPT-${String(index + 1).padStart(6, '0')}`;
}

export function buildInvoiceSeed(options: InvoiceSeedOptions): InvoiceSeed {
  const customers = Array.from({ length: options.customers ?? 200 }, (_, index) => customer(index));
  const products = Array.from({ length: options.products ?? 100 }, (_, index) => product(index));
  const refused = new Set(options.refusedCurrencyInvoices ?? []);
  const invoices = Array.from({ length: options.invoices }, (_, index) =>
    invoice(index, customers, products, refused.has(index) ? REFUSED_CURRENCY : 'GBP'),
  );
  return {
    customers,
    products,
    invoices,
    file: {
      xero: {
        Organisations: [{ Name: 'Counterpart Resilience Ltd', BaseCurrency: 'GBP' }],
        // The sales account X3 invoices post to (the template's default line account).
        Accounts: [{ Code: '4000', Name: 'Trade Sales', Type: 'REVENUE', TaxType: 'OUTPUT2' }],
      },
      sagex3: {
        BPCUSTOMER: customers.map(customerWire),
        ITMMASTER: products.map(productWire),
        SINVOICE: invoices.map(invoiceWire),
      },
    },
  };
}

/** Writes the seed file `counterpart sandbox --seed FILE` loads. */
export function writeInvoiceSeed(path: string, seed: InvoiceSeed): void {
  writeFileSync(path, JSON.stringify(seed.file));
}

function customer(index: number): SeededCustomer {
  const n = String(index + 1).padStart(4, '0');
  return { id: `C00${n}`, code: `CUST${n}`, name: `${SURNAMES[index % SURNAMES.length]} Trading ${n} Ltd` };
}

function product(index: number): SeededProduct {
  const n = String(index + 1).padStart(4, '0');
  // Multiples of 5p: 20 % of any whole quantity of them is a whole number of pence.
  return { code: `SKU-${n}`, name: `${GOODS[index % GOODS.length]} ${n}`, unitPriceMinor: 95 + (index % 40) * 35 };
}

function invoice(
  index: number,
  customers: readonly SeededCustomer[],
  products: readonly SeededProduct[],
  currency: string,
): SeededInvoice {
  const lines = Array.from({ length: 1 + (index % 3) }, (_, line) => {
    const item = products[(index * 7 + line * 13) % products.length] as SeededProduct;
    const quantity = 1 + ((index + line) % 5);
    const netMinor = quantity * item.unitPriceMinor;
    return {
      productCode: item.code,
      description: item.name,
      quantity,
      unitPriceMinor: item.unitPriceMinor,
      netMinor,
      taxMinor: (netMinor * VAT_PERCENT) / 100,
    };
  });
  const day = 1 + (index % 28);
  const netMinor = lines.reduce((sum, line) => sum + line.netMinor, 0);
  const taxMinor = lines.reduce((sum, line) => sum + line.taxMinor, 0);
  return {
    id: `SIH2610-${String(index + 1).padStart(6, '0')}`,
    number: invoiceNumber(index),
    customer: customers[index % customers.length] as SeededCustomer,
    issueDate: `2026-10-${String(day).padStart(2, '0')}`,
    dueDate: `2026-11-${String(day).padStart(2, '0')}`,
    currency,
    lines,
    netMinor,
    taxMinor,
    grossMinor: netMinor + taxMinor,
  };
}

const pounds = (minor: number) => minor / 100;

/**
 * X3 change stamps a few seconds apart, as records keyed in over weeks have: a sync's read cursor can then move on
 * page by page (a bulk load would give thousands of records the same whole second).
 */
function stamps(start: string, index: number): { CREDATTIM: string; UPDDATTIM: string } {
  const at = new Date(Date.parse(start) + index * 45_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return { CREDATTIM: at, UPDDATTIM: at };
}

function customerWire(seeded: SeededCustomer, index: number) {
  return {
    ...stamps('2026-09-01T09:00:00Z', index),
    BPCNUM: seeded.id,
    BPCNAM: seeded.name,
    CUR: 'GBP',
    PTE: '30NET',
    ZEXTKEY: seeded.code,
    BPADDRESS: [{ BPAADD: 'MAIN', BPAADDLIG: ['1 Market Street'], CTY: 'Leeds', POSCOD: 'LS1 6DT', CRY: 'GB' }],
  };
}

function productWire(seeded: SeededProduct, index: number) {
  return {
    ...stamps('2026-09-15T09:00:00Z', index),
    ITMREF: seeded.code,
    ITMDES1: seeded.name,
    BASPRI: pounds(seeded.unitPriceMinor),
    VACITM: 'NOR',
  };
}

function invoiceWire(seeded: SeededInvoice, index: number) {
  return {
    ...stamps('2026-10-01T08:00:00Z', index),
    NUM: seeded.id,
    ZEXTKEY: seeded.number,
    BPR: seeded.customer.id,
    BPRPAY: seeded.customer.id,
    BPCINV: seeded.customer.id,
    INVDAT: seeded.issueDate,
    ACCDAT: seeded.issueDate,
    DUDDAT: seeded.dueDate,
    CUR: seeded.currency,
    AMTNOT: pounds(seeded.netMinor),
    AMTATI: pounds(seeded.grossMinor),
    AMTTAX: [pounds(seeded.taxMinor)],
    STA: 3,
    SIHSID: seeded.lines.map((line, index) => ({
      SIDLIN: (index + 1) * 1000,
      ITMREF: line.productCode,
      ITMDES: line.description,
      QTY: line.quantity,
      NETPRI: pounds(line.unitPriceMinor),
      VAT: 'NOR',
      AMTNOTLIN: pounds(line.netMinor),
      AMTATILIN: pounds(line.netMinor + line.taxMinor),
    })),
  };
}

const SURNAMES = ['Ashworth', 'Blackwood', 'Carrington', 'Dunmore', 'Ellison', 'Fairbairn', 'Greaves', 'Hartley'];
const GOODS = ['Ring Binder', 'Desk Lamp', 'Toner Cartridge', 'Copier Paper', 'Filing Cabinet', 'Office Chair'];
