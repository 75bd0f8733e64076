import type { z } from 'zod';
import { CounterpartError } from '../../../errors.js';
import {
  currencyExponent,
  type DocumentLine,
  type DocumentTotals,
  formatMinorUnits,
  type Money,
  minorUnitsFromNumber,
  type PartyRef,
  parseRecord,
  type RecordSource,
} from '../../../model/index.js';
import { ConnectorError } from '../../shared/connectorError.js';
import type { XContactRef, XLineItem } from './wire.js';

/** What a codec needs to know beyond the record. */
export interface XeroCodecContext {
  /** The organisation's base currency, for records that name none. */
  readonly baseCurrency: string;
}

const MS_DATE = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/;

/** Epoch milliseconds of a Xero date as xero-node delivers it: a JS Date, `/Date(ms+0000)/`, or ISO text. */
function epochOf(value: Date | string): number {
  if (value instanceof Date) return value.getTime();
  const ms = MS_DATE.exec(value);
  if (ms) return Number(ms[1]);
  // Date-only or zone-less text is Xero's UTC.
  return Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(value) || value.length === 10 ? value : `${value}Z`);
}

/** A Xero date field (UTC midnight) as a calendar date. */
export function calendarDateOf(value: Date | string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  const epoch = epochOf(value);
  return Number.isNaN(epoch) ? undefined : new Date(epoch).toISOString().slice(0, 10);
}

/** Xero's UpdatedDateUTC as an ISO instant. */
export function instantOf(value: Date | string): string {
  const epoch = epochOf(value);
  if (Number.isNaN(epoch)) {
    throw new ConnectorError({
      kind: 'validation',
      system: 'xero',
      message: `Xero sent a change date Counterpart cannot read ("${String(value)}").`,
    });
  }
  return new Date(epoch).toISOString();
}

/** A Xero money number as integer minor units of the currency (never float arithmetic). */
export function moneyOf(value: number | undefined, currency: string): Money {
  return { amountMinor: value === undefined ? 0 : minorUnitsFromNumber(value, currencyExponent(currency)), currency };
}

/** Money as the JSON number Xero expects, written from its exact decimal text. */
export function numberOfMoney(money: Money): number {
  return Number(formatMinorUnits(money.amountMinor, currencyExponent(money.currency)));
}

/** A Xero number (quantity, unit price, rate) as exact decimal text, trimming binary noise beyond 8 places. */
export function decimalOf(value: number | undefined): string {
  if (value === undefined) return '0';
  const fixed = value.toFixed(8).replace(/0+$/, '').replace(/\.$/, '');
  return fixed === '-0' ? '0' : fixed;
}

/** Decimal text as the JSON number Xero expects. */
export function numberOfDecimal(text: string): number {
  return Number(text);
}

export function sourceOf(id: string, updated: Date | string, number?: string | undefined): RecordSource {
  return { system: 'xero', id, ...(number ? { number } : {}), updatedAt: instantOf(updated) };
}

