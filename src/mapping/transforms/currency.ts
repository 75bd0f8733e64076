import { z } from 'zod';
import {
  CalendarDate,
  CurrencyCode,
  currencyExponent,
  decimalProduct,
  divideByRate,
  formatMoney,
  Money,
  multiplyByRate,
} from '../../model/index.js';
import { readPath } from '../paths.js';
import {
  defineTransform,
  fail,
  quote,
  type RatesTable,
  type TransformDefinition,
  type TransformScope,
} from './types.js';

/** The rate a conversion used: `inverse` when only the opposite direction was published (the amount is divided). */
export interface ChosenRate {
  readonly from: string;
  readonly to: string;
  readonly date: string;
  readonly rate: string;
  readonly inverse: boolean;
}

/** The latest rate published on or before `date` for from → to, or for to → from (used inversely). */
export function chooseRate(
  table: RatesTable | undefined,
  from: string,
  to: string,
  date: string,
): ChosenRate | undefined {
  let best: ChosenRate | undefined;
  for (const entry of table?.entries ?? []) {
    if (entry.date > date) continue;
    const direct = entry.from === from && entry.to === to;
    const inverse = entry.from === to && entry.to === from;
    if (!direct && !inverse) continue;
    // On the same day a direct rate wins over an inverse one.
    if (!best || entry.date > best.date || (entry.date === best.date && direct && best.inverse)) {
      best = { from, to, date: entry.date, rate: entry.rate, inverse };
    }
  }
  return best;
}

/** 10^n as decimal text, for moving between currencies with different minor units (GBP 2 → JPY 0). */
function powerOfTen(n: number): string {
  return n >= 0 ? `1${'0'.repeat(n)}` : `0.${'0'.repeat(-n - 1)}1`;
}

/** Converts an amount with a chosen rate, rounding to the target currency's minor units. */
export function convertMoney(money: Money, rate: ChosenRate, rounding: 'halfAwayFromZero' | 'halfEven'): Money {
  const shift = currencyExponent(rate.to) - currencyExponent(money.currency);
  const amountMinor = rate.inverse
    ? divideByRate(money.amountMinor, decimalProduct(rate.rate, powerOfTen(-shift)), rounding)
    : multiplyByRate(money.amountMinor, decimalProduct(rate.rate, powerOfTen(shift)), rounding);
  return { amountMinor, currency: rate.to };
}

function rateDateOf(path: string, scope: TransformScope): string {
  const date = path === '$today' ? scope.context.today : readPath(scope.record, path);
  if (typeof date === 'string' && CalendarDate.safeParse(date).success) return date;
  return fail(
    scope,
    'mapping.no_rate_date',
    `Flow "${scope.flow}" cannot convert ${scope.field}: the rate date ${path} is ${quote(date)}, not a date.`,
    date,
  );
}

function convertOne(
  value: unknown,
  options: { convertCurrency: string; rateDate: string; rounding: 'halfAwayFromZero' | 'halfEven' },
  scope: TransformScope,
): unknown {
  if (value === undefined || value === null) return value;
  const money = Money.safeParse(value);
  if (!money.success) {
    return fail(
      scope,
      'mapping.conversion_failed',
      `${scope.field} holds ${quote(value)}, not an amount with its currency.`,
      value,
    );
  }
  if (money.data.currency === options.convertCurrency) return money.data;
  const date = rateDateOf(options.rateDate, scope);
  const rate = chooseRate(scope.tables.rates, money.data.currency, options.convertCurrency, date);
  if (!rate) {
    return fail(
      scope,
      'mapping.no_exchange_rate',
      `Flow "${scope.flow}" cannot convert ${scope.field}: no ${money.data.currency}→${options.convertCurrency} rate on or before ${date} in the rates table.`,
      money.data.currency,
    );
  }
  const converted = convertMoney(money.data, rate, options.rounding);
  const published = rate.inverse
    ? `${rate.to}→${rate.from} ${rate.rate}, inverted`
    : `${rate.from}→${rate.to} ${rate.rate}`;
  scope.note(
    `${scope.field}: ${formatMoney(money.data)} → ${formatMoney(converted)} at the ${scope.tables.rates?.source ?? ''} rate ${published} of ${rate.date} (rate date ${date}).`,
  );
  return converted;
}

/**
 * Currency conversion: `{convertCurrency: GBP, rateDate: issueDate}` converts an amount with the document's rates
 * table — the latest rate on or before the date at `rateDate` (a source path, or `$today`) — rounding to the target
 * currency's minor units (`rounding: halfEven` for banker's rounding). The mapped record's notes say which rate.
 */
export const currencyTransforms: readonly TransformDefinition[] = [
  defineTransform({
    name: 'convertCurrency',
    family: 'currency conversion',
    options: z
      .object({
        convertCurrency: CurrencyCode,
        rateDate: z.string().min(1),
        rounding: z.enum(['halfAwayFromZero', 'halfEven']).default('halfAwayFromZero'),
      })
      .strict(),
    check: (_options, tables) => (tables.rates ? undefined : "converting currencies needs the document's rates table"),
    create: (options) => (value, scope) =>
      Array.isArray(value) ? value.map((item) => convertOne(item, options, scope)) : convertOne(value, options, scope),
  }),
];
