import { z } from 'zod';

/**
 * KashFlow v2 records as the sandbox stores and serves them: PascalCase wire shapes, dates as "YYYY-MM-DD HH:mm:ss"
 * UK wall time, amounts as JSON numbers (arithmetic on them goes through integer minor units, see `amounts.ts`).
 * Field lists follow the reference and the documentation samples quoted by third parties; quirks kept on purpose:
 * `Contacts[].Firstname`, `Currency` as an object, line VAT as `VATLevel` (a percentage), no `Paid` flag.
 */

// ASP.NET binding is lenient about scalars: "12.5" binds to a decimal and 0/1 to a bool (samples show `VATExempt: 0`).
// .NET decimals stop near ±7.9e28; anything larger fails binding.
const DECIMAL_MAX = 7.9e28;
const numeric = z
  .union([
    z.number(),
    z
      .string()
      .trim()
      .regex(/^-?\d+(\.\d+)?$/, 'a number')
      .transform(Number),
  ])
  .pipe(z.number().min(-DECIMAL_MAX, 'a number in range').max(DECIMAL_MAX, 'a number in range'));
const integer = numeric.pipe(z.number().int('a whole number'));
const bool = z.union([z.boolean(), z.literal(0).transform(() => false), z.literal(1).transform(() => true)]);
const text = z.string();
const opt = <T extends z.ZodType>(schema: T) => schema.nullish();

export const CurrencyInput = z.object({
  Code: opt(text.regex(/^[A-Za-z]{3}$/, 'a three-letter currency code')),
  Name: opt(text),
  Symbol: opt(text),
  DisplaySymbolOnRight: opt(bool),
  ExchangeRate: opt(numeric.pipe(z.number().positive('a positive exchange rate'))),
});

export interface KfCurrency {
  Code: string;
  Name: string;
  Symbol: string;
  DisplaySymbolOnRight: boolean;
  ExchangeRate: number;
}

const knownCurrencies: Readonly<Record<string, Omit<KfCurrency, 'ExchangeRate' | 'Code'>>> = {
  GBP: { Name: 'British Pounds', Symbol: '£', DisplaySymbolOnRight: false },
  EUR: { Name: 'Euros', Symbol: '€', DisplaySymbolOnRight: false },
  USD: { Name: 'US Dollars', Symbol: '$', DisplaySymbolOnRight: false },
  AUD: { Name: 'Australian Dollars', Symbol: '$', DisplaySymbolOnRight: false },
};

export function currencyFrom(input: z.infer<typeof CurrencyInput> | null | undefined): KfCurrency {
  const code = (input?.Code ?? 'GBP').toUpperCase();
  const known = knownCurrencies[code] ?? { Name: code, Symbol: code, DisplaySymbolOnRight: false };
  return {
    Code: code,
    Name: input?.Name ?? known.Name,
    Symbol: input?.Symbol ?? known.Symbol,
    DisplaySymbolOnRight: input?.DisplaySymbolOnRight ?? known.DisplaySymbolOnRight,
    ExchangeRate: input?.ExchangeRate ?? 1,
  };
}

export const AddressInput = z.object({
  Name: opt(text),
  Line1: opt(text),
  Line2: opt(text),
  Line3: opt(text),
  Line4: opt(text),
  PostCode: opt(text),
  CountryCode: opt(text),
  CountryName: opt(text),
});
export interface KfAddress {
  Name?: string | null;
  Line1: string | null;
  Line2: string | null;
  Line3: string | null;
  Line4: string | null;
  PostCode: string | null;
  CountryCode: string | null;
  CountryName: string | null;
}

export function addressFrom(input: z.infer<typeof AddressInput>, named: boolean): KfAddress {
  return {
    ...(named ? { Name: input.Name ?? null } : {}),
    Line1: input.Line1 ?? null,
    Line2: input.Line2 ?? null,
    Line3: input.Line3 ?? null,
    Line4: input.Line4 ?? null,
    PostCode: input.PostCode ?? null,
    CountryCode: input.CountryCode ?? null,
    CountryName: input.CountryName ?? null,
  };
}

