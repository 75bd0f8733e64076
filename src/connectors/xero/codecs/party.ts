import { type Address, type ContactPerson, EmailAddress, Party, type PartyRole } from '../../../model/index.js';
import { checked, present, sourceOf } from './shared.js';
import type { XContact } from './wire.js';

/** Xero's POBOX is the address invoices go to; STREET and DELIVERY are where goods go. */
const ADDRESS_KIND: Readonly<Record<string, Address['kind']>> = {
  POBOX: 'billing',
  STREET: 'delivery',
  DELIVERY: 'delivery',
};

/** An address people typed that is no e-mail address ("n/a") is left out rather than refusing the whole contact. */
function email(text: string | undefined): string | undefined {
  const value = present(text)?.trim();
  return value !== undefined && EmailAddress.safeParse(value).success ? value : undefined;
}

export function decodeParty(contact: XContact): Party {
  // Xero sets IsCustomer/IsSupplier only once a document exists; a contact without one could be either.
  const roles: PartyRole[] = [
    ...(contact.isCustomer ? (['customer'] as const) : []),
    ...(contact.isSupplier ? (['supplier'] as const) : []),
  ];
  const phone = contact.phones?.find((p) => p.phoneType === 'DEFAULT' && present(p.phoneNumber));
  const days = contact.paymentTerms?.sales;
  return checked(
    Party,
    {
      source: sourceOf(contact.contactID, contact.updatedDateUTC, present(contact.contactNumber)),
      roles: roles.length > 0 ? roles : ['customer', 'supplier'],
      code: present(contact.contactNumber) ?? present(contact.accountNumber),
      name: contact.name,
      status: contact.contactStatus === 'ACTIVE' || contact.contactStatus === undefined ? 'active' : 'archived',
      taxNumber: present(contact.taxNumber),
      companyNumber: present(contact.companyNumber),
      defaultCurrency: present(contact.defaultCurrency),
      email: email(contact.emailAddress),
      customFields:
        present(contact.emailAddress) && email(contact.emailAddress) === undefined
          ? { EmailAddress: contact.emailAddress ?? '' }
          : undefined,
      phone: phone
        ? [phone.phoneCountryCode, phone.phoneAreaCode, phone.phoneNumber].filter(present).join(' ')
        : undefined,
      website: present(contact.website),
      contacts: (contact.contactPersons ?? []).flatMap((person): ContactPerson[] => {
        const lastName = present(person.lastName) ?? present(person.firstName);
        if (lastName === undefined) return [];
        return [
          {
            firstName: present(person.lastName) ? present(person.firstName) : undefined,
            lastName,
            email: email(person.emailAddress),
            receivesInvoices: person.includeInEmails,
          },
        ];
      }),
      addresses: (contact.addresses ?? []).flatMap((address): Address[] => {
        const lines = [address.addressLine1, address.addressLine2, address.addressLine3, address.addressLine4]
          .map(present)
          .filter((line): line is string => line !== undefined);
        const country = present(address.country);
        const filled = lines.length > 0 || [address.city, address.postalCode, country].some(present);
        if (!filled) return [];
        return [
          {
            kind: ADDRESS_KIND[address.addressType ?? ''] ?? 'other',
            lines,
            city: present(address.city),
            region: present(address.region),
            postalCode: present(address.postalCode),
            ...(country && /^[A-Z]{2}$/.test(country) ? { countryCode: country } : { country }),
            attentionTo: present(address.attentionTo),
          },
        ];
      }),
      paymentTermsDays: days?.type === 'DAYSAFTERBILLDATE' && days.day !== undefined ? days.day : undefined,
    },
    'contact',
    contact.contactID,
  );
}

/** A party as a Xero Contact (IsCustomer and IsSupplier are Xero's to set, so roles are not written). */
export function encodeParty(party: Party, contactID: string | undefined): Record<string, unknown> {
  const addressType = { billing: 'POBOX', delivery: 'STREET', other: 'STREET' } as const;
  return {
    ...(contactID ? { contactID } : {}),
    name: party.name,
    ...(party.code ? { contactNumber: party.code } : {}),
    contactStatus: party.status === 'active' ? 'ACTIVE' : 'ARCHIVED',
    ...(party.email ? { emailAddress: party.email } : {}),
    ...(party.taxNumber ? { taxNumber: party.taxNumber } : {}),
    ...(party.companyNumber ? { companyNumber: party.companyNumber } : {}),
    ...(party.defaultCurrency ? { defaultCurrency: party.defaultCurrency } : {}),
    ...(party.phone ? { phones: [{ phoneType: 'DEFAULT', phoneNumber: party.phone }] } : {}),
    addresses: party.addresses.map((address) => ({
      addressType: addressType[address.kind],
      ...Object.fromEntries(address.lines.map((line, index) => [`addressLine${index + 1}`, line])),
      ...(address.city ? { city: address.city } : {}),
      ...(address.region ? { region: address.region } : {}),
      ...(address.postalCode ? { postalCode: address.postalCode } : {}),
      ...(address.countryCode || address.country ? { country: address.countryCode ?? address.country } : {}),
      ...(address.attentionTo ? { attentionTo: address.attentionTo } : {}),
    })),
    contactPersons: party.contacts.map((person) => ({
      ...(person.firstName ? { firstName: person.firstName } : {}),
      lastName: person.lastName,
      ...(person.email ? { emailAddress: person.email } : {}),
      includeInEmails: person.receivesInvoices ?? false,
    })),
  };
}
