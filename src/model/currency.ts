import { z } from 'zod';
import { CounterpartError } from '../errors.js';
import { CalendarDate } from './dates.js';
import {
  CurrencyCode,
  compareDecimals,
  currencyExponent,
  DecimalText,
  decimalProduct,
  divideByRate,
  type Money,
  multiplyByRate,
  type Rounding,
} from './money.js';
import { RecordSource } from './recordRef.js';
import { onlyWhenFieldsValid } from './validate.js';

/** A currency an organisation uses (Xero Currency, KashFlow Currency object, X3 TABCUR). */
export const Currency = z
  .object({
    source: RecordSource.optional(),
    code: CurrencyCode,
    name: z.string().optional(),
    symbol: z.string().optional(),
    /** Minor-unit digits: GBP 2, JPY 0, BHD 3. */
    exponent: z.number().int().min(0).max(4),
    /** The organisation's base (home) currency. */
    isBase: z.boolean().optional(),
  })
  .superRefine((currency, ctx) => {
    let known: number | undefined;
    try {
      known = currencyExponent(currency.code);
    } catch {
      return; // a code the runtime doesn't know: trust the system's own exponent
    }
    if (known !== currency.exponent) {
      ctx.addIssue({
        code: 'custom',
        path: ['exponent'],
        message: `exponent is ${currency.exponent} but ${currency.code} has ${known} minor-unit digits`,
      });
    }
  }, onlyWhenFieldsValid);
export type Currency = z.infer<typeof Currency>;

/** One unit of `base` is worth `rate` units of `quote` on `date` (GBP→EUR 1.1734 means £1 = €1.1734). */
export const FxRate = z
  .object({
    base: CurrencyCode,
    quote: CurrencyCode,
    rate: DecimalText,
    date: CalendarDate,
    /** Where the rate came from: "xero", "ecb", "manual"… */
    provider: z.string().min(1).optional(),
  })
  .superRefine((fx, ctx) => {
    if (fx.base === fx.quote) {
      ctx.addIssue({ code: 'custom', path: ['quote'], message: `quote is the same currency as base (${fx.base})` });
    }
    if (compareDecimals(fx.rate, '0') <= 0) {
      ctx.addIssue({ code: 'custom', path: ['rate'], message: 'rate must be more than zero' });
    }
  }, onlyWhenFieldsValid);
export type FxRate = z.infer<typeof FxRate>;

/** Converts an amount in either currency of the rate into the other, rounding to the target's minor units. */
export function convertMoney(amount: Money, fx: FxRate, rounding: Rounding = 'halfAwayFromZero'): Money {
  if (amount.currency !== fx.base && amount.currency !== fx.quote) {
    throw new CounterpartError(
      'money.currency_mismatch',
      `Cannot convert ${amount.currency} with a ${fx.base}/${fx.quote} rate.`,
      { currency: amount.currency, base: fx.base, quote: fx.quote },
    );
  }
  const target = amount.currency === fx.base ? fx.quote : fx.base;
  // Minor units of different currencies differ by a power of ten (GBP pence → JPY yen); fold that into the rate.
  const shift = currencyExponent(target) - currencyExponent(amount.currency);
  const amountMinor =
    amount.currency === fx.base
      ? multiplyByRate(amount.amountMinor, decimalProduct(fx.rate, powerOfTen(shift)), rounding)
      : divideByRate(amount.amountMinor, decimalProduct(fx.rate, powerOfTen(-shift)), rounding);
  return { amountMinor, currency: target };
}

function powerOfTen(power: number): string {
  return power >= 0 ? `1${'0'.repeat(power)}` : `0.${'0'.repeat(-power - 1)}1`;
}
