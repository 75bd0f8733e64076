import {
  decimalProduct,
  decimalSum,
  divideByRate,
  multiplyByRate,
  multiplyDecimals,
  parseMinorUnits,
} from '../../model/money.js';

/**
 * Xero keeps document amounts to 2 decimal places whatever the currency, and unit prices to 4 (`unitdp=4`). Amounts
 * arrive and leave as JSON numbers; all arithmetic is on integer cents or exact decimal text.
 */
export const CENTS = 2;

/** A JSON number as exact decimal text ("19.99", "0.0001"), trimming float noise beyond 8 places. */
export function decimalText(value: number): string {
  const fixed = value.toFixed(8);
  return fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
}

export function toCents(value: number): number {
  return parseMinorUnits(decimalText(value), CENTS);
}

export function fromCents(cents: number): number {
  return cents / 100;
}

/** Rounds to `places` decimals (half away from zero) and returns the JSON number. */
export function roundTo(value: number, places: number): number {
  return parseMinorUnits(decimalText(value), places) / 10 ** places;
}

/** Quantity × unit price less a percentage discount, in cents. */
export function lineAmountCents(quantity: number, unitAmount: number, discountRate: number | undefined): number {
  if (discountRate === undefined || discountRate === 0) {
    return multiplyDecimals(decimalText(quantity), decimalText(unitAmount), CENTS);
  }
  const factor = decimalSum('1', `-${decimalProduct(decimalText(discountRate), '0.01')}`.replace(/^--/, ''));
  return parseMinorUnits(decimalProduct(decimalText(quantity), decimalText(unitAmount), factor), CENTS);
}

/** Tax on a line given the rate as a percentage (20 for 20 %), for tax-exclusive or tax-inclusive line amounts. */
export function taxCents(lineCents: number, ratePercent: number, inclusive: boolean): number {
  if (ratePercent === 0) return 0;
  const rate = decimalProduct(decimalText(ratePercent), '0.01');
  if (!inclusive) return multiplyByRate(lineCents, rate);
  return lineCents - divideByRate(lineCents, decimalSum('1', rate));
}
