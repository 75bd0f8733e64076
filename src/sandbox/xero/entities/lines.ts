import { fromCents, lineAmountCents, roundTo, taxCents, toCents } from '../amounts.js';
import type { TenantBook } from '../book.js';
import { newId } from '../context.js';
import type { LineAmountTypes, LineItemRecord } from '../records.js';
import type { LineItemInput } from '../wire.js';

export interface LineContext {
  readonly book: TenantBook;
  readonly lineAmountTypes: LineAmountTypes;
  /** Sales documents default from an item's SalesDetails and OUTPUT tax; purchases from PurchaseDetails. */
  readonly side: 'sales' | 'purchases';
  readonly existing: readonly LineItemRecord[];
}

export interface ComputedLines {
  readonly lines: LineItemRecord[];
  readonly SubTotal: number;
  readonly TotalTax: number;
  readonly Total: number;
  readonly errors: string[];
}

const DEFAULT_TAX = { sales: 'OUTPUT2', purchases: 'INPUT2' } as const;

/**
 * Builds document lines the way Xero does: item defaults, account and tax-type checks, line amount from quantity,
 * unit price and discount, tax per line (tax-exclusive or inclusive), and document totals — all in cents.
 */
export function computeLines(inputs: readonly LineItemInput[], context: LineContext): ComputedLines {
  const errors: string[] = [];
  const lines: LineItemRecord[] = [];
  let lineSum = 0;
  let taxSum = 0;
  for (const input of inputs) {
    const line = computeLine(input, context, errors);
    if (!line) continue;
    lines.push(line.record);
    lineSum += line.lineCents;
    taxSum += line.taxCents;
  }
  const inclusive = context.lineAmountTypes === 'Inclusive';
  const subTotal = inclusive ? lineSum - taxSum : lineSum;
  return {
    lines,
    SubTotal: fromCents(subTotal),
    TotalTax: fromCents(taxSum),
    Total: fromCents(subTotal + taxSum),
    errors,
  };
}

function computeLine(
  input: LineItemInput,
  context: LineContext,
  errors: string[],
): { record: LineItemRecord; lineCents: number; taxCents: number } | undefined {
  const { book } = context;
  const previous = input.LineItemID ? context.existing.find((l) => l.LineItemID === input.LineItemID) : undefined;
  const merged: LineItemInput = { ...previous, ...input };
  const item = merged.ItemCode ? book.itemByCode(merged.ItemCode) : undefined;
  if (merged.ItemCode && !item) {
    errors.push(`Item code '${merged.ItemCode}' is not valid`);
    return undefined;
  }
  const details = item ? (context.side === 'sales' ? item.SalesDetails : item.PurchaseDetails) : undefined;
  const description =
    merged.Description ??
    (item ? ((context.side === 'sales' ? item.Description : item.PurchaseDescription) ?? item.Name) : undefined);
  if (description === undefined || description.trim() === '') {
    errors.push('The description field is mandatory for each line item.');
    return undefined;
  }
  let accountCode = merged.AccountCode ?? details?.AccountCode;
  if (merged.AccountID && !merged.AccountCode) {
    const byId = book.accounts.get(merged.AccountID);
    if (!byId) {
      errors.push(`Account ID '${merged.AccountID}' is not valid.`);
      return undefined;
    }
    accountCode = byId.Code;
  }
  const account = accountCode ? book.accountByCode(accountCode) : undefined;
  if (accountCode && account?.Status !== 'ACTIVE') {
    errors.push(`Account code '${accountCode}' is not a valid code for this document.`);
    return undefined;
  }
  const noTax = context.lineAmountTypes === 'NoTax';
  const taxType = noTax
    ? 'NONE'
    : (merged.TaxType ?? details?.TaxType ?? account?.TaxType ?? DEFAULT_TAX[context.side]);
  const taxRate = book.taxRates.get(taxType);
  if (taxRate?.Status !== 'ACTIVE') {
    errors.push(`The TaxType code '${taxType}' does not exist or cannot be used with this type of transaction.`);
    return undefined;
  }

  const hasAmounts =
    merged.Quantity !== undefined || merged.UnitAmount !== undefined || merged.LineAmount !== undefined;
  let quantity = merged.Quantity ?? (hasAmounts ? 1 : 0);
  let unitAmount = merged.UnitAmount ?? details?.UnitPrice;
  if (unitAmount === undefined) {
    // Xero derives the missing factor from LineAmount.
    unitAmount = merged.LineAmount !== undefined && quantity !== 0 ? merged.LineAmount / quantity : 0;
  } else if (merged.Quantity === undefined && merged.LineAmount !== undefined && unitAmount !== 0) {
    quantity = merged.LineAmount / unitAmount;
  }
  quantity = roundTo(quantity, 4);
  unitAmount = roundTo(unitAmount, 4);
  const lineCents = lineAmountCents(quantity, unitAmount, merged.DiscountRate);
  const tax =
    merged.TaxAmount !== undefined && input.TaxAmount !== undefined
      ? toCents(merged.TaxAmount)
      : taxCents(lineCents, taxRate.EffectiveRate, context.lineAmountTypes === 'Inclusive');
  const record: LineItemRecord = {
    LineItemID: previous?.LineItemID ?? newId(),
    Description: description,
    Quantity: quantity,
    UnitAmount: unitAmount,
    TaxType: taxType,
    TaxAmount: fromCents(tax),
    LineAmount: fromCents(lineCents),
  };
  if (merged.ItemCode && item) record.ItemCode = item.Code;
  if (account?.Code) record.AccountCode = account.Code;
  if (merged.DiscountRate !== undefined) record.DiscountRate = merged.DiscountRate;
  if (merged.Tracking) record.Tracking = merged.Tracking;
  return { record, lineCents, taxCents: tax };
}
