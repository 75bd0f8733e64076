import { describe, expect, it } from 'vitest';
import { CounterpartError } from '../../src/errors.js';
import {
  addMoney,
  compareDecimals,
  currencyExponent,
  DecimalText,
  decimalProduct,
  decimalSum,
  divideByRate,
  formatMinorUnits,
  formatMoney,
  Money,
  minorUnitsFromNumber,
  multiplyByRate,
  multiplyDecimals,
  parseMinorUnits,
} from '../../src/model/money.js';

function errorCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof CounterpartError) return error.code;
    throw error;
  }
  return undefined;
}

describe('parseMinorUnits', () => {
  it.each([
    ['1234.5', 2, 123450],
    ['1,234.56', 2, 123456],
    ['-1,234.56', 2, -123456],
    ['(12.30)', 2, -1230],
    ['( 12.30 )', 2, -1230],
    ['£12.00', 2, 1200],
    ['12.30 GBP', 2, 1230],
    ['GBP 12.30', 2, 1230],
    ['-£5', 2, -500],
    ['+7.1', 2, 710],
    ['.5', 2, 50],
    ['5.', 2, 500],
    ['0', 2, 0],
    ['1234567', 0, 1234567],
    ['12.345', 3, 12345],
  ])('reads %s with exponent %i as %i minor units', (text, exponent, expected) => {
    expect(parseMinorUnits(text, exponent)).toBe(expected);
  });

  it('rounds half away from zero by default, on both sides of zero', () => {
    expect(parseMinorUnits('0.005', 2)).toBe(1);
    expect(parseMinorUnits('-0.005', 2)).toBe(-1);
    expect(parseMinorUnits('0.0049', 2)).toBe(0);
    expect(parseMinorUnits('2.675', 2)).toBe(268); // a binary float would give 2.67
  });

  it('rounds half to even when asked', () => {
    expect(parseMinorUnits('0.005', 2, 'halfEven')).toBe(0);
    expect(parseMinorUnits('0.015', 2, 'halfEven')).toBe(2);
    expect(parseMinorUnits('-0.025', 2, 'halfEven')).toBe(-2);
  });

  it('keeps JPY whole and BHD to three places', () => {
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('BHD')).toBe(3);
    expect(currencyExponent('GBP')).toBe(2);
    expect(parseMinorUnits('1,500', currencyExponent('JPY'))).toBe(1500);
    expect(parseMinorUnits('1500.5', currencyExponent('JPY'))).toBe(1501);
    expect(parseMinorUnits('1.2345', currencyExponent('BHD'))).toBe(1235);
  });

  it('rejects digits beyond the currency with exact rounding, but accepts trailing zeros', () => {
    expect(errorCode(() => parseMinorUnits('12.345', 2, 'exact'))).toBe('money.too_precise');
    expect(parseMinorUnits('12.3400', 2, 'exact')).toBe(1234);
    expect(errorCode(() => parseMinorUnits('1.5', 0, 'exact'))).toBe('money.too_precise');
  });

  it.each(['', ' ', 'abc', '12.3.4', '1,23.00', '--5', '.', '12a', '1 234', 'NaN', '((5))'])(
    'refuses %j with money.not_a_number naming the text',
    (text) => {
      expect(errorCode(() => parseMinorUnits(text, 2))).toBe('money.not_a_number');
    },
  );

  it('puts the offending text in the error message and context', () => {
    try {
      parseMinorUnits('twelve pounds', 2);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(CounterpartError);
      expect((error as CounterpartError).message).toContain('twelve pounds');
      expect((error as CounterpartError).context.text).toBe('twelve pounds');
    }
  });

  it('refuses amounts beyond the safe integer range', () => {
    expect(errorCode(() => parseMinorUnits('99999999999999999', 2))).toBe('money.out_of_range');
  });

  it('refuses an unknown currency code', () => {
    expect(errorCode(() => currencyExponent('XX1'))).toBe('money.unknown_currency');
  });
});

describe('formatMinorUnits', () => {
  it.each([
    [123450, 2, '1234.50'],
    [-5, 2, '-0.05'],
    [0, 2, '0.00'],
    [7, 3, '0.007'],
    [-1234, 3, '-1.234'],
    [1500, 0, '1500'],
    [-1, 0, '-1'],
  ])('formats %i with exponent %i as %s', (amount, exponent, text) => {
    expect(formatMinorUnits(amount, exponent)).toBe(text);
  });

  it('round-trips through parseMinorUnits', () => {
    for (const amount of [0, 1, -1, 99, -100, 123456789, -987654321]) {
      expect(parseMinorUnits(formatMinorUnits(amount, 2), 2, 'exact')).toBe(amount);
    }
  });

  it('formats Money with its currency', () => {
    expect(formatMoney({ amountMinor: -123456, currency: 'GBP' })).toBe('-1234.56 GBP');
    expect(formatMoney({ amountMinor: 1500, currency: 'JPY' })).toBe('1500 JPY');
  });
});