export const ContactInput = z.object({
  Id: opt(integer),
  IsPrimary: opt(bool),
  ReceiveEmails: opt(bool),
  Name: opt(text),
  Title: opt(text),
  Firstname: opt(text),
  LastName: opt(text),
  Telephone: opt(text),
  Fax: opt(text),
  Mobile: opt(text),
  Website: opt(text),
  Email: opt(text),
});
export interface KfContact {
  Id: number;
  IsPrimary: boolean;
  ReceiveEmails: boolean;
  Name: string | null;
  Title: string | null;
  Firstname: string | null;
  LastName: string | null;
  Telephone: string | null;
  Fax: string | null;
  Mobile: string | null;
  Website: string | null;
  Email: string | null;
}

const NameValue = z.object({ Name: opt(text), Value: opt(text) });
export interface KfNameValue {
  Name: string | null;
  Value: string | null;
}

const PaymentTermsInput = z.object({ Type: opt(text), Days: opt(integer) });

/** Fields a client may send for a customer or a supplier. */
export const PartyInput = z.object({
  Code: opt(text.trim().max(50, 'at most 50 characters')),
  Name: opt(text),
  DisplayName: opt(text),
  Note: opt(text),
  Source: opt(integer),
  DiscountRate: opt(numeric),
  ShowDiscount: opt(bool),
  VATNumber: opt(text),
  VatNumber: opt(text),
  AutoIncludeVATNumber: opt(bool),
  ReceivesWholesalePricing: opt(bool),
  DefaultNominalCode: opt(integer),
  IsArchived: opt(bool),
  TradeBorderType: opt(integer),
  PaymentTerms: opt(PaymentTermsInput),
  CreditLimit: opt(numeric),
  Contacts: opt(z.array(ContactInput)),
  Addresses: opt(z.array(AddressInput)),
  Address: opt(AddressInput),
  DeliveryAddresses: opt(z.array(AddressInput)),
  UseCustomDeliveryAddress: opt(bool),
  Currency: opt(CurrencyInput),
  CustomTextBoxes: opt(z.array(NameValue)),
  CustomCheckBoxes: opt(z.array(NameValue)),
  Email: opt(text),
  TelephoneNumber: opt(text),
  MobileNumber: opt(text),
  FaxNumber: opt(text),
  Website: opt(text),
  CreateCustomerCodeIfDuplicate: opt(bool),
  CreateCustomerNameIfEmptyOrNull: opt(bool),
  CreateSupplierCodeIfDuplicate: opt(bool),
  CreateSupplierNameIfEmptyOrNull: opt(bool),
  CreatedDate: opt(text),
  LastUpdatedDate: opt(text),
  Id: opt(integer),
});
export type PartyInput = z.infer<typeof PartyInput>;

interface PartyCommon {
  Id: number;
  Code: string;
  Name: string;
  Note: string;
  IsArchived: boolean;
  DefaultNominalCode: number;
  PaymentTerms: { Type: string; Days: number };
  Contacts: KfContact[];
  Currency: KfCurrency;
  CreatedDate: string;
  LastUpdatedDate: string;
}

export interface KfCustomer extends PartyCommon {
  DisplayName: string;
  Source: number;
  DiscountRate: number;
  ShowDiscount: boolean;
  VATNumber: string;
  AutoIncludeVATNumber: boolean;
  ReceivesWholesalePricing: boolean;
  TradeBorderType: number;
  CreditLimit: number;
  Addresses: KfAddress[];
  DeliveryAddresses: KfAddress[];
  UseCustomDeliveryAddress: boolean;
  CustomTextBoxes: KfNameValue[];
  CustomCheckBoxes: KfNameValue[];
  Email: string;
  TelephoneNumber: string;
  MobileNumber: string;
  FaxNumber: string;
  Website: string;
  CustomerKey: string;
}

export interface KfSupplier extends PartyCommon {
  Address: KfAddress;
  VatNumber: string;
  Email: string;
  TelephoneNumber: string;
  Website: string;
}

