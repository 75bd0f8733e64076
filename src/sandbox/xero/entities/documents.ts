import type { z } from 'zod';
import { roundTo } from '../amounts.js';
import type { TenantBook } from '../book.js';
import type { WriteContext } from '../context.js';
import { parseWireCalendarDate } from '../msDate.js';
import type { ContactRecord, DocumentStatus, LineItemRecord } from '../records.js';
import { ContactInput, type ContactRefInput } from '../wire.js';
import { createContact } from './contacts.js';
import { findById, type View, type ViewDetail } from './kind.js';

type ContactRef = z.infer<typeof ContactRefInput>;

/**
 * What a document names as its contact: an existing one by ContactID, ContactNumber or Name, or — as Xero does for
 * a Name it has never seen — a new contact created when the document is saved.
 */
export type ContactChoice =
  | { readonly kind: 'existing'; readonly contact: ContactRecord }
  | { readonly kind: 'new'; readonly name: string };

export function chooseContact(
  book: TenantBook,
  ref: ContactRef | undefined,
  errors: string[],
): ContactChoice | undefined {
  if (!ref) {
    errors.push('A Contact must be specified for this type of transaction');
    return undefined;
  }
  if (ref.ContactID) {
    const contact = findById(book.contacts, ref.ContactID);
    if (!contact) errors.push(`The contact with ID '${ref.ContactID}' could not be found.`);
    return contact && { kind: 'existing', contact };
  }
  if (ref.ContactNumber) {
    const contact = book.contactByNumber(ref.ContactNumber);
    if (contact) return { kind: 'existing', contact };
    if (!ref.Name) {
      errors.push(`The contact with number '${ref.ContactNumber}' could not be found.`);
      return undefined;
    }
  }
  if (ref.Name && ref.Name.trim() !== '') {
    const contact = book.contactByName(ref.Name);
    return contact ? { kind: 'existing', contact } : { kind: 'new', name: ref.Name.trim() };
  }
  errors.push(
    'The Contact must contain at least 1 of the following elements to identify the contact: Name, ContactID, ContactNumber',
  );
  return undefined;
}

/** Saves a new contact named by a document; called only once the document itself is known to be valid. */
export function commitContact(context: WriteContext, choice: ContactChoice): string {
  if (choice.kind === 'existing') return choice.contact.ContactID;
  const created = createContact(context, ContactInput.parse({ Name: choice.name }));
  if (!created.ok) throw new Error(created.errors.join(' '));
  return created.record.ContactID;
}

export function readDate(text: string | undefined, field: string, errors: string[]): string | undefined {
  if (text === undefined || text === '') return undefined;
  const date = parseWireCalendarDate(text);
  if (!date) errors.push(`${field} is not a valid date.`);
  return date;
}

export function checkCurrency(book: TenantBook, code: string | undefined, errors: string[]): string {
  const currency = (code ?? book.organisation.BaseCurrency).toUpperCase();
  if (!book.currencies.has(currency)) errors.push(`Organisation is not subscribed to currency ${currency}`);
  return currency;
}

const TRANSITIONS: Readonly<Record<DocumentStatus, readonly DocumentStatus[]>> = {
  DRAFT: ['DRAFT', 'SUBMITTED', 'AUTHORISED', 'DELETED'],
  SUBMITTED: ['SUBMITTED', 'AUTHORISED', 'DRAFT', 'DELETED'],
  AUTHORISED: ['AUTHORISED', 'VOIDED'],
  PAID: ['PAID'],
  VOIDED: ['VOIDED'],
  DELETED: ['DELETED'],
};

export function canMove(from: DocumentStatus, to: DocumentStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Approved documents need an account on every line that carries an amount. */
export function checkApprovable(status: DocumentStatus, lines: readonly LineItemRecord[], errors: string[]): void {
  if (status !== 'AUTHORISED' && status !== 'SUBMITTED') return;
  if (lines.length === 0) errors.push('At least one line item is required to approve a document.');
  if (lines.some((line) => line.LineAmount !== 0 && !line.AccountCode)) {
    errors.push('Account code must be specified');
  }
}

/** Line items as shown to clients: unit prices rounded to 2 places unless `unitdp=4` was asked for. */
export function viewLines(lines: readonly LineItemRecord[], detail: ViewDetail): View[] {
  return lines.map((line) => {
    const view: View = { ...line };
    // Exact rounding only when the stored price has more than two places (most have not; this runs per line).
    if (detail.unitdp !== 4 && Math.round(line.UnitAmount * 100) / 100 !== line.UnitAmount) {
      view.UnitAmount = roundTo(line.UnitAmount, 2);
    }
    view.Tracking = line.Tracking ?? [];
    return view;
  });
}

export function nextNumber(prefix: string, counter: number, taken: (number: string) => boolean): [string, number] {
  let next = counter;
  let candidate: string;
  do {
    next++;
    candidate = `${prefix}${String(next).padStart(4, '0')}`;
  } while (taken(candidate));
  return [candidate, next];
}
