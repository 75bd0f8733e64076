import {
  compareDecimals,
  type DocumentLine,
  type DocumentStatus,
  decimalProduct,
  decimalSum,
  Invoice,
  multiplyDecimals,
} from '../../../model/index.js';
import { ConnectorError } from '../../shared/connectorError.js';
import type { KfDocument, KfLineItem } from '../wire.js';
import { partyId } from './party.js';
import {
  type CodecContext,
  canonical,
  decimalFromWire,
  decimalToWire,
  exponentOf,
  moneyFromWire,
  moneyToWire,
  sourceOf,
  text,
} from './shared.js';
import { calendarDateFromKashFlow, calendarDateToKashFlow } from './time.js';

/** Sales invoices live at `/invoices`, supplier invoices ("purchases") at `/purchases`; both share one shape. */
export type DocumentKind = 'invoice' | 'purchase';

export function documentId(kind: DocumentKind, id: number): string {
  return `${kind}:${id}`;
}

export function documentKindOf(invoice: Pick<Invoice, 'kind'>): DocumentKind {
  return invoice.kind === 'receivable' ? 'invoice' : 'purchase';
}

function lineFromWire(line: KfLineItem, index: number, currency: string): DocumentLine {
  const quantity = decimalFromWire(line.Quantity ?? 1);
  const unitPrice = decimalFromWire(line.Rate);
  const level = line.VATExempt ? '0' : decimalFromWire(line.VATLevel);
  const productCode = text(line.ProductCode);
  return {
    lineNumber: line.Number ?? index + 1,
    ...(line.Id ? { sourceLineId: String(line.Id) } : {}),
    description: line.Description ?? '',
    ...(productCode ? { product: { code: productCode } } : {}),
    quantity,
    unitPrice,
    // KashFlow serves no line net: it is quantity × rate, rounded half away from zero like KashFlow's own totals.
    net: { amountMinor: multiplyDecimals(quantity, unitPrice, exponentOf(currency)), currency },
    taxCode: level,
    taxRate: level,
    tax: moneyFromWire(line.VATAmount, currency),
    ...(line.NominalCode != null ? { accountCode: String(line.NominalCode) } : {}),
  };
}

function statusOf(context: CodecContext, wire: KfDocument, grossMinor: number, dueMinor: number): DocumentStatus {
  const mapped = context.statusMap[text(wire.Status) ?? ''];
  // "Paid" must agree with the amounts; a status KashFlow adds later falls back to them.
  if (mapped === 'paid' && dueMinor !== 0) return 'authorised';
  if (mapped !== undefined) return mapped;
  return dueMinor === 0 && grossMinor !== 0 ? 'paid' : 'authorised';
}

/** A full KashFlow invoice or purchase (from `GET /invoices/{number}`) as a canonical Invoice. */
export function invoiceFromWire(context: CodecContext, kind: DocumentKind, wire: KfDocument): Invoice {
  const currency = text(wire.Currency?.Code)?.toUpperCase() ?? context.baseCurrency;
  const gross = moneyFromWire(wire.GrossAmount, currency);
  const paid = moneyFromWire(wire.TotalPaidAmount, currency);
  // Purchases carry no DueAmount; and the model's due is gross − paid whatever KashFlow rounds it to.
  const due = { amountMinor: gross.amountMinor - paid.amountMinor, currency };
  const exchangeRate = wire.Currency?.ExchangeRate;
  const partyCode = text(kind === 'invoice' ? wire.CustomerCode : wire.SupplierCode);
  const partyName = text(kind === 'invoice' ? wire.CustomerName : wire.SupplierName);
  const partyKey = kind === 'invoice' ? wire.CustomerId : wire.SupplierId;
  const issueDate = calendarDateFromKashFlow(wire.IssuedDate, context.timezone);
  const dueDate = calendarDateFromKashFlow(wire.DueDate, context.timezone);
  const paidOn = calendarDateFromKashFlow(wire.PaidDate, context.timezone);
  const body = {
    kind: kind === 'invoice' ? 'receivable' : 'payable',
    number: String(wire.Number),
    ...(text(kind === 'invoice' ? wire.CustomerReference : wire.SupplierReference)
      ? { reference: text(kind === 'invoice' ? wire.CustomerReference : wire.SupplierReference) }
      : {}),
    party: {
      ...(partyKey
        ? {
            ref: {
              system: 'kashflow' as const,
              id: partyId(kind === 'invoice' ? 'customer' : 'supplier', partyKey),
              ...(partyCode ? { number: partyCode } : {}),
            },
          }
        : {}),
      ...(partyCode ? { code: partyCode } : {}),
      ...(partyName ? { name: partyName } : {}),
    },
    issueDate,
    ...(dueDate ? { dueDate } : {}),
    currency,
    ...(exchangeRate != null && exchangeRate !== 1 ? { fxRate: decimalFromWire(exchangeRate) } : {}),
    status: statusOf(context, wire, gross.amountMinor, due.amountMinor),
    lines: (wire.LineItems ?? []).map((line, index) => lineFromWire(line, index, currency)),
    totals: {
      net: moneyFromWire(wire.NetAmount, currency),
      tax: moneyFromWire(wire.VATAmount, currency),
      gross,
    },
    amountPaid: paid,
    amountDue: due,
    ...(paidOn && due.amountMinor === 0 ? { fullyPaidOn: paidOn } : {}),
  } as Invoice;
  const source = sourceOf(
    context,
    { id: documentId(kind, wire.Id), number: String(wire.Number) },
    { created: wire.CreatedDate, updated: wire.LastUpdatedDate },
    body,
  );
  return canonical(Invoice, { source, ...body }, 'Invoice', {
    endpoint: `GET /${kind === 'invoice' ? 'invoices' : 'purchases'}/{number}`,
    record: String(wire.Number),
  });
}

