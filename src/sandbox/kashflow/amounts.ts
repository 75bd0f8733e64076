import {
  currencyExponent,
  decimalProduct,
  divideByRate,
  formatMinorUnits,
  minorUnitsFromNumber,
  multiplyByRate,
  multiplyDecimals,
} from '../../model/money.js';

/**
 * KashFlow sends amounts as JSON numbers; the sandbox does its sums in integer minor units and only turns them back
 * into numbers for the wire, so totals never drift by float noise.
 */
export function exponentOf(currency: string): number {
  try {
    return currencyExponent(currency);
  } catch {
    return 2;
  }
}

export function toMinor(amount: number, exponent: number): number {
  // Fast path: when scaling and scaling back gives the same double, the amount has at most `exponent` decimals and
  // the rounded integer is exactly its minor units. Anything else goes through the exact decimal conversion.
  const factor = 10 ** exponent;
  const scaled = Math.round(amount * factor);
  if (Number.isSafeInteger(scaled) && scaled / factor === amount) return scaled;
  return minorUnitsFromNumber(amount, exponent);
}

export function fromMinor(minor: number, exponent: number): number {
  return Number(formatMinorUnits(minor, exponent));
}

/** A JSON number as exact decimal text for the money helpers. */
export function decimalText(value: number): string {
  return value.toFixed(10);
}

/** Quantity × rate rounded to the currency. */
export function lineNetMinor(quantity: number, rate: number, exponent: number): number {
  if (Number.isInteger(quantity)) {
    const factor = 10 ** exponent;
    const rateMinor = Math.round(rate * factor);
    const net = quantity * rateMinor;
    // A whole quantity of a price with no sub-penny digits multiplies exactly in integers.
    if (rateMinor / factor === rate && Number.isSafeInteger(net)) return net;
  }
  return multiplyDecimals(decimalText(quantity), decimalText(rate), exponent);
}

/** VAT on a net amount at a percentage level (VATLevel 20 means 20 %). */
export function vatMinor(netMinor: number, vatLevel: number): number {
  return multiplyByRate(netMinor, decimalProduct(decimalText(vatLevel), '0.01'));
}

/** Home-currency value of a foreign amount at KashFlow's exchange rate (foreign units per pound). */
export function homeMinor(minor: number, exchangeRate: number): number {
  if (exchangeRate === 1) return minor;
  return divideByRate(minor, decimalText(exchangeRate));
}
