import { fromMinor, toMinor } from './amounts.js';
import { type KashFlowContext, nowStamp } from './context.js';
import { nominalRecord } from './defaults.js';
import { KashFlowHttpError, validation } from './errors.js';
import type { ListSpec } from './listing.js';
import { applyPatch } from './parties.js';
import {
  type BankAccountInput,
  currencyFrom,
  type KfBankAccount,
  type KfNominal,
  type KfProduct,
  type NominalInput,
  type ProductInput,
} from './records.js';
import { productKey } from './store.js';

/** Products, nominal codes, bank accounts and VAT rates: the reference data invoices point at. */

interface WriteOptions {
  readonly seeding?: boolean;
}

export function findNominal(context: KashFlowContext, code: number): KfNominal {
  const nominal = context.store.nominals.get(code);
  if (!nominal) throw new KashFlowHttpError(404, 'NominalNotFound', `Nominal with code ${code} was not found.`);
  return nominal;
}

function blankProduct(id: number, code: string, nominal: KfNominal, stamp: string): KfProduct {
  return {
    Id: id,
    Code: code,
    Name: '',
    Description: '',
    NominalCode: nominal.Code,
    NominalId: nominal.Id,
    Price: 0,
    WholeSalePrice: 0,
    VATRate: nominal.VATRate,
    VATExempt: false,
    ManageStockLevel: false,
    QuantityInStock: 0,
    StockWarningQuantity: 0,
    IsArchived: false,
    AutoFillLineItem: true,
    CreatedDate: stamp,
    LastUpdatedDate: stamp,
  };
}

function productPatch(input: ProductInput) {
  return {
    Name: input.Name,
    Description: input.Description,
    Price: input.Price,
    WholeSalePrice: input.WholeSalePrice,
    VATRate: input.VATRate,
    VATExempt: input.VATExempt,
    ManageStockLevel: input.ManageStockLevel,
    QuantityInStock: input.QuantityInStock,
    StockWarningQuantity: input.StockWarningQuantity,
    IsArchived: input.IsArchived,
    AutoFillLineItem: input.AutoFillLineItem,
  };
}

function nominalForProduct(context: KashFlowContext, code: number | null | undefined): KfNominal {
  if (code == null) throw validation('NominalCode is required: a product belongs to a sales nominal code.');
  const nominal = context.store.nominals.get(code);
  if (!nominal) throw validation(`Nominal code ${code} does not exist.`, 'InvalidNominalCode');
  return nominal;
}

export function findProduct(context: KashFlowContext, nominalCode: number, code: string): KfProduct {
  const product = context.store.products.get(productKey(nominalCode, code));
  if (!product) {
    throw new KashFlowHttpError(404, 'ProductNotFound', `Product ${code} under nominal ${nominalCode} was not found.`);
  }
  return product;
}

export function createProduct(context: KashFlowContext, input: ProductInput, options: WriteOptions = {}): KfProduct {
  const nominal = nominalForProduct(context, input.NominalCode);
  const code = input.Code?.trim();
  if (!code) throw validation('Product code is required.', 'CodeRequired');
  if (!input.Name?.trim()) throw validation('Product name is required.', 'NameRequired');
  const key = productKey(nominal.Code, code);
  if (context.store.products.has(key)) {
    throw validation(
      `A product with the code ${code} already exists under nominal ${nominal.Code}.`,
      'DuplicateProductCode',
    );
  }
  const id = options.seeding && input.Id ? input.Id : context.store.nextId('product');
  if (options.seeding && input.Id) context.store.noteId('product', input.Id);
  const blank = blankProduct(id, code, nominal, nowStamp(context));
  const product = applyPatch(blank, productPatch(input), blank);
  context.store.products.set(key, product);
  return product;
}

export function updateProduct(
  context: KashFlowContext,
  nominalCode: number,
  code: string,
  input: ProductInput,
): KfProduct {
  const existing = findProduct(context, nominalCode, code);
  const nominal =
    input.NominalCode != null ? nominalForProduct(context, input.NominalCode) : findNominal(context, nominalCode);
  const newCode = input.Code?.trim() || existing.Code;
  const oldKey = productKey(existing.NominalCode, existing.Code);
  const newKey = productKey(nominal.Code, newCode);
  if (newKey !== oldKey && context.store.products.has(newKey)) {
    throw validation(
      `A product with the code ${newCode} already exists under nominal ${nominal.Code}.`,
      'DuplicateProductCode',
    );
  }
  const blank = blankProduct(existing.Id, newCode, nominal, existing.CreatedDate);
  const base = context.settings.putSemantics === 'replace' ? { ...blank, Name: existing.Name } : existing;
  const updated = applyPatch(base, productPatch(input), blank);
  updated.Code = newCode;
  updated.NominalCode = nominal.Code;
  updated.NominalId = nominal.Id;
  updated.LastUpdatedDate = nowStamp(context);
  context.store.products.delete(oldKey);
  context.store.products.set(newKey, updated);
  return updated;
}

