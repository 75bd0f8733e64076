import { z } from 'zod';
import { CalendarDate } from './dates.js';
import { DecimalText, formatMoney, Money } from './money.js';
import { CustomFields, DocumentRef, PartyRef, RecordRef, RecordSource } from './recordRef.js';
import { onlyWhenFieldsValid } from './validate.js';

/** Received from a customer (Xero ACCRECPAYMENT) or paid to a supplier (ACCPAYPAYMENT). */
export const PaymentDirection = z.enum(['received', 'paid']);
export type PaymentDirection = z.infer<typeof PaymentDirection>;

/** Xero AUTHORISED/DELETED; KashFlow has no deleted payments (they disappear), X3 cancelled payments → deleted. */
export const PaymentStatus = z.enum(['authorised', 'deleted']);
export type PaymentStatus = z.infer<typeof PaymentStatus>;

/** A bank or ledger account by code and/or id: Xero Account {Code|AccountID}, KashFlow AccountId, X3 bank code. */
export const AccountRef = z
  .object({ code: z.string().min(1).optional(), ref: RecordRef.optional(), name: z.string().min(1).optional() })
  .refine((account) => account.code !== undefined || account.ref !== undefined, {
    message: 'an account reference needs a code or an id',
  });
export type AccountRef = z.infer<typeof AccountRef>;

/** How much of a payment settles one document. Xero payments settle one; X3 payments can settle many. */
export const PaymentAllocation = z.object({
  document: DocumentRef,
  documentKind: z.enum(['invoice', 'creditNote']),
  amount: Money,
});
export type PaymentAllocation = z.infer<typeof PaymentAllocation>;

export const Payment = z
  .object({
    source: RecordSource.optional(),
    direction: PaymentDirection,
    status: PaymentStatus,
    date: CalendarDate,
    /** Positive: the direction says which way the money went. */
    amount: Money,
    party: PartyRef.optional(),
    allocations: z.array(PaymentAllocation),
    bankAccount: AccountRef.optional(),
    /** Amount in the bank account's currency when it differs from the documents' (Xero BankAmount). */
    bankAmount: Money.optional(),
    fxRate: DecimalText.optional(),
    reference: z.string().optional(),
    /** Payment method as the system names it (KashFlow method id, "BACS", "Card"). */
    method: z.string().optional(),
    reconciled: z.boolean().optional(),
    customFields: CustomFields.optional(),
  })
  .superRefine((payment, ctx) => {
    const { currency } = payment.amount;
    if (payment.amount.amountMinor <= 0) {
      ctx.addIssue({ code: 'custom', path: ['amount'], message: 'amount must be more than zero' });
    }
    let allocated = 0;
    payment.allocations.forEach((allocation, index) => {
      if (allocation.amount.currency !== currency) {
        ctx.addIssue({
          code: 'custom',
          path: ['allocations', index, 'amount'],
          message: `allocations.${index}.amount is in ${allocation.amount.currency} but the payment is in ${currency}`,
        });
      }
      allocated += allocation.amount.amountMinor;
    });
    if (allocated > payment.amount.amountMinor) {
      ctx.addIssue({
        code: 'custom',
        path: ['allocations'],
        message: `allocations add up to ${formatMoney({ amountMinor: allocated, currency })}, more than the payment amount ${formatMoney(payment.amount)}`,
      });
    }
  }, onlyWhenFieldsValid);
export type Payment = z.infer<typeof Payment>;
