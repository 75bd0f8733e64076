import { z } from 'zod';
import { CounterpartError } from '../errors.js';

/**
 * Money is an integer count of the currency's minor units (pence, cents; yen have none, dinars three) with its
 * ISO 4217 code. Amounts never pass through a binary float: text is parsed digit by digit, and arithmetic that
 * needs fractions (tax rates, FX) goes through BigInt with explicit rounding.
 */
export const CurrencyCode = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 currency code such as GBP');
export type CurrencyCode = z.infer<typeof CurrencyCode>;

export const MinorUnits = z.number().int().refine(Number.isSafeInteger, 'an amount within the safe integer range');

export const Money = z.object({ amountMinor: MinorUnits, currency: CurrencyCode });
export type Money = z.infer<typeof Money>;

/** A decimal written as text ("20", "0.175", "1.23456789"): rates and quantities keep their exact digits. */
export const DecimalText = z.string().regex(/^-?\d+(\.\d+)?$/, 'a decimal number written with digits and a point');
export type DecimalText = z.infer<typeof DecimalText>;

const exponentCache = new Map<string, number>();

/** Number of minor-unit digits for a currency (GBP 2, JPY 0, BHD 3), from the runtime's ISO 4217 data. */
export function currencyExponent(currency: string): number {
  let exponent = exponentCache.get(currency);
  if (exponent === undefined) {
    try {
      exponent = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits;
    } catch {
      throw new CounterpartError('money.unknown_currency', `Unknown currency code "${currency}".`, { currency });
    }
    exponentCache.set(currency, exponent ?? 2);
  }
  return exponent ?? 2;
}

export type Rounding = 'exact' | 'halfAwayFromZero' | 'halfEven';

/**
 * Parses a decimal amount as written by people and systems: "1234.5", "-1,234.56", "(12.30)" (an accounting
 * negative), "£12.00", "12.30 GBP" are all accepted. Returns integer minor units, or throws naming the text.
 * With `exact` rounding, digits beyond the currency's exponent must be zeros.
 */
export function parseMinorUnits(text: string, exponent: number, rounding: Rounding = 'halfAwayFromZero'): number {
  const parsed = parseDecimal(text);
  if (!parsed) throw new CounterpartError('money.not_a_number', `"${text}" is not an amount.`, { text });
  return toMinor(parsed, exponent, rounding, text);
}

/** Converts a JSON number from a system's API (already a double there) to minor units, rounding away float noise. */
export function minorUnitsFromNumber(value: number, exponent: number): number {
  if (!Number.isFinite(value)) {
    throw new CounterpartError('money.not_a_number', `${value} is not an amount.`, { value: String(value) });
  }
  // toFixed on the shortest round-trip representation is exact for any amount a ledger can hold.
  return parseMinorUnits(value.toFixed(Math.min(exponent + 6, 20)), exponent, 'halfAwayFromZero');
}

