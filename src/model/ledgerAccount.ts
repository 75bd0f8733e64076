import { z } from 'zod';
import { CurrencyCode } from './money.js';
import { CustomFields, RecordSource } from './recordRef.js';
import { onlyWhenFieldsValid } from './validate.js';

/** The five account classes every chart of accounts reduces to (Xero Class; X3 and KashFlow by account type). */
export const LedgerAccountClass = z.enum(['asset', 'liability', 'equity', 'revenue', 'expense']);
export type LedgerAccountClass = z.infer<typeof LedgerAccountClass>;

/**
 * Canonical account type. Xero Type maps: BANK → bank, CURRENT → currentAsset, PREPAYMENT → currentAsset,
 * INVENTORY → inventory, FIXED and NONCURRENT → fixedAsset, CURRLIAB and LIABILITY → currentLiability,
 * TERMLIAB → longTermLiability, EQUITY → equity, REVENUE and SALES → sales, OTHERINCOME → otherIncome,
 * DIRECTCOSTS → directCosts, EXPENSE, OVERHEADS, DEPRECIATN and PAYG → expense. KashFlow nominal types and
 * X3 account collectives map by the connector's table.
 */
export const LedgerAccountType = z.enum([
  'bank',
  'currentAsset',
  'inventory',
  'fixedAsset',
  'receivables',
  'currentLiability',
  'longTermLiability',
  'payables',
  'tax',
  'equity',
  'sales',
  'otherIncome',
  'directCosts',
  'expense',
]);
export type LedgerAccountType = z.infer<typeof LedgerAccountType>;

const classOfType: Record<LedgerAccountType, LedgerAccountClass> = {
  bank: 'asset',
  currentAsset: 'asset',
  inventory: 'asset',
  fixedAsset: 'asset',
  receivables: 'asset',
  currentLiability: 'liability',
  longTermLiability: 'liability',
  payables: 'liability',
  tax: 'liability',
  equity: 'equity',
  sales: 'revenue',
  otherIncome: 'revenue',
  directCosts: 'expense',
  expense: 'expense',
};

/** The class an account type belongs to. */
export function ledgerAccountClassOf(type: LedgerAccountType): LedgerAccountClass {
  return classOfType[type];
}

/** Xero Account, KashFlow nominal, X3 GACCOUNT. `code` is the business key ("200", "4000", "706000"). */
export const LedgerAccount = z
  .object({
    source: RecordSource.optional(),
    code: z.string().trim().min(1, 'code is required').max(50),
    name: z.string().trim().min(1, 'name is required').max(150),
    class: LedgerAccountClass,
    type: LedgerAccountType,
    status: z.enum(['active', 'archived']),
    description: z.string().optional(),
    /** Default tax code for postings to this account. */
    taxCode: z.string().min(1).optional(),
    /** Bank accounts only. */
    currency: CurrencyCode.optional(),
    bankAccountNumber: z.string().optional(),
    customFields: CustomFields.optional(),
  })
  .superRefine((account, ctx) => {
    if (ledgerAccountClassOf(account.type) !== account.class) {
      ctx.addIssue({
        code: 'custom',
        path: ['class'],
        message: `class is ${account.class} but a ${account.type} account is ${ledgerAccountClassOf(account.type)}`,
      });
    }
    if (account.type !== 'bank' && account.bankAccountNumber) {
      ctx.addIssue({
        code: 'custom',
        path: ['bankAccountNumber'],
        message: 'bankAccountNumber is only for bank accounts',
      });
    }
  }, onlyWhenFieldsValid);
export type LedgerAccount = z.infer<typeof LedgerAccount>;
