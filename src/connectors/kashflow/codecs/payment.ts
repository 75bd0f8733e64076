import { Payment } from '../../../model/index.js';
import type { KfDocument, KfPaymentLine } from '../wire.js';
import { type DocumentKind, documentId } from './invoice.js';
import { partyId } from './party.js';
import { type CodecContext, canonical, moneyFromWire, moneyToWire, sourceOf, text } from './shared.js';
import { calendarDateFromKashFlow, calendarDateToKashFlow } from './time.js';

/** Payment ids name their ledger: invoice and purchase payment lines are numbered by KashFlow separately. */
export function paymentId(kind: DocumentKind, id: number): string {
  return `${kind}-payment:${id}`;
}

/**
 * One payment line of an invoice (money received) or a purchase (money paid) as a canonical Payment allocated
 * wholly to that document. KashFlow stamps payment lines with nothing, so a payment's `updatedAt` is its document's
 * LastUpdatedDate (which moves whenever a payment is added or removed). A negative line (a refund) turns round.
 */
export function paymentFromWire(
  context: CodecContext,
  kind: DocumentKind,
  document: KfDocument,
  line: KfPaymentLine,
): Payment {
  const currency = text(document.Currency?.Code)?.toUpperCase() ?? context.baseCurrency;
  const amount = moneyFromWire(line.Amount, currency);
  const refund = amount.amountMinor < 0 || line.IsExternalRefund === true;
  const positive = { amountMinor: Math.abs(amount.amountMinor), currency };
  const incoming = kind === 'invoice' ? !refund : refund;
  const partyCode = text(kind === 'invoice' ? document.CustomerCode : document.SupplierCode);
  const partyKey = kind === 'invoice' ? document.CustomerId : document.SupplierId;
  const documentRef = {
    system: 'kashflow' as const,
    id: documentId(kind, document.Id),
    number: String(document.Number),
  };
  const body = {
    direction: incoming ? 'received' : 'paid',
    status: 'authorised',
    date: calendarDateFromKashFlow(line.Date, context.timezone),
    amount: positive,
    ...(partyCode || partyKey
      ? {
          party: {
            ...(partyKey
              ? {
                  ref: {
                    system: 'kashflow' as const,
                    id: partyId(kind === 'invoice' ? 'customer' : 'supplier', partyKey),
                  },
                }
              : {}),
            ...(partyCode ? { code: partyCode } : {}),
          },
        }
      : {}),
    allocations: refund
      ? []
      : [
          {
            document: { ref: documentRef, number: String(document.Number) },
            documentKind: 'invoice',
            amount: positive,
          },
        ],
    ...(line.AccountId ? { bankAccount: { ref: { system: 'kashflow' as const, id: String(line.AccountId) } } } : {}),
    ...(text(line.Reference) ? { reference: text(line.Reference) } : {}),
    ...(line.Method != null ? { method: String(line.Method) } : {}),
  } as Payment;
  const source = sourceOf(
    context,
    { id: paymentId(kind, line.Id) },
    { created: document.CreatedDate, updated: document.LastUpdatedDate },
    body,
  );
  return canonical(Payment, { source, ...body }, 'Payment', {
    endpoint: `GET /${kind === 'invoice' ? 'invoices' : 'purchases'}/{number}`,
    record: `${document.Number}/${line.Id}`,
  });
}

/** The fields of a payment line (or a bulk payment) KashFlow is sent for one allocation. */
export interface PaymentLineOut {
  readonly Date: string;
  readonly Amount: number;
  readonly Method: number;
  readonly Reference: string;
  readonly AccountId: number | undefined;
}

export function paymentLineToWire(
  payment: Payment,
  allocation: Payment['allocations'][number],
  method: number,
  accountId: number | undefined,
): PaymentLineOut {
  return {
    Date: calendarDateToKashFlow(payment.date),
    Amount: moneyToWire(allocation.amount),
    Method: method,
    Reference: payment.reference ?? '',
    AccountId: accountId,
  };
}

/** Whether a payment line already on a document is this allocation (same day, amount and reference). */
export function samePaymentLine(
  context: CodecContext,
  existing: KfPaymentLine,
  wanted: PaymentLineOut,
  currency: string,
): boolean {
  return (
    calendarDateFromKashFlow(existing.Date, context.timezone) === wanted.Date &&
    moneyFromWire(existing.Amount, currency).amountMinor === moneyFromWire(wanted.Amount, currency).amountMinor &&
    (text(existing.Reference) ?? '') === wanted.Reference
  );
}