/**
 * A canonical Invoice as the body of `POST`/`PUT /invoices` (or `/purchases`). KashFlow lines have no discount,
 * so a percentage discount is folded into the rate (exactly: quantity × rate × (1 − d) rounds to the same net); the
 * line VAT is sent as `VATAmount` so KashFlow keeps the amount the source system charged. Payments are written
 * separately (entity `payment`), never as PaymentLines here, so a PUT cannot wipe them.
 */
export function invoiceToWire(invoice: Invoice, number: number, partyCode: string): Record<string, unknown> {
  const kind = documentKindOf(invoice);
  return {
    Number: number,
    [kind === 'invoice' ? 'CustomerCode' : 'SupplierCode']: partyCode,
    [kind === 'invoice' ? 'CustomerReference' : 'SupplierReference']: invoice.reference ?? '',
    IssuedDate: calendarDateToKashFlow(invoice.issueDate),
    ...(invoice.dueDate ? { DueDate: calendarDateToKashFlow(invoice.dueDate) } : {}),
    Currency: { Code: invoice.currency, ...(invoice.fxRate ? { ExchangeRate: decimalToWire(invoice.fxRate) } : {}) },
    LineItems: invoice.lines.map((line, index) => lineToWire(line, index, invoice)),
  };
}

function lineToWire(line: DocumentLine, index: number, invoice: Invoice): Record<string, unknown> {
  if (line.discount !== undefined && line.discount.amountMinor !== 0) {
    throw new ConnectorError({
      kind: 'validation',
      system: 'kashflow',
      message: `Line ${index + 1} of invoice ${invoice.number ?? '(new)'} has a discount in money, which KashFlow lines cannot hold: give it as a percentage or fold it into the unit price in the mapping.`,
      context: { invoice: invoice.number ?? null, line: index + 1 },
    });
  }
  const kept = line.discountRate === undefined ? '1' : decimalSum('1', decimalProduct('-0.01', line.discountRate));
  const rate = compareDecimals(kept, '1') === 0 ? line.unitPrice : decimalProduct(line.unitPrice, kept);
  const level = line.taxRate ?? (line.taxCode && /^\d+(\.\d+)?$/.test(line.taxCode) ? line.taxCode : undefined);
  return {
    Number: line.lineNumber ?? index + 1,
    Description: line.description,
    Quantity: decimalToWire(line.quantity),
    Rate: decimalToWire(rate),
    ...(level === undefined ? {} : { VATLevel: decimalToWire(level) }),
    VATAmount: moneyToWire(line.tax),
    ...(line.accountCode && /^\d+$/.test(line.accountCode) ? { NominalCode: Number(line.accountCode) } : {}),
    ...(line.product ? { ProductCode: line.product.code } : {}),
  };
}
