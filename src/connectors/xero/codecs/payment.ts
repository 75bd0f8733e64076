import { Payment, type PaymentDirection } from '../../../model/index.js';
import { fxRateOf } from './document.js';
import {
  calendarDateOf,
  checked,
  moneyOf,
  numberOfDecimal,
  numberOfMoney,
  partyRefOf,
  present,
  sourceOf,
  type XeroCodecContext,
} from './shared.js';
import type { XPayment } from './wire.js';

/** Money in: customer payments, and refunds from suppliers; money out: the rest. */
const RECEIVED = new Set(['ACCRECPAYMENT', 'AROVERPAYMENTPAYMENT', 'ARPREPAYMENTPAYMENT', 'APCREDITPAYMENT']);

function directionOf(payment: XPayment): PaymentDirection {
  if (payment.paymentType !== undefined) return RECEIVED.has(payment.paymentType) ? 'received' : 'paid';
  const type = payment.invoice?.type ?? payment.creditNote?.type;
  return type === 'ACCREC' || type === 'ACCPAYCREDIT' ? 'received' : 'paid';
}

export function decodePayment(payment: XPayment, context: XeroCodecContext): Payment {
  const document = payment.invoice ?? payment.creditNote;
  const currency = present(document?.currencyCode) ?? context.baseCurrency;
  const amount = moneyOf(payment.amount, currency);
  const invoiceId = present(payment.invoice?.invoiceID);
  const creditId = present(payment.creditNote?.creditNoteID);
  const documentRef =
    invoiceId || present(payment.invoice?.invoiceNumber)
      ? {
          document: {
            ...(invoiceId ? { ref: { system: 'xero', id: invoiceId } } : {}),
            ...(present(payment.invoice?.invoiceNumber) ? { number: payment.invoice?.invoiceNumber } : {}),
          },
          documentKind: 'invoice' as const,
        }
      : creditId || present(payment.creditNote?.creditNoteNumber)
        ? {
            document: {
              ...(creditId ? { ref: { system: 'xero', id: creditId } } : {}),
              ...(present(payment.creditNote?.creditNoteNumber)
                ? { number: payment.creditNote?.creditNoteNumber }
                : {}),
            },
            documentKind: 'creditNote' as const,
          }
        : undefined;
  const accountId = present(payment.account?.accountID);
  const accountCode = present(payment.account?.code);
  return checked(
    Payment,
    {
      source: sourceOf(payment.paymentID, payment.updatedDateUTC),
      direction: directionOf(payment),
      status: payment.status === 'DELETED' ? 'deleted' : 'authorised',
      date: calendarDateOf(payment.date),
      amount,
      party: partyRefOf(document?.contact),
      allocations: documentRef ? [{ ...documentRef, amount }] : [],
      bankAccount:
        accountId || accountCode
          ? {
              ...(accountCode ? { code: accountCode } : {}),
              ...(accountId ? { ref: { system: 'xero', id: accountId } } : {}),
              ...(present(payment.account?.name) ? { name: payment.account?.name } : {}),
            }
          : undefined,
      fxRate: fxRateOf(payment.currencyRate),
      reference: present(payment.reference),
      reconciled: payment.isReconciled,
    },
    'payment',
    payment.paymentID,
  );
}

/** A Xero payment settles one document: the first allocation names it. */
export function encodePayment(payment: Payment): Record<string, unknown> {
  const allocation = payment.allocations[0];
  const document = allocation?.document;
  const target =
    document?.ref?.system === 'xero'
      ? allocation?.documentKind === 'creditNote'
        ? { creditNote: { creditNoteID: document.ref.id } }
        : { invoice: { invoiceID: document.ref.id } }
      : allocation?.documentKind === 'creditNote'
        ? { creditNote: { creditNoteNumber: document?.number } }
        : { invoice: { invoiceNumber: document?.number } };
  const account = payment.bankAccount;
  return {
    ...target,
    account: account?.ref?.system === 'xero' ? { accountID: account.ref.id } : { code: account?.code },
    date: payment.date,
    amount: numberOfMoney(allocation?.amount ?? payment.amount),
    ...(payment.reference ? { reference: payment.reference } : {}),
    ...(payment.fxRate ? { currencyRate: numberOfDecimal(payment.fxRate) } : {}),
  };
}
