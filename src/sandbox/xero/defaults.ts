import { randomUUID } from 'node:crypto';
import { TenantBook } from './book.js';
import { accountClass } from './entities/accounts.js';
import { currencyRecord } from './entities/currencies.js';
import type { AccountRecord, TaxRateRecord } from './records.js';

/** A new organisation as Xero sets one up for the UK: the standard chart of accounts, VAT rates and GBP. */
export interface NewOrganisation {
  readonly organisationId?: string;
  readonly name: string;
  readonly baseCurrency?: string;
  readonly currencies?: readonly string[];
  readonly createdAt: string;
}

const UK_TAX_RATES: readonly [string, string, number, string, boolean][] = [
  ['OUTPUT2', '20% (VAT on Income)', 20, 'OUTPUT', true],
  ['INPUT2', '20% (VAT on Expenses)', 20, 'INPUT', false],
  ['RROUTPUT', '5% (VAT on Income)', 5, 'OUTPUT', true],
  ['RRINPUT', '5% (VAT on Expenses)', 5, 'INPUT', false],
  ['ZERORATEDOUTPUT', 'Zero Rated Income', 0, 'OUTPUT', true],
  ['ZERORATEDINPUT', 'Zero Rated Expenses', 0, 'INPUT', false],
  ['EXEMPTOUTPUT', 'Exempt Income', 0, 'EXEMPTOUTPUT', true],
  ['EXEMPTINPUT', 'Exempt Expenses', 0, 'EXEMPTINPUT', false],
  ['NONE', 'No VAT', 0, 'NONE', true],
];

const UK_ACCOUNTS: readonly [string, string, string, string][] = [
  ['090', 'Business Bank Account', 'BANK', 'NONE'],
  ['091', 'Business Savings Account', 'BANK', 'NONE'],
  ['200', 'Sales', 'SALES', 'OUTPUT2'],
  ['260', 'Other Revenue', 'REVENUE', 'OUTPUT2'],
  ['310', 'Cost of Goods Sold', 'DIRECTCOSTS', 'INPUT2'],
  ['400', 'Advertising', 'OVERHEADS', 'INPUT2'],
  ['404', 'Bank Fees', 'OVERHEADS', 'EXEMPTINPUT'],
  ['429', 'General Expenses', 'OVERHEADS', 'INPUT2'],
  ['610', 'Accounts Receivable', 'CURRENT', 'NONE'],
  ['630', 'Inventory', 'INVENTORY', 'NONE'],
  ['800', 'Accounts Payable', 'CURRLIAB', 'NONE'],
  ['820', 'VAT', 'CURRLIAB', 'NONE'],
  ['970', 'Owner A Funds Introduced', 'EQUITY', 'NONE'],
];

const SYSTEM_ACCOUNTS: Readonly<Record<string, string>> = { '610': 'DEBTORS', '800': 'CREDITORS', '820': 'GST' };

export function newOrganisation(spec: NewOrganisation): TenantBook {
  const base = spec.baseCurrency ?? 'GBP';
  const book = new TenantBook({
    OrganisationID: spec.organisationId ?? randomUUID(),
    Name: spec.name,
    LegalName: spec.name,
    ShortCode: `!${randomUUID().slice(0, 5)}`,
    BaseCurrency: base,
    CountryCode: 'GB',
    Timezone: 'GMTSTANDARDTIME',
    OrganisationType: 'COMPANY',
    Version: 'UK',
    CreatedDateUTC: spec.createdAt,
  });
  for (const [taxType, name, rate, report, revenue] of UK_TAX_RATES) {
    const record: TaxRateRecord = {
      Name: name,
      TaxType: taxType,
      TaxComponents: [{ Name: 'VAT', Rate: rate, IsCompound: false, IsNonRecoverable: false }],
      Status: 'ACTIVE',
      ReportTaxType: report,
      CanApplyToAssets: !revenue,
      CanApplyToEquity: true,
      CanApplyToExpenses: !revenue,
      CanApplyToLiabilities: true,
      CanApplyToRevenue: revenue || taxType === 'NONE',
      DisplayTaxRate: rate,
      EffectiveRate: rate,
    };
    book.taxRates.set(taxType, record);
  }
  for (const [code, name, type, taxType] of UK_ACCOUNTS) {
    const record: AccountRecord = {
      AccountID: randomUUID(),
      Code: code,
      Name: name,
      Type: type,
      Class: accountClass(type) ?? 'ASSET',
      Status: 'ACTIVE',
      TaxType: taxType,
      EnablePaymentsToAccount: false,
      ShowInExpenseClaims: false,
      UpdatedDateUTC: spec.createdAt,
    };
    if (type === 'BANK') {
      record.BankAccountNumber = code === '090' ? '12345678' : '87654321';
      record.BankAccountType = 'BANK';
      record.CurrencyCode = base;
    }
    const system = SYSTEM_ACCOUNTS[code];
    if (system) record.SystemAccount = system;
    book.accounts.set(record.AccountID, record);
  }
  for (const code of new Set([base, ...(spec.currencies ?? ['EUR', 'USD'])])) {
    book.currencies.set(code, currencyRecord(code));
  }
  return book;
}
