import { fromCents, toCents } from '../amounts.js';
import type { TenantBook } from '../book.js';
import { newId, type WriteContext } from '../context.js';
import type { LedgerIndex } from '../ledgerIndex.js';
import type { Address, ContactRecord, Phone } from '../records.js';
import { failed, type Outcome, succeeded } from '../validation.js';
import { ContactInput } from '../wire.js';
import { type EntityKind, fieldSet, findById, type View } from './kind.js';

const ADDRESS_TYPES: Address['AddressType'][] = ['STREET', 'POBOX'];
const PHONE_TYPES: Phone['PhoneType'][] = ['DEFAULT', 'DDI', 'FAX', 'MOBILE'];

function mergeAddresses(current: readonly Address[], input: ContactInput['Addresses']): Address[] {
  const result = new Map<Address['AddressType'], Address>(current.map((a) => [a.AddressType, a]));
  for (const type of ADDRESS_TYPES) if (!result.has(type)) result.set(type, { AddressType: type });
  for (const address of input ?? []) {
    // DELIVERY appears on old Xero pages but not in the spec's enum; it is kept as the street address.
    const type = address.AddressType === 'POBOX' ? 'POBOX' : 'STREET';
    result.set(type, { ...address, AddressType: type });
  }
  return [...result.values()];
}

function mergePhones(current: readonly Phone[], input: ContactInput['Phones']): Phone[] {
  const result = new Map<Phone['PhoneType'], Phone>(current.map((p) => [p.PhoneType, p]));
  for (const type of PHONE_TYPES) if (!result.has(type)) result.set(type, { PhoneType: type });
  for (const phone of input ?? []) {
    const type = phone.PhoneType ?? 'DEFAULT';
    result.set(type, { ...phone, PhoneType: type });
  }
  return [...result.values()];
}

const SIMPLE_FIELDS = [
  'ContactNumber',
  'AccountNumber',
  'FirstName',
  'LastName',
  'CompanyNumber',
  'EmailAddress',
  'BankAccountDetails',
  'TaxNumber',
  'AccountsReceivableTaxType',
  'AccountsPayableTaxType',
  'DefaultCurrency',
  'SalesDefaultAccountCode',
  'PurchasesDefaultAccountCode',
] as const;

function checkName(book: TenantBook, name: string, self: string | undefined): string[] {
  if (name.trim() === '') return ['The contact name must be specified.'];
  if (name.length > 255) return ['The contact name must not exceed 255 characters.'];
  const clash = book.contactByName(name);
  if (clash && clash.ContactID !== self) {
    return [
      `The contact name ${name} is already assigned to another contact. The contact name must be unique across all active contacts.`,
    ];
  }
  return [];
}

function apply(record: ContactRecord, input: ContactInput, now: string): ContactRecord {
  const next: ContactRecord = { ...record, UpdatedDateUTC: now };
  for (const field of SIMPLE_FIELDS) {
    const value = input[field];
    if (value !== undefined) next[field] = value;
  }
  if (input.Name !== undefined) next.Name = input.Name.trim();
  if (input.ContactStatus !== undefined) next.ContactStatus = input.ContactStatus;
  if (input.ContactPersons !== undefined) next.ContactPersons = input.ContactPersons;
  next.Addresses = mergeAddresses(record.Addresses, input.Addresses);
  next.Phones = mergePhones(record.Phones, input.Phones);
  return next;
}

/** Contact balances and roles are derived from the ledger, never stored (Xero does not let clients set them). */
function ledgerFacts(index: LedgerIndex, contactId: string, today: string) {
  const facts = { isCustomer: false, isSupplier: false, arOut: 0, arOverdue: 0, apOut: 0, apOverdue: 0 };
  for (const invoice of index.invoicesOf(contactId)) {
    if (invoice.Status === 'DELETED' || invoice.Status === 'VOIDED') continue;
    const receivable = invoice.Type === 'ACCREC';
    if (receivable) facts.isCustomer = true;
    else facts.isSupplier = true;
    if (invoice.Status !== 'AUTHORISED') continue;
    const due = toCents(invoice.AmountDue);
    const overdue = invoice.DueDate !== undefined && invoice.DueDate < today ? due : 0;
    if (receivable) {
      facts.arOut += due;
      facts.arOverdue += overdue;
    } else {
      facts.apOut += due;
      facts.apOverdue += overdue;
    }
  }
  return facts;
}