/** Formats minor units as plain decimal text with the currency's digits ("-1234.50"). */
export function formatMinorUnits(amountMinor: number, exponent: number): string {
  const negative = amountMinor < 0;
  const digits = Math.abs(amountMinor)
    .toString()
    .padStart(exponent + 1, '0');
  const whole = exponent === 0 ? digits : digits.slice(0, -exponent);
  const fraction = exponent === 0 ? '' : `.${digits.slice(-exponent)}`;
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/** Amount × rate (a decimal text such as "0.2" or "1.1734"), rounded back to minor units. */
export function multiplyByRate(amountMinor: number, rate: string, rounding: Rounding = 'halfAwayFromZero'): number {
  const parsed = parseDecimal(rate);
  if (!parsed) throw new CounterpartError('money.bad_rate', `"${rate}" is not a rate.`, { rate });
  const product = BigInt(amountMinor) * parsed.digits * (parsed.negative ? -1n : 1n);
  return Number(roundScaled(product, parsed.scale, rounding, rate));
}

/** Quantity × unit price (both decimal texts, e.g. "2.5" × "19.995"), rounded to minor units of the currency. */
export function multiplyDecimals(
  left: string,
  right: string,
  exponent: number,
  rounding: Rounding = 'halfAwayFromZero',
): number {
  return parseMinorUnits(decimalProduct(left, right), exponent, rounding);
}

/** The exact product of decimal texts, as decimal text ("1.5" × "0.2" → "0.30"). */
export function decimalProduct(...factors: string[]): string {
  let digits = 1n;
  let scale = 0;
  for (const factor of factors) {
    const parsed = parseDecimalOrThrow(factor);
    digits *= parsed.digits * (parsed.negative ? -1n : 1n);
    scale += parsed.scale;
  }
  return formatScaled(digits, scale);
}

/** The exact sum of decimal texts, as decimal text ("20" + "-0.5" → "19.5"). */
export function decimalSum(...terms: string[]): string {
  const parsed = terms.map(parseDecimalOrThrow);
  const scale = Math.max(0, ...parsed.map((term) => term.scale));
  let total = 0n;
  for (const term of parsed) total += term.digits * 10n ** BigInt(scale - term.scale) * (term.negative ? -1n : 1n);
  return formatScaled(total, scale);
}

/** Amount ÷ rate (a decimal text such as "1.1734"), rounded back to minor units: the inverse of `multiplyByRate`. */
export function divideByRate(amountMinor: number, rate: string, rounding: Rounding = 'halfAwayFromZero'): number {
  const parsed = parseDecimal(rate);
  if (!parsed || parsed.digits === 0n)
    throw new CounterpartError('money.bad_rate', `"${rate}" is not a rate.`, { rate });
  // amount / (digits / 10^scale) = amount × 10^scale / digits, rounded on the exact remainder.
  const numerator = BigInt(amountMinor) * 10n ** BigInt(parsed.scale) * (parsed.negative ? -1n : 1n);
  const quotient = numerator / parsed.digits;
  const remainder = numerator % parsed.digits;
  if (remainder === 0n) return Number(quotient);
  if (rounding === 'exact') {
    throw new CounterpartError('money.too_precise', `Dividing by "${rate}" does not give a whole minor unit.`, {
      rate,
    });
  }
  const twice = (remainder < 0n ? -remainder : remainder) * 2n;
  const away = numerator < 0n ? -1n : 1n;
  if (twice > parsed.digits) return Number(quotient + away);
  if (twice < parsed.digits) return Number(quotient);
  if (rounding === 'halfEven') return Number(quotient % 2n === 0n ? quotient : quotient + away);
  return Number(quotient + away);
}

/** Compares two decimal texts exactly ("20" equals "20.00"); returns -1, 0 or 1. */
export function compareDecimals(left: string, right: string): -1 | 0 | 1 {
  const difference = parseDecimalOrThrow(decimalSum(left, `-${right}`.replace(/^--/, '')));
  if (difference.digits === 0n) return 0;
  return difference.negative ? -1 : 1;
}

/** Formats a Money value for people and messages: "1234.50 GBP" (raw minor units for a code the runtime lacks). */
export function formatMoney(money: Money): string {
  let exponent: number;
  try {
    exponent = currencyExponent(money.currency);
  } catch {
    return `${money.amountMinor} minor units of ${money.currency}`;
  }
  return `${formatMinorUnits(money.amountMinor, exponent)} ${money.currency}`;
}

export function addMoney(a: Money, b: Money): Money {
  if (a.currency !== b.currency) {
    throw new CounterpartError('money.currency_mismatch', `Cannot add ${a.currency} to ${b.currency}.`, {
      left: a.currency,
      right: b.currency,
    });
  }
  return { amountMinor: a.amountMinor + b.amountMinor, currency: a.currency };
}

interface ParsedDecimal {
  negative: boolean;
  /** All significant digits as one integer; the value is digits / 10^scale. */
  digits: bigint;
  scale: number;
}

function parseDecimal(text: string): ParsedDecimal | undefined {
  let s = text.trim();
  let negative = false;
  if (s.startsWith('(') && s.endsWith(')')) {
    negative = true;
    s = s.slice(1, -1).trim();
  }
  s = s.replace(/^[A-Z]{3}\s*|\s*[A-Z]{3}$/g, '').replace(/^[£$€¥]/, '');
  if (s.startsWith('-')) {
    negative = !negative;
    s = s.slice(1);
  } else if (s.startsWith('+')) s = s.slice(1);
  s = s.replace(/^[£$€¥]/, '');
  if (!/^(\d{1,3}(,\d{3})+|\d+)?(\.\d*)?$/.test(s) || s === '' || s === '.') return undefined;
  const [whole = '', fraction = ''] = s.replace(/,/g, '').split('.');
  return { negative, digits: BigInt(`${whole || '0'}${fraction}`), scale: fraction.length };
}

function parseDecimalOrThrow(text: string): ParsedDecimal {
  const parsed = parseDecimal(text);
  if (!parsed) throw new CounterpartError('money.not_a_number', `"${text}" is not a decimal number.`, { text });
  return parsed;
}

function formatScaled(value: bigint, scale: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}

function toMinor(parsed: ParsedDecimal, exponent: number, rounding: Rounding, text: string): number {
  const sign = parsed.negative ? -1n : 1n;
  const value =
    parsed.scale <= exponent
      ? parsed.digits * 10n ** BigInt(exponent - parsed.scale) * sign
      : roundScaled(parsed.digits * sign, parsed.scale - exponent, rounding, text);
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new CounterpartError('money.out_of_range', `"${text}" is too large an amount.`, { text });
  }
  return Number(value);
}

/** Divides by 10^drop with the given rounding. */
function roundScaled(value: bigint, drop: number, rounding: Rounding, source: string): bigint {
  const divisor = 10n ** BigInt(drop);
  const quotient = value / divisor;
  const remainder = value % divisor;
  if (remainder === 0n) return quotient;
  if (rounding === 'exact') {
    throw new CounterpartError('money.too_precise', `"${source}" has more decimal places than the currency allows.`, {
      text: source,
    });
  }
  const twice = (remainder < 0n ? -remainder : remainder) * 2n;
  const away = value < 0n ? -1n : 1n;
  if (twice > divisor) return quotient + away;
  if (twice < divisor) return quotient;
  if (rounding === 'halfEven') return quotient % 2n === 0n ? quotient : quotient + away;
  return quotient + away;
}
