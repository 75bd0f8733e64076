import { z } from 'zod';

/**
 * What clients may send, element by element. Fields Xero does not know are dropped (as Xero's deserialiser does);
 * a value of the wrong type fails the whole request with PostDataInvalidException, like Xero's JSON binder.
 */
const Amount = z.union([
  z.number(),
  z
    .string()
    .regex(/^-?\d+(\.\d+)?$/)
    .transform(Number),
]);
const Text = z.string();
const Bool = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);
/** A date as text: `YYYY-MM-DD`, ISO date-time or `/Date(ms)/`; read by msDate.ts so bad ones get a Xero message. */
const DateText = z.string();

export const AddressInput = z.object({
  AddressType: z.enum(['POBOX', 'STREET', 'DELIVERY']).optional(),
  AddressLine1: Text.optional(),
  AddressLine2: Text.optional(),
  AddressLine3: Text.optional(),
  AddressLine4: Text.optional(),
  City: Text.optional(),
  Region: Text.optional(),
  PostalCode: Text.optional(),
  Country: Text.optional(),
  AttentionTo: Text.optional(),
});

export const PhoneInput = z.object({
  PhoneType: z.enum(['DEFAULT', 'DDI', 'MOBILE', 'FAX', 'OFFICE']).optional(),
  PhoneNumber: Text.optional(),
  PhoneAreaCode: Text.optional(),
  PhoneCountryCode: Text.optional(),
});

export const ContactInput = z.object({
  ContactID: Text.optional(),
  ContactNumber: Text.optional(),
  AccountNumber: Text.optional(),
  ContactStatus: z.enum(['ACTIVE', 'ARCHIVED', 'GDPRREQUEST']).optional(),
  Name: Text.optional(),
  FirstName: Text.optional(),
  LastName: Text.optional(),
  CompanyNumber: Text.optional(),
  EmailAddress: Text.optional(),
  BankAccountDetails: Text.optional(),
  TaxNumber: Text.optional(),
  AccountsReceivableTaxType: Text.optional(),
  AccountsPayableTaxType: Text.optional(),
  DefaultCurrency: Text.optional(),
  SalesDefaultAccountCode: Text.optional(),
  PurchasesDefaultAccountCode: Text.optional(),
  Addresses: z.array(AddressInput).optional(),
  Phones: z.array(PhoneInput).optional(),
  ContactPersons: z
    .array(
      z.object({
        FirstName: Text.optional(),
        LastName: Text.optional(),
        EmailAddress: Text.optional(),
        IncludeInEmails: Bool.optional(),
      }),
    )
    .optional(),
  /** Read-only in Xero: accepted and ignored. */
  IsCustomer: Bool.optional(),
  IsSupplier: Bool.optional(),
});
export type ContactInput = z.infer<typeof ContactInput>;

/** A reference to another record inside a document: any one identifying field. */
export const ContactRefInput = z.object({
  ContactID: Text.optional(),
  Name: Text.optional(),
  ContactNumber: Text.optional(),
});

export const LineItemInput = z.object({
  LineItemID: Text.optional(),
  Description: Text.optional(),
  Quantity: Amount.optional(),
  UnitAmount: Amount.optional(),
  ItemCode: Text.optional(),
  AccountCode: Text.optional(),
  AccountID: Text.optional(),
  TaxType: Text.optional(),
  TaxAmount: Amount.optional(),
  LineAmount: Amount.optional(),
  DiscountRate: Amount.optional(),
  Tracking: z
    .array(
      z.object({
        Name: Text.optional(),
        Option: Text.optional(),
        TrackingCategoryID: Text.optional(),
        TrackingOptionID: Text.optional(),
      }),
    )
    .optional(),
});
export type LineItemInput = z.infer<typeof LineItemInput>;

const LineAmountTypesInput = z
  .string()
  .transform((v) => v.toLowerCase())
  .pipe(z.enum(['exclusive', 'inclusive', 'notax']))
  .transform((v) => (v === 'exclusive' ? 'Exclusive' : v === 'inclusive' ? 'Inclusive' : 'NoTax'));

const DocumentStatusInput = z.enum(['DRAFT', 'SUBMITTED', 'DELETED', 'AUTHORISED', 'PAID', 'VOIDED']);

export const InvoiceInput = z.object({
  InvoiceID: Text.optional(),
  Type: z.enum(['ACCREC', 'ACCPAY']).optional(),
  InvoiceNumber: Text.optional(),
  Reference: Text.optional(),
  Contact: ContactRefInput.optional(),
  Date: DateText.optional(),
  DueDate: DateText.optional(),
  ExpectedPaymentDate: DateText.optional(),
  Status: DocumentStatusInput.optional(),
  LineAmountTypes: LineAmountTypesInput.optional(),
  LineItems: z.array(LineItemInput).optional(),
  CurrencyCode: Text.optional(),
  CurrencyRate: Amount.optional(),
  BrandingThemeID: Text.optional(),
  Url: Text.optional(),
  SentToContact: Bool.optional(),
});
export type InvoiceInput = z.infer<typeof InvoiceInput>;