export const ProductInput = z.object({
  Id: opt(integer),
  Code: opt(text.trim().max(50, 'at most 50 characters')),
  Name: opt(text),
  Description: opt(text),
  NominalCode: opt(integer),
  Price: opt(numeric),
  WholeSalePrice: opt(numeric),
  VATRate: opt(numeric),
  VATExempt: opt(bool),
  ManageStockLevel: opt(bool),
  QuantityInStock: opt(numeric),
  StockWarningQuantity: opt(numeric),
  IsArchived: opt(bool),
  AutoFillLineItem: opt(bool),
});
export type ProductInput = z.infer<typeof ProductInput>;

/** A product: a sub-code of a sales nominal, hence the two-part key `{NominalCode}/{Code}`. Fields UNCONFIRMED. */
export interface KfProduct {
  Id: number;
  Code: string;
  Name: string;
  Description: string;
  NominalCode: number;
  NominalId: number;
  Price: number;
  WholeSalePrice: number;
  VATRate: number;
  VATExempt: boolean;
  ManageStockLevel: boolean;
  QuantityInStock: number;
  StockWarningQuantity: number;
  IsArchived: boolean;
  AutoFillLineItem: boolean;
  CreatedDate: string;
  LastUpdatedDate: string;
}

export const NominalInput = z.object({
  Id: opt(integer),
  Code: opt(integer),
  Name: opt(text),
  Type: opt(text),
  NomType: opt(integer),
  IsProduct: opt(integer),
  Price: opt(numeric),
  WholeSalePrice: opt(numeric),
  VATRate: opt(numeric),
  VATExempt: opt(bool),
  Archived: opt(bool),
  Disallowed: opt(bool),
  Description: opt(text),
  Classification: opt(text),
});
export type NominalInput = z.infer<typeof NominalInput>;

export interface KfNominal {
  Id: number;
  Code: number;
  Name: string;
  Type: string;
  NomType: number;
  IsProduct: number;
  Price: number;
  WholeSalePrice: number;
  VATRate: number;
  VATExempt: boolean;
  Archived: boolean;
  Disallowed: boolean;
  Description: string;
  Classification: string;
  AllowDelete: boolean;
  DefaultProduct: { Code: string; Name: string; Price: number; VATRate: number; VATExempt: boolean } | null;
}

export const BankAccountInput = z.object({
  Id: opt(integer),
  Code: opt(integer),
  AccountName: opt(text),
  AccountNumber: opt(text),
  SortCode: opt(text),
  IsDefaultAccount: opt(bool),
  IsArchived: opt(bool),
  OpeningBalance: opt(numeric),
  Currency: opt(CurrencyInput),
  DefaultInvoicePaymentType: opt(z.object({ Id: opt(integer), Name: opt(text) })),
});
export type BankAccountInput = z.infer<typeof BankAccountInput>;

/** A bank account. `BankBalance` is served as OpeningBalance plus payments in minus payments out. */
export interface KfBankAccount {
  Id: number;
  Code: number;
  AccountName: string;
  AccountNumber: string;
  SortCode: string;
  IsDefaultAccount: boolean;
  IsArchived: boolean;
  OpeningBalance: number;
  Currency: KfCurrency;
  DefaultInvoicePaymentType: { Id: number; Name: string };
}

export interface KfVatRate {
  VATId: number;
  VATRate: number;
  VATText: string;
}

export interface KfPaymentMethod {
  Id: number;
  Name: string;
}

export const LineItemInput = z.object({
  Id: opt(integer),
  Number: opt(integer),
  Description: opt(text),
  Quantity: opt(numeric),
  Rate: opt(numeric),
  HomeCurrencyRate: opt(numeric),
  VATLevel: opt(numeric),
  VATExempt: opt(bool),
  VATAmount: opt(numeric),
  NominalCode: opt(integer),
  NominalId: opt(integer),
  ProductCode: opt(text),
  ProductName: opt(text),
  TaxCode: opt(text),
  ProjectNumber: opt(integer),
});
export type LineItemInput = z.infer<typeof LineItemInput>;

