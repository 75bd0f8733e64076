import { z } from 'zod';
import { Product, parseRecord } from '../../../model/index.js';
import { withoutExternalId } from './account.js';
import {
  childRows,
  customFieldsOf,
  customFieldsToWrite,
  decimalOf,
  type SalesforceCodecContext,
  type SalesforceFields,
  SystemStamps,
  sourceOf,
} from './shared.js';

export const PriceRow = z.looseObject({
  Id: z.string(),
  UnitPrice: z.number().nullish(),
  IsActive: z.boolean().nullish(),
  Pricebook2: z.object({ IsStandard: z.boolean().nullish() }).nullish(),
});

export const Product2Row = z.looseObject({
  ...SystemStamps.shape,
  Name: z.string(),
  ProductCode: z.string().nullish(),
  Description: z.string().nullish(),
  IsActive: z.boolean().nullish(),
  Family: z.string().nullish(),
  QuantityUnitOfMeasure: z.string().nullish(),
  PricebookEntries: childRows(PriceRow),
});
export type Product2Row = z.infer<typeof Product2Row>;

export const PRICE_FIELDS = ['Id', 'UnitPrice', 'IsActive', 'Pricebook2.IsStandard'] as const;
export const PRODUCT_FIELDS = [
  'Id',
  'Name',
  'ProductCode',
  'Description',
  'IsActive',
  'Family',
  'QuantityUnitOfMeasure',
  'CreatedDate',
  'LastModifiedDate',
  'SystemModstamp',
] as const;

/** Product2 → Product, its sales price from the standard price book's entry. */
export function product2ToProduct(row: Product2Row, context: SalesforceCodecContext): Product {
  const standard = row.PricebookEntries.find((entry) => entry.Pricebook2?.IsStandard === true);
  const customFields = customFieldsOf(row);
  const externalId = customFields?.[context.externalIdField];
  const code = row.ProductCode ?? (typeof externalId === 'string' ? externalId : row.Id);
  return parseRecord(
    Product,
    {
      source: sourceOf(row, row.ProductCode ?? undefined),
      code: code.slice(0, 30),
      name: row.Name,
      ...(row.Description ? { description: row.Description } : {}),
      status: row.IsActive === false ? 'archived' : 'active',
      ...(row.QuantityUnitOfMeasure ? { unitOfMeasure: row.QuantityUnitOfMeasure } : {}),
      ...(row.Family ? { family: row.Family } : {}),
      ...(standard?.UnitPrice === undefined || standard.UnitPrice === null
        ? {}
        : { sales: { unitPrice: decimalOf(standard.UnitPrice), currency: context.currency } }),
      ...(customFields ? { customFields } : {}),
    },
    'Salesforce Product2',
    { system: 'salesforce', record: row.Id },
  );
}

/** Product → Product2 fields. The price (a PricebookEntry) is not written: see docs/connector-salesforce.md. */
export function productToProduct2(product: Product, context: SalesforceCodecContext): SalesforceFields {
  return {
    Name: product.name,
    ProductCode: product.code,
    Description: product.description ?? null,
    IsActive: product.status === 'active',
    ...(product.family === undefined ? {} : { Family: product.family }),
    ...(product.unitOfMeasure === undefined ? {} : { QuantityUnitOfMeasure: product.unitOfMeasure }),
    ...withoutExternalId(customFieldsToWrite(product.customFields), context),
  };
}
