import { z } from 'zod';
import { CalendarDate } from './dates.js';
import { checkDocumentAmounts, DocumentLine, DocumentTotals } from './documentLine.js';
import { CurrencyCode, DecimalText } from './money.js';
import { AccountRef } from './payment.js';
import { CustomFields, PartyRef, RecordSource } from './recordRef.js';
import { onlyWhenFieldsValid } from './validate.js';

/** Money into (receive) or out of (spend) the bank account. */
export const BankTransactionDirection = z.enum(['receive', 'spend']);
export type BankTransactionDirection = z.infer<typeof BankTransactionDirection>;

/** Xero Type splits into direction + kind: RECEIVE-OVERPAYMENT → receive/overpayment, SPEND-TRANSFER → spend/transfer. */
export const BankTransactionKind = z.enum(['standard', 'overpayment', 'prepayment', 'transfer']);
export type BankTransactionKind = z.infer<typeof BankTransactionKind>;

export const BankTransactionStatus = z.enum(['authorised', 'deleted', 'voided']);
export type BankTransactionStatus = z.infer<typeof BankTransactionStatus>;

/**
 * A spend or receive money transaction in the books (Xero BankTransaction), or a bank statement line (no `lines`,
 * just totals). Amounts are positive; `direction` says which way the money moved.
 */
export const BankTransaction = z
  .object({
    source: RecordSource.optional(),
    direction: BankTransactionDirection,
    kind: BankTransactionKind,
    status: BankTransactionStatus,
    bankAccount: AccountRef,
    date: CalendarDate,
    reference: z.string().optional(),
    description: z.string().optional(),
    party: PartyRef.optional(),
    currency: CurrencyCode,
    fxRate: DecimalText.optional(),
    lines: z.array(DocumentLine),
    totals: DocumentTotals,
    reconciled: z.boolean(),
    customFields: CustomFields.optional(),
  })
  .superRefine((transaction, ctx) => {
    checkDocumentAmounts(transaction, ctx);
    if (transaction.totals.gross.amountMinor < 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['totals', 'gross'],
        message: 'totals.gross cannot be negative: direction says whether money came in or went out',
      });
    }
  }, onlyWhenFieldsValid);
export type BankTransaction = z.infer<typeof BankTransaction>;