export function deleteProduct(context: KashFlowContext, nominalCode: number, code: string): void {
  const existing = findProduct(context, nominalCode, code);
  context.store.products.delete(productKey(existing.NominalCode, existing.Code));
}

export const productListSpec: ListSpec<KfProduct> = {
  name: 'products',
  fields: {
    code: (row) => row.Code,
    name: (row) => row.Name,
    price: (row) => row.Price,
    nominalCode: (row) => row.NominalCode,
  },
  // UNCONFIRMED: no sortby codes are documented for products; settings.sortCodes.products replaces these.
  codes: { '0': 'name', '1': 'code', '2': 'price' },
  defaultField: 'code',
};

/** Nominals as served: IsProduct and DefaultProduct follow from the products filed under them. */
export function presentNominals(context: KashFlowContext, nominals: readonly KfNominal[]): KfNominal[] {
  const firstProduct = new Map<number, KfProduct>();
  for (const product of context.store.products.values()) {
    if (!firstProduct.has(product.NominalCode)) firstProduct.set(product.NominalCode, product);
  }
  return nominals.map((nominal) => {
    const product = firstProduct.get(nominal.Code);
    return {
      ...nominal,
      IsProduct: product ? 1 : 0,
      DefaultProduct: product
        ? {
            Code: product.Code,
            Name: product.Name,
            Price: product.Price,
            VATRate: product.VATRate,
            VATExempt: product.VATExempt,
          }
        : null,
    };
  });
}

function nominalPatch(input: NominalInput) {
  return {
    Name: input.Name,
    Type: input.Type,
    NomType: input.NomType,
    Price: input.Price,
    WholeSalePrice: input.WholeSalePrice,
    VATRate: input.VATRate,
    VATExempt: input.VATExempt,
    Archived: input.Archived,
    Disallowed: input.Disallowed,
    Description: input.Description,
    Classification: input.Classification,
  };
}

export function createNominal(context: KashFlowContext, input: NominalInput, options: WriteOptions = {}): KfNominal {
  if (input.Code == null) throw validation('Nominal code is required.', 'CodeRequired');
  if (!input.Name?.trim()) throw validation('Nominal name is required.', 'NameRequired');
  if (context.store.nominals.has(input.Code)) {
    throw validation(`A nominal with the code ${input.Code} already exists.`, 'DuplicateNominalCode');
  }
  const id = options.seeding && input.Id ? input.Id : context.store.nextId('nominal');
  if (options.seeding && input.Id) context.store.noteId('nominal', input.Id);
  const blank = nominalRecord(id, input.Code, '', input.Type ?? 'Sales', input.NomType ?? 1);
  const nominal = applyPatch(blank, nominalPatch(input), blank);
  context.store.nominals.set(nominal.Code, nominal);
  return nominal;
}

export function updateNominal(context: KashFlowContext, code: number, input: NominalInput): KfNominal {
  const existing = findNominal(context, code);
  const blank = nominalRecord(existing.Id, existing.Code, existing.Name, existing.Type, existing.NomType);
  const updated = applyPatch(existing, nominalPatch(input), blank);
  context.store.nominals.set(code, updated);
  return updated;
}

export function deleteNominal(context: KashFlowContext, code: number): void {
  const existing = findNominal(context, code);
  const inUse =
    [...context.store.products.values()].some((p) => p.NominalCode === code) ||
    [...context.store.bankAccounts.values()].some((b) => b.Code === code) ||
    [...context.store.invoices.values(), ...context.store.purchases.values()].some((d) =>
      d.LineItems.some((line) => line.NominalCode === code),
    );
  if (inUse) {
    throw validation(`Nominal ${existing.Code} is in use and cannot be deleted.`, 'NominalInUse');
  }
  context.store.nominals.delete(code);
}

function blankBankAccount(id: number, code: number): KfBankAccount {
  return {
    Id: id,
    Code: code,
    AccountName: '',
    AccountNumber: '',
    SortCode: '',
    IsDefaultAccount: false,
    IsArchived: false,
    OpeningBalance: 0,
    Currency: currencyFrom(undefined),
    DefaultInvoicePaymentType: { Id: 3, Name: 'BACS' },
  };
}

function bankPatch(input: BankAccountInput) {
  return {
    AccountName: input.AccountName,
    AccountNumber: input.AccountNumber,
    SortCode: input.SortCode,
    IsDefaultAccount: input.IsDefaultAccount,
    IsArchived: input.IsArchived,
    OpeningBalance: input.OpeningBalance,
    Currency: input.Currency === null ? null : input.Currency && currencyFrom(input.Currency),
    DefaultInvoicePaymentType:
      input.DefaultInvoicePaymentType === null
        ? null
        : input.DefaultInvoicePaymentType && {
            Id: input.DefaultInvoicePaymentType.Id ?? 3,
            Name: input.DefaultInvoicePaymentType.Name ?? 'BACS',
          },
  };
}

