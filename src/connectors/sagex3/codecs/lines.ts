import type { DocumentLine, Money } from '../../../model/index.js';
import { lineNet } from '../../../model/index.js';
import { compact, moneyOf, present, x3Number } from './shared.js';

/** The fields every X3 document line shares, whatever the class calls its amounts. */
export interface X3LineAmounts {
  readonly lineNumber: number | undefined;
  readonly product: string | undefined;
  readonly description: string | undefined;
  readonly quantity: string;
  readonly unitPrice: string | undefined;
  readonly taxCode: string | undefined;
  /** Line amount excluding tax (LINAMT, AMTNOTLIN). */
  readonly net: string | undefined;
  /** Line amount including tax (LINATIAMT, AMTATILIN). */
  readonly gross: string | undefined;
}

/**
 * An X3 line as a canonical line: tax is gross − net in minor units (X3 sends both), and a line without amounts
 * (a summary read of an older version) takes quantity × price with no tax.
 */
export function lineFromX3(line: X3LineAmounts, currency: string): DocumentLine {
  const unitPrice = line.unitPrice ?? '0';
  const net: Money =
    line.net !== undefined ? moneyOf(line.net, currency) : lineNet({ quantity: line.quantity, unitPrice }, currency);
  const gross = line.gross !== undefined ? moneyOf(line.gross, currency) : net;
  return compact({
    lineNumber: line.lineNumber !== undefined && line.lineNumber > 0 ? line.lineNumber : undefined,
    sourceLineId: line.lineNumber !== undefined && line.lineNumber > 0 ? String(line.lineNumber) : undefined,
    description: line.description ?? '',
    product: present(line.product) ? { code: line.product as string } : undefined,
    quantity: line.quantity,
    unitPrice,
    net,
    taxCode: present(line.taxCode),
    tax: { amountMinor: gross.amountMinor - net.amountMinor, currency },
  }) as DocumentLine;
}

/** A canonical line as an X3 write line: product, quantity, net price and tax code; X3 computes the amounts. */
export function lineToX3(line: DocumentLine, lineField: string | undefined): Record<string, unknown> {
  return compact({
    ...(lineField && line.sourceLineId && /^\d+$/.test(line.sourceLineId)
      ? { [lineField]: Number(line.sourceLineId) }
      : {}),
    ITMREF: line.product?.code,
    ITMDES: line.description === '' ? undefined : line.description.slice(0, 30),
    QTY: x3Number(line.quantity),
    NETPRI: x3Number(line.unitPrice),
    VAT: line.taxCode,
  });
}

/** Totals of a document from its header amounts (excl./incl. tax): tax is the difference, in minor units. */
export function totalsOf(net: string | undefined, gross: string | undefined, currency: string) {
  const netMoney = moneyOf(net, currency);
  const grossMoney = gross === undefined ? netMoney : moneyOf(gross, currency);
  return {
    net: netMoney,
    tax: { amountMinor: grossMoney.amountMinor - netMoney.amountMinor, currency },
    gross: grossMoney,
  };
}
