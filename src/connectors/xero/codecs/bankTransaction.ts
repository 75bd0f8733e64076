import { BankTransaction, type BankTransactionKind } from '../../../model/index.js';
import { fxRateOf } from './document.js';
import {
  calendarDateOf,
  checked,
  contactRefFor,
  lineItemsFor,
  linesOf,
  numberOfDecimal,
  partyRefOf,
  present,
  sourceOf,
  totalsOf,
  type XeroCodecContext,
} from './shared.js';
import type { XBankTransaction } from './wire.js';

/** Xero's Type splits into direction and kind: RECEIVE-OVERPAYMENT → receive / overpayment. */
function typeParts(type: string): { direction: 'receive' | 'spend'; kind: BankTransactionKind } {
  const [head, tail] = type.split('-');
  const kinds: Readonly<Record<string, BankTransactionKind>> = {
    OVERPAYMENT: 'overpayment',
    PREPAYMENT: 'prepayment',
    TRANSFER: 'transfer',
  };
  return { direction: head === 'SPEND' ? 'spend' : 'receive', kind: kinds[tail ?? ''] ?? 'standard' };
}

export function decodeBankTransaction(transaction: XBankTransaction, context: XeroCodecContext): BankTransaction {
  const currency = present(transaction.currencyCode) ?? context.baseCurrency;
  const account = transaction.bankAccount;
  const status = (transaction.status ?? 'AUTHORISED').toLowerCase();
  return checked(
    BankTransaction,
    {
      source: sourceOf(transaction.bankTransactionID, transaction.updatedDateUTC),
      ...typeParts(transaction.type),
      status,
      bankAccount: {
        ...(present(account.code) ? { code: account.code } : {}),
        ...(present(account.accountID) ? { ref: { system: 'xero', id: account.accountID } } : {}),
        ...(present(account.name) ? { name: account.name } : {}),
      },
      date: calendarDateOf(transaction.date),
      reference: present(transaction.reference),
      party: partyRefOf(transaction.contact),
      currency,
      fxRate: fxRateOf(transaction.currencyRate),
      lines: linesOf(transaction.lineItems ?? [], currency, transaction.lineAmountTypes),
      totals: totalsOf(transaction, currency),
      reconciled: transaction.isReconciled ?? false,
    },
    'bank transaction',
    transaction.bankTransactionID,
  );
}

/** Only RECEIVE and SPEND can be written (Xero's Types page). */
export function encodeBankTransaction(
  transaction: BankTransaction,
  bankTransactionID: string | undefined,
): Record<string, unknown> {
  const account = transaction.bankAccount;
  return {
    ...(bankTransactionID ? { bankTransactionID } : {}),
    type: transaction.direction === 'spend' ? 'SPEND' : 'RECEIVE',
    ...(transaction.party ? { contact: contactRefFor(transaction.party) } : {}),
    bankAccount: account.ref?.system === 'xero' ? { accountID: account.ref.id } : { code: account.code },
    date: transaction.date,
    ...(transaction.reference ? { reference: transaction.reference } : {}),
    currencyCode: transaction.currency,
    ...(transaction.fxRate ? { currencyRate: numberOfDecimal(transaction.fxRate) } : {}),
    ...(transaction.status !== 'authorised' ? { status: transaction.status.toUpperCase() } : {}),
    lineAmountTypes: 'Exclusive',
    lineItems: lineItemsFor(transaction.lines),
  };
}
