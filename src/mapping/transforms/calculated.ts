import {
  addDays,
  type DocumentLine,
  type DocumentTotals,
  daysBetween,
  invoiceTotals,
  lineNet,
  lineTax,
  Money,
} from '../../model/index.js';

/**
 * Calculated fields, as functions of `expr` rules: totals and tax from lines with src/model's own arithmetic, so a
 * mapped document adds up exactly as the model checks it.
 *   $totals(lines, currency)       → {net, tax, gross} of the lines (invoiceTotals)
 *   $lineNet(line, currency)       → quantity × unit price less discount (lineNet)
 *   $lineTax(net, ratePercent)     → tax on a net amount (lineTax)
 *   $amountDue(totals, paid[, credited]) → gross − paid − credited
 *   $addDays(date, days), $daysBetween(from, to)
 */
export const calculationFunctions = {
  totals: (lines: readonly DocumentLine[] | undefined, currency: string): DocumentTotals =>
    invoiceTotals(lines ?? [], currency),
  lineNet: (line: DocumentLine, currency: string): Money => lineNet(line, currency),
  lineTax: (net: Money, ratePercent: string | number): Money => lineTax(Money.parse(net), String(ratePercent)),
  amountDue: (totals: DocumentTotals, paid: Money | undefined, credited?: Money | undefined): Money => ({
    amountMinor: totals.gross.amountMinor - (paid?.amountMinor ?? 0) - (credited?.amountMinor ?? 0),
    currency: totals.gross.currency,
  }),
  addDays: (date: string, days: number): string => addDays(date, days),
  daysBetween: (from: string, to: string): number => daysBetween(from, to),
} as const;
