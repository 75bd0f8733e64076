import { randomUUID } from 'node:crypto';
import { fromMinor, toMinor } from './amounts.js';
import { type KashFlowContext, nowStamp } from './context.js';
import { calendarDay, parseInputDate } from './dates.js';
import { KashFlowHttpError, validation } from './errors.js';
import type { ListSpec, Query } from './listing.js';
import {
  addressFrom,
  currencyFrom,
  type KfContact,
  type KfCustomer,
  type KfSupplier,
  type PartyInput,
} from './records.js';
import { codeKey } from './store.js';

type Patch<T> = { [K in keyof T]?: T[K] | null };

/** Applies sent fields over a record: absent fields stay, `null` resets a field to its blank value. */
export function applyPatch<T extends object>(target: T, patch: Patch<T>, blank: T): T {
  const out = { ...target };
  for (const key of Object.keys(patch) as (keyof T)[]) {
    const value = patch[key];
    if (value === undefined) continue;
    out[key] = value === null ? blank[key] : (value as T[keyof T]);
  }
  return out;
}

export type PartyKind = 'customer' | 'supplier';

const label = (kind: PartyKind) => (kind === 'customer' ? 'Customer' : 'Supplier');

function contactsFrom(context: KashFlowContext, input: PartyInput['Contacts']): KfContact[] | null | undefined {
  if (!input) return input;
  const contacts = input.map((c) => ({
    Id: c.Id ?? context.store.nextId('contact'),
    IsPrimary: c.IsPrimary ?? false,
    ReceiveEmails: c.ReceiveEmails ?? true,
    Name: c.Name ?? null,
    Title: c.Title ?? null,
    Firstname: c.Firstname ?? null,
    LastName: c.LastName ?? null,
    Telephone: c.Telephone ?? null,
    Fax: c.Fax ?? null,
    Mobile: c.Mobile ?? null,
    Website: c.Website ?? null,
    Email: c.Email ?? null,
  }));
  const first = contacts[0];
  if (first && !contacts.some((c) => c.IsPrimary)) first.IsPrimary = true;
  return contacts;
}

function commonPatch(context: KashFlowContext, input: PartyInput) {
  return {
    Name: input.Name,
    Note: input.Note,
    IsArchived: input.IsArchived,
    DefaultNominalCode: input.DefaultNominalCode,
    PaymentTerms:
      input.PaymentTerms === null
        ? null
        : input.PaymentTerms && {
            Type: input.PaymentTerms.Type ?? 'AfterIssuedDate',
            Days: input.PaymentTerms.Days ?? 30,
          },
    Contacts: contactsFrom(context, input.Contacts),
    Currency: input.Currency === null ? null : input.Currency && currencyFrom(input.Currency),
    Email: input.Email,
    TelephoneNumber: input.TelephoneNumber,
    Website: input.Website,
  };
}

function blankCommon(id: number, code: string, stamp: string, kind: PartyKind) {
  return {
    Id: id,
    Code: code,
    Name: '',
    Note: '',
    IsArchived: false,
    DefaultNominalCode: kind === 'customer' ? 4000 : 5000,
    PaymentTerms: { Type: 'AfterIssuedDate', Days: 30 },
    Contacts: [],
    Currency: currencyFrom(undefined),
    Email: '',
    TelephoneNumber: '',
    Website: '',
    CreatedDate: stamp,
    LastUpdatedDate: stamp,
  };
}

export function blankCustomer(id: number, code: string, stamp: string): KfCustomer {
  return {
    ...blankCommon(id, code, stamp, 'customer'),
    DisplayName: '',
    Source: 0,
    DiscountRate: 0,
    ShowDiscount: false,
    VATNumber: '',
    AutoIncludeVATNumber: false,
    ReceivesWholesalePricing: false,
    TradeBorderType: 1,
    CreditLimit: 0,
    Addresses: [],
    DeliveryAddresses: [],
    UseCustomDeliveryAddress: false,
    CustomTextBoxes: [],
    CustomCheckBoxes: [],
    MobileNumber: '',
    FaxNumber: '',
    CustomerKey: randomUUID(),
  };
}

export function blankSupplier(id: number, code: string, stamp: string): KfSupplier {
  return {
    ...blankCommon(id, code, stamp, 'supplier'),
    Address: addressFrom({}, false),
    VatNumber: '',
  };
}