export interface KfLineItem {
  Id: number;
  Number: number;
  Description: string;
  Quantity: number;
  Rate: number;
  HomeCurrencyRate: number;
  VATLevel: number;
  VATExempt: boolean;
  VATAmount: number;
  HomeCurrencyVATAmount: number;
  NominalCode: number;
  NominalId: number;
  NominalName: string;
  ProductCode: string;
  ProductName: string;
  TaxCode: string | null;
  ProjectNumber: number;
}

export const PaymentLineInput = z.object({
  Id: opt(integer),
  Date: opt(text),
  Amount: numeric,
  Method: opt(integer),
  Reference: opt(text),
  Note: opt(text),
  AccountId: opt(integer),
  BulkId: opt(integer),
  BFSTransactionId: opt(integer),
  PaymentProcessor: opt(integer),
  IsExternalRefund: opt(bool),
});
export type PaymentLineInput = z.infer<typeof PaymentLineInput>;

export interface KfPaymentLine {
  Id: number;
  Date: string;
  Amount: number;
  Method: number;
  Reference: string;
  Note: string;
  AccountId: number;
  InvoiceNumber?: number;
  PurchaseNumber?: number;
  BankTransactionId: number;
  Permalink: string;
}

export const DocumentInput = z.object({
  Id: opt(integer),
  Number: opt(integer.pipe(z.number().positive('a positive number'))),
  CustomerCode: opt(text),
  CustomerReference: opt(text),
  SupplierCode: opt(text),
  SupplierReference: opt(text),
  IssuedDate: opt(text),
  DueDate: opt(text),
  Currency: opt(CurrencyInput),
  Address: opt(AddressInput),
  DeliveryAddress: opt(AddressInput),
  UseCustomDeliveryAddress: opt(bool),
  ProjectNumber: opt(integer),
  IsArchived: opt(bool),
  VATNumber: opt(text),
  LineItems: opt(z.array(LineItemInput)),
  PaymentLines: opt(z.array(PaymentLineInput)),
  CreatedDate: opt(text),
  LastUpdatedDate: opt(text),
});
export type DocumentInput = z.infer<typeof DocumentInput>;

/** Fields shared by invoices (sales) and purchases (supplier invoices). */
export interface KfDocument {
  Id: number;
  Number: number;
  IssuedDate: string;
  DueDate: string;
  PaidDate: string | null;
  LastPaymentDate: string | null;
  NetAmount: number;
  VATAmount: number;
  GrossAmount: number;
  HomeCurrencyGrossAmount: number;
  TotalPaidAmount: number;
  DueAmount: number;
  Status: string;
  OverdueDays: number;
  Currency: KfCurrency;
  ProjectNumber: number;
  IsArchived: boolean;
  Permalink: string;
  CreatedDate: string;
  LastUpdatedDate: string;
  LineItems: KfLineItem[];
  PaymentLines: KfPaymentLine[];
}

export interface KfInvoice extends KfDocument {
  CustomerId: number;
  CustomerCode: string;
  CustomerName: string;
  CustomerReference: string;
  Address: KfAddress | null;
  DeliveryAddress: KfAddress | null;
  UseCustomDeliveryAddress: boolean;
  VATNumber: string;
}

export interface KfPurchase extends KfDocument {
  SupplierId: number;
  SupplierCode: string;
  SupplierName: string;
  SupplierReference: string;
}

/** Every PascalCase name the sandbox knows, for matching input keys case-insensitively. */
export const KNOWN_FIELD_NAMES: readonly string[] = [
  ...new Set(
    [
      CurrencyInput,
      AddressInput,
      ContactInput,
      PartyInput,
      ProductInput,
      NominalInput,
      BankAccountInput,
      LineItemInput,
      PaymentLineInput,
      DocumentInput,
      NameValue,
      PaymentTermsInput,
    ].flatMap((schema) => Object.keys(schema.shape)),
  ),
  'UserName',
  'Password',
  'TemporaryToken',
  'MemorableWordList',
  'Position',
  'Value',
  'KeepUserLoggedIn',
  'Payments',
  'VATRate',
];
