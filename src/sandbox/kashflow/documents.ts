import { randomUUID } from 'node:crypto';
import { exponentOf, fromMinor, homeMinor, lineNetMinor, toMinor, vatMinor } from './amounts.js';
import { type KashFlowContext, nowStamp, today } from './context.js';
import { calendarDay, dateOnly, parseInputDate } from './dates.js';
import { KashFlowHttpError, validation } from './errors.js';
import type { ListSpec, Query } from './listing.js';
import { dateFilter, findParty } from './parties.js';
import {
  addressFrom,
  currencyFrom,
  type DocumentInput,
  type KfCurrency,
  type KfCustomer,
  type KfDocument,
  type KfInvoice,
  type KfLineItem,
  type KfPaymentLine,
  type KfPurchase,
  type KfSupplier,
  type LineItemInput,
  type PaymentLineInput,
} from './records.js';
import { productKey } from './store.js';

/**
 * Invoices (sales) and purchases (supplier invoices) share one engine: lines give NetAmount, VATAmount and
 * GrossAmount; payment lines give TotalPaidAmount, DueAmount, PaidDate and Status. There is no `Paid` flag in v2.
 */
export type DocumentKind = 'invoice' | 'purchase';
export type AnyDocument = KfInvoice | KfPurchase;

const label = (kind: DocumentKind) => (kind === 'invoice' ? 'Invoice' : 'Purchase');

export function documents(context: KashFlowContext, kind: DocumentKind): Map<number, AnyDocument> {
  return kind === 'invoice' ? context.store.invoices : context.store.purchases;
}

export function findDocument(context: KashFlowContext, kind: DocumentKind, number: number): AnyDocument {
  const document = documents(context, kind).get(number);
  if (!document) {
    throw new KashFlowHttpError(404, `${label(kind)}NotFound`, `${label(kind)} with number ${number} was not found.`);
  }
  return document;
}

interface WriteOptions {
  readonly seeding?: boolean;
}

function readDate(context: KashFlowContext, value: string, field: string): string {
  const parsed = parseInputDate(value, context.settings);
  if (!parsed) throw validation(`The request is invalid: ${field} - '${value}' is not a date; use YYYY-MM-DD.`);
  return parsed;
}

