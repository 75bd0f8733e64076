import { createHash } from 'node:crypto';
import { compareDecimals, decimalSum, TaxRate } from '../../../model/index.js';
import { checked, decimalOf } from './shared.js';
import type { XTaxRate } from './wire.js';

/**
 * Xero tax rates carry no change date (GET /TaxRates takes no If-Modified-Since), so the source version is a hash
 * of the content at the epoch: an unchanged rate is recognised as seen, a changed one is a new version.
 */
const NO_CHANGE_DATE = '1970-01-01T00:00:00.000Z';

export function decodeTaxRate(rate: XTaxRate): TaxRate {
  const components = (rate.taxComponents ?? []).map((component) => ({
    name: component.name ?? rate.name,
    ratePercent: decimalOf(component.rate),
    ...(component.isCompound ? { compound: true } : {}),
    ...(component.isNonRecoverable ? { nonRecoverable: true } : {}),
  }));
  const simple = components.length > 0 && !components.some((component) => component.compound);
  const ratePercent = simple
    ? decimalSum(...components.map((component) => component.ratePercent))
    : decimalOf(rate.effectiveRate ?? rate.displayTaxRate);
  const status = (rate.status ?? 'ACTIVE').toLowerCase();
  const appliesTo = [
    ...(rate.canApplyToRevenue ? (['sales'] as const) : []),
    ...(rate.canApplyToExpenses ? (['purchases'] as const) : []),
  ];
  const record = {
    code: rate.taxType,
    name: rate.name,
    ratePercent: compareDecimals(ratePercent, '0') === 0 ? '0' : ratePercent,
    components,
    status,
    ...(appliesTo.length > 0 ? { appliesTo } : {}),
    reportType: rate.reportTaxType || undefined,
  };
  const version = createHash('sha256').update(JSON.stringify(record)).digest('hex').slice(0, 16);
  return checked(
    TaxRate,
    { ...record, source: { system: 'xero', id: rate.taxType, updatedAt: NO_CHANGE_DATE, version } },
    'tax rate',
    rate.taxType,
  );
}
