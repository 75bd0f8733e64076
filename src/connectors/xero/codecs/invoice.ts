import { Invoice } from '../../../model/index.js';
import { documentHeaderFor, documentHeaderOf } from './document.js';
import { calendarDateOf, checked, moneyOf, type XeroCodecContext } from './shared.js';
import type { XInvoice } from './wire.js';

export const INVOICE_TYPES = { receivable: 'ACCREC', payable: 'ACCPAY' } as const;

export function decodeInvoice(invoice: XInvoice, context: XeroCodecContext): Invoice {
  const header = documentHeaderOf(invoice, invoice.invoiceID, invoice.invoiceNumber, 'ACCPAY', context);
  const { currency } = header;
  return checked(
    Invoice,
    {
      ...header,
      dueDate: calendarDateOf(invoice.dueDate),
      amountPaid: moneyOf(invoice.amountPaid, currency),
      amountCredited: moneyOf(invoice.amountCredited, currency),
      amountDue: moneyOf(invoice.amountDue, currency),
      fullyPaidOn: calendarDateOf(invoice.fullyPaidOnDate),
    },
    'invoice',
    invoice.invoiceID,
  );
}

export function encodeInvoice(invoice: Invoice, invoiceID: string | undefined): Record<string, unknown> {
  return {
    ...(invoiceID ? { invoiceID } : {}),
    type: INVOICE_TYPES[invoice.kind],
    ...documentHeaderFor(invoice, 'invoiceNumber', invoice.dueDate ? { dueDate: invoice.dueDate } : {}),
  };
}
