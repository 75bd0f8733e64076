import { z } from 'zod';
import { CounterpartError } from '../../errors.js';
import type {
  KfBankAccount,
  KfCustomer,
  KfInvoice,
  KfNominal,
  KfPaymentMethod,
  KfProduct,
  KfPurchase,
  KfSupplier,
  KfVatRate,
} from './records.js';

/** Id sequences, one per record kind, so ids look like a real account's (large, increasing, never reused). */
export type Sequence =
  | 'customer'
  | 'supplier'
  | 'contact'
  | 'product'
  | 'nominal'
  | 'bankAccount'
  | 'vatRate'
  | 'invoice'
  | 'purchase'
  | 'lineItem'
  | 'payment';

const firstIds: Readonly<Record<Sequence, number>> = {
  customer: 10_535,
  supplier: 2_467_871,
  contact: 70_001,
  product: 5_001,
  nominal: 300_001,
  bankAccount: 55_166,
  vatRate: 1,
  invoice: 196_172,
  purchase: 17_356_452,
  lineItem: 900_001,
  payment: 1,
};

/** The whole account as plain JSON: what `snapshot()` returns and `options.state` restores. */
export interface KashFlowState {
  readonly version: 1;
  readonly customers: KfCustomer[];
  readonly suppliers: KfSupplier[];
  readonly products: KfProduct[];
  readonly nominals: KfNominal[];
  readonly bankAccounts: KfBankAccount[];
  readonly vatRates: KfVatRate[];
  readonly invoicePaymentMethods: KfPaymentMethod[];
  readonly purchasePaymentMethods: KfPaymentMethod[];
  readonly invoices: KfInvoice[];
  readonly purchases: KfPurchase[];
  readonly sequences: Partial<Record<Sequence, number>>;
}

const Rows = z.array(z.record(z.string(), z.unknown()));
const StateShape = z.object({
  version: z.literal(1),
  customers: Rows,
  suppliers: Rows,
  products: Rows,
  nominals: Rows,
  bankAccounts: Rows,
  vatRates: Rows,
  invoicePaymentMethods: Rows,
  purchasePaymentMethods: Rows,
  invoices: Rows,
  purchases: Rows,
  sequences: z.record(z.string(), z.number().int()),
});

export const codeKey = (code: string) => code.trim().toUpperCase();
export const productKey = (nominalCode: number, code: string) => `${nominalCode}/${codeKey(code)}`;

/** In-memory KashFlow account. Maps keep insertion order, which is the default list order. */
export class KashFlowStore {
  readonly customers = new Map<string, KfCustomer>();
  readonly suppliers = new Map<string, KfSupplier>();
  readonly products = new Map<string, KfProduct>();
  readonly nominals = new Map<number, KfNominal>();
  readonly bankAccounts = new Map<number, KfBankAccount>();
  readonly vatRates = new Map<number, KfVatRate>();
  readonly invoices = new Map<number, KfInvoice>();
  readonly purchases = new Map<number, KfPurchase>();
  invoicePaymentMethods: KfPaymentMethod[] = [];
  purchasePaymentMethods: KfPaymentMethod[] = [];
  private readonly sequences = new Map<Sequence, number>();

  nextId(sequence: Sequence): number {
    const next = this.sequences.get(sequence) ?? firstIds[sequence];
    this.sequences.set(sequence, next + 1);
    return next;
  }

  /** Makes sure later ids stay above one a seed supplied. */
  noteId(sequence: Sequence, used: number): void {
    const next = this.sequences.get(sequence) ?? firstIds[sequence];
    if (used >= next) this.sequences.set(sequence, used + 1);
  }

  nextNumber(kind: 'invoice' | 'purchase'): number {
    const numbers = kind === 'invoice' ? this.invoices.keys() : this.purchases.keys();
    let highest = 0;
    for (const number of numbers) if (number > highest) highest = number;
    return highest + 1;
  }

  snapshot(): KashFlowState {
    return structuredClone({
      version: 1 as const,
      customers: [...this.customers.values()],
      suppliers: [...this.suppliers.values()],
      products: [...this.products.values()],
      nominals: [...this.nominals.values()],
      bankAccounts: [...this.bankAccounts.values()],
      vatRates: [...this.vatRates.values()],
      invoicePaymentMethods: this.invoicePaymentMethods,
      purchasePaymentMethods: this.purchasePaymentMethods,
      invoices: [...this.invoices.values()],
      purchases: [...this.purchases.values()],
      sequences: Object.fromEntries(this.sequences),
    });
  }

  /** Replaces everything with an earlier snapshot. */
  restore(raw: unknown): void {
    const parsed = StateShape.safeParse(raw);
    if (!parsed.success) {
      throw new CounterpartError('sandbox.bad_state', 'The saved KashFlow sandbox state is not a KashFlow snapshot.', {
        system: 'kashflow',
        path: parsed.error.issues[0]?.path.join('.'),
      });
    }
    // The snapshot is this class's own output, so its rows are the record types it wrote.
    const state = structuredClone(parsed.data) as unknown as KashFlowState;
    this.clear();
    for (const row of state.customers) this.customers.set(codeKey(row.Code), row);
    for (const row of state.suppliers) this.suppliers.set(codeKey(row.Code), row);
    for (const row of state.products) this.products.set(productKey(row.NominalCode, row.Code), row);
    for (const row of state.nominals) this.nominals.set(row.Code, row);
    for (const row of state.bankAccounts) this.bankAccounts.set(row.Id, row);
    for (const row of state.vatRates) this.vatRates.set(row.VATId, row);
    for (const row of state.invoices) this.invoices.set(row.Number, row);
    for (const row of state.purchases) this.purchases.set(row.Number, row);
    this.invoicePaymentMethods = state.invoicePaymentMethods;
    this.purchasePaymentMethods = state.purchasePaymentMethods;
    for (const [sequence, next] of Object.entries(state.sequences)) this.sequences.set(sequence as Sequence, next);
  }

  clear(): void {
    for (const map of [
      this.customers,
      this.suppliers,
      this.products,
      this.nominals,
      this.bankAccounts,
      this.vatRates,
      this.invoices,
      this.purchases,
    ]) {
      map.clear();
    }
    this.sequences.clear();
  }
}
