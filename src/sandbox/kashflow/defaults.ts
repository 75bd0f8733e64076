import { currencyFrom, type KfNominal } from './records.js';
import type { KashFlowStore } from './store.js';

/**
 * The reference data a new KashFlow account starts with: a small UK chart of nominal codes, the standard VAT rates,
 * one current account and the usual payment methods. Ids and names are sandbox choices.
 */
const chart: ReadonlyArray<readonly [code: number, name: string, type: string, nomType: number]> = [
  [1100, 'Debtors Control Account', 'Current Assets', 2],
  [1200, 'Bank Current Account', 'Bank', 3],
  [2100, 'Creditors Control Account', 'Current Liabilities', 4],
  [2200, 'VAT Liability', 'Current Liabilities', 4],
  [4000, 'Sales', 'Sales', 1],
  [4900, 'Other Income', 'Sales', 1],
  [5000, 'Materials Purchased', 'Cost of Sales', 5],
  [7403, 'Entertainment', 'Expenses', 6],
  [7500, 'Office Costs', 'Expenses', 6],
];

export function nominalRecord(id: number, code: number, name: string, type: string, nomType: number): KfNominal {
  return {
    Id: id,
    Code: code,
    Name: name,
    Type: type,
    NomType: nomType,
    IsProduct: 0,
    Price: 0,
    WholeSalePrice: 0,
    VATRate: nomType === 1 ? 20 : 0,
    VATExempt: false,
    Archived: false,
    Disallowed: false,
    Description: '',
    Classification: type,
    AllowDelete: true,
    DefaultProduct: null,
  };
}

export function installDefaults(store: KashFlowStore): void {
  for (const [code, name, type, nomType] of chart) {
    if (!store.nominals.has(code))
      store.nominals.set(code, nominalRecord(store.nextId('nominal'), code, name, type, nomType));
  }
  if (store.vatRates.size === 0) {
    for (const rate of [20, 5, 0]) {
      const id = store.nextId('vatRate');
      store.vatRates.set(id, { VATId: id, VATRate: rate, VATText: `${rate}%` });
    }
  }
  if (store.bankAccounts.size === 0) {
    const id = store.nextId('bankAccount');
    store.bankAccounts.set(id, {
      Id: id,
      Code: 1200,
      AccountName: 'Current Account',
      AccountNumber: '12345678',
      SortCode: '20-00-00',
      IsDefaultAccount: true,
      IsArchived: false,
      OpeningBalance: 0,
      Currency: currencyFrom(undefined),
      DefaultInvoicePaymentType: { Id: 3, Name: 'BACS' },
    });
  }
  if (store.invoicePaymentMethods.length === 0) {
    store.invoicePaymentMethods = ['Cash', 'Cheque', 'BACS', 'Credit/Debit Card', 'Direct Debit'].map((Name, i) => ({
      Id: i + 1,
      Name,
    }));
  }
  if (store.purchasePaymentMethods.length === 0) {
    store.purchasePaymentMethods = ['Cash', 'Cheque', 'BACS', 'Credit/Debit Card', 'Direct Debit'].map((Name, i) => ({
      Id: i + 1,
      Name,
    }));
  }
}
