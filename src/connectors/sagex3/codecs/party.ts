import type { Address, Party } from '../../../model/index.js';
import { Party as PartySchema } from '../../../model/index.js';
import {
  AddressWire,
  CustomerWire,
  childLinesOf,
  externalKeyOf,
  parseWire,
  SupplierWire,
  stampsOf,
  type X3Resource,
} from '../wire.js';
import { canonical } from './canonical.js';
import { type CodecContext, compact, moneyOf, present, sourceOf, x3Amount } from './shared.js';

export type PartyClass = 'customer' | 'supplier';

/**
 * BPCUSTOMER / BPSUPPLIER ⇄ Party. The shared code is the external-key user field (ZEXTKEY) when filled, else the X3
 * code; `source.id` is always the X3 code. Active is menu 1 (2 = yes). Addresses come from the `$details` child array:
 * the default one (BPAADDFLG yes, or the header's BPAADD) is the billing address.
 */
export function partyFromX3(ctx: CodecContext, kind: PartyClass, resource: X3Resource): Party {
  const { settings } = ctx;
  const className = settings.classes[kind].className;
  const stamps = stampsOf(resource, settings, className);
  const head =
    kind === 'customer'
      ? normaliseCustomer(parseWire(CustomerWire, resource, className, 'record'))
      : normaliseSupplier(parseWire(SupplierWire, resource, className, 'record'));
  const lines = childLinesOf(resource, settings.childArrays[kind], AddressWire, className);
  const addresses = lines.map((line, index) => addressOf(ctx, line, index, head.defaultAddress));
  const billing = lines.find((_, index) => addresses[index]?.kind === 'billing');
  const currency = present(head.currency);
  const termDays = /^(\d+)/.exec(head.paymentTerm ?? '')?.[1];
  const party = {
    source: sourceOf(head.code, stamps, head.code),
    roles: [kind],
    code: externalKeyOf(resource, settings) ?? head.code,
    name: head.name || head.code,
    status: head.active === settings.menus.no ? 'archived' : 'active',
    taxNumber: present(head.taxNumber),
    companyNumber: present(head.companyNumber),
    defaultCurrency: currency,
    email: present(billing?.WEB)?.includes('@') ? billing?.WEB : undefined,
    phone: present(billing?.TEL),
    contacts: [],
    addresses,
    paymentTermsDays: termDays === undefined ? undefined : Math.min(366, Number(termDays)),
    creditLimit:
      currency !== undefined && head.creditLimit !== undefined && moneyOf(head.creditLimit, currency).amountMinor > 0
        ? moneyOf(head.creditLimit, currency)
        : undefined,
  };
  return canonical(PartySchema, compact(party), className, head.code);
}

interface PartyHead {
  code: string;
  name: string | undefined;
  active: number | undefined;
  currency: string | undefined;
  paymentTerm: string | undefined;
  taxNumber: string | undefined;
  companyNumber: string | undefined;
  creditLimit: string | undefined;
  defaultAddress: string | undefined;
}

function normaliseCustomer(wire: ReturnType<typeof CustomerWire.parse>): PartyHead {
  return {
    code: wire.BPCNUM,
    name: wire.BPCNAM,
    active: wire.BPCSTA,
    currency: wire.CUR,
    paymentTerm: wire.PTE,
    taxNumber: wire.EECNUM,
    companyNumber: wire.CRN,
    creditLimit: wire.OSTAUZ,
    defaultAddress: wire.BPAADD,
  };
}

function normaliseSupplier(wire: ReturnType<typeof SupplierWire.parse>): PartyHead {
  return {
    code: wire.BPSNUM,
    name: wire.BPSNAM,
    active: wire.BPSSTA,
    currency: wire.CUR,
    paymentTerm: wire.PTE,
    taxNumber: wire.EECNUM,
    companyNumber: undefined,
    creditLimit: undefined,
    defaultAddress: wire.BPAADD,
  };
}

function addressOf(ctx: CodecContext, line: AddressWire, index: number, defaultCode: string | undefined): Address {
  const isDefault =
    line.BPAADDFLG === ctx.settings.menus.yes ||
    (present(defaultCode) !== undefined && line.BPAADD === defaultCode) ||
    (present(defaultCode) === undefined && line.BPAADDFLG === undefined && index === 0);
  const country = present(line.CRY);
  return compact({
    kind: isDefault ? 'billing' : 'other',
    label: present(line.BPAADD),
    lines: (line.BPAADDLIG ?? [])
      .map((text) => text.trim())
      .filter((text) => text !== '')
      .slice(0, 4),
    city: present(line.CTY),
    region: present(line.SAT),
    postalCode: present(line.POSCOD),
    ...(country !== undefined && /^[A-Z]{2}$/.test(country) ? { countryCode: country } : { country }),
  }) as Address;
}

/** The write body of a party: header fields and, when the record has addresses, the whole address table. */
export function partyToX3(
  ctx: CodecContext,
  kind: PartyClass,
  party: Party,
  creating: boolean,
): Record<string, unknown> {
  const { settings } = ctx;
  const active = party.status === 'active' ? settings.menus.yes : settings.menus.no;
  const prefix = kind === 'customer' ? 'BPC' : 'BPS';
  const externalKey = settings.externalKeyField;
  const body: Record<string, unknown> = compact({
    [`${prefix}NAM`]: party.name,
    [`${prefix}STA`]: active,
    CUR: party.defaultCurrency,
    EECNUM: party.taxNumber,
    ...(kind === 'customer'
      ? { CRN: party.companyNumber, OSTAUZ: party.creditLimit ? x3Amount(party.creditLimit) : undefined }
      : {}),
  });
  if (party.code !== undefined) {
    if (externalKey !== '') body[externalKey] = party.code;
    else if (creating) body[`${prefix}NUM`] = party.code;
  }
  if (party.addresses.length > 0) {
    const ordered = [...party.addresses].sort((a, b) => Number(b.kind === 'billing') - Number(a.kind === 'billing'));
    body[settings.childArrays[kind]] = ordered.map((address, index) =>
      compact({
        BPAADD: (address.label ?? `AD${index + 1}`).slice(0, 5),
        BPAADDLIG: address.lines,
        POSCOD: address.postalCode,
        CTY: address.city,
        SAT: address.region,
        CRY: address.countryCode,
        TEL: index === 0 ? party.phone : undefined,
        WEB: index === 0 ? party.email : undefined,
        BPAADDFLG: index === 0 ? settings.menus.yes : settings.menus.no,
      }),
    );
  }
  return body;
}