function customerPatch(context: KashFlowContext, input: PartyInput): Patch<KfCustomer> {
  return {
    ...commonPatch(context, input),
    DisplayName: input.DisplayName,
    Source: input.Source,
    DiscountRate: input.DiscountRate,
    ShowDiscount: input.ShowDiscount,
    VATNumber: input.VATNumber ?? input.VatNumber,
    AutoIncludeVATNumber: input.AutoIncludeVATNumber,
    ReceivesWholesalePricing: input.ReceivesWholesalePricing,
    TradeBorderType: input.TradeBorderType,
    CreditLimit: input.CreditLimit,
    Addresses:
      input.Addresses?.map((a) => addressFrom(a, false)) ??
      (input.Address ? [addressFrom(input.Address, false)] : undefined),
    DeliveryAddresses:
      input.DeliveryAddresses === null ? null : input.DeliveryAddresses?.map((a) => addressFrom(a, true)),
    UseCustomDeliveryAddress: input.UseCustomDeliveryAddress,
    CustomTextBoxes: input.CustomTextBoxes?.map((b) => ({ Name: b.Name ?? null, Value: b.Value ?? null })),
    CustomCheckBoxes: input.CustomCheckBoxes?.map((b) => ({ Name: b.Name ?? null, Value: b.Value ?? null })),
    MobileNumber: input.MobileNumber,
    FaxNumber: input.FaxNumber,
  };
}

function supplierPatch(context: KashFlowContext, input: PartyInput): Patch<KfSupplier> {
  const address = input.Address ?? input.Addresses?.[0];
  return {
    ...commonPatch(context, input),
    Address: address ? addressFrom(address, false) : input.Address === null ? null : undefined,
    VatNumber: input.VatNumber ?? input.VATNumber,
  };
}

/** A code from the name, as KashFlow's suggested code: letters of the name plus a number, unique in the ledger. */
function suggestCode(existing: ReadonlyMap<string, unknown>, name: string): string {
  const stem = (name.replace(/[^A-Za-z]/g, '').toUpperCase() || 'CUST').slice(0, 4).padEnd(4, 'X');
  for (let n = 1; ; n += 1) {
    const code = `${stem}${String(n).padStart(2, '0')}`;
    if (!existing.has(codeKey(code))) return code;
  }
}

interface WriteOptions {
  /** Seeds keep their own ids and dates. */
  readonly seeding?: boolean;
}

function partyMap(context: KashFlowContext, kind: PartyKind): Map<string, KfCustomer | KfSupplier> {
  return kind === 'customer' ? context.store.customers : context.store.suppliers;
}

function seededStamp(context: KashFlowContext, text: string | null | undefined): string | undefined {
  return text ? parseInputDate(text, context.settings) : undefined;
}

/** `POST /customers` and `POST /suppliers`. */
export function createParty(
  context: KashFlowContext,
  kind: PartyKind,
  input: PartyInput,
  options: WriteOptions = {},
): KfCustomer | KfSupplier {
  const map = partyMap(context, kind);
  const createCode = kind === 'customer' ? input.CreateCustomerCodeIfDuplicate : input.CreateSupplierCodeIfDuplicate;
  const createName =
    kind === 'customer' ? input.CreateCustomerNameIfEmptyOrNull : input.CreateSupplierNameIfEmptyOrNull;
  let name = input.Name?.trim() ?? '';
  if (name === '') {
    if (!createName && !input.Code) throw validation(`${label(kind)} name is required.`, 'NameRequired');
    name = input.Code ?? `New ${label(kind)}`;
  }
  let code = input.Code?.trim() || suggestCode(map, name);
  if (map.has(codeKey(code))) {
    if (!createCode) {
      throw validation(`A ${kind} with the code ${code} already exists.`, `Duplicate${label(kind)}Code`);
    }
    code = suggestCode(map, name);
  }
  const sequence = kind === 'customer' ? 'customer' : 'supplier';
  const id = options.seeding && input.Id ? input.Id : context.store.nextId(sequence);
  if (options.seeding && input.Id) context.store.noteId(sequence, input.Id);
  const stamp = nowStamp(context);
  const created = (options.seeding && seededStamp(context, input.CreatedDate)) || stamp;
  const updated = (options.seeding && seededStamp(context, input.LastUpdatedDate)) || created;
  const record =
    kind === 'customer'
      ? applyPatch(blankCustomer(id, code, created), customerPatch(context, input), blankCustomer(id, code, created))
      : applyPatch(blankSupplier(id, code, created), supplierPatch(context, input), blankSupplier(id, code, created));
  record.Name = name;
  record.Code = code;
  record.LastUpdatedDate = updated;
  if (kind === 'customer' && 'DisplayName' in record && !record.DisplayName) record.DisplayName = name;
  map.set(codeKey(code), record);
  return record;
}

