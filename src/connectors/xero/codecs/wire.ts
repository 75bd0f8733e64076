import { z } from 'zod';

/**
 * The records xero-node hands back, validated where they enter. xero-node has already renamed Xero's PascalCase to
 * camelCase and dropped fields its models lack; its `.d.ts` types lie in two ways this schema corrects: enums are
 * strings at run time (`'ACCREC'`, not numbers), and any string field holding `/Date(…)/` arrives as a JS `Date`.
 */
const XeroDate = z.union([z.date(), z.string()]);
const text = z.string().optional();
const flag = z.boolean().optional();
const amount = z.number().optional();
const ValidationError = z.object({ message: z.string().optional() });
const validation = {
  statusAttributeString: text,
  validationErrors: z.array(ValidationError).optional(),
  hasErrors: flag,
  hasValidationErrors: flag,
};

export const XContactRef = z.looseObject({ contactID: text, name: text, contactNumber: text });

export const XAddress = z.looseObject({
  addressType: text,
  addressLine1: text,
  addressLine2: text,
  addressLine3: text,
  addressLine4: text,
  city: text,
  region: text,
  postalCode: text,
  country: text,
  attentionTo: text,
});

export const XContact = z.looseObject({
  contactID: z.string(),
  contactNumber: text,
  accountNumber: text,
  contactStatus: text,
  name: z.string(),
  firstName: text,
  lastName: text,
  companyNumber: text,
  emailAddress: text,
  taxNumber: text,
  defaultCurrency: text,
  website: text,
  isSupplier: flag,
  isCustomer: flag,
  addresses: z.array(XAddress).optional(),
  phones: z
    .array(z.looseObject({ phoneType: text, phoneNumber: text, phoneAreaCode: text, phoneCountryCode: text }))
    .optional(),
  contactPersons: z
    .array(z.looseObject({ firstName: text, lastName: text, emailAddress: text, includeInEmails: flag }))
    .optional(),
  paymentTerms: z.looseObject({ sales: z.looseObject({ day: amount, type: text }).optional() }).optional(),
  updatedDateUTC: XeroDate,
  ...validation,
});
export type XContact = z.infer<typeof XContact>;

const XTradeDetails = z.looseObject({ unitPrice: amount, accountCode: text, taxType: text });
export const XItem = z.looseObject({
  itemID: z.string(),
  code: z.string(),
  name: text,
  description: text,
  purchaseDescription: text,
  isSold: flag,
  isPurchased: flag,
  salesDetails: XTradeDetails.optional(),
  purchaseDetails: XTradeDetails.optional(),
  isTrackedAsInventory: flag,
  quantityOnHand: amount,
  updatedDateUTC: XeroDate,
  ...validation,
});
export type XItem = z.infer<typeof XItem>;

export const XAccount = z.looseObject({
  accountID: z.string(),
  code: text,
  name: z.string(),
  type: z.string(),
  status: text,
  description: text,
  taxType: text,
  currencyCode: text,
  bankAccountNumber: text,
  systemAccount: text,
  updatedDateUTC: XeroDate,
});
export type XAccount = z.infer<typeof XAccount>;

export const XTaxRate = z.looseObject({
  name: z.string(),
  taxType: z.string(),
  status: text,
  reportTaxType: text,
  canApplyToRevenue: flag,
  canApplyToExpenses: flag,
  effectiveRate: amount,
  displayTaxRate: amount,
  taxComponents: z
    .array(z.looseObject({ name: text, rate: amount, isCompound: flag, isNonRecoverable: flag }))
    .optional(),
});
export type XTaxRate = z.infer<typeof XTaxRate>;

export const XLineItem = z.looseObject({
  lineItemID: text,
  description: text,
  quantity: amount,
  unitAmount: amount,
  itemCode: text,
  accountCode: text,
  taxType: text,
  taxAmount: amount,
  lineAmount: amount,
  discountRate: amount,
  discountAmount: amount,
});
export type XLineItem = z.infer<typeof XLineItem>;

const documentFields = {
  contact: XContactRef.optional(),
  lineItems: z.array(XLineItem).optional(),
  date: XeroDate.optional(),
  lineAmountTypes: text,
  reference: text,
  currencyCode: text,
  currencyRate: amount,
  status: text,
  subTotal: amount,
  totalTax: amount,
  total: amount,
  updatedDateUTC: XeroDate,
  ...validation,
};

export const XInvoice = z.looseObject({
  ...documentFields,
  type: z.string(),
  invoiceID: z.string(),
  invoiceNumber: text,
  dueDate: XeroDate.optional(),
  roundingAmount: amount,
  amountDue: amount,
  amountPaid: amount,
  amountCredited: amount,
  fullyPaidOnDate: XeroDate.optional(),
});
export type XInvoice = z.infer<typeof XInvoice>;

export const XCreditNote = z.looseObject({
  ...documentFields,
  type: z.string(),
  creditNoteID: z.string(),
  creditNoteNumber: text,
  remainingCredit: amount,
  allocations: z
    .array(
      z.looseObject({
        amount: z.number(),
        date: XeroDate.optional(),
        invoice: z.looseObject({ invoiceID: text, invoiceNumber: text }).optional(),
        isDeleted: flag,
      }),
    )
    .optional(),
});
export type XCreditNote = z.infer<typeof XCreditNote>;

const XDocumentRef = z.looseObject({
  invoiceID: text,
  invoiceNumber: text,
  creditNoteID: text,
  creditNoteNumber: text,
  type: text,
  currencyCode: text,
  contact: XContactRef.optional(),
});
export const XPayment = z.looseObject({
  paymentID: z.string(),
  invoice: XDocumentRef.optional(),
  creditNote: XDocumentRef.optional(),
  account: z.looseObject({ accountID: text, code: text, name: text }).optional(),
  date: XeroDate.optional(),
  amount: z.number(),
  bankAmount: amount,
  currencyRate: amount,
  reference: text,
  isReconciled: flag,
  status: text,
  paymentType: text,
  updatedDateUTC: XeroDate,
  ...validation,
});
export type XPayment = z.infer<typeof XPayment>;

export const XBankTransaction = z.looseObject({
  ...documentFields,
  type: z.string(),
  bankTransactionID: z.string(),
  bankAccount: z.looseObject({ accountID: text, code: text, name: text, currencyCode: text }),
  isReconciled: flag,
});
export type XBankTransaction = z.infer<typeof XBankTransaction>;

/** The per-element outcome of a batch write with summarizeErrors=false. */
export const XWriteElement = z.looseObject(validation);
export type XWriteElement = z.infer<typeof XWriteElement>;
