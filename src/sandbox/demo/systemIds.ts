import type { SystemName } from '../../model/index.js';
import { hashText, SeededRandom } from './random.js';

/** Record kinds the demo views hold. */
export type DemoRecordType = 'party' | 'product' | 'salesOrder' | 'invoice' | 'payment';

/** What identifies a record inside one system, in that system's own style. */
export interface SystemIdentity {
  id: string;
  number?: string;
}

export interface IdentityRequest {
  type: DemoRecordType | 'supplier';
  /** Position of the record in the demo company's list of that type: ids follow creation order. */
  index: number;
  /** The record's business key (customer code, product code, order or invoice number, payment reference). */
  key: string;
  /** The record's own date, for systems that put the period in their numbers (X3 SOH2405-…). */
  date?: string;
}

/**
 * Ids in each system's style, derived only from the request so that the same demo record has the same id every
 * time: Xero GUIDs, KashFlow integers, Sage X3 codes (C000123, SOH2405-000123), Salesforce 18-character ids.
 */
export function systemIdentity(system: SystemName, request: IdentityRequest): SystemIdentity {
  switch (system) {
    case 'xero':
      return xeroIdentity(request);
    case 'kashflow':
      return kashflowIdentity(request);
    case 'sagex3':
      return sageX3Identity(request);
    case 'salesforce':
      return salesforceIdentity(request);
  }
}

function xeroIdentity({ type, key }: IdentityRequest): SystemIdentity {
  const id = deterministicGuid(`xero:${type}:${key}`);
  if (type === 'payment') return { id };
  return { id, number: key };
}

const kashflowBase: Record<IdentityRequest['type'], number> = {
  party: 40_001,
  supplier: 60_001,
  product: 9_001,
  salesOrder: 300_001,
  invoice: 700_001,
  payment: 500_001,
};

function kashflowIdentity({ type, index, key }: IdentityRequest): SystemIdentity {
  const id = String(kashflowBase[type] + index);
  return type === 'payment' ? { id } : { id, number: key };
}

function sageX3Identity({ type, index, key, date }: IdentityRequest): SystemIdentity {
  const yymm = date ? `${date.slice(2, 4)}${date.slice(5, 7)}` : '0000';
  const sequence = String(index + 1).padStart(6, '0');
  switch (type) {
    case 'party':
      return { id: `C${sequence}`, number: `C${sequence}` };
    case 'supplier':
      return { id: `S${sequence}`, number: `S${sequence}` };
    case 'product':
      return { id: key, number: key }; // ITMREF is the product code itself
    case 'salesOrder':
      return { id: `SOH${yymm}-${sequence}`, number: `SOH${yymm}-${sequence}` };
    case 'invoice':
      return { id: `SIH${yymm}-${sequence}`, number: `SIH${yymm}-${sequence}` };
    case 'payment':
      return { id: `PAY${yymm}-${sequence}`, number: `PAY${yymm}-${sequence}` };
  }
}

const salesforcePrefix: Record<IdentityRequest['type'], string> = {
  party: '001',
  supplier: '001',
  product: '01t',
  salesOrder: '801',
  invoice: 'a0B',
  payment: 'a0C',
};

function salesforceIdentity({ type, index, key }: IdentityRequest): SystemIdentity {
  const offset = type === 'supplier' ? 50_000 : 0;
  const id = salesforceId18(`${salesforcePrefix[type]}8d00000${base62(index + offset + 1, 5)}`);
  if (type === 'salesOrder') return { id, number: String(index + 1).padStart(8, '0') };
  if (type === 'payment' || type === 'invoice') return { id };
  return { id, number: key };
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function base62(value: number, width: number): string {
  let text = '';
  let rest = value;
  do {
    text = BASE62[rest % 62] + text;
    rest = Math.floor(rest / 62);
  } while (rest > 0);
  return text.padStart(width, '0');
}

/** Salesforce's case-insensitive 18-character form: three checksum characters over the 15-character id's case. */
export function salesforceId18(id15: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const char = id15[chunk * 5 + i] ?? '';
      if (char >= 'A' && char <= 'Z') bits |= 1 << i;
    }
    suffix += alphabet[bits];
  }
  return id15 + suffix;
}

/** A version-4-shaped GUID from text: two 32-bit seeds give 64 bits of spread, ample for a demo's records. */
export function deterministicGuid(text: string): string {
  const first = new SeededRandom(hashText(text));
  const second = new SeededRandom(hashText(`${text}#guid`));
  const bytes = Array.from({ length: 16 }, (_, i) => Math.floor((i % 2 === 0 ? first : second).next() * 256));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A working-hours UTC instant on a date, stable for a key: when a demo record was entered or last changed. */
export function instantOn(date: string, key: string): string {
  const hash = hashText(key);
  const hours = 8 + (hash % 10);
  const minutes = Math.floor(hash / 10) % 60;
  const seconds = Math.floor(hash / 600) % 60;
  const two = (value: number) => String(value).padStart(2, '0');
  return `${date}T${two(hours)}:${two(minutes)}:${two(seconds)}Z`;
}
