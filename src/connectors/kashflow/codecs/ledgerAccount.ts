import { LedgerAccount, type LedgerAccountType, ledgerAccountClassOf } from '../../../model/index.js';
import type { KfNominal } from '../wire.js';
import { type CodecContext, canonical, NO_CHANGE_STAMP, sourceOf, text } from './shared.js';

/** KashFlow nominal `Type` names (as its chart prints them) → canonical account types. */
const TYPES: Readonly<Record<string, LedgerAccountType>> = {
  bank: 'bank',
  'current assets': 'currentAsset',
  'fixed assets': 'fixedAsset',
  stock: 'inventory',
  'current liabilities': 'currentLiability',
  'long term liabilities': 'longTermLiability',
  'capital and reserves': 'equity',
  capital: 'equity',
  equity: 'equity',
  sales: 'sales',
  'other income': 'otherIncome',
  'cost of sales': 'directCosts',
  'direct costs': 'directCosts',
  expenses: 'expense',
  overheads: 'expense',
};

/** The UK standard chart's code ranges, for types KashFlow names differently or not at all. */
function typeFromCode(code: number): LedgerAccountType {
  if (code < 1000) return 'fixedAsset';
  if (code === 1100) return 'receivables';
  if (code >= 1200 && code < 1300) return 'bank';
  if (code < 2000) return 'currentAsset';
  if (code === 2100) return 'payables';
  if (code >= 2200 && code < 2300) return 'tax';
  if (code < 3000) return 'currentLiability';
  if (code < 4000) return 'equity';
  if (code < 5000) return 'sales';
  if (code < 6000) return 'directCosts';
  return 'expense';
}

export function ledgerAccountFromWire(context: CodecContext, wire: KfNominal): LedgerAccount {
  const named = TYPES[(wire.Type ?? '').trim().toLowerCase()];
  // Control accounts (debtors, creditors, VAT) are typed by code: KashFlow files them under "Current …".
  const byCode = typeFromCode(wire.Code);
  const type = named === undefined || ['receivables', 'payables', 'tax', 'bank'].includes(byCode) ? byCode : named;
  const body: LedgerAccount = {
    code: String(wire.Code),
    name: text(wire.Name) ?? String(wire.Code),
    class: ledgerAccountClassOf(type),
    type,
    status: wire.Archived ? 'archived' : 'active',
    ...(text(wire.Description) ? { description: text(wire.Description) } : {}),
    ...(wire.VATRate != null && (type === 'sales' || type === 'directCosts' || type === 'expense')
      ? { taxCode: String(wire.VATRate) }
      : {}),
  };
  const source = sourceOf(context, { id: String(wire.Id ?? wire.Code), number: String(wire.Code) }, {}, body);
  return canonical(LedgerAccount, { source: { ...source, updatedAt: NO_CHANGE_STAMP }, ...body }, 'Ledger account', {
    endpoint: 'GET /nominals',
    record: String(wire.Code),
  });
}
