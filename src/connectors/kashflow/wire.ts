import { z } from 'zod';

/**
 * KashFlow v2 responses as the connector accepts them: PascalCase, every field optional or nullable unless the
 * connector cannot work without it (the business key), numbers possibly sent as numeric strings. Unknown fields are
 * dropped. Shapes follow the reference (docs/sandbox-kashflow.md); a response that does not fit is a ConnectorError.
 */
const num = z.union([
  z.number(),
  z
    .string()
    .trim()
    .regex(/^-?\d+(\.\d+)?$/)
    .transform(Number),
]);
const int = num.pipe(z.number().int());
const str = z.string().nullish();
const bool = z.union([z.boolean(), z.literal(0).transform(() => false), z.literal(1).transform(() => true)]);

export const KfError = z.object({ Message: str, Error: str });

export const TemporaryToken = z.object({
  TemporaryToken: z.string().min(1),
  MemorableWordList: z.array(z.object({ Position: int.pipe(z.number().min(1)) })).min(1),
});

export const SessionToken = z.object({
  SessionToken: z.string().min(1),
  CompanyName: str,
  SubscriptionExpiryDate: str,
});

export const ListMetaData = z.object({
  TotalRecords: int.nullish(),
  NextPageUrl: str,
});

/** The `{MetaData, Data}` envelope of paged lists. */
export function listEnvelope<T extends z.ZodType>(row: T) {
  return z.object({ MetaData: ListMetaData.nullish(), Data: z.array(row) });
}

const KfCurrency = z.object({ Code: str, ExchangeRate: num.nullish() }).nullish();

const KfAddress = z.object({
  Name: str,
  Line1: str,
  Line2: str,
  Line3: str,
  Line4: str,
  PostCode: str,
  CountryCode: str,
  CountryName: str,
});
export type KfAddress = z.infer<typeof KfAddress>;

const KfContact = z.object({
  Id: int.nullish(),
  IsPrimary: bool.nullish(),
  ReceiveEmails: bool.nullish(),
  Name: str,
  Title: str,
  Firstname: str,
  LastName: str,
  Telephone: str,
  Mobile: str,
  Email: str,
});
export type KfContact = z.infer<typeof KfContact>;

const NameValue = z.object({ Name: str, Value: z.union([z.string(), z.boolean(), z.number()]).nullish() });

/** A customer or a supplier (suppliers spell `VatNumber` and hold one `Address`). */
export const KfParty = z.object({
  Id: int,
  Code: z.string().min(1),
  Name: str,
  DisplayName: str,
  Note: str,
  IsArchived: bool.nullish(),
  VATNumber: str,
  VatNumber: str,
  Email: str,
  TelephoneNumber: str,
  MobileNumber: str,
  Website: str,
  PaymentTerms: z.object({ Type: str, Days: int.nullish() }).nullish(),
  CreditLimit: num.nullish(),
  Contacts: z.array(KfContact).nullish(),
  Addresses: z.array(KfAddress).nullish(),
  Address: KfAddress.nullish(),
  DeliveryAddresses: z.array(KfAddress).nullish(),
  Currency: KfCurrency,
  CustomTextBoxes: z.array(NameValue).nullish(),
  CustomCheckBoxes: z.array(NameValue).nullish(),
  CreatedDate: str,
  LastUpdatedDate: str,
});
export type KfParty = z.infer<typeof KfParty>;

export const KfProduct = z.object({
  Id: int,
  Code: z.string().min(1),
  Name: str,
  Description: str,
  NominalCode: int,
  Price: num.nullish(),
  VATRate: num.nullish(),
  VATExempt: bool.nullish(),
  ManageStockLevel: bool.nullish(),
  QuantityInStock: num.nullish(),
  IsArchived: bool.nullish(),
  CreatedDate: str,
  LastUpdatedDate: str,
});
export type KfProduct = z.infer<typeof KfProduct>;

export const KfNominal = z.object({
  Id: int.nullish(),
  Code: int,
  Name: str,
  Type: str,
  NomType: int.nullish(),
  VATRate: num.nullish(),
  Archived: bool.nullish(),
  Description: str,
});
export type KfNominal = z.infer<typeof KfNominal>;

export const KfVatRate = z.object({ VATId: int.nullish(), VATRate: num, VATText: str });
export type KfVatRate = z.infer<typeof KfVatRate>;

export const KfBankAccount = z.object({ Id: int, Code: int.nullish(), AccountName: str });
export type KfBankAccount = z.infer<typeof KfBankAccount>;

export const KfPaymentMethod = z.object({ Id: int, Name: str });

export const KfLineItem = z.object({
  Id: int.nullish(),
  Number: int.nullish(),
  Description: str,
  Quantity: num.nullish(),
  Rate: num.nullish(),
  VATLevel: num.nullish(),
  VATExempt: bool.nullish(),
  VATAmount: num.nullish(),
  NominalCode: int.nullish(),
  ProductCode: str,
  TaxCode: str,
});
export type KfLineItem = z.infer<typeof KfLineItem>;

export const KfPaymentLine = z.object({
  Id: int,
  Date: str,
  Amount: num,
  Method: int.nullish(),
  Reference: str,
  Note: str,
  AccountId: int.nullish(),
  IsExternalRefund: bool.nullish(),
});
export type KfPaymentLine = z.infer<typeof KfPaymentLine>;

/** An invoice or a purchase; list rows carry null (or no) LineItems, PaymentLines and Currency. */
export const KfDocument = z.object({
  Id: int,
  Number: int,
  IssuedDate: str,
  DueDate: str,
  PaidDate: str,
  NetAmount: num.nullish(),
  VATAmount: num.nullish(),
  GrossAmount: num.nullish(),
  TotalPaidAmount: num.nullish(),
  DueAmount: num.nullish(),
  Status: str,
  Currency: KfCurrency,
  CustomerId: int.nullish(),
  CustomerCode: str,
  CustomerName: str,
  CustomerReference: str,
  SupplierId: int.nullish(),
  SupplierCode: str,
  SupplierName: str,
  SupplierReference: str,
  LineItems: z.array(KfLineItem).nullish(),
  PaymentLines: z.array(KfPaymentLine).nullish(),
  CreatedDate: str,
  LastUpdatedDate: str,
});
export type KfDocument = z.infer<typeof KfDocument>;

export const BulkPaymentResults = z.object({
  Results: z.array(z.object({ Number: int, Success: z.boolean(), PaymentId: int.nullish(), Message: str, Error: str })),
});
