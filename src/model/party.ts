import { z } from 'zod';
import { CurrencyCode, Money } from './money.js';
import { CustomFields, RecordSource } from './recordRef.js';
import { onlyWhenFieldsValid } from './validate.js';

/** A loose e-mail check: systems hold addresses people typed, and a sync must not reject a customer over one. */
export const EmailAddress = z.string().regex(/^[^\s@]+@[^\s@]+$/, 'an e-mail address such as accounts@example.co.uk');

/**
 * `billing` is where invoices go (Xero POBOX, Salesforce Billing*, KashFlow Addresses, X3 bill-to address);
 * `delivery` is where goods go (Xero STREET/DELIVERY, Salesforce Shipping*, KashFlow DeliveryAddresses, X3 ship-to).
 */
export const AddressKind = z.enum(['billing', 'delivery', 'other']);
export type AddressKind = z.infer<typeof AddressKind>;

export const Address = z.object({
  kind: AddressKind,
  /** X3 address code (BPAADD) or a delivery address's name, when the system names its addresses. */
  label: z.string().min(1).optional(),
  lines: z.array(z.string()).max(4, 'lines holds at most four address lines'),
  city: z.string().optional(),
  region: z.string().optional(),
  postalCode: z.string().optional(),
  /** ISO 3166-1 alpha-2, e.g. GB. */
  countryCode: z
    .string()
    .regex(/^[A-Z]{2}$/, 'a two-letter ISO country code such as GB')
    .optional(),
  /** The country as the system wrote it, when it keeps a name rather than a code. */
  country: z.string().optional(),
  attentionTo: z.string().optional(),
});
export type Address = z.infer<typeof Address>;

export const ContactPerson = z.object({
  sourceId: z.string().min(1).optional(),
  firstName: z.string().optional(),
  lastName: z.string().min(1, 'lastName is required for a contact person'),
  jobTitle: z.string().optional(),
  email: EmailAddress.optional(),
  phone: z.string().optional(),
  mobile: z.string().optional(),
  /** The person invoices are addressed to. */
  primary: z.boolean().optional(),
  receivesInvoices: z.boolean().optional(),
});
export type ContactPerson = z.infer<typeof ContactPerson>;

export const PartyRole = z.enum(['customer', 'supplier']);
export type PartyRole = z.infer<typeof PartyRole>;

export const PartyStatus = z.enum(['active', 'archived']);
export type PartyStatus = z.infer<typeof PartyStatus>;

/**
 * A customer or supplier (or both): Xero Contact, KashFlow Customer/Supplier, X3 business partner (BPCUSTOMER /
 * BPSUPPLIER), Salesforce Account. `code` is the business key shared across systems (Xero ContactNumber or
 * AccountNumber, KashFlow Code, X3 BPCNUM, Salesforce AccountNumber).
 */
export const Party = z
  .object({
    source: RecordSource.optional(),
    roles: z.array(PartyRole).min(1, 'roles needs customer, supplier or both'),
    code: z.string().min(1).max(50).optional(),
    name: z.string().trim().min(1, 'name is required').max(255),
    status: PartyStatus,
    /** VAT or other tax registration number. */
    taxNumber: z.string().min(1).optional(),
    companyNumber: z.string().min(1).optional(),
    defaultCurrency: CurrencyCode.optional(),
    email: EmailAddress.optional(),
    phone: z.string().optional(),
    website: z.string().optional(),
    contacts: z.array(ContactPerson),
    addresses: z.array(Address),
    paymentTermsDays: z.number().int().min(0).max(366).optional(),
    creditLimit: Money.optional(),
    customFields: CustomFields.optional(),
  })
  .superRefine((party, ctx) => {
    if (new Set(party.roles).size !== party.roles.length) {
      ctx.addIssue({ code: 'custom', path: ['roles'], message: 'roles lists the same role twice' });
    }
    if (party.contacts.filter((contact) => contact.primary).length > 1) {
      ctx.addIssue({ code: 'custom', path: ['contacts'], message: 'contacts has more than one primary contact' });
    }
    if (party.creditLimit && party.creditLimit.amountMinor < 0) {
      ctx.addIssue({ code: 'custom', path: ['creditLimit'], message: 'creditLimit cannot be negative' });
    }
  }, onlyWhenFieldsValid);
export type Party = z.infer<typeof Party>;
