import { LedgerAccount, type LedgerAccountType, ledgerAccountClassOf } from '../../../model/index.js';
import { checked, present, sourceOf } from './shared.js';
import type { XAccount } from './wire.js';

/** Xero account Type → canonical type (the table in src/model/ledgerAccount.ts). */
const TYPES: Readonly<Record<string, LedgerAccountType>> = {
  BANK: 'bank',
  CURRENT: 'currentAsset',
  PREPAYMENT: 'currentAsset',
  INVENTORY: 'inventory',
  FIXED: 'fixedAsset',
  NONCURRENT: 'fixedAsset',
  CURRLIAB: 'currentLiability',
  LIABILITY: 'currentLiability',
  TERMLIAB: 'longTermLiability',
  EQUITY: 'equity',
  REVENUE: 'sales',
  SALES: 'sales',
  OTHERINCOME: 'otherIncome',
  DIRECTCOSTS: 'directCosts',
  EXPENSE: 'expense',
  OVERHEADS: 'expense',
  DEPRECIATN: 'expense',
  PAYG: 'expense',
};

/** System accounts that have a canonical type of their own. */
const SYSTEM_TYPES: Readonly<Record<string, LedgerAccountType>> = {
  DEBTORS: 'receivables',
  CREDITORS: 'payables',
  GST: 'tax',
};

export function decodeLedgerAccount(account: XAccount): LedgerAccount {
  const type = SYSTEM_TYPES[account.systemAccount ?? ''] ?? TYPES[account.type] ?? 'expense';
  const bank = type === 'bank';
  return checked(
    LedgerAccount,
    {
      source: sourceOf(account.accountID, account.updatedDateUTC, present(account.code)),
      // Xero bank accounts may have no code; their number (or id) is the nearest business key.
      code: present(account.code) ?? present(account.bankAccountNumber) ?? account.accountID,
      name: account.name,
      class: ledgerAccountClassOf(type),
      type,
      status: account.status === 'ACTIVE' || account.status === undefined ? 'active' : 'archived',
      description: present(account.description),
      taxCode: present(account.taxType),
      currency: bank ? present(account.currencyCode) : undefined,
      bankAccountNumber: bank ? present(account.bankAccountNumber) : undefined,
    },
    'account',
    account.accountID,
  );
}
