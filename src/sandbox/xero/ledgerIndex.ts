import type { TenantBook } from './book.js';
import type { CreditNoteRecord, InvoiceRecord, PaymentRecord } from './records.js';

type Allocation = CreditNoteRecord['Allocations'][number];

/**
 * Lookups that views need across collections (payments of a document, credit applied to an invoice, a contact's
 * invoices), built once per request on first use so a list of thousands of invoices is not quadratic.
 */
export class LedgerIndex {
  private payments: Map<string, PaymentRecord[]> | undefined;
  private allocations: Map<string, { note: CreditNoteRecord; allocation: Allocation }[]> | undefined;
  private invoices: Map<string, InvoiceRecord[]> | undefined;

  constructor(private readonly book: TenantBook) {}

  /** Authorised payments against an invoice or credit note. */
  paymentsOf(documentId: string): readonly PaymentRecord[] {
    if (!this.payments) {
      this.payments = new Map();
      for (const payment of this.book.payments.values()) {
        const key = payment.InvoiceID ?? payment.CreditNoteID;
        if (!key || payment.Status !== 'AUTHORISED') continue;
        this.payments.set(key, [...(this.payments.get(key) ?? []), payment]);
      }
    }
    return this.payments.get(documentId) ?? [];
  }

  creditAppliedTo(invoiceId: string): readonly { note: CreditNoteRecord; allocation: Allocation }[] {
    if (!this.allocations) {
      this.allocations = new Map();
      for (const note of this.book.creditNotes.values()) {
        for (const allocation of note.Allocations) {
          const list = this.allocations.get(allocation.InvoiceID) ?? [];
          list.push({ note, allocation });
          this.allocations.set(allocation.InvoiceID, list);
        }
      }
    }
    return this.allocations.get(invoiceId) ?? [];
  }

  invoicesOf(contactId: string): readonly InvoiceRecord[] {
    if (!this.invoices) {
      this.invoices = new Map();
      for (const invoice of this.book.invoices.values()) {
        const list = this.invoices.get(invoice.ContactID) ?? [];
        list.push(invoice);
        this.invoices.set(invoice.ContactID, list);
      }
    }
    return this.invoices.get(contactId) ?? [];
  }
}
