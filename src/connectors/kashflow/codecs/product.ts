import { Product } from '../../../model/index.js';
import type { KfProduct } from '../wire.js';
import { type CodecContext, canonical, decimalFromWire, decimalToWire, sourceOf, text } from './shared.js';

/**
 * A KashFlow product is a sub-code of a sales nominal (`/products/{nominalCode}/{code}`): the nominal becomes the
 * product's sales account, its VAT rate the sales tax code and rate (KashFlow's VAT level is the percentage itself).
 */
export function productFromWire(context: CodecContext, wire: KfProduct): Product {
  const rate = wire.VATExempt ? '0' : decimalFromWire(wire.VATRate);
  const body: Product = {
    code: wire.Code,
    name: text(wire.Name) ?? wire.Code,
    ...(text(wire.Description) ? { description: text(wire.Description) } : {}),
    status: wire.IsArchived ? 'archived' : 'active',
    sales: {
      unitPrice: decimalFromWire(wire.Price),
      currency: context.baseCurrency,
      accountCode: String(wire.NominalCode),
      taxCode: rate,
      taxRate: rate,
    },
    trackedAsInventory: wire.ManageStockLevel === true,
    ...(wire.ManageStockLevel ? { quantityOnHand: decimalFromWire(wire.QuantityInStock) } : {}),
  };
  const source = sourceOf(
    context,
    { id: String(wire.Id), number: wire.Code },
    { created: wire.CreatedDate, updated: wire.LastUpdatedDate },
    body,
  );
  return canonical(Product, { source, ...body }, 'Product', { endpoint: 'GET /products/list', record: wire.Code });
}

/** The nominal a product is filed under: its sales account when numeric, else the connection's default. */
export function productNominal(context: CodecContext, product: Product): number {
  const account = product.sales?.accountCode;
  return account !== undefined && /^\d+$/.test(account) ? Number(account) : context.defaultProductNominalCode;
}

export function productToWire(context: CodecContext, product: Product): Record<string, unknown> {
  const rate = product.sales?.taxRate ?? product.sales?.taxCode;
  const numericRate = rate !== undefined && /^\d+(\.\d+)?$/.test(rate) ? decimalToWire(rate) : undefined;
  return {
    Code: product.code,
    Name: product.name,
    Description: product.description ?? '',
    NominalCode: productNominal(context, product),
    Price: decimalToWire(product.sales?.unitPrice ?? '0'),
    ...(numericRate === undefined ? {} : { VATRate: numericRate }),
    ManageStockLevel: product.trackedAsInventory === true,
    ...(product.quantityOnHand === undefined ? {} : { QuantityInStock: decimalToWire(product.quantityOnHand) }),
    IsArchived: product.status === 'archived',
  };
}
