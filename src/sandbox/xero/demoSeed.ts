import { randomUUID } from 'node:crypto';
import type { Address as CanonicalAddress, Invoice, Party, Payment, Product } from '../../model/index.js';
import type { DemoSystemView } from '../demo/systemViews.js';
import { fromCents } from './amounts.js';
import type { TenantBook } from './book.js';
import { newOrganisation } from './defaults.js';
import { accountClass } from './entities/accounts.js';
import type {
  AccountRecord,
  Address,
  ContactRecord,
  DocumentStatus,
  InvoiceRecord,
  ItemRecord,
  LineItemRecord,
  PaymentRecord,
} from './records.js';
import type { XeroSandboxSettings } from './settings.js';

/**
 * The demo company as Xero holds it. Records are written straight into the book with the demo's own ids, dates and
 * amounts — including the discrepancies planted on purpose (typos, rounding and tax differences, a duplicate), which
 * Xero's own validation would otherwise smooth over or refuse.
 */
export function demoBooks(demo: DemoSystemView, _settings: XeroSandboxSettings, now: string): TenantBook {
  const book = newOrganisation({ name: 'Counterpart Demo Company', createdAt: now });
  for (const party of demo.parties) addContact(book, party, now);
  for (const product of demo.products) addItem(book, product, now);
  for (const invoice of demo.invoices) addInvoice(book, invoice, now);
  for (const payment of demo.payments) addPayment(book, payment, now);
  return book;
}

function ensureAccount(
  book: TenantBook,
  code: string | undefined,
  type: string,
  name: string,
  now: string,
): AccountRecord | undefined {
  if (!code) return undefined;
  const existing = book.accountByCode(code);
  if (existing) return existing;
  const taken = [...book.accounts.values()].some((a) => a.Name.toLowerCase() === name.toLowerCase());
  const record: AccountRecord = {
    AccountID: randomUUID(),
    Code: code,
    Name: taken ? `${name} (${code})` : name,
    Type: type,
    Class: accountClass(type) ?? 'ASSET',
    Status: 'ACTIVE',
    TaxType: type === 'BANK' ? 'NONE' : 'OUTPUT2',
    EnablePaymentsToAccount: false,
    ShowInExpenseClaims: false,
    UpdatedDateUTC: now,
  };
  if (type === 'BANK') {
    record.BankAccountType = 'BANK';
    record.BankAccountNumber = `${code}0000`;
    record.CurrencyCode = book.organisation.BaseCurrency;
  }
  book.accounts.set(record.AccountID, record);
  return record;
}

function address(source: CanonicalAddress): Address {
  const lines = Object.fromEntries(source.lines.map((line, i) => [`AddressLine${i + 1}`, line]));
  return {
    AddressType: source.kind === 'billing' ? 'POBOX' : 'STREET',
    ...lines,
    ...(source.city ? { City: source.city } : {}),
    ...(source.region ? { Region: source.region } : {}),
    ...(source.postalCode ? { PostalCode: source.postalCode } : {}),
    ...((source.country ?? source.countryCode) ? { Country: source.country ?? source.countryCode } : {}),
    ...(source.attentionTo ? { AttentionTo: source.attentionTo } : {}),
  };
}

function addContact(book: TenantBook, party: Party, now: string): void {
  const addresses = new Map<Address['AddressType'], Address>([
    ['STREET', { AddressType: 'STREET' }],
    ['POBOX', { AddressType: 'POBOX' }],
  ]);
  for (const a of party.addresses)
    if (a.kind !== 'other') addresses.set(a.kind === 'billing' ? 'POBOX' : 'STREET', address(a));
  const primary = party.contacts.find((c) => c.primary) ?? party.contacts[0];
  const record: ContactRecord = {
    ContactID: (party.source?.id ?? randomUUID()).toLowerCase(),
    ContactStatus: party.status === 'archived' ? 'ARCHIVED' : 'ACTIVE',
    Name: party.name,
    Addresses: [...addresses.values()],
    Phones: [
      { PhoneType: 'DEFAULT', ...(party.phone ? { PhoneNumber: party.phone } : {}) },
      { PhoneType: 'DDI' },
      { PhoneType: 'FAX' },
      { PhoneType: 'MOBILE', ...(primary?.mobile ? { PhoneNumber: primary.mobile } : {}) },
    ],
    UpdatedDateUTC: party.source?.updatedAt ?? now,
  };
  if (party.code) record.ContactNumber = party.code;
  if (party.email) record.EmailAddress = party.email;
  if (party.taxNumber) record.TaxNumber = party.taxNumber;
  if (party.companyNumber) record.CompanyNumber = party.companyNumber;
  if (party.defaultCurrency) record.DefaultCurrency = party.defaultCurrency;
  if (primary?.firstName) record.FirstName = primary.firstName;
  if (primary?.lastName) record.LastName = primary.lastName;
  const others = party.contacts.filter((person) => person !== primary);
  if (others.length > 0) {
    record.ContactPersons = others.map((person) => ({
      ...(person.firstName ? { FirstName: person.firstName } : {}),
      LastName: person.lastName,
      ...(person.email ? { EmailAddress: person.email } : {}),
      IncludeInEmails: person.receivesInvoices ?? false,
    }));
  }
  book.contacts.set(record.ContactID, record);
}

