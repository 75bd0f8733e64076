import { z } from 'zod';
import { CounterpartError } from '../errors.js';
import {
  currencyExponent,
  DecimalText,
  decimalProduct,
  decimalSum,
  formatMoney,
  Money,
  multiplyByRate,
  parseMinorUnits,
} from './money.js';
import { CustomFields, RecordRef } from './recordRef.js';

/**
 * One line of an order, invoice, credit note or bank transaction. Amounts are tax-exclusive `net` plus `tax`, both in
 * the document's currency; codecs for systems that send tax-inclusive line amounts (Xero `Inclusive`) split them.
 * `unitPrice` is decimal text rather than minor units because systems keep unit prices finer than a penny
 * (Xero `unitdp=4`, X3 NETPRI); only the line's net is rounded to the currency. A description-only line (Xero
 * allows them) has quantity "0", unit price "0" and zero amounts.
 */
export const ProductLineRef = z.object({
  /** The product's business code (Xero ItemCode, KashFlow ProductCode, X3 ITMREF, Salesforce ProductCode). */
  code: z.string().min(1),
  ref: RecordRef.optional(),
});
export type ProductLineRef = z.infer<typeof ProductLineRef>;

export const DocumentLine = z.object({
  lineNumber: z.number().int().positive().optional(),
  /** The line's own id in its system (Xero LineItemID, Salesforce OrderItem id) so updates keep the line. */
  sourceLineId: z.string().min(1).optional(),
  description: z.string(),
  product: ProductLineRef.optional(),
  quantity: DecimalText,
  unitPrice: DecimalText,
  /** Percentage off (Xero DiscountRate, Salesforce Discount): "10" means 10 %. */
  discountRate: DecimalText.optional(),
  /** Amount off the line, when the system records the discount as money. */
  discount: Money.optional(),
  net: Money,
  taxCode: z.string().min(1).optional(),
  /** The tax percentage applied: "20" for UK standard-rate VAT. */
  taxRate: DecimalText.optional(),
  tax: Money,
  /** Ledger (nominal) account code: Xero AccountCode, KashFlow NominalCode, X3 account. */
  accountCode: z.string().min(1).optional(),
  customFields: CustomFields.optional(),
});
export type DocumentLine = z.infer<typeof DocumentLine>;

export const DocumentTotals = z.object({
  net: Money,
  tax: Money,
  /**
   * Adjustment a system adds so the gross lands on a whole amount (Xero RoundingAmount, at most ±0.10); zero or
   * absent almost everywhere.
   */
  rounding: Money.optional(),
  gross: Money,
});
export type DocumentTotals = z.infer<typeof DocumentTotals>;

/**
 * Net, tax and gross of a set of lines, in minor units. The currency defaults to the first line's; pass it for a
 * document that may have no lines.
 */
export function invoiceTotals(
  lines: readonly Pick<DocumentLine, 'net' | 'tax'>[],
  documentCurrency?: string,
): DocumentTotals {
  const currency = documentCurrency ?? lines[0]?.net.currency;
  if (currency === undefined) {
    throw new CounterpartError('model.no_currency', 'Totals of a document without lines need its currency.', {});
  }
  let net = 0;
  let tax = 0;
  for (const [index, line] of lines.entries()) {
    for (const amount of [line.net, line.tax]) {
      if (amount.currency !== currency) {
        throw new CounterpartError(
          'money.currency_mismatch',
          `Line ${index + 1} is in ${amount.currency} but the document is in ${currency}.`,
          { line: index + 1, currency: amount.currency, documentCurrency: currency },
        );
      }
    }
    net += line.net.amountMinor;
    tax += line.tax.amountMinor;
  }
  return {
    net: { amountMinor: net, currency },
    tax: { amountMinor: tax, currency },
    gross: { amountMinor: net + tax, currency },
  };
}

/** A line's net from quantity × unit price, less a percentage or amount discount, rounded half away from zero. */
export function lineNet(
  line: Pick<DocumentLine, 'quantity' | 'unitPrice' | 'discountRate' | 'discount'>,
  currency: string,
): Money {
  // The percentage comes off before rounding, as Xero computes it: qty × price × (100 − rate) / 100.
  const kept = line.discountRate === undefined ? '1' : decimalSum('1', decimalProduct('-0.01', line.discountRate));
  const exact = decimalProduct(line.quantity, line.unitPrice, kept);
  const amountMinor = parseMinorUnits(exact, currencyExponent(currency)) - (line.discount?.amountMinor ?? 0);
  return { amountMinor, currency };
}

/** Tax on a net amount at a percentage rate ("20" → 20 %), rounded half away from zero. */
export function lineTax(net: Money, ratePercent: string): Money {
  return { amountMinor: multiplyByRate(net.amountMinor, decimalProduct(ratePercent, '0.01')), currency: net.currency };
}

type Issues = { addIssue(issue: { code: 'custom'; message: string; path: PropertyKey[] }): void };

interface AmountsToCheck {
  currency: string;
  lines: readonly DocumentLine[];
  totals: DocumentTotals;
}

/**
 * The checks every document with lines shares: all amounts in the document's currency, totals that add up.
 * When `lines` is empty (a summary read, a bank statement line) only gross = net + tax (+ rounding) is checked.
 */
export function checkDocumentAmounts(doc: AmountsToCheck, ctx: Issues): void {
  const { currency } = doc;
  const currencyIssue = (path: PropertyKey[], amount: Money | undefined) => {
    if (amount && amount.currency !== currency) {
      ctx.addIssue({
        code: 'custom',
        path,
        message: `${path.join('.')} is in ${amount.currency} but the document is in ${currency}`,
      });
      return true;
    }
    return false;
  };
  let mixed = false;
  doc.lines.forEach((line, index) => {
    for (const field of ['net', 'tax', 'discount'] as const) {
      mixed = currencyIssue(['lines', index, field], line[field]) || mixed;
    }
  });
  for (const field of ['net', 'tax', 'rounding', 'gross'] as const) {
    mixed = currencyIssue(['totals', field], doc.totals[field]) || mixed;
  }
  if (mixed) return;

  const { net, tax, gross, rounding } = doc.totals;
  if (doc.lines.length > 0) {
    const sums = invoiceTotals(doc.lines, currency);
    if (sums.net.amountMinor !== net.amountMinor) {
      ctx.addIssue({
        code: 'custom',
        path: ['totals', 'net'],
        message: `totals.net is ${formatMoney(net)} but the lines' net amounts add up to ${formatMoney(sums.net)}`,
      });
    }
    if (sums.tax.amountMinor !== tax.amountMinor) {
      ctx.addIssue({
        code: 'custom',
        path: ['totals', 'tax'],
        message: `totals.tax is ${formatMoney(tax)} but the lines' tax amounts add up to ${formatMoney(sums.tax)}`,
      });
    }
  }
  const expected = net.amountMinor + tax.amountMinor + (rounding?.amountMinor ?? 0);
  if (gross.amountMinor !== expected) {
    ctx.addIssue({
      code: 'custom',
      path: ['totals', 'gross'],
      message: `totals.gross is ${formatMoney(gross)} but net + tax${rounding ? ' + rounding' : ''} is ${formatMoney({ amountMinor: expected, currency })}`,
    });
  }
}
