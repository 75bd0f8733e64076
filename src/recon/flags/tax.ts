import { multiplyByRate } from '../../model/money.js';
import type { PreparedSide } from '../prepare.js';
import { clampScore, type DetectorContext, money, type RecordFlag } from './flag.js';

/** A tax rate is "in use" when at least this share of invoices carries it. */
const COMMON_RATE_SHARE = 0.02;

/**
 * Tax not consistent with net × rate. The rates in use are learned from the data (a frequency profile of
 * tax ÷ net rounded to 0.1 %), so a ledger with 20 %, 5 % and 0 % VAT needs no configuration; each invoice is then
 * checked against the nearest common rate with integer arithmetic, and total against net + tax.
 */
export function detectTax({
  state,
  settings,
}: DetectorContext & { settings: { taxTolerancePercent: number } }): RecordFlag[] {
  return [
    ...taxOn(state.left, 'left', settings.taxTolerancePercent),
    ...taxOn(state.right, 'right', settings.taxTolerancePercent),
  ];
}

/**
 * amount × perMille / 1000 rounded half away from zero, in integer arithmetic (the product of two integers stays
 * exact below 2^53); beyond that range the decimal route of money.ts takes over.
 */
export function applyPerMille(amount: number, perMille: number): number {
  const product = amount * perMille;
  if (!Number.isSafeInteger(product)) return multiplyByRate(amount, (perMille / 1000).toFixed(3));
  const quotient = Math.trunc(product / 1000);
  const remainder = product - quotient * 1000;
  return Math.abs(remainder) * 2 >= 1000 ? quotient + Math.sign(product) : quotient;
}

function taxOn(side: PreparedSide, name: 'left' | 'right', tolerance: number): RecordFlag[] {
  const net = side.table.money.get('net');
  const tax = side.table.money.get('tax');
  const total = side.table.money.get('total');
  if (!net || !tax) return [];
  const flags: RecordFlag[] = [];
  const ids = side.table.ids;
  const at = (i: number) => ({ left: name === 'left' ? [i] : [], right: name === 'right' ? [i] : [] });
  const profile = new Map<number, number>();
  let counted = 0;
  for (let i = 0; i < side.size; i++) {
    if (Number.isNaN(net[i]!) || Number.isNaN(tax[i]!) || net[i] === 0) continue;
    const perMille = Math.round((tax[i]! / net[i]!) * 1000);
    profile.set(perMille, (profile.get(perMille) ?? 0) + 1);
    counted++;
  }
  const rates = [...profile.entries()]
    .filter(([, count]) => count >= Math.max(2, counted * COMMON_RATE_SHARE))
    .map(([rate]) => rate);
  for (let i = 0; i < side.size; i++) {
    const n = net[i]!;
    const t = tax[i]!;
    if (Number.isNaN(n) || Number.isNaN(t)) continue;
    if (total && !Number.isNaN(total[i]!) && total[i] !== n + t) {
      flags.push({
        code: 'total_mismatch',
        severity: 'error',
        score: 1,
        message: `${ids[i]}: net ${money(n, side.currency[i]!)} plus tax ${money(t, side.currency[i]!)} does not make the total ${money(total[i]!, side.currency[i]!)}.`,
        ...at(i),
      });
    }
    if (n === 0 || rates.length === 0) continue;
    let best = Number.POSITIVE_INFINITY;
    let bestRate = 0;
    for (const perMille of rates) {
      const expected = applyPerMille(n, perMille);
      const gap = Math.abs(expected - t);
      if (gap < best) {
        best = gap;
        bestRate = perMille;
      }
    }
    const allowed = Math.max(1, Math.abs(t) * tolerance);
    if (best <= allowed) continue;
    const expected = applyPerMille(n, bestRate);
    flags.push({
      code: 'tax_mismatch',
      severity: 'warning',
      score: clampScore(best / Math.max(1, Math.abs(expected))),
      message: `${ids[i]}: tax ${money(t, side.currency[i]!)} is not ${(bestRate / 10).toFixed(1)}% of net ${money(n, side.currency[i]!)} (expected ${money(expected, side.currency[i]!)}).`,
      ...at(i),
    });
  }
  return flags;
}