function addDays(calendar: string, days: number): string {
  const date = new Date(`${calendar}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

function buildLines(
  context: KashFlowContext,
  inputs: readonly LineItemInput[],
  currency: KfCurrency,
  defaultNominal: number,
  previous: readonly KfLineItem[],
  seeding: boolean,
): KfLineItem[] {
  const exponent = exponentOf(currency.Code);
  return inputs.map((input, index) => {
    const product = input.ProductCode
      ? findProductForLine(context, input.ProductCode, input.NominalCode ?? undefined)
      : undefined;
    const nominalCode = input.NominalCode ?? product?.NominalCode ?? defaultNominal;
    const nominal = context.store.nominals.get(nominalCode);
    if (!nominal)
      throw validation(`LineItems[${index}]: nominal code ${nominalCode} does not exist.`, 'InvalidNominalCode');
    const quantity = input.Quantity ?? 1;
    const rate = input.Rate ?? product?.Price ?? 0;
    const exempt = input.VATExempt ?? product?.VATExempt ?? false;
    const level = exempt ? 0 : (input.VATLevel ?? product?.VATRate ?? nominal.VATRate ?? 0);
    const netMinor = lineNetMinor(quantity, rate, exponent);
    // A client-sent VATAmount is kept (KashFlow lets users override line VAT); otherwise it follows from VATLevel.
    const vat = exempt ? 0 : input.VATAmount != null ? toMinor(input.VATAmount, exponent) : vatMinor(netMinor, level);
    const kept = input.Id ? previous.find((line) => line.Id === input.Id) : undefined;
    const id = kept?.Id ?? (seeding && input.Id ? input.Id : context.store.nextId('lineItem'));
    if (seeding && input.Id) context.store.noteId('lineItem', input.Id);
    return {
      Id: id,
      Number: input.Number ?? index + 1,
      Description: input.Description ?? product?.Description ?? '',
      Quantity: quantity,
      Rate: rate,
      HomeCurrencyRate: fromMinor(homeMinor(toMinor(rate, exponent), currency.ExchangeRate), exponent),
      VATLevel: level,
      VATExempt: exempt,
      VATAmount: fromMinor(vat, exponent),
      HomeCurrencyVATAmount: fromMinor(homeMinor(vat, currency.ExchangeRate), exponent),
      NominalCode: nominalCode,
      NominalId: nominal.Id,
      NominalName: nominal.Name,
      ProductCode: input.ProductCode ?? '',
      ProductName: input.ProductName ?? product?.Name ?? '',
      TaxCode: input.TaxCode ?? null,
      ProjectNumber: input.ProjectNumber ?? 0,
    };
  });
}

function findProductForLine(context: KashFlowContext, code: string, nominalCode: number | undefined) {
  if (nominalCode !== undefined) return context.store.products.get(productKey(nominalCode, code));
  for (const product of context.store.products.values()) {
    if (product.Code.toUpperCase() === code.trim().toUpperCase()) return product;
  }
  return undefined;
}

function buildPayments(
  context: KashFlowContext,
  kind: DocumentKind,
  inputs: readonly PaymentLineInput[],
  number: number,
  previous: readonly KfPaymentLine[],
  seeding: boolean,
): KfPaymentLine[] {
  return inputs.map((input, index) => {
    const accountId = input.AccountId ?? defaultBankAccountId(context);
    if (!context.store.bankAccounts.has(accountId)) {
      throw validation(`PaymentLines[${index}]: bank account ${accountId} does not exist.`, 'InvalidBankAccount');
    }
    if (input.Amount === 0) throw validation(`PaymentLines[${index}]: Amount must not be zero.`, 'InvalidAmount');
    const kept = input.Id ? previous.find((line) => line.Id === input.Id) : undefined;
    const id = kept?.Id ?? (seeding && input.Id ? input.Id : context.store.nextId('payment'));
    if (seeding && input.Id) context.store.noteId('payment', input.Id);
    const date = input.Date
      ? readDate(context, input.Date, `PaymentLines[${index}].Date`)
      : dateOnly(today(context), context.settings);
    return {
      Id: id,
      Date: date,
      Amount: input.Amount,
      Method: input.Method ?? 3,
      Reference: input.Reference ?? '',
      Note: input.Note ?? '',
      AccountId: accountId,
      ...(kind === 'invoice' ? { InvoiceNumber: number } : { PurchaseNumber: number }),
      BankTransactionId: kept?.BankTransactionId ?? id + 8_000_000,
      Permalink: kept?.Permalink ?? `/v2/documents/${kind}/payment/${randomUUID()}`,
    };
  });
}

export function defaultBankAccountId(context: KashFlowContext): number {
  let first: number | undefined;
  for (const account of context.store.bankAccounts.values()) {
    if (account.IsDefaultAccount && !account.IsArchived) return account.Id;
    first ??= account.Id;
  }
  if (first === undefined) throw validation('There is no bank account to take the payment into.', 'InvalidBankAccount');
  return first;
}

/** Works out totals, payments and status from lines and payment lines. */
export function settle(context: KashFlowContext, kind: DocumentKind, document: KfDocument, check = true): void {
  const exponent = exponentOf(document.Currency.Code);
  let net = 0;
  let vat = 0;
  for (const line of document.LineItems) {
    net += lineNetMinor(line.Quantity, line.Rate, exponent);
    vat += toMinor(line.VATAmount, exponent);
  }
  const gross = net + vat;
  let paid = 0;
  let lastPayment: string | null = null;
  for (const payment of document.PaymentLines) {
    paid += toMinor(payment.Amount, exponent);
    if (lastPayment === null || payment.Date > lastPayment) lastPayment = payment.Date;
  }
  if (check && !context.settings.allowOverpayment && paid > gross && document.PaymentLines.length > 0) {
    throw validation(
      `Payments of ${fromMinor(paid, exponent)} exceed the ${kind} total of ${fromMinor(gross, exponent)}.`,
      'PaymentExceedsAmountDue',
    );
  }
  document.NetAmount = fromMinor(net, exponent);
  document.VATAmount = fromMinor(vat, exponent);
  document.GrossAmount = fromMinor(gross, exponent);
  document.HomeCurrencyGrossAmount = fromMinor(homeMinor(gross, document.Currency.ExchangeRate), exponent);
  document.TotalPaidAmount = fromMinor(paid, exponent);
  document.DueAmount = fromMinor(Math.max(0, gross - paid), exponent);
  document.LastPaymentDate = lastPayment;
  document.PaidDate = gross - paid <= 0 && document.PaymentLines.length > 0 ? lastPayment : null;
  refreshStatus(context, kind, document);
}

/** Status and OverdueDays depend on today's date, so they are refreshed whenever a document is served. */
export function refreshStatus(context: KashFlowContext, kind: DocumentKind, document: KfDocument): void {
  const statuses = kind === 'invoice' ? context.settings.invoiceStatuses : context.settings.purchaseStatuses;
  const due = calendarDay(document.DueDate);
  const now = today(context);
  const unpaid = document.DueAmount > 0;
  const overdue = unpaid && due < now;
  document.OverdueDays = overdue ? daysBetween(due, now) : 0;
  if (!unpaid && document.GrossAmount > 0) document.Status = statuses.paid;
  else if (overdue && context.settings.overdueStatus) document.Status = statuses.overdue;
  else document.Status = statuses.unpaid;
}

function partyFor(
  context: KashFlowContext,
  kind: DocumentKind,
  code: string | null | undefined,
): KfCustomer | KfSupplier {
  const field = kind === 'invoice' ? 'CustomerCode' : 'SupplierCode';
  if (!code) throw validation(`${field} is required.`, `${field}Required`);
  try {
    return findParty(context, kind === 'invoice' ? 'customer' : 'supplier', code);
  } catch {
    throw validation(
      `${kind === 'invoice' ? 'Customer' : 'Supplier'} with code ${code} does not exist.`,
      `Invalid${field}`,
    );
  }
}

/** `POST /invoices` or `POST /purchases`. */
export function createDocument(
  context: KashFlowContext,
  kind: DocumentKind,
  input: DocumentInput,
  options: WriteOptions = {},
): AnyDocument {
  const seeding = options.seeding === true;
  const party = partyFor(context, kind, kind === 'invoice' ? input.CustomerCode : input.SupplierCode);
  const map = documents(context, kind);
  const number = input.Number ?? context.store.nextNumber(kind);
  if (map.has(number)) {
    throw validation(`${label(kind)} number ${number} is already in use.`, `Duplicate${label(kind)}Number`);
  }
  const stamp =
    (seeding && input.CreatedDate && parseInputDate(input.CreatedDate, context.settings)) || nowStamp(context);
  const issued = input.IssuedDate
    ? readDate(context, input.IssuedDate, 'IssuedDate')
    : dateOnly(today(context), context.settings);
  const dueDate = input.DueDate
    ? readDate(context, input.DueDate, 'DueDate')
    : dateOnly(addDays(calendarDay(issued), party.PaymentTerms.Days), context.settings);
  const currency = input.Currency ? currencyFrom(input.Currency) : party.Currency;
  const sequence = kind === 'invoice' ? 'invoice' : 'purchase';
  const id = seeding && input.Id ? input.Id : context.store.nextId(sequence);
  if (seeding && input.Id) context.store.noteId(sequence, input.Id);
  const defaultNominal = party.DefaultNominalCode || (kind === 'invoice' ? 4000 : 5000);
  const common: KfDocument = {
    Id: id,
    Number: number,
    IssuedDate: issued,
    DueDate: dueDate,
    PaidDate: null,
    LastPaymentDate: null,
    NetAmount: 0,
    VATAmount: 0,
    GrossAmount: 0,
    HomeCurrencyGrossAmount: 0,
    TotalPaidAmount: 0,
    DueAmount: 0,
    Status: '',
    OverdueDays: 0,
    Currency: currency,
    ProjectNumber: input.ProjectNumber ?? 0,
    IsArchived: input.IsArchived ?? false,
    Permalink: `/v2/documents/${kind === 'invoice' ? 'invoice' : 'purchaseorder'}/${randomUUID()}`,
    CreatedDate: stamp,
    LastUpdatedDate:
      (seeding && input.LastUpdatedDate && parseInputDate(input.LastUpdatedDate, context.settings)) || stamp,
    LineItems: buildLines(context, input.LineItems ?? [], currency, defaultNominal, [], seeding),
    PaymentLines: buildPayments(context, kind, input.PaymentLines ?? [], number, [], seeding),
  };
  const document: AnyDocument =
    kind === 'invoice'
      ? {
          ...common,
          CustomerId: party.Id,
          CustomerCode: party.Code,
          CustomerName: party.Name,
          CustomerReference: input.CustomerReference ?? '',
          Address: input.Address
            ? addressFrom(input.Address, false)
            : ('Addresses' in party && party.Addresses[0]) || null,
          DeliveryAddress: input.DeliveryAddress ? addressFrom(input.DeliveryAddress, true) : null,
          UseCustomDeliveryAddress: input.UseCustomDeliveryAddress ?? false,
          VATNumber: input.VATNumber ?? ('VATNumber' in party ? party.VATNumber : ''),
        }
      : {
          ...common,
          SupplierId: party.Id,
          SupplierCode: party.Code,
          SupplierName: party.Name,
          SupplierReference: input.SupplierReference ?? '',
        };
  settle(context, kind, document, !seeding);
  map.set(number, document);
  return document;
}

/**
 * `PUT /invoices/{number}`: sent fields change, `LineItems` replaces the lines, `PaymentLines` replaces the payments
 * (per settings). Returns whether the Number changed, which KashFlow answers with 201.
 */
export function updateDocument(
  context: KashFlowContext,
  kind: DocumentKind,
  number: number,
  input: DocumentInput,
): { document: AnyDocument; renumbered: boolean } {
  const existing = findDocument(context, kind, number);
  const map = documents(context, kind);
  const newNumber = input.Number ?? existing.Number;
  if (newNumber !== existing.Number && map.has(newNumber)) {
    throw validation(`${label(kind)} number ${newNumber} is already in use.`, `Duplicate${label(kind)}Number`);
  }
  const updated: AnyDocument = structuredClone(existing);
  const partyCode = kind === 'invoice' ? input.CustomerCode : input.SupplierCode;
  if (partyCode) {
    const party = partyFor(context, kind, partyCode);
    if ('CustomerCode' in updated) {
      updated.CustomerId = party.Id;
      updated.CustomerCode = party.Code;
      updated.CustomerName = party.Name;
    } else {
      updated.SupplierId = party.Id;
      updated.SupplierCode = party.Code;
      updated.SupplierName = party.Name;
    }
  }
  if ('CustomerCode' in updated) {
    if (input.CustomerReference != null) updated.CustomerReference = input.CustomerReference;
    if (input.Address) updated.Address = addressFrom(input.Address, false);
    if (input.DeliveryAddress) updated.DeliveryAddress = addressFrom(input.DeliveryAddress, true);
    if (input.UseCustomDeliveryAddress != null) updated.UseCustomDeliveryAddress = input.UseCustomDeliveryAddress;
    if (input.VATNumber != null) updated.VATNumber = input.VATNumber;
  } else if (input.SupplierReference != null) {
    updated.SupplierReference = input.SupplierReference;
  }
  if (input.IssuedDate) updated.IssuedDate = readDate(context, input.IssuedDate, 'IssuedDate');
  if (input.DueDate) updated.DueDate = readDate(context, input.DueDate, 'DueDate');
  if (input.Currency) updated.Currency = currencyFrom(input.Currency);
  if (input.ProjectNumber != null) updated.ProjectNumber = input.ProjectNumber;
  if (input.IsArchived != null) updated.IsArchived = input.IsArchived;
  updated.Number = newNumber;
  if (input.LineItems) {
    const nominal = updated.LineItems[0]?.NominalCode ?? (kind === 'invoice' ? 4000 : 5000);
    updated.LineItems = buildLines(context, input.LineItems, updated.Currency, nominal, existing.LineItems, false);
  }
  if (input.PaymentLines && context.settings.putPaymentLines === 'replace') {
    updated.PaymentLines = buildPayments(context, kind, input.PaymentLines, newNumber, existing.PaymentLines, false);
  }
  for (const payment of updated.PaymentLines) {
    if (kind === 'invoice') payment.InvoiceNumber = newNumber;
    else payment.PurchaseNumber = newNumber;
  }
  settle(context, kind, updated);
  updated.LastUpdatedDate = nowStamp(context);
  map.delete(existing.Number);
  map.set(newNumber, updated);
  return { document: updated, renumbered: newNumber !== number };
}

export function deleteDocument(context: KashFlowContext, kind: DocumentKind, number: number): void {
  findDocument(context, kind, number);
  documents(context, kind).delete(number);
}

/** Adds one payment line (the optional `/payments` endpoint and bulk payments). */
export function addPayment(
  context: KashFlowContext,
  kind: DocumentKind,
  number: number,
  input: PaymentLineInput,
): KfPaymentLine {
  const document = findDocument(context, kind, number);
  const [payment] = buildPayments(context, kind, [{ ...input, Id: undefined }], number, [], false);
  if (!payment) throw validation('A payment is required.');
  const updated = structuredClone(document);
  updated.PaymentLines.push(payment);
  settle(context, kind, updated);
  updated.LastUpdatedDate = nowStamp(context);
  documents(context, kind).set(number, updated);
  return payment;
}

/** Removes one payment line (unallocate, or DELETE on the optional `/payments` endpoint). */
export function removePayment(context: KashFlowContext, kind: DocumentKind, number: number, paymentId: number): void {
  const document = findDocument(context, kind, number);
  const remaining = document.PaymentLines.filter((line) => line.Id !== paymentId);
  if (remaining.length === document.PaymentLines.length) {
    throw new KashFlowHttpError(404, 'PaymentNotFound', `Payment ${paymentId} was not found on ${kind} ${number}.`);
  }
  document.PaymentLines = remaining;
  settle(context, kind, document, false);
  document.LastUpdatedDate = nowStamp(context);
}

/** Wire shape; summaries (list rows) null out or drop the detail arrays as KashFlow's list endpoints do. */
export function presentDocument(
  context: KashFlowContext,
  kind: DocumentKind,
  document: AnyDocument,
  summary: boolean,
): Record<string, unknown> {
  refreshStatus(context, kind, document);
  const out: Record<string, unknown> = { ...document };
  if (kind === 'purchase') delete out.DueAmount;
  if (!context.settings.documentLastUpdatedDate) delete out.LastUpdatedDate;
  if (summary && context.settings.listRows === 'summary') {
    for (const key of ['LineItems', 'PaymentLines', 'Currency']) {
      if (context.settings.summaryDetail === 'omit') delete out[key];
      else out[key] = null;
    }
  }
  return out;
}

/** Filters of `GET /invoices` / `GET /purchases` (value formats UNCONFIRMED). */
export function filterDocuments(
  context: KashFlowContext,
  kind: DocumentKind,
  rows: readonly AnyDocument[],
  query: Query,
): AnyDocument[] {
  const partyCode = (kind === 'invoice' ? query.customercode : query.suppliercode)?.toUpperCase();
  const status = query.statusfilter?.toLowerCase();
  const project = query.projectnumber;
  const from = dateFilter(context, query.issuedatefrom, 'issuedatefrom');
  const to = dateFilter(context, query.issuedateto, 'issuedateto');
  const search = query.searchtext?.toLowerCase();
  const archived = query.archived?.toLowerCase();
  const statuses = kind === 'invoice' ? context.settings.invoiceStatuses : context.settings.purchaseStatuses;
  return rows.filter((row) => {
    refreshStatus(context, kind, row);
    const code = 'CustomerCode' in row ? row.CustomerCode : row.SupplierCode;
    if (partyCode && code.toUpperCase() !== partyCode) return false;
    if (status && status !== 'all') {
      const isUnpaid = row.Status !== statuses.paid;
      const wanted =
        row.Status.toLowerCase() === status || ((status === 'unpaid' || status === 'outstanding') && isUnpaid);
      if (!wanted) return false;
    }
    if (project && String(row.ProjectNumber) !== project) return false;
    const issued = calendarDay(row.IssuedDate);
    if (from && issued < from) return false;
    if (to && issued > to) return false;
    if (archived === 'true' && !row.IsArchived) return false;
    if (archived === 'false' && row.IsArchived) return false;
    if (search) {
      const name = 'CustomerName' in row ? row.CustomerName : row.SupplierName;
      const reference = 'CustomerReference' in row ? row.CustomerReference : row.SupplierReference;
      if (![String(row.Number), code, name, reference].some((field) => field.toLowerCase().includes(search))) {
        return false;
      }
    }
    return true;
  });
}

export function documentListSpec(kind: DocumentKind): ListSpec<AnyDocument> {
  const party = (row: AnyDocument) => ('CustomerCode' in row ? row.CustomerCode : row.SupplierCode);
  const name = (row: AnyDocument) => ('CustomerName' in row ? row.CustomerName : row.SupplierName);
  const exponent = 2;
  return {
    name: kind === 'invoice' ? 'invoices' : 'purchases',
    fields: {
      number: (row) => row.Number,
      customerRef: party,
      supplierRef: party,
      customerName: name,
      supplierName: name,
      invoiceDate: (row) => row.IssuedDate,
      issuedDate: (row) => row.IssuedDate,
      paymentDueDate: (row) => row.DueDate,
      dueDate: (row) => row.DueDate,
      grossAmount: (row) => row.GrossAmount,
      netAmount: (row) => row.NetAmount,
      status: (row) => row.Status,
      paymentPaidDate: (row) => row.PaidDate,
      dueAmount: (row) => row.DueAmount,
      vatAmount: (row) => row.VATAmount,
      project: (row) => row.ProjectNumber,
      lastUpdatedDate: (row) => row.LastUpdatedDate,
    },
    codes:
      kind === 'invoice'
        ? {
            '0': 'number',
            '1': 'customerRef',
            '2': 'customerName',
            '3': 'invoiceDate',
            '4': 'paymentDueDate',
            '5': 'grossAmount',
            '6': 'netAmount',
            '7': 'status',
            '8': 'paymentPaidDate',
            '9': 'dueAmount',
            '11': 'vatAmount',
            '12': 'project',
          }
        : {
            '0': 'number',
            '1': 'supplierRef',
            '2': 'supplierName',
            '3': 'issuedDate',
            '4': 'dueDate',
            '5': 'grossAmount',
            '6': 'netAmount',
            '7': 'status',
            '8': 'paymentPaidDate',
            '9': 'dueAmount',
            '11': 'vatAmount',
            '12': 'project',
          },
    defaultField: 'number',
    totalAmount: (rows) =>
      fromMinor(
        rows.reduce((sum, row) => sum + toMinor(row.GrossAmount, exponent), 0),
        exponent,
      ),
  };
}
