import {
  type Address,
  type ContactPerson,
  type CustomFields,
  EmailAddress,
  type Money,
  Party,
  type PartyRole,
} from '../../../model/index.js';
import type { KfAddress, KfContact, KfParty } from '../wire.js';
import { type CodecContext, canonical, moneyFromWire, moneyToWire, sourceOf, text } from './shared.js';

export type PartyKind = 'customer' | 'supplier';

/** Party ids say which ledger they are in: KashFlow numbers customers and suppliers separately. */
export function partyId(kind: PartyKind, id: number): string {
  return `${kind}:${id}`;
}

export function partyKindOfId(id: string): PartyKind | undefined {
  if (id.startsWith('customer:')) return 'customer';
  if (id.startsWith('supplier:')) return 'supplier';
  return undefined;
}

function email(value: string | null | undefined): string | undefined {
  const candidate = text(value);
  return candidate !== undefined && EmailAddress.safeParse(candidate).success ? candidate : undefined;
}

function addressFromWire(address: KfAddress, kind: Address['kind']): Address | undefined {
  const lines = [address.Line1, address.Line2, address.Line3, address.Line4]
    .map((line) => text(line))
    .filter((line): line is string => line !== undefined);
  const postalCode = text(address.PostCode);
  const code = text(address.CountryCode)?.toUpperCase();
  const country = text(address.CountryName);
  if (lines.length === 0 && postalCode === undefined && code === undefined && country === undefined) return undefined;
  return {
    kind,
    ...(kind === 'delivery' && text(address.Name) ? { label: text(address.Name) } : {}),
    lines,
    ...(postalCode ? { postalCode } : {}),
    ...(code && /^[A-Z]{2}$/.test(code) ? { countryCode: code } : {}),
    ...(country ? { country } : {}),
  };
}

function addressToWire(address: Address): Record<string, string | null> {
  const lines = [...address.lines];
  // KashFlow has four free lines and no city or region: they take the first free lines after the street.
  for (const extra of [address.city, address.region]) if (extra && lines.length < 4) lines.push(extra);
  return {
    ...(address.kind === 'delivery' ? { Name: address.label ?? null } : {}),
    Line1: lines[0] ?? null,
    Line2: lines[1] ?? null,
    Line3: lines[2] ?? null,
    Line4: lines[3] ?? null,
    PostCode: address.postalCode ?? null,
    CountryCode: address.countryCode ?? null,
    CountryName: address.country ?? null,
  };
}

function contactFromWire(contact: KfContact): ContactPerson | undefined {
  const firstName = text(contact.Firstname);
  const lastName = text(contact.LastName) ?? text(contact.Name);
  if (lastName === undefined) return undefined;
  return {
    ...(contact.Id ? { sourceId: String(contact.Id) } : {}),
    ...(firstName ? { firstName } : {}),
    lastName,
    ...(text(contact.Title) ? { jobTitle: text(contact.Title) } : {}),
    ...(email(contact.Email) ? { email: email(contact.Email) } : {}),
    ...(text(contact.Telephone) ? { phone: text(contact.Telephone) } : {}),
    ...(text(contact.Mobile) ? { mobile: text(contact.Mobile) } : {}),
    primary: contact.IsPrimary === true,
    ...(contact.ReceiveEmails == null ? {} : { receivesInvoices: contact.ReceiveEmails }),
  };
}

function customFieldsFromWire(party: KfParty): CustomFields | undefined {
  const fields: CustomFields = {};
  for (const box of [...(party.CustomTextBoxes ?? []), ...(party.CustomCheckBoxes ?? [])]) {
    const name = text(box.Name);
    if (name !== undefined) fields[name] = box.Value ?? null;
  }
  return Object.keys(fields).length > 0 ? fields : undefined;
}