export function findBankAccount(context: KashFlowContext, id: number): KfBankAccount {
  const account = context.store.bankAccounts.get(id);
  if (!account) throw new KashFlowHttpError(404, 'BankAccountNotFound', `Bank account ${id} was not found.`);
  return account;
}

function onlyDefault(context: KashFlowContext, account: KfBankAccount): void {
  if (!account.IsDefaultAccount) return;
  for (const other of context.store.bankAccounts.values()) if (other.Id !== account.Id) other.IsDefaultAccount = false;
}

export function createBankAccount(
  context: KashFlowContext,
  input: BankAccountInput,
  options: WriteOptions = {},
): KfBankAccount {
  if (!input.AccountName?.trim()) throw validation('AccountName is required.', 'NameRequired');
  let code = input.Code ?? 1200;
  if (input.Code == null) {
    while ([...context.store.bankAccounts.values()].some((b) => b.Code === code)) code += 1;
  } else if ([...context.store.bankAccounts.values()].some((b) => b.Code === code)) {
    throw validation(`A bank account with the code ${code} already exists.`, 'DuplicateBankCode');
  }
  const id = options.seeding && input.Id ? input.Id : context.store.nextId('bankAccount');
  if (options.seeding && input.Id) context.store.noteId('bankAccount', input.Id);
  const blank = blankBankAccount(id, code);
  const account = applyPatch(blank, bankPatch(input), blank);
  if (!context.store.nominals.has(code)) {
    context.store.nominals.set(
      code,
      nominalRecord(context.store.nextId('nominal'), code, account.AccountName, 'Bank', 3),
    );
  }
  context.store.bankAccounts.set(id, account);
  onlyDefault(context, account);
  return account;
}

export function updateBankAccount(context: KashFlowContext, id: number, input: BankAccountInput): KfBankAccount {
  const existing = findBankAccount(context, id);
  const updated = applyPatch(existing, bankPatch(input), blankBankAccount(existing.Id, existing.Code));
  context.store.bankAccounts.set(id, updated);
  onlyDefault(context, updated);
  return updated;
}

export function deleteBankAccount(context: KashFlowContext, id: number): void {
  findBankAccount(context, id);
  const used = [...context.store.invoices.values(), ...context.store.purchases.values()].some((d) =>
    d.PaymentLines.some((p) => p.AccountId === id),
  );
  if (used) throw validation(`Bank account ${id} has transactions and cannot be deleted.`, 'BankAccountInUse');
  context.store.bankAccounts.delete(id);
}

/** BankBalance = OpeningBalance + customer payments in − supplier payments out. */
export function presentBankAccounts(context: KashFlowContext, accounts: readonly KfBankAccount[]) {
  const movement = new Map<number, number>();
  const add = (id: number, minor: number) => movement.set(id, (movement.get(id) ?? 0) + minor);
  for (const invoice of context.store.invoices.values()) {
    for (const payment of invoice.PaymentLines) add(payment.AccountId, toMinor(payment.Amount, 2));
  }
  for (const purchase of context.store.purchases.values()) {
    for (const payment of purchase.PaymentLines) add(payment.AccountId, -toMinor(payment.Amount, 2));
  }
  return accounts.map((account) => ({
    ...account,
    BankBalance: fromMinor(toMinor(account.OpeningBalance, 2) + (movement.get(account.Id) ?? 0), 2),
  }));
}

export const bankAccountListSpec: ListSpec<KfBankAccount> = {
  name: 'bankaccounts',
  fields: { code: (row) => row.Code, accountName: (row) => row.AccountName, id: (row) => row.Id },
  // UNCONFIRMED: undocumented; settings.sortCodes.bankaccounts replaces these.
  codes: { '0': 'accountName', '1': 'code' },
  defaultField: 'code',
};

export function createVatRate(context: KashFlowContext, rate: number) {
  for (const existing of context.store.vatRates.values()) {
    if (existing.VATRate === rate) throw validation(`The VAT rate ${rate}% already exists.`, 'DuplicateVatRate');
  }
  const id = context.store.nextId('vatRate');
  const record = { VATId: id, VATRate: rate, VATText: `${rate}%` };
  context.store.vatRates.set(id, record);
  return record;
}

export function deleteVatRate(context: KashFlowContext, id: number): void {
  if (!context.store.vatRates.delete(id)) {
    throw new KashFlowHttpError(404, 'VatRateNotFound', `VAT rate ${id} was not found.`);
  }
}