describe('minorUnitsFromNumber', () => {
  it('removes float noise from API numbers', () => {
    expect(minorUnitsFromNumber(0.1 + 0.2, 2)).toBe(30);
    expect(minorUnitsFromNumber(1.005, 2)).toBe(101);
    expect(minorUnitsFromNumber(-19.99, 2)).toBe(-1999);
    expect(minorUnitsFromNumber(1500, 0)).toBe(1500);
  });

  it('refuses NaN and infinities', () => {
    expect(errorCode(() => minorUnitsFromNumber(Number.NaN, 2))).toBe('money.not_a_number');
    expect(errorCode(() => minorUnitsFromNumber(Number.POSITIVE_INFINITY, 2))).toBe('money.not_a_number');
  });
});

describe('rates and decimal arithmetic', () => {
  it('applies VAT rates with half-away rounding', () => {
    expect(multiplyByRate(1999, '0.2')).toBe(400); // 399.8
    expect(multiplyByRate(2, '0.175')).toBe(0); // 0.35
    expect(multiplyByRate(10, '0.05')).toBe(1); // 0.5 rounds away
    expect(multiplyByRate(-10, '0.05')).toBe(-1);
    expect(multiplyByRate(10, '0.05', 'halfEven')).toBe(0);
    expect(errorCode(() => multiplyByRate(100, 'twenty'))).toBe('money.bad_rate');
  });

  it('divides by a rate, inverting multiplyByRate', () => {
    expect(divideByRate(11734, '1.1734')).toBe(10000);
    expect(divideByRate(100, '3')).toBe(33);
    expect(divideByRate(-250, '2')).toBe(-125);
    expect(divideByRate(5, '2')).toBe(3);
    expect(divideByRate(5, '2', 'halfEven')).toBe(2);
    expect(errorCode(() => divideByRate(100, '0'))).toBe('money.bad_rate');
  });

  it('multiplies quantity by unit price exactly before rounding once', () => {
    expect(multiplyDecimals('3', '19.99', 2)).toBe(5997);
    expect(multiplyDecimals('2.5', '0.333', 2)).toBe(83); // 0.8325
    expect(multiplyDecimals('-1', '10.005', 2)).toBe(-1001);
    expect(decimalProduct('1.5', '0.2')).toBe('0.30');
    expect(decimalSum('20', '-0.5', '0.25')).toBe('19.75');
  });

  it('compares decimal texts by value', () => {
    expect(compareDecimals('20', '20.00')).toBe(0);
    expect(compareDecimals('-1', '0.5')).toBe(-1);
    expect(compareDecimals('17.5', '5')).toBe(1);
    expect(compareDecimals('-2', '-10')).toBe(1);
  });

  it('adds money of one currency and refuses to mix currencies', () => {
    expect(addMoney({ amountMinor: 100, currency: 'GBP' }, { amountMinor: -30, currency: 'GBP' })).toEqual({
      amountMinor: 70,
      currency: 'GBP',
    });
    expect(errorCode(() => addMoney({ amountMinor: 100, currency: 'GBP' }, { amountMinor: 1, currency: 'EUR' }))).toBe(
      'money.currency_mismatch',
    );
  });
});

describe('Money and DecimalText schemas', () => {
  it('accept integer minor units with an ISO code', () => {
    expect(Money.parse({ amountMinor: 1234, currency: 'GBP' })).toEqual({ amountMinor: 1234, currency: 'GBP' });
  });

  it('refuse fractional amounts and lower-case codes', () => {
    const fractional = Money.safeParse({ amountMinor: 12.5, currency: 'GBP' });
    expect(fractional.success).toBe(false);
    expect(fractional.error?.issues[0]?.path).toEqual(['amountMinor']);
    const code = Money.safeParse({ amountMinor: 1, currency: 'gbp' });
    expect(code.error?.issues[0]?.message).toContain('ISO 4217');
  });

  it('keep rates as digits', () => {
    expect(DecimalText.safeParse('17.5').success).toBe(true);
    expect(DecimalText.safeParse('1e3').success).toBe(false);
    expect(DecimalText.safeParse('20%').success).toBe(false);
  });
});