/** A KashFlow customer or supplier as a canonical Party. */
export function partyFromWire(context: CodecContext, kind: PartyKind, wire: KfParty): Party {
  const currency = text(wire.Currency?.Code)?.toUpperCase() ?? context.baseCurrency;
  const billing =
    kind === 'customer'
      ? (wire.Addresses ?? []).map((address) => addressFromWire(address, 'billing'))
      : [wire.Address ? addressFromWire(wire.Address, 'billing') : undefined];
  const delivery = (wire.DeliveryAddresses ?? []).map((address) => addressFromWire(address, 'delivery'));
  const contacts = (wire.Contacts ?? [])
    .map(contactFromWire)
    .filter((contact): contact is ContactPerson => contact !== undefined);
  // The model allows one primary contact; KashFlow data may mark several.
  let primarySeen = false;
  for (const contact of contacts) {
    if (contact.primary && primarySeen) contact.primary = false;
    primarySeen ||= contact.primary === true;
  }
  const creditLimit: Money | undefined =
    wire.CreditLimit != null && wire.CreditLimit > 0 ? moneyFromWire(wire.CreditLimit, currency) : undefined;
  const customFields = customFieldsFromWire(wire);
  const body: Party = {
    roles: [kind] as PartyRole[],
    code: wire.Code,
    name: text(wire.Name) ?? wire.Code,
    status: wire.IsArchived ? 'archived' : 'active',
    ...(text(wire.VATNumber ?? wire.VatNumber) ? { taxNumber: text(wire.VATNumber ?? wire.VatNumber) } : {}),
    defaultCurrency: currency,
    ...(email(wire.Email) ? { email: email(wire.Email) } : {}),
    ...(text(wire.TelephoneNumber) ? { phone: text(wire.TelephoneNumber) } : {}),
    ...(text(wire.Website) ? { website: text(wire.Website) } : {}),
    contacts,
    addresses: [...billing, ...delivery].filter((address): address is Address => address !== undefined),
    ...(wire.PaymentTerms?.Days != null ? { paymentTermsDays: wire.PaymentTerms.Days } : {}),
    ...(creditLimit ? { creditLimit } : {}),
    ...(customFields ? { customFields } : {}),
  };
  const source = sourceOf(
    context,
    { id: partyId(kind, wire.Id), number: wire.Code },
    { created: wire.CreatedDate, updated: wire.LastUpdatedDate },
    body,
  );
  const endpoint = kind === 'customer' ? 'GET /customers' : 'GET /suppliers';
  return canonical(Party, { source, ...body }, 'Party', { endpoint, record: wire.Code });
}

/** A canonical Party as the body of `POST`/`PUT /customers` or `/suppliers`. */
export function partyToWire(kind: PartyKind, party: Party, code: string): Record<string, unknown> {
  const billing = party.addresses.filter((address) => address.kind !== 'delivery');
  const delivery = party.addresses.filter((address) => address.kind === 'delivery');
  const common: Record<string, unknown> = {
    Code: code,
    Name: party.name,
    IsArchived: party.status === 'archived',
    Email: party.email ?? '',
    TelephoneNumber: party.phone ?? '',
    Website: party.website ?? '',
    Contacts: party.contacts.map((contact) => ({
      ...(contact.sourceId && /^\d+$/.test(contact.sourceId) ? { Id: Number(contact.sourceId) } : {}),
      IsPrimary: contact.primary === true,
      ReceiveEmails: contact.receivesInvoices ?? true,
      Firstname: contact.firstName ?? null,
      LastName: contact.lastName,
      Title: contact.jobTitle ?? null,
      Email: contact.email ?? null,
      Telephone: contact.phone ?? null,
      Mobile: contact.mobile ?? null,
    })),
    ...(party.paymentTermsDays === undefined
      ? {}
      : { PaymentTerms: { Type: 'AfterIssuedDate', Days: party.paymentTermsDays } }),
    ...(party.defaultCurrency ? { Currency: { Code: party.defaultCurrency } } : {}),
  };
  if (kind === 'supplier') {
    return {
      ...common,
      VatNumber: party.taxNumber ?? '',
      ...(billing[0] ? { Address: addressToWire(billing[0]) } : {}),
    };
  }
  const boxes = Object.entries(party.customFields ?? {});
  return {
    ...common,
    VATNumber: party.taxNumber ?? '',
    CreditLimit: party.creditLimit ? moneyToWire(party.creditLimit) : 0,
    Addresses: billing.map(addressToWire),
    DeliveryAddresses: delivery.map(addressToWire),
    ...(boxes.length > 0
      ? {
          CustomTextBoxes: boxes
            .filter(([, value]) => typeof value !== 'boolean')
            .map(([Name, value]) => ({ Name, Value: value === null ? null : String(value) })),
          CustomCheckBoxes: boxes
            .filter(([, value]) => typeof value === 'boolean')
            .map(([Name, value]) => ({ Name, Value: String(value) })),
        }
      : {}),
  };
}