export const CreditNoteInput = z.object({
  CreditNoteID: Text.optional(),
  Type: z.enum(['ACCRECCREDIT', 'ACCPAYCREDIT']).optional(),
  CreditNoteNumber: Text.optional(),
  Reference: Text.optional(),
  Contact: ContactRefInput.optional(),
  Date: DateText.optional(),
  DueDate: DateText.optional(),
  Status: DocumentStatusInput.optional(),
  LineAmountTypes: LineAmountTypesInput.optional(),
  LineItems: z.array(LineItemInput).optional(),
  CurrencyCode: Text.optional(),
  CurrencyRate: Amount.optional(),
});
export type CreditNoteInput = z.infer<typeof CreditNoteInput>;

export const AccountRefInput = z.object({ AccountID: Text.optional(), Code: Text.optional() });

export const PaymentInput = z.object({
  PaymentID: Text.optional(),
  Invoice: z.object({ InvoiceID: Text.optional(), InvoiceNumber: Text.optional() }).optional(),
  CreditNote: z.object({ CreditNoteID: Text.optional(), CreditNoteNumber: Text.optional() }).optional(),
  InvoiceNumber: Text.optional(),
  CreditNoteNumber: Text.optional(),
  Account: AccountRefInput.optional(),
  Code: Text.optional(),
  Date: DateText.optional(),
  Amount: Amount.optional(),
  BankAmount: Amount.optional(),
  CurrencyRate: Amount.optional(),
  Reference: Text.optional(),
  IsReconciled: Bool.optional(),
  Status: z.enum(['AUTHORISED', 'DELETED']).optional(),
});
export type PaymentInput = z.infer<typeof PaymentInput>;

const PurchaseInput = z.object({
  UnitPrice: Amount.optional(),
  AccountCode: Text.optional(),
  COGSAccountCode: Text.optional(),
  TaxType: Text.optional(),
});

export const ItemInput = z.object({
  ItemID: Text.optional(),
  Code: Text.optional(),
  Name: Text.optional(),
  Description: Text.optional(),
  PurchaseDescription: Text.optional(),
  IsSold: Bool.optional(),
  IsPurchased: Bool.optional(),
  IsTrackedAsInventory: Bool.optional(),
  InventoryAssetAccountCode: Text.optional(),
  SalesDetails: PurchaseInput.optional(),
  PurchaseDetails: PurchaseInput.optional(),
});
export type ItemInput = z.infer<typeof ItemInput>;

export const AccountInput = z.object({
  AccountID: Text.optional(),
  Code: Text.optional(),
  Name: Text.optional(),
  Type: Text.optional(),
  Status: z.enum(['ACTIVE', 'ARCHIVED', 'DELETED']).optional(),
  TaxType: Text.optional(),
  Description: Text.optional(),
  BankAccountNumber: Text.optional(),
  BankAccountType: z.enum(['BANK', 'CREDITCARD', 'PAYPAL', 'NONE', '']).optional(),
  CurrencyCode: Text.optional(),
  EnablePaymentsToAccount: Bool.optional(),
  ShowInExpenseClaims: Bool.optional(),
  ReportingCode: Text.optional(),
  AddToWatchlist: Bool.optional(),
});
export type AccountInput = z.infer<typeof AccountInput>;

export const TaxRateInput = z.object({
  Name: Text.optional(),
  TaxType: Text.optional(),
  Status: z.enum(['ACTIVE', 'DELETED', 'ARCHIVED', 'PENDING']).optional(),
  ReportTaxType: Text.optional(),
  TaxComponents: z
    .array(
      z.object({
        Name: Text.optional(),
        Rate: Amount.optional(),
        IsCompound: Bool.optional(),
        IsNonRecoverable: Bool.optional(),
      }),
    )
    .optional(),
});
export type TaxRateInput = z.infer<typeof TaxRateInput>;

export const CurrencyInput = z.object({ Code: Text.optional(), Description: Text.optional() });
export type CurrencyInput = z.infer<typeof CurrencyInput>;

export const BankTransactionInput = z.object({
  BankTransactionID: Text.optional(),
  Type: Text.optional(),
  Contact: ContactRefInput.optional(),
  BankAccount: AccountRefInput.optional(),
  LineItems: z.array(LineItemInput).optional(),
  LineAmountTypes: LineAmountTypesInput.optional(),
  Date: DateText.optional(),
  Reference: Text.optional(),
  CurrencyCode: Text.optional(),
  CurrencyRate: Amount.optional(),
  Url: Text.optional(),
  IsReconciled: Bool.optional(),
  Status: z.enum(['AUTHORISED', 'DELETED', 'VOIDED']).optional(),
});
export type BankTransactionInput = z.infer<typeof BankTransactionInput>;
