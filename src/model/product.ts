import { z } from 'zod';
import { CurrencyCode, DecimalText, Money } from './money.js';
import { CustomFields, RecordSource } from './recordRef.js';
import { onlyWhenFieldsValid } from './validate.js';

export const ProductStatus = z.enum(['active', 'archived']);
export type ProductStatus = z.infer<typeof ProductStatus>;

/** Sales or purchase terms of a product: price, the ledger account it posts to, and its tax code. */
export const ProductTradeDetails = z.object({
  /** Unit price as decimal text: systems keep more places than the currency (Xero unitdp=4). */
  unitPrice: DecimalText.optional(),
  currency: CurrencyCode,
  accountCode: z.string().min(1).optional(),
  taxCode: z.string().min(1).optional(),
  /** Tax percentage that goes with `taxCode`, e.g. "20". */
  taxRate: DecimalText.optional(),
});
export type ProductTradeDetails = z.infer<typeof ProductTradeDetails>;

/**
 * Xero Item, KashFlow product (a nominal with IsProduct), X3 ITMMASTER, Salesforce Product2 (+ standard
 * PricebookEntry for its price). `code` is the business key (Xero Code ≤30, X3 ITMREF, Salesforce ProductCode).
 */
export const Product = z
  .object({
    source: RecordSource.optional(),
    code: z.string().trim().min(1, 'code is required').max(30),
    name: z.string().trim().min(1, 'name is required').max(255),
    description: z.string().optional(),
    status: ProductStatus,
    /** Unit of sale (X3 SAU, Salesforce QuantityUnitOfMeasure): "EA", "BOX". */
    unitOfMeasure: z.string().min(1).optional(),
    family: z.string().min(1).optional(),
    sales: ProductTradeDetails.optional(),
    purchases: ProductTradeDetails.optional(),
    trackedAsInventory: z.boolean().optional(),
    quantityOnHand: DecimalText.optional(),
    /** Standard cost, in minor units, for margin reports. */
    standardCost: Money.optional(),
    customFields: CustomFields.optional(),
  })
  .superRefine((product, ctx) => {
    for (const side of ['sales', 'purchases'] as const) {
      const price = product[side]?.unitPrice;
      if (price?.startsWith('-')) {
        ctx.addIssue({ code: 'custom', path: [side, 'unitPrice'], message: `${side}.unitPrice cannot be negative` });
      }
    }
  }, onlyWhenFieldsValid);
export type Product = z.infer<typeof Product>;
