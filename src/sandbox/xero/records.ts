/**
 * Stored records: Xero's own field names and ids, calendar dates as `YYYY-MM-DD`, instants as ISO strings (the wire
 * layer turns both into `/Date(…)/`), money as the JSON numbers Xero sends, totals recomputed through minor units.
 */
export type InvoiceType = 'ACCREC' | 'ACCPAY';
export type CreditNoteType = 'ACCRECCREDIT' | 'ACCPAYCREDIT';
export type DocumentStatus = 'DRAFT' | 'SUBMITTED' | 'DELETED' | 'AUTHORISED' | 'PAID' | 'VOIDED';
export type LineAmountTypes = 'Exclusive' | 'Inclusive' | 'NoTax';

export interface Address {
  AddressType: 'POBOX' | 'STREET';
  AddressLine1?: string;
  AddressLine2?: string;
  AddressLine3?: string;
  AddressLine4?: string;
  City?: string;
  Region?: string;
  PostalCode?: string;
  Country?: string;
  AttentionTo?: string;
}

export interface Phone {
  PhoneType: 'DEFAULT' | 'DDI' | 'MOBILE' | 'FAX' | 'OFFICE';
  PhoneNumber?: string;
  PhoneAreaCode?: string;
  PhoneCountryCode?: string;
}

export interface ContactRecord {
  ContactID: string;
  ContactStatus: 'ACTIVE' | 'ARCHIVED' | 'GDPRREQUEST';
  Name: string;
  ContactNumber?: string;
  AccountNumber?: string;
  FirstName?: string;
  LastName?: string;
  CompanyNumber?: string;
  EmailAddress?: string;
  BankAccountDetails?: string;
  TaxNumber?: string;
  AccountsReceivableTaxType?: string;
  AccountsPayableTaxType?: string;
  DefaultCurrency?: string;
  SalesDefaultAccountCode?: string;
  PurchasesDefaultAccountCode?: string;
  Addresses: Address[];
  Phones: Phone[];
  ContactPersons?: { FirstName?: string; LastName?: string; EmailAddress?: string; IncludeInEmails?: boolean }[];
  UpdatedDateUTC: string;
}

export interface LineItemRecord {
  LineItemID: string;
  Description?: string;
  Quantity: number;
  UnitAmount: number;
  ItemCode?: string;
  AccountCode?: string;
  TaxType?: string;
  TaxAmount: number;
  LineAmount: number;
  DiscountRate?: number;
  Tracking?: { Name?: string; Option?: string; TrackingCategoryID?: string; TrackingOptionID?: string }[];
}

interface DocumentTotals {
  SubTotal: number;
  TotalTax: number;
  Total: number;
}

export interface InvoiceRecord extends DocumentTotals {
  InvoiceID: string;
  Type: InvoiceType;
  InvoiceNumber?: string;
  Reference?: string;
  ContactID: string;
  Date: string;
  DueDate?: string;
  ExpectedPaymentDate?: string;
  Status: DocumentStatus;
  LineAmountTypes: LineAmountTypes;
  LineItems: LineItemRecord[];
  CurrencyCode: string;
  CurrencyRate: number;
  BrandingThemeID?: string;
  Url?: string;
  SentToContact?: boolean;
  AmountPaid: number;
  AmountCredited: number;
  AmountDue: number;
  FullyPaidOnDate?: string;
  UpdatedDateUTC: string;
}

export interface CreditNoteRecord extends DocumentTotals {
  CreditNoteID: string;
  Type: CreditNoteType;
  CreditNoteNumber?: string;
  Reference?: string;
  ContactID: string;
  Date: string;
  DueDate?: string;
  Status: DocumentStatus;
  LineAmountTypes: LineAmountTypes;
  LineItems: LineItemRecord[];
  CurrencyCode: string;
  CurrencyRate: number;
  RemainingCredit: number;
  Allocations: { AllocationID: string; InvoiceID: string; Amount: number; Date: string }[];
  FullyPaidOnDate?: string;
  UpdatedDateUTC: string;
}

export interface PaymentRecord {
  PaymentID: string;
  /** The document paid: an invoice or a credit note. */
  InvoiceID?: string;
  CreditNoteID?: string;
  AccountID: string;
  Date: string;
  Amount: number;
  BankAmount: number;
  CurrencyRate: number;
  Reference?: string;
  IsReconciled: boolean;
  Status: 'AUTHORISED' | 'DELETED';
  PaymentType: string;
  UpdatedDateUTC: string;
}

export interface ItemRecord {
  ItemID: string;
  Code: string;
  Name?: string;
  Description?: string;
  PurchaseDescription?: string;
  IsSold: boolean;
  IsPurchased: boolean;
  IsTrackedAsInventory: boolean;
  InventoryAssetAccountCode?: string;
  SalesDetails?: { UnitPrice?: number; AccountCode?: string; TaxType?: string };
  PurchaseDetails?: { UnitPrice?: number; AccountCode?: string; COGSAccountCode?: string; TaxType?: string };
  UpdatedDateUTC: string;
}

export interface AccountRecord {
  AccountID: string;
  Code?: string;
  Name: string;
  Type: string;
  Class: 'ASSET' | 'EQUITY' | 'EXPENSE' | 'LIABILITY' | 'REVENUE';
  Status: 'ACTIVE' | 'ARCHIVED' | 'DELETED';
  TaxType?: string;
  Description?: string;
  BankAccountNumber?: string;
  BankAccountType?: 'BANK' | 'CREDITCARD' | 'PAYPAL' | 'NONE' | '';
  CurrencyCode?: string;
  EnablePaymentsToAccount: boolean;
  ShowInExpenseClaims: boolean;
  SystemAccount?: string;
  ReportingCode?: string;
  AddToWatchlist?: boolean;
  UpdatedDateUTC: string;
}

export interface TaxComponent {
  Name: string;
  Rate: number;
  IsCompound: boolean;
  IsNonRecoverable: boolean;
}

export interface TaxRateRecord {
  Name: string;
  TaxType: string;
  TaxComponents: TaxComponent[];
  Status: 'ACTIVE' | 'DELETED' | 'ARCHIVED' | 'PENDING';
  ReportTaxType?: string;
  CanApplyToAssets: boolean;
  CanApplyToEquity: boolean;
  CanApplyToExpenses: boolean;
  CanApplyToLiabilities: boolean;
  CanApplyToRevenue: boolean;
  DisplayTaxRate: number;
  EffectiveRate: number;
}

export interface CurrencyRecord {
  Code: string;
  Description: string;
}

export interface BankTransactionRecord extends DocumentTotals {
  BankTransactionID: string;
  Type: string;
  ContactID?: string;
  BankAccountID: string;
  Date: string;
  Reference?: string;
  Status: 'AUTHORISED' | 'DELETED' | 'VOIDED';
  LineAmountTypes: LineAmountTypes;
  LineItems: LineItemRecord[];
  CurrencyCode: string;
  CurrencyRate: number;
  IsReconciled: boolean;
  Url?: string;
  UpdatedDateUTC: string;
}

export interface OrganisationRecord {
  OrganisationID: string;
  Name: string;
  LegalName: string;
  ShortCode: string;
  BaseCurrency: string;
  CountryCode: string;
  Timezone: string;
  OrganisationType: string;
  Version: string;
  CreatedDateUTC: string;
}
