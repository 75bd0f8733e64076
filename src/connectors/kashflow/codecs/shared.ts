import { createHash } from 'node:crypto';
import {
  currencyExponent,
  type DecimalText,
  formatMinorUnits,
  type Money,
  minorUnitsFromNumber,
  parseRecord,
  type RecordSource,
} from '../../../model/index.js';
import { ConnectorError } from '../../shared/connectorError.js';
import { instantFromKashFlow } from './time.js';

/** What every codec needs to know about the connection. */
export interface CodecContext {
  readonly timezone: string;
  readonly baseCurrency: string;
  readonly statusMap: Readonly<Record<string, 'draft' | 'submitted' | 'authorised' | 'paid' | 'voided' | 'deleted'>>;
  readonly defaultProductNominalCode: number;
  readonly defaultPaymentMethodId: number;
}

/** Records without any change stamp (nominals, VAT rates) carry the epoch and a content hash as their version. */
export const NO_CHANGE_STAMP = '1970-01-01T00:00:00.000Z';

export function exponentOf(currency: string): number {
  try {
    return currencyExponent(currency);
  } catch {
    return 2;
  }
}

/** A KashFlow amount (a JSON number) as integer minor units; null and absent read as zero. */
export function moneyFromWire(value: number | null | undefined, currency: string): Money {
  return { amountMinor: value == null ? 0 : minorUnitsFromNumber(value, exponentOf(currency)), currency };
}

/** Minor units as the JSON number KashFlow expects; built from decimal text, so no float arithmetic is involved. */
export function moneyToWire(money: Money): number {
  return Number(formatMinorUnits(money.amountMinor, exponentOf(money.currency)));
}

/** A JSON number (quantity, rate, percentage) as exact decimal text, never in exponent notation. */
export function decimalFromWire(value: number | null | undefined): DecimalText {
  if (value == null || !Number.isFinite(value)) return '0';
  const text = String(value);
  if (!/e/i.test(text)) return text;
  return value
    .toFixed(20)
    .replace(/(\.\d*?)0+$/, '$1')
    .replace(/\.$/, '');
}

/** Decimal text as the JSON number KashFlow expects (the shortest double that prints as that text). */
export function decimalToWire(text: DecimalText): number {
  return Number(text);
}

/** A short, stable hash of a record's content, for telling versions apart when KashFlow's second-precision stamp cannot. */
export function contentVersion(value: unknown): string {
  return createHash('sha256').update(stableJson(value)).digest('base64url').slice(0, 16);
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, field]) => field !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, field]) => `${JSON.stringify(key)}:${stableJson(field)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The source of a KashFlow record. `updatedAt` is LastUpdatedDate (else CreatedDate, else the epoch); `version` is a
 * hash of the canonical content, because KashFlow stamps to the second and two edits within a second share a stamp.
 */
export function sourceOf(
  context: CodecContext,
  identity: { id: string; number?: string | undefined },
  stamps: { created?: string | null | undefined; updated?: string | null | undefined },
  content: unknown,
): RecordSource {
  const createdAt = instantFromKashFlow(stamps.created, context.timezone);
  const updatedAt = instantFromKashFlow(stamps.updated, context.timezone) ?? createdAt ?? NO_CHANGE_STAMP;
  return {
    system: 'kashflow',
    id: identity.id,
    ...(identity.number === undefined ? {} : { number: identity.number }),
    ...(createdAt === undefined ? {} : { createdAt }),
    updatedAt,
    version: contentVersion(content),
  };
}

/** Validates a decoded record against the canonical schema; a failure names KashFlow and the record. */
export function canonical<T>(
  schema: Parameters<typeof parseRecord>[0],
  data: T,
  what: string,
  where: { endpoint: string; record: string },
): T {
  try {
    return parseRecord(schema, data, what, { system: 'kashflow', ...where }) as T;
  } catch (error) {
    throw new ConnectorError({
      kind: 'validation',
      system: 'kashflow',
      message: `KashFlow's ${what.toLowerCase()} ${where.record} (from ${where.endpoint}) cannot be read into Counterpart: ${error instanceof Error ? error.message : String(error)}`,
      context: where,
      cause: error,
    });
  }
}

/** Blank strings from KashFlow (it prints "" for unset text) as absent. */
export function text(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