/** Empty strings are Xero's way of saying "not set". */
export function present(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

export function partyRefOf(contact: z.infer<typeof XContactRef> | undefined): PartyRef | undefined {
  if (contact === undefined) return undefined;
  const ref = present(contact.contactID);
  const name = present(contact.name);
  const code = present(contact.contactNumber);
  if (ref === undefined && name === undefined && code === undefined) return undefined;
  return {
    ...(ref ? { ref: { system: 'xero', id: ref } } : {}),
    ...(code ? { code } : {}),
    ...(name ? { name } : {}),
  };
}

/** Xero identifies a contact on write by ContactID, ContactNumber or Name — the first the party has. */
export function contactRefFor(party: PartyRef): { contactID?: string; contactNumber?: string; name?: string } {
  if (party.ref?.system === 'xero') return { contactID: party.ref.id };
  if (party.code !== undefined) return { contactNumber: party.code };
  return { name: party.name ?? '' };
}

/**
 * Xero's line items as canonical lines: LineAmount is net for `Exclusive` and `NoTax` documents and gross for
 * `Inclusive` ones, so the net is LineAmount − TaxAmount there.
 */
export function linesOf(
  items: readonly XLineItem[],
  currency: string,
  lineAmountTypes: string | undefined,
): DocumentLine[] {
  const inclusive = lineAmountTypes === 'Inclusive';
  return items.map((item, index) => {
    const tax = moneyOf(item.taxAmount, currency);
    const amount = moneyOf(item.lineAmount, currency);
    const net = inclusive ? { amountMinor: amount.amountMinor - tax.amountMinor, currency } : amount;
    const line: DocumentLine = {
      lineNumber: index + 1,
      description: item.description ?? '',
      quantity: decimalOf(item.quantity),
      unitPrice: decimalOf(item.unitAmount),
      net,
      tax,
    };
    return {
      ...line,
      ...(present(item.lineItemID) ? { sourceLineId: item.lineItemID } : {}),
      ...(present(item.itemCode) ? { product: { code: item.itemCode as string } } : {}),
      ...(item.discountRate ? { discountRate: decimalOf(item.discountRate) } : {}),
      ...(item.discountAmount ? { discount: moneyOf(item.discountAmount, currency) } : {}),
      ...(present(item.taxType) ? { taxCode: item.taxType } : {}),
      ...(present(item.accountCode) ? { accountCode: item.accountCode } : {}),
    };
  });
}

/** Document totals from Xero's SubTotal, TotalTax and Total; what Total adds beyond them is Xero's rounding. */
export function totalsOf(
  document: { subTotal?: number | undefined; totalTax?: number | undefined; total?: number | undefined },
  currency: string,
): DocumentTotals {
  const net = moneyOf(document.subTotal, currency);
  const tax = moneyOf(document.totalTax, currency);
  const gross = moneyOf(document.total, currency);
  const rounding = gross.amountMinor - net.amountMinor - tax.amountMinor;
  return { net, tax, gross, ...(rounding === 0 ? {} : { rounding: { amountMinor: rounding, currency } }) };
}

/** Canonical lines as Xero line items, tax-exclusive (Xero computes tax from the tax type). */
export function lineItemsFor(lines: readonly DocumentLine[]): Record<string, unknown>[] {
  return lines.map((line) => ({
    ...(line.sourceLineId ? { lineItemID: line.sourceLineId } : {}),
    description: line.description,
    quantity: numberOfDecimal(line.quantity),
    unitAmount: numberOfDecimal(line.unitPrice),
    ...(line.product ? { itemCode: line.product.code } : {}),
    ...(line.accountCode ? { accountCode: line.accountCode } : {}),
    ...(line.taxCode ? { taxType: line.taxCode } : {}),
    ...(line.discountRate ? { discountRate: numberOfDecimal(line.discountRate) } : {}),
  }));
}

/** Validates a decoded record; a malformed one is an error naming Xero and the record, not a crash later. */
export function checked<Schema extends z.ZodType>(
  schema: Schema,
  data: unknown,
  what: string,
  id: string,
): z.infer<Schema> {
  try {
    return parseRecord(schema, data, `Xero ${what} ${id}`, { system: 'xero', record: id });
  } catch (error) {
    if (!(error instanceof CounterpartError)) throw error;
    throw new ConnectorError({
      kind: 'validation',
      system: 'xero',
      message: `${error.message} Counterpart cannot read it; correct it in Xero.`,
      context: { record: id, entity: what },
      cause: error,
    });
  }
}

/** Checks a wire record from xero-node against its schema. */
export function wire<Schema extends z.ZodType>(schema: Schema, data: unknown, what: string): z.infer<Schema> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  throw new ConnectorError({
    kind: 'validation',
    system: 'xero',
    message: `Xero sent a ${what} Counterpart cannot read (${result.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ')}).`,
    context: { entity: what },
  });
}
