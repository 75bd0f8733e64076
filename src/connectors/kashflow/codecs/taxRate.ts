import { TaxRate } from '../../../model/index.js';
import type { KfVatRate } from '../wire.js';
import { type CodecContext, canonical, decimalFromWire, sourceOf, text } from './shared.js';

/** A KashFlow VAT rate: the percentage is its own code ("20"), as invoice lines name it in `VATLevel`. */
export function taxRateFromWire(context: CodecContext, wire: KfVatRate): TaxRate {
  const rate = decimalFromWire(wire.VATRate);
  const body: TaxRate = {
    code: rate,
    name: text(wire.VATText) ?? `${rate}%`,
    ratePercent: rate,
    status: 'active',
    appliesTo: ['sales', 'purchases'],
  };
  const source = sourceOf(context, { id: String(wire.VATId ?? rate), number: rate }, {}, body);
  return canonical(TaxRate, { source, ...body }, 'Tax rate', { endpoint: 'GET /vat/settings/vatrates', record: rate });
}
