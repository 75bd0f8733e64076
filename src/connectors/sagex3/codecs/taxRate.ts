import { type TaxRate, TaxRate as TaxRateSchema } from '../../../model/index.js';
import { parseWire, stampsOf, TaxCodeWire, type X3Resource } from '../wire.js';
import { canonical } from './canonical.js';
import { type CodecContext, present, sourceOf } from './shared.js';

/** TABVAT → TaxRate: VAT is the code, VATRAT the percentage, kept as exact decimal text. */
export function taxRateFromX3(ctx: CodecContext, resource: X3Resource): TaxRate {
  const { settings } = ctx;
  const className = settings.classes.taxRate.className;
  const wire = parseWire(TaxCodeWire, resource, className, 'record');
  const tax = {
    source: sourceOf(wire.VAT, stampsOf(resource, settings, className), wire.VAT),
    code: wire.VAT,
    name: present(wire.DES) ?? wire.VAT,
    ratePercent: wire.VATRAT,
    status: wire.ENAFLG === settings.menus.no ? 'archived' : 'active',
  };
  return canonical(TaxRateSchema, tax, className, wire.VAT);
}
