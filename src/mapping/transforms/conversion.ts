import { z } from 'zod';
import {
  CurrencyCode,
  currencyExponent,
  decimalSum,
  formatMinorUnits,
  Money,
  minorUnitsFromNumber,
  parseMinorUnits,
} from '../../model/index.js';
import { readPath } from '../paths.js';
import { defineTransform, fail, quote, type TransformDefinition, type TransformScope } from './types.js';

const Target = z.enum(['string', 'number', 'integer', 'decimal', 'boolean', 'minorUnits', 'money', 'amount']);
type Target = z.infer<typeof Target>;

const ConvertOptions = z
  .object({
    convert: Target,
    /** For minorUnits and money: the currency, or the source path that holds it. */
    currency: CurrencyCode.optional(),
    currencyFrom: z.string().min(1).optional(),
    /** For boolean: the texts that mean yes and no in the source system (X3 menus: 2 yes, 1 no). */
    trueValues: z.array(z.string()).optional(),
    falseValues: z.array(z.string()).optional(),
  })
  .strict();
type ConvertOptions = z.infer<typeof ConvertOptions>;

const TRUE_TEXTS = ['true', 'yes', 'y', '1'];
const FALSE_TEXTS = ['false', 'no', 'n', '0'];

/** A number as decimal text without binary-float noise or exponent notation (1e-7 → "0.0000001"). */
function decimalFromNumber(value: number): string {
  const shortest = String(value);
  if (!/e/i.test(shortest)) return shortest;
  return value.toFixed(20).replace(/\.?0+$/, '');
}

function asDecimal(value: unknown, scope: TransformScope): string {
  if (typeof value === 'number' && Number.isFinite(value)) return decimalFromNumber(value);
  if (typeof value === 'string') {
    try {
      // decimalSum of one term normalises what people type ("1,234.50", "(12.30)") to plain decimal text.
      return decimalSum(value);
    } catch {
      // reported below
    }
  }
  return fail(scope, 'mapping.conversion_failed', `${quote(value)} in ${scope.field} is not a number.`, value);
}

function currencyOf(options: ConvertOptions, value: unknown, scope: TransformScope): string {
  if (options.currency) return options.currency;
  if (options.currencyFrom) {
    const found = readPath(scope.record, options.currencyFrom);
    if (typeof found === 'string' && CurrencyCode.safeParse(found).success) return found;
  }
  const money = Money.safeParse(value);
  if (money.success) return money.data.currency;
  return fail(
    scope,
    'mapping.conversion_failed',
    `${scope.field} needs a currency to convert ${quote(value)}: give the rule currency or currencyFrom.`,
    value,
  );
}

function toMinorUnits(value: unknown, currency: string, scope: TransformScope): number {
  const exponent = currencyExponent(currency);
  try {
    if (typeof value === 'number') return minorUnitsFromNumber(value, exponent);
    if (typeof value === 'string') return parseMinorUnits(value, exponent);
  } catch {
    // reported below
  }
  return fail(scope, 'mapping.conversion_failed', `${quote(value)} in ${scope.field} is not an amount.`, value);
}

function toBoolean(value: unknown, options: ConvertOptions, scope: TransformScope): boolean {
  if (typeof value === 'boolean') return value;
  const text = String(value).trim().toLowerCase();
  const yes = (options.trueValues ?? TRUE_TEXTS).map((item) => item.toLowerCase());
  const no = (options.falseValues ?? FALSE_TEXTS).map((item) => item.toLowerCase());
  if (yes.includes(text)) return true;
  if (no.includes(text)) return false;
  return fail(scope, 'mapping.conversion_failed', `${quote(value)} in ${scope.field} is neither yes nor no.`, value);
}

const converters: Record<Target, (value: unknown, options: ConvertOptions, scope: TransformScope) => unknown> = {
  string: (value) => (typeof value === 'object' ? JSON.stringify(value) : String(value)),
  number: (value, _options, scope) => Number(asDecimal(value, scope)),
  integer: (value, _options, scope) => {
    const number = Number(asDecimal(value, scope));
    if (Number.isSafeInteger(number)) return number;
    return fail(scope, 'mapping.conversion_failed', `${quote(value)} in ${scope.field} is not a whole number.`, value);
  },
  decimal: (value, _options, scope) => asDecimal(value, scope),
  boolean: toBoolean,
  minorUnits: (value, options, scope) => toMinorUnits(value, currencyOf(options, value, scope), scope),
  money: (value, options, scope) => {
    const currency = currencyOf(options, value, scope);
    return { amountMinor: toMinorUnits(value, currency, scope), currency };
  },
  amount: (value, options, scope) => {
    const money = Money.safeParse(value);
    if (money.success) return formatMinorUnits(money.data.amountMinor, currencyExponent(money.data.currency));
    if (typeof value === 'number' && Number.isSafeInteger(value)) {
      return formatMinorUnits(value, currencyExponent(currencyOf(options, value, scope)));
    }
    return fail(scope, 'mapping.conversion_failed', `${quote(value)} in ${scope.field} is not an amount.`, value);
  },
};

/**
 * Type conversion: `{convert: string|number|integer|decimal|boolean}`, and between amounts and integer minor units
 * (src/model/money.ts) — `minorUnits` (decimal text or number → pence), `money` (→ {amountMinor, currency}),
 * `amount` (Money or pence → decimal text "1234.50"). Empty values pass unchanged, for `default` to fill.
 */
export const conversionTransforms: readonly TransformDefinition[] = [
  defineTransform({
    name: 'convert',
    family: 'type conversion',
    options: ConvertOptions,
    create: (options) => (value, scope) => {
      if (value === undefined || value === null || value === '') return value;
      return converters[options.convert](value, options, scope);
    },
  }),
];
