import { z } from 'zod';
import { type ContactPerson, EmailAddress, Party, parseRecord } from '../../../model/index.js';
import {
  addressFields,
  addressOf,
  CompoundAddress,
  childRows,
  customFieldsOf,
  customFieldsToWrite,
  type SalesforceCodecContext,
  type SalesforceFields,
  SystemStamps,
  sourceOf,
} from './shared.js';

/** Contact ⇄ a party's contact person. */
export const ContactRow = z.looseObject({
  Id: z.string(),
  FirstName: z.string().nullish(),
  LastName: z.string().nullish(),
  Title: z.string().nullish(),
  Email: z.string().nullish(),
  Phone: z.string().nullish(),
  MobilePhone: z.string().nullish(),
});
export type ContactRow = z.infer<typeof ContactRow>;

export const AccountRow = z.looseObject({
  ...SystemStamps.shape,
  Name: z.string(),
  AccountNumber: z.string().nullish(),
  Phone: z.string().nullish(),
  Website: z.string().nullish(),
  BillingAddress: CompoundAddress,
  ShippingAddress: CompoundAddress,
  Contacts: childRows(ContactRow),
});
export type AccountRow = z.infer<typeof AccountRow>;

export const CONTACT_FIELDS = ['Id', 'FirstName', 'LastName', 'Title', 'Email', 'Phone', 'MobilePhone'] as const;
export const ACCOUNT_FIELDS = [
  'Id',
  'Name',
  'AccountNumber',
  'Phone',
  'Website',
  'BillingAddress',
  'ShippingAddress',
  'CreatedDate',
  'LastModifiedDate',
  'SystemModstamp',
] as const;

export function contactToPerson(row: ContactRow): ContactPerson | undefined {
  if (!row.LastName) return undefined;
  const email = row.Email && EmailAddress.safeParse(row.Email).success ? row.Email : undefined;
  return {
    sourceId: row.Id,
    ...(row.FirstName ? { firstName: row.FirstName } : {}),
    lastName: row.LastName,
    ...(row.Title ? { jobTitle: row.Title } : {}),
    ...(email ? { email } : {}),
    ...(row.Phone ? { phone: row.Phone } : {}),
    ...(row.MobilePhone ? { mobile: row.MobilePhone } : {}),
  };
}

/** Account (with its Contacts) → Party. Salesforce Accounts are customers; archiving has no standard field. */
export function accountToParty(row: AccountRow): Party {
  const addresses = [addressOf('billing', row.BillingAddress), addressOf('delivery', row.ShippingAddress)].filter(
    (address) => address !== undefined,
  );
  const contacts = row.Contacts.map(contactToPerson).filter((person) => person !== undefined);
  const customFields = customFieldsOf(row);
  // The model's schema is the boundary check: a row that cannot be a party fails here, naming its id.
  return parseRecord(
    Party,
    {
      source: sourceOf(row, row.AccountNumber ?? undefined),
      roles: ['customer'],
      ...(row.AccountNumber ? { code: row.AccountNumber } : {}),
      name: row.Name,
      status: 'active',
      ...(row.Phone ? { phone: row.Phone } : {}),
      ...(row.Website ? { website: row.Website } : {}),
      contacts,
      addresses,
      ...(customFields ? { customFields } : {}),
    },
    'Salesforce Account',
    { system: 'salesforce', record: row.Id },
  );
}

/** Party → the Account fields Counterpart owns (compound addresses are read-only: their component fields are written). */
export function partyToAccount(party: Party, context: SalesforceCodecContext): SalesforceFields {
  const billing = party.addresses.find((address) => address.kind === 'billing');
  const delivery = party.addresses.find((address) => address.kind === 'delivery');
  return {
    Name: party.name,
    AccountNumber: party.code ?? null,
    Phone: party.phone ?? null,
    Website: party.website ?? null,
    ...addressFields('Billing', billing),
    ...addressFields('Shipping', delivery),
    ...withoutExternalId(customFieldsToWrite(party.customFields), context),
  };
}

export function withoutExternalId<T extends Record<string, unknown>>(fields: T, context: SalesforceCodecContext): T {
  const copy = { ...fields };
  for (const name of Object.keys(copy)) {
    if (name.toLowerCase() === context.externalIdField.toLowerCase()) delete copy[name];
  }
  return copy;
}
