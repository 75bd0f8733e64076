import { Product, type ProductTradeDetails } from '../../../model/index.js';
import { checked, decimalOf, numberOfDecimal, present, sourceOf, type XeroCodecContext } from './shared.js';
import type { XItem } from './wire.js';

type XTrade = NonNullable<XItem['salesDetails']>;

function tradeOf(
  details: XTrade | undefined,
  used: boolean | undefined,
  currency: string,
): ProductTradeDetails | undefined {
  if (details === undefined || used === false) return undefined;
  return {
    currency,
    ...(details.unitPrice === undefined ? {} : { unitPrice: decimalOf(details.unitPrice) }),
    ...(present(details.accountCode) ? { accountCode: details.accountCode } : {}),
    ...(present(details.taxType) ? { taxCode: details.taxType } : {}),
  };
}

/** Xero Items have no status: an item Xero lists is active. Prices are in the organisation's base currency. */
export function decodeProduct(item: XItem, context: XeroCodecContext): Product {
  return checked(
    Product,
    {
      source: sourceOf(item.itemID, item.updatedDateUTC, item.code),
      code: item.code,
      name: present(item.name) ?? item.code,
      description: present(item.description),
      status: 'active',
      sales: tradeOf(item.salesDetails, item.isSold, context.baseCurrency),
      purchases: tradeOf(item.purchaseDetails, item.isPurchased, context.baseCurrency),
      trackedAsInventory: item.isTrackedAsInventory,
      quantityOnHand: item.isTrackedAsInventory ? decimalOf(item.quantityOnHand) : undefined,
    },
    'item',
    item.itemID,
  );
}

function tradeFor(details: ProductTradeDetails | undefined): Record<string, unknown> | undefined {
  if (details === undefined) return undefined;
  return {
    ...(details.unitPrice ? { unitPrice: numberOfDecimal(details.unitPrice) } : {}),
    ...(details.accountCode ? { accountCode: details.accountCode } : {}),
    ...(details.taxCode ? { taxType: details.taxCode } : {}),
  };
}

export function encodeProduct(product: Product, itemID: string | undefined): Record<string, unknown> {
  const sales = tradeFor(product.sales);
  const purchases = tradeFor(product.purchases);
  return {
    ...(itemID ? { itemID } : {}),
    code: product.code,
    // Xero names are at most 50 characters; the full name stays in the description.
    name: product.name.slice(0, 50),
    ...(product.description ? { description: product.description } : {}),
    isSold: sales !== undefined,
    isPurchased: purchases !== undefined,
    ...(sales ? { salesDetails: sales } : {}),
    ...(purchases ? { purchaseDetails: purchases } : {}),
  };
}
