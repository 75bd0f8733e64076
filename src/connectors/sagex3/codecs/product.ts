import { type Product, Product as ProductSchema } from '../../../model/index.js';
import { ProductWire, parseWire, stampsOf, type X3Resource } from '../wire.js';
import { canonical } from './canonical.js';
import { type CodecContext, compact, present, sourceOf, x3Number } from './shared.js';

/**
 * ITMMASTER ⇄ Product. ITMREF is both the X3 key and the shared code; ITMSTA (menu 246) values listed as active in
 * the settings read as active, others as archived. BASPRI is the sales price in the home currency, VACITM the tax
 * level (which the sales flow uses as the line's tax code).
 */
export function productFromX3(ctx: CodecContext, resource: X3Resource): Product {
  const { settings } = ctx;
  const className = settings.classes.product.className;
  const wire = parseWire(ProductWire, resource, className, 'record');
  const stamps = stampsOf(resource, settings, className);
  const product = {
    source: sourceOf(wire.ITMREF, stamps, wire.ITMREF),
    code: wire.ITMREF,
    name: present(wire.ITMDES1) ?? wire.ITMREF,
    description: present(wire.ITMDES2),
    status:
      wire.ITMSTA === undefined || settings.menus.activeProductStatuses.includes(wire.ITMSTA) ? 'active' : 'archived',
    unitOfMeasure: present(wire.SAU),
    family: present(wire.TCLCOD),
    sales: compact({
      unitPrice: wire.BASPRI,
      currency: settings.baseCurrency,
      taxCode: present(wire.VACITM),
    }),
  };
  return canonical(ProductSchema, compact(product), className, wire.ITMREF);
}

export function productToX3(ctx: CodecContext, product: Product, creating: boolean): Record<string, unknown> {
  const { menus } = ctx.settings;
  return compact({
    ...(creating ? { ITMREF: product.code } : {}),
    ITMDES1: product.name,
    ITMDES2: product.description,
    TCLCOD: product.family,
    ITMSTA: product.status === 'active' ? (menus.activeProductStatuses[0] ?? 1) : menus.archivedProductStatus,
    SAU: product.unitOfMeasure,
    BASPRI: product.sales?.unitPrice === undefined ? undefined : x3Number(product.sales.unitPrice),
    VACITM: product.sales?.taxCode,
  });
}