export function findParty(context: KashFlowContext, kind: PartyKind, code: string): KfCustomer | KfSupplier {
  const record = partyMap(context, kind).get(codeKey(code));
  if (!record)
    throw new KashFlowHttpError(404, `${label(kind)}NotFound`, `${label(kind)} with code ${code} was not found.`);
  return record;
}

/** `PUT /customers/{code}`: merge (or replace, per settings); a different Code in the body renames. */
export function updateParty(
  context: KashFlowContext,
  kind: PartyKind,
  code: string,
  input: PartyInput,
): KfCustomer | KfSupplier {
  const existing = findParty(context, kind, code);
  const map = partyMap(context, kind);
  const newCode = input.Code?.trim() || existing.Code;
  if (codeKey(newCode) !== codeKey(existing.Code) && map.has(codeKey(newCode))) {
    throw validation(`A ${kind} with the code ${newCode} already exists.`, `Duplicate${label(kind)}Code`);
  }
  if (input.Name !== undefined && (input.Name ?? '').trim() === '') {
    throw validation(`${label(kind)} name is required.`, 'NameRequired');
  }
  const stamp = nowStamp(context);
  let updated: KfCustomer | KfSupplier;
  if (kind === 'customer') {
    const blank = blankCustomer(existing.Id, newCode, existing.CreatedDate);
    const base =
      context.settings.putSemantics === 'replace' ? { ...blank, Name: existing.Name } : (existing as KfCustomer);
    updated = applyPatch(base, customerPatch(context, input), blank);
  } else {
    const blank = blankSupplier(existing.Id, newCode, existing.CreatedDate);
    const base =
      context.settings.putSemantics === 'replace' ? { ...blank, Name: existing.Name } : (existing as KfSupplier);
    updated = applyPatch(base, supplierPatch(context, input), blank);
  }
  updated.Code = newCode;
  updated.Id = existing.Id;
  updated.CreatedDate = existing.CreatedDate;
  updated.LastUpdatedDate = stamp;
  map.delete(codeKey(existing.Code));
  map.set(codeKey(newCode), updated);
  if (newCode !== existing.Code) renameInDocuments(context, kind, existing.Code, newCode);
  return updated;
}

function renameInDocuments(context: KashFlowContext, kind: PartyKind, from: string, to: string): void {
  if (kind === 'customer') {
    for (const invoice of context.store.invoices.values()) if (invoice.CustomerCode === from) invoice.CustomerCode = to;
  } else {
    for (const purchase of context.store.purchases.values())
      if (purchase.SupplierCode === from) purchase.SupplierCode = to;
  }
}

/** `DELETE /customers/{code}`: refused while invoices (or purchases) refer to the party. */
export function deleteParty(context: KashFlowContext, kind: PartyKind, code: string): void {
  const existing = findParty(context, kind, code);
  const documents = kind === 'customer' ? context.store.invoices.values() : context.store.purchases.values();
  for (const document of documents) {
    const owner = 'CustomerCode' in document ? document.CustomerCode : document.SupplierCode;
    if (codeKey(owner) === codeKey(existing.Code)) {
      throw validation(
        `${label(kind)} ${existing.Code} cannot be deleted because it has transactions.`,
        `${label(kind)}HasTransactions`,
      );
    }
  }
  partyMap(context, kind).delete(codeKey(existing.Code));
}

interface PartyTotals {
  paid: number;
  outstanding: number;
  net: number;
  vat: number;
  count: number;
  first: string | null;
  last: string | null;
}

/** Read-only aggregates KashFlow serves on customers and suppliers, worked out from their documents. */
export function partyTotals(context: KashFlowContext, kind: PartyKind, onlyCode?: string): Map<string, PartyTotals> {
  const totals = new Map<string, PartyTotals>();
  const documents = kind === 'customer' ? context.store.invoices.values() : context.store.purchases.values();
  const only = onlyCode === undefined ? undefined : codeKey(onlyCode);
  for (const document of documents) {
    const key = codeKey('CustomerCode' in document ? document.CustomerCode : document.SupplierCode);
    if (only !== undefined && key !== only) continue;
    let entry = totals.get(key);
    if (!entry) {
      entry = { paid: 0, outstanding: 0, net: 0, vat: 0, count: 0, first: null, last: null };
      totals.set(key, entry);
    }
    entry.paid += toMinor(document.TotalPaidAmount, 2);
    entry.outstanding += toMinor(document.DueAmount, 2);
    entry.net += toMinor(document.NetAmount, 2);
    entry.vat += toMinor(document.VATAmount, 2);
    entry.count += 1;
    if (entry.first === null || document.IssuedDate < entry.first) entry.first = document.IssuedDate;
    if (entry.last === null || document.IssuedDate > entry.last) entry.last = document.IssuedDate;
  }
  return totals;
}

