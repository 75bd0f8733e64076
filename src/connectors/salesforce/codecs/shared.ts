import { z } from 'zod';
import {
  type Address,
  type CustomFields,
  currencyExponent,
  formatMinorUnits,
  type Money,
  minorUnitsFromNumber,
  type RecordSource,
} from '../../../model/index.js';

/** Field values as Salesforce's JSON and Bulk CSV carry them. */
export type FieldValue = string | number | boolean | null;
export type SalesforceFields = Record<string, FieldValue>;

/** What every codec needs to know about the connection. */
export interface SalesforceCodecContext {
  readonly currency: string;
  readonly externalIdField: string;
}

/** Fields every queried record carries (`attributes` is jsforce's; Salesforce always sends it). */
export const SystemStamps = z.object({
  Id: z.string().min(15),
  CreatedDate: z.string().nullish(),
  LastModifiedDate: z.string().nullish(),
  SystemModstamp: z.string(),
});

/** The nested `{totalSize, done, records}` of a child subquery, or null when there are no children. */
export function childRows<T extends z.ZodType>(row: T) {
  return z
    .object({ records: z.array(row) })
    .nullish()
    .transform((children) => children?.records ?? []);
}

/** Salesforce writes instants as `2024-05-31T17:02:11.000+0000`; the model wants ISO with `Z`. */
export function instantOf(text: string): string {
  const normalised = text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const epoch = Date.parse(normalised);
  if (Number.isNaN(epoch)) throw new Error(`"${text}" is not a Salesforce date-time`);
  return new Date(epoch).toISOString();
}

/** A SOQL datetime literal (UTC, whole seconds, rounded down so nothing at the instant is missed). */
export function soqlDateTime(instant: string): string {
  return `${new Date(Date.parse(instant)).toISOString().slice(0, 19)}Z`;
}

export function sourceOf(record: z.infer<typeof SystemStamps>, number?: string | undefined): RecordSource {
  return {
    system: 'salesforce',
    id: record.Id,
    ...(number === undefined ? {} : { number }),
    ...(record.CreatedDate ? { createdAt: instantOf(record.CreatedDate) } : {}),
    updatedAt: instantOf(record.SystemModstamp),
    // SystemModstamp also moves on system changes LastModifiedDate ignores; the raw text tells versions apart.
    version: record.SystemModstamp,
  };
}

/** A currency field (a JSON double) as integer minor units; never summed or compared as a float. */
export function moneyOf(value: number, currency: string): Money {
  return { amountMinor: minorUnitsFromNumber(value, currencyExponent(currency)), currency };
}

/** A decimal field (quantity, unit price, percentage) as decimal text with up to 8 places, float noise removed. */
export function decimalOf(value: number): string {
  const text = formatMinorUnits(minorUnitsFromNumber(value, 8), 8);
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

/** Decimal text as the JSON number Salesforce expects; exact for the ≤15 significant digits a currency field holds. */
export function numberOf(text: string): number {
  return Number(text);
}

export function minorToNumber(money: Money): number {
  return Number(formatMinorUnits(money.amountMinor, currencyExponent(money.currency)));
}

/** Custom (`__c`) fields of a row, with scalar values only. */
export function customFieldsOf(row: Readonly<Record<string, unknown>>): CustomFields | undefined {
  const fields: CustomFields = {};
  for (const [name, value] of Object.entries(row)) {
    if (!name.endsWith('__c')) continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null) {
      fields[name] = value;
    }
  }
  return Object.keys(fields).length === 0 ? undefined : fields;
}

/** The custom fields a record asks to write: `__c` names only, so nothing else slips into the body. */
export function customFieldsToWrite(
  fields: CustomFields | undefined,
): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {};
  for (const [name, value] of Object.entries(fields ?? {})) if (name.endsWith('__c')) out[name] = value;
  return out;
}

/** A compound address field (`BillingAddress`) as returned by the REST API. */
export const CompoundAddress = z
  .object({
    street: z.string().nullish(),
    city: z.string().nullish(),
    state: z.string().nullish(),
    postalCode: z.string().nullish(),
    country: z.string().nullish(),
    countryCode: z.string().nullish(),
  })
  .nullish();

export function addressOf(kind: Address['kind'], value: z.infer<typeof CompoundAddress>): Address | undefined {
  if (!value) return undefined;
  const lines = (value.street ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const country = value.countryCode ?? value.country ?? undefined;
  const address: Address = {
    kind,
    lines: lines.length > 4 ? [...lines.slice(0, 3), lines.slice(3).join(', ')] : lines,
    ...(value.city ? { city: value.city } : {}),
    ...(value.state ? { region: value.state } : {}),
    ...(value.postalCode ? { postalCode: value.postalCode } : {}),
    ...(country && /^[A-Z]{2}$/.test(country) ? { countryCode: country } : {}),
    ...(value.country ? { country: value.country } : {}),
  };
  return address.lines.length > 0 || address.city || address.postalCode || address.country ? address : undefined;
}

/** An address as the component fields of a compound one (`Billing` → BillingStreet, BillingCity, …). */
export function addressFields(prefix: string, address: Address | undefined): Record<string, string | null> {
  return {
    [`${prefix}Street`]: address && address.lines.length > 0 ? address.lines.join('\n') : null,
    [`${prefix}City`]: address?.city ?? null,
    [`${prefix}State`]: address?.region ?? null,
    [`${prefix}PostalCode`]: address?.postalCode ?? null,
    [`${prefix}Country`]: address?.country ?? address?.countryCode ?? null,
  };
}