function addItem(book: TenantBook, product: Product, now: string): void {
  const record: ItemRecord = {
    ItemID: (product.source?.id ?? randomUUID()).toLowerCase(),
    Code: product.code,
    Name: product.name.slice(0, 50),
    IsSold: product.sales !== undefined,
    IsPurchased: product.purchases !== undefined,
    IsTrackedAsInventory: false,
    UpdatedDateUTC: product.source?.updatedAt ?? now,
  };
  if (product.description) record.Description = product.description;
  if (product.sales) {
    ensureAccount(book, product.sales.accountCode, 'SALES', 'Trade Sales', now);
    record.SalesDetails = {
      ...(product.sales.unitPrice ? { UnitPrice: Number(product.sales.unitPrice) } : {}),
      ...(product.sales.accountCode ? { AccountCode: product.sales.accountCode } : {}),
      ...(product.sales.taxCode ? { TaxType: product.sales.taxCode } : {}),
    };
  }
  if (product.purchases) {
    ensureAccount(book, product.purchases.accountCode, 'DIRECTCOSTS', 'Purchases', now);
    record.PurchaseDetails = {
      ...(product.purchases.unitPrice ? { UnitPrice: Number(product.purchases.unitPrice) } : {}),
      ...(product.purchases.accountCode ? { AccountCode: product.purchases.accountCode } : {}),
      ...(product.purchases.taxCode ? { TaxType: product.purchases.taxCode } : {}),
    };
  }
  book.items.set(record.ItemID, record);
}

function contactIdOf(book: TenantBook, party: Invoice['party']): string {
  if (party.ref?.system === 'xero') return party.ref.id.toLowerCase();
  const found = (party.code && book.contactByNumber(party.code)) || (party.name && book.contactByName(party.name));
  return found ? found.ContactID : '';
}

function addInvoice(book: TenantBook, invoice: Invoice, now: string): void {
  const lines: LineItemRecord[] = invoice.lines.map((line) => {
    ensureAccount(book, line.accountCode, invoice.kind === 'receivable' ? 'SALES' : 'DIRECTCOSTS', 'Trade Sales', now);
    const record: LineItemRecord = {
      LineItemID: (line.sourceLineId ?? randomUUID()).toLowerCase(),
      Description: line.description,
      Quantity: Number(line.quantity),
      UnitAmount: Number(line.unitPrice),
      TaxAmount: fromCents(line.tax.amountMinor),
      LineAmount: fromCents(line.net.amountMinor),
    };
    if (line.product) record.ItemCode = line.product.code;
    if (line.accountCode) record.AccountCode = line.accountCode;
    if (line.taxCode) record.TaxType = line.taxCode;
    if (line.discountRate) record.DiscountRate = Number(line.discountRate);
    return record;
  });
  const record: InvoiceRecord = {
    InvoiceID: (invoice.source?.id ?? randomUUID()).toLowerCase(),
    Type: invoice.kind === 'receivable' ? 'ACCREC' : 'ACCPAY',
    ContactID: contactIdOf(book, invoice.party),
    Date: invoice.issueDate,
    Status: invoice.status.toUpperCase() as DocumentStatus,
    LineAmountTypes: 'Exclusive',
    LineItems: lines,
    CurrencyCode: invoice.currency,
    CurrencyRate: invoice.fxRate ? Number(invoice.fxRate) : 1,
    SubTotal: fromCents(invoice.totals.net.amountMinor),
    TotalTax: fromCents(invoice.totals.tax.amountMinor),
    Total: fromCents(invoice.totals.gross.amountMinor),
    AmountPaid: fromCents(invoice.amountPaid.amountMinor),
    AmountCredited: fromCents(invoice.amountCredited?.amountMinor ?? 0),
    AmountDue: fromCents(invoice.amountDue.amountMinor),
    UpdatedDateUTC: invoice.source?.updatedAt ?? now,
  };
  const number = invoice.number ?? invoice.source?.number;
  if (number) record.InvoiceNumber = number;
  if (invoice.reference) record.Reference = invoice.reference;
  if (invoice.dueDate) record.DueDate = invoice.dueDate;
  if (invoice.fullyPaidOn) record.FullyPaidOnDate = invoice.fullyPaidOn;
  book.invoices.set(record.InvoiceID, record);
}

function addPayment(book: TenantBook, payment: Payment, now: string): void {
  const allocation = payment.allocations[0];
  const documentRef = allocation?.document.ref;
  const invoice =
    documentRef?.system === 'xero'
      ? book.invoices.get(documentRef.id.toLowerCase())
      : allocation?.document.number
        ? book.invoiceByNumber(allocation.document.number)
        : undefined;
  const account =
    ensureAccount(book, payment.bankAccount?.code, 'BANK', payment.bankAccount?.name ?? 'Bank', now) ??
    [...book.accounts.values()].find((a) => a.Type === 'BANK');
  if (!invoice || !account) return;
  const record: PaymentRecord = {
    PaymentID: (payment.source?.id ?? randomUUID()).toLowerCase(),
    InvoiceID: invoice.InvoiceID,
    AccountID: account.AccountID,
    Date: payment.date,
    Amount: fromCents(payment.amount.amountMinor),
    BankAmount: fromCents(payment.bankAmount?.amountMinor ?? payment.amount.amountMinor),
    CurrencyRate: payment.fxRate ? Number(payment.fxRate) : 1,
    IsReconciled: payment.reconciled ?? false,
    Status: payment.status === 'deleted' ? 'DELETED' : 'AUTHORISED',
    PaymentType: invoice.Type === 'ACCREC' ? 'ACCRECPAYMENT' : 'ACCPAYPAYMENT',
    UpdatedDateUTC: payment.source?.updatedAt ?? now,
  };
  if (payment.reference) record.Reference = payment.reference;
  book.payments.set(record.PaymentID, record);
}