const emptyTotals: PartyTotals = { paid: 0, outstanding: 0, net: 0, vat: 0, count: 0, first: null, last: null };

const SUMMARY_OMITS: Readonly<Record<PartyKind, readonly string[]>> = {
  customer: ['Addresses', 'DeliveryAddresses', 'CustomTextBoxes', 'CustomCheckBoxes'],
  supplier: ['Address'],
};

/** The wire shape of a customer or supplier, with its aggregates; list rows are summaries unless settings say full. */
export function presentParty(
  context: KashFlowContext,
  kind: PartyKind,
  record: KfCustomer | KfSupplier,
  totals: PartyTotals | undefined,
  summary: boolean,
): Record<string, unknown> {
  const t = totals ?? emptyTotals;
  const out: Record<string, unknown> =
    kind === 'customer'
      ? {
          ...record,
          TotalPaidAmount: fromMinor(t.paid, 2),
          OutstandingBalance: fromMinor(t.outstanding, 2),
          InvoicedNetAmount: fromMinor(t.net, 2),
          InvoicedVATAmount: fromMinor(t.vat, 2),
          InvoiceCount: t.count,
          FirstInvoiceDate: t.first,
          LastInvoiceDate: t.last,
        }
      : {
          ...record,
          TotalPaidAmount: fromMinor(t.paid, 2),
          OutstandingBalance: fromMinor(t.outstanding, 2),
          BilledNetAmount: fromMinor(t.net, 2),
          BilledVatAmount: fromMinor(t.vat, 2),
          FirstPurchaseDate: t.first,
          LastPurchaseDate: t.last,
        };
  if (summary && context.settings.listRows === 'summary') {
    for (const key of SUMMARY_OMITS[kind]) delete out[key];
  }
  return out;
}

/** Filters of `GET /customers` and `GET /suppliers` (value formats UNCONFIRMED; dates read leniently). */
export function filterParties<T extends KfCustomer | KfSupplier>(
  context: KashFlowContext,
  rows: readonly T[],
  query: Query,
): T[] {
  const startsWith = query.namestartswith?.toLowerCase();
  const search = query.searchtext?.toLowerCase();
  const hideArchived = query.filterarchived?.toLowerCase() === 'true';
  const from = dateFilter(context, query.startcreationdate, 'startcreationdate');
  const to = dateFilter(context, query.endcreationdate, 'endcreationdate');
  return rows.filter((row) => {
    if (startsWith && !row.Name.toLowerCase().startsWith(startsWith)) return false;
    if (hideArchived && row.IsArchived) return false;
    if (search && ![row.Code, row.Name, row.Email].some((field) => field.toLowerCase().includes(search))) return false;
    const created = calendarDay(row.CreatedDate);
    if (from && created < from) return false;
    if (to && created > to) return false;
    return true;
  });
}

export function dateFilter(context: KashFlowContext, value: string | undefined, name: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  const parsed = parseInputDate(value, context.settings);
  if (!parsed) throw validation(`The value '${value}' is not valid for ${name}; use YYYY-MM-DD.`);
  return calendarDay(parsed);
}

export function partyListSpec(
  kind: PartyKind,
  totals: ReadonlyMap<string, PartyTotals>,
): ListSpec<KfCustomer | KfSupplier> {
  const total = (row: KfCustomer | KfSupplier) => totals.get(codeKey(row.Code)) ?? emptyTotals;
  return {
    name: kind === 'customer' ? 'customers' : 'suppliers',
    fields: {
      name: (row) => row.Name,
      code: (row) => row.Code,
      totalPaidAmount: (row) => total(row).paid,
      outstandingBalance: (row) => total(row).outstanding,
      createdDate: (row) => row.CreatedDate,
      lastUpdatedDate: (row) => row.LastUpdatedDate,
    },
    codes: { '0': 'name', '1': 'code', '3': 'totalPaidAmount', '4': 'outstandingBalance' },
    defaultField: 'code',
  };
}