export function contactSummary(book: TenantBook, contactId: string): View {
  const contact = book.contacts.get(contactId);
  if (!contact) return { ContactID: contactId };
  const summary: View = { ContactID: contact.ContactID, ContactStatus: contact.ContactStatus, Name: contact.Name };
  if (contact.ContactNumber) summary.ContactNumber = contact.ContactNumber;
  if (contact.AccountNumber) summary.AccountNumber = contact.AccountNumber;
  if (contact.EmailAddress) summary.EmailAddress = contact.EmailAddress;
  summary.HasValidationErrors = false;
  return summary;
}

export const contacts: EntityKind<ContactInput, ContactRecord> = {
  plural: 'Contacts',
  typeName: 'Contact',
  idField: 'ContactID',
  input: ContactInput,
  paged: true,
  ifModifiedSince: true,
  errorFlag: 'HasValidationErrors',
  acceptsBareObject: false,
  hasLineItems: false,
  webhookCategory: 'CONTACT',
  queryFields: fieldSet(
    'ContactID',
    'ContactStatus',
    'Name',
    'UpdatedDateUTC',
    'IsSupplier',
    'IsCustomer',
    'DefaultCurrency',
    'Addresses',
    'Phones',
    ...SIMPLE_FIELDS,
  ),
  all: (book) => book.contacts.values(),
  find: (book, key) => findById(book.contacts, key) ?? book.contactByNumber(key),
  idOf: (record) => record.ContactID,
  updatedAt: (record) => record.UpdatedDateUTC,
  view(_book, record, detail) {
    const facts = ledgerFacts(detail.index, record.ContactID, new Date().toISOString().slice(0, 10));
    const { Addresses, Phones, ContactPersons, ...rest } = record;
    const view: View = { ...rest };
    if (!detail.summaryOnly) {
      view.Addresses = Addresses;
      view.Phones = Phones;
    }
    view.ContactGroups = [];
    view.IsSupplier = facts.isSupplier;
    view.IsCustomer = facts.isCustomer;
    if (detail.full || detail.summaryOnly) {
      view.SalesDefaultLineAmountType = 'EXCLUSIVE';
      view.PurchasesDefaultLineAmountType = 'EXCLUSIVE';
    }
    if (detail.full && !detail.summaryOnly) {
      view.Balances = {
        AccountsReceivable: { Outstanding: fromCents(facts.arOut), Overdue: fromCents(facts.arOverdue) },
        AccountsPayable: { Outstanding: fromCents(facts.apOut), Overdue: fromCents(facts.apOverdue) },
      };
    }
    view.ContactPersons = ContactPersons ?? [];
    view.HasAttachments = false;
    view.HasValidationErrors = false;
    return view;
  },
  listFilter(query) {
    const ids = query.ids?.map((id) => id.toLowerCase());
    const term = query.searchTerm?.toLowerCase();
    return (record) => {
      if (ids && !ids.includes(record.ContactID)) return false;
      if (!query.includeArchived && record.ContactStatus === 'ARCHIVED' && !ids) return false;
      if (term) {
        const haystack = [
          record.Name,
          record.FirstName,
          record.LastName,
          record.ContactNumber,
          record.EmailAddress,
          record.CompanyNumber,
        ];
        if (!haystack.some((value) => value?.toLowerCase().includes(term))) return false;
      }
      return true;
    };
  },
  match(book, input) {
    if (input.ContactID) return findById(book.contacts, input.ContactID) ?? 'missing';
    if (input.ContactNumber) return book.contactByNumber(input.ContactNumber);
    return undefined;
  },
  create(context, input) {
    return createContact(context, input);
  },
  update(context, existing, input) {
    const errors = input.Name !== undefined ? checkName(context.book, input.Name, existing.ContactID) : [];
    if (errors.length > 0) return failed(...errors);
    const next = apply(existing, input, context.now);
    context.book.contacts.set(next.ContactID, next);
    context.changed('CONTACT', next.ContactID, 'UPDATE');
    return succeeded(next);
  },
};

export function createContact(context: WriteContext, input: ContactInput): Outcome<ContactRecord> {
  const name = input.Name ?? '';
  const errors = checkName(context.book, name, undefined);
  if (errors.length > 0) return failed(...errors);
  const blank: ContactRecord = {
    ContactID: newId(),
    ContactStatus: 'ACTIVE',
    Name: name.trim(),
    Addresses: [],
    Phones: [],
    UpdatedDateUTC: context.now,
  };
  const record = apply(blank, input, context.now);
  context.book.contacts.set(record.ContactID, record);
  context.changed('CONTACT', record.ContactID, 'CREATE');
  return succeeded(record);
}
