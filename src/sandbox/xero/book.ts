import type {
  AccountRecord,
  BankTransactionRecord,
  ContactRecord,
  CreditNoteRecord,
  CurrencyRecord,
  InvoiceRecord,
  ItemRecord,
  OrganisationRecord,
  PaymentRecord,
  TaxRateRecord,
} from './records.js';

/** One Xero organisation's ledger (one tenant): every record the sandbox holds for it, in insertion order. */
export class TenantBook {
  readonly contacts = new Map<string, ContactRecord>();
  readonly items = new Map<string, ItemRecord>();
  readonly accounts = new Map<string, AccountRecord>();
  /** Keyed by TaxType, the code documents refer to. */
  readonly taxRates = new Map<string, TaxRateRecord>();
  readonly currencies = new Map<string, CurrencyRecord>();
  readonly invoices = new Map<string, InvoiceRecord>();
  readonly creditNotes = new Map<string, CreditNoteRecord>();
  readonly payments = new Map<string, PaymentRecord>();
  readonly bankTransactions = new Map<string, BankTransactionRecord>();
  readonly counters = { invoice: 0, creditNote: 0, taxRate: 0 };

  constructor(readonly organisation: OrganisationRecord) {}

  get tenantId(): string {
    return this.organisation.OrganisationID;
  }

  accountByCode(code: string): AccountRecord | undefined {
    for (const account of this.accounts.values()) if (account.Code === code) return account;
    return undefined;
  }

  itemByCode(code: string): ItemRecord | undefined {
    const wanted = code.toLowerCase();
    for (const item of this.items.values()) if (item.Code.toLowerCase() === wanted) return item;
    return undefined;
  }

  invoiceByNumber(number: string): InvoiceRecord | undefined {
    for (const invoice of this.invoices.values()) if (invoice.InvoiceNumber === number) return invoice;
    return undefined;
  }

  creditNoteByNumber(number: string): CreditNoteRecord | undefined {
    for (const note of this.creditNotes.values()) if (note.CreditNoteNumber === number) return note;
    return undefined;
  }

  contactByName(name: string): ContactRecord | undefined {
    const wanted = name.trim().toLowerCase();
    for (const contact of this.contacts.values()) {
      if (contact.ContactStatus === 'ACTIVE' && contact.Name.trim().toLowerCase() === wanted) return contact;
    }
    return undefined;
  }

  contactByNumber(number: string): ContactRecord | undefined {
    for (const contact of this.contacts.values()) if (contact.ContactNumber === number) return contact;
    return undefined;
  }

  snapshot(): TenantSnapshot {
    return {
      organisation: this.organisation,
      contacts: [...this.contacts.values()],
      items: [...this.items.values()],
      accounts: [...this.accounts.values()],
      taxRates: [...this.taxRates.values()],
      currencies: [...this.currencies.values()],
      invoices: [...this.invoices.values()],
      creditNotes: [...this.creditNotes.values()],
      payments: [...this.payments.values()],
      bankTransactions: [...this.bankTransactions.values()],
      counters: { ...this.counters },
    };
  }

  static restore(snapshot: TenantSnapshot): TenantBook {
    const book = new TenantBook(snapshot.organisation);
    book.load(snapshot);
    return book;
  }

  /** Puts the book back to a snapshot's records (rolls back a batch that must not be half-saved). */
  load(snapshot: TenantSnapshot): void {
    for (const map of [
      this.contacts,
      this.items,
      this.accounts,
      this.taxRates,
      this.currencies,
      this.invoices,
      this.creditNotes,
      this.payments,
      this.bankTransactions,
    ]) {
      map.clear();
    }
    for (const r of snapshot.contacts) this.contacts.set(r.ContactID, r);
    for (const r of snapshot.items) this.items.set(r.ItemID, r);
    for (const r of snapshot.accounts) this.accounts.set(r.AccountID, r);
    for (const r of snapshot.taxRates) this.taxRates.set(r.TaxType, r);
    for (const r of snapshot.currencies) this.currencies.set(r.Code, r);
    for (const r of snapshot.invoices) this.invoices.set(r.InvoiceID, r);
    for (const r of snapshot.creditNotes) this.creditNotes.set(r.CreditNoteID, r);
    for (const r of snapshot.payments) this.payments.set(r.PaymentID, r);
    for (const r of snapshot.bankTransactions) this.bankTransactions.set(r.BankTransactionID, r);
    Object.assign(this.counters, snapshot.counters);
  }
}

export interface TenantSnapshot {
  readonly organisation: OrganisationRecord;
  readonly contacts: readonly ContactRecord[];
  readonly items: readonly ItemRecord[];
  readonly accounts: readonly AccountRecord[];
  readonly taxRates: readonly TaxRateRecord[];
  readonly currencies: readonly CurrencyRecord[];
  readonly invoices: readonly InvoiceRecord[];
  readonly creditNotes: readonly CreditNoteRecord[];
  readonly payments: readonly PaymentRecord[];
  readonly bankTransactions: readonly BankTransactionRecord[];
  readonly counters: { readonly invoice: number; readonly creditNote: number; readonly taxRate: number };
}
