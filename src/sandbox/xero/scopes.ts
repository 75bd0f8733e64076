/**
 * The scopes that let a token call each Accounting collection: the broad 2020-era scopes and the granular ones
 * that replace `accounting.transactions` for apps created from March 2026. A GET is also allowed by the `.read`
 * variant of any of them.
 */
const SCOPES_BY_COLLECTION: Readonly<Record<string, readonly string[]>> = {
  Contacts: ['accounting.contacts'],
  Invoices: ['accounting.transactions', 'accounting.invoices'],
  CreditNotes: ['accounting.transactions', 'accounting.invoices'],
  Items: ['accounting.settings', 'accounting.invoices'],
  Payments: ['accounting.transactions', 'accounting.payments'],
  BankTransactions: ['accounting.transactions', 'accounting.banktransactions'],
  Accounts: ['accounting.settings'],
  TaxRates: ['accounting.settings'],
  Currencies: ['accounting.settings'],
  Organisation: ['accounting.settings'],
};

/** Whether the granted scopes cover a call to `/api.xro/2.0/<collection>/…` with this method. */
export function scopesAllow(granted: readonly string[], method: string, apiPath: string): boolean {
  const collection =
    apiPath
      .split('/')
      .filter((part) => part !== '')[0]
      ?.split('?')[0] ?? '';
  const needed = SCOPES_BY_COLLECTION[collection];
  if (!needed) return true;
  const reading = method === 'GET' || method === 'HEAD';
  return needed.some((scope) => granted.includes(scope) || (reading && granted.includes(`${scope}.read`)));
}
