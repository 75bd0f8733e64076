import { CreditNote } from '../../../model/index.js';
import { documentHeaderFor, documentHeaderOf } from './document.js';
import { calendarDateOf, checked, decimalOf, moneyOf, present, type XeroCodecContext } from './shared.js';
import type { XCreditNote } from './wire.js';

const CREDIT_TYPES = { receivable: 'ACCRECCREDIT', payable: 'ACCPAYCREDIT' } as const;

export function decodeCreditNote(credit: XCreditNote, context: XeroCodecContext): CreditNote {
  const header = documentHeaderOf(credit, credit.creditNoteID, credit.creditNoteNumber, 'ACCPAYCREDIT', context);
  const { currency, issueDate, totals } = header;
  const allocations = (credit.allocations ?? []).filter((allocation) => !allocation.isDeleted);
  const allocated = allocations.reduce((sum, allocation) => sum + moneyOf(allocation.amount, currency).amountMinor, 0);
  const remaining = moneyOf(credit.remainingCredit, currency);
  // Xero's RemainingCredit also falls with cash refunds, which the canonical model has no field for: the model's
  // remaining credit (gross − allocations) is kept, and Xero's figure beside it so the difference stays visible.
  const refunded = totals.gross.amountMinor - allocated - remaining.amountMinor;
  const cancelled = credit.status === 'VOIDED' || credit.status === 'DELETED';
  return checked(
    CreditNote,
    {
      ...header,
      allocations: allocations.map((allocation) => ({
        invoice: {
          ...(present(allocation.invoice?.invoiceID)
            ? { ref: { system: 'xero', id: allocation.invoice?.invoiceID } }
            : {}),
          ...(present(allocation.invoice?.invoiceNumber) ? { number: allocation.invoice?.invoiceNumber } : {}),
        },
        amount: moneyOf(allocation.amount, currency),
        date: calendarDateOf(allocation.date) ?? issueDate,
      })),
      remainingCredit:
        refunded === 0 || cancelled ? remaining : { amountMinor: totals.gross.amountMinor - allocated, currency },
      customFields: refunded === 0 || cancelled ? undefined : { RemainingCredit: decimalOf(credit.remainingCredit) },
    },
    'credit note',
    credit.creditNoteID,
  );
}

/** Allocations are a separate Xero call (PUT /CreditNotes/{id}/Allocations) and are not written here. */
export function encodeCreditNote(credit: CreditNote, creditNoteID: string | undefined): Record<string, unknown> {
  return {
    ...(creditNoteID ? { creditNoteID } : {}),
    type: CREDIT_TYPES[credit.kind],
    ...documentHeaderFor(credit, 'creditNoteNumber'),
  };
}
