import { multiplyByRate } from '../../model/money.js';
import type { PreparedSide } from '../prepare.js';
import { clampScore, type DetectorContext, money, type RecordFlag } from './flag.js';

/** A tax rate is "in use" when at least this share of invoices carries it; so is mixing rates on one document. */
const COMMON_RATE_SHARE = 0.02;

/**
 * Tax not consistent with the document's rates, and totals that are not net + tax.
 *
 * Where the lines are known (records read through a connection), `expected_tax` holds the VAT each line's own rate
 * gives on its net, and the document's tax is compared with that: an invoice mixing 20 %, 5 % and 0 % lines is
 * checked exactly, and a line keyed at a rate its VAT does not match is caught.
 *
 * Where only totals are known (an export without lines), the rates in use are learned from the data (a frequency
 * profile of tax ÷ net rounded to 0.1 %), so a ledger with 20 %, 5 % and 0 % VAT needs no configuration, and each
 * document is checked against the nearest common rate with integer arithmetic.
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

/** One side's money columns the checks read; `expectedTax` only when records came with their lines. */
interface TaxColumns {
  readonly net: Float64Array;
  readonly tax: Float64Array;
  readonly total: Float64Array | undefined;
  readonly expectedTax: Float64Array | undefined;
}

function taxOn(side: PreparedSide, name: 'left' | 'right', tolerance: number): RecordFlag[] {
  const net = side.table.money.get('net');
  const tax = side.table.money.get('tax');
  if (!net || !tax) return [];
  const columns: TaxColumns = {
    net,
    tax,
    total: side.table.money.get('total'),
    expectedTax: side.table.money.get('expected_tax'),
  };
  const flags: RecordFlag[] = [];
  const { rates, counted } = learnRates(columns, side.size);
  const lowest = Math.min(...rates);
  const highest = Math.max(...rates);
  const at = (i: number) => ({ left: name === 'left' ? [i] : [], right: name === 'right' ? [i] : [] });
  const describe = (i: number, amount: number) => money(amount, side.currency[i]!);
  /** Documents whose effective rate lies strictly between common rates: mixed-rate documents or wrong ones. */
  const between: number[] = [];
  for (let i = 0; i < side.size; i++) {
    const n = net[i]!;
    const t = tax[i]!;
    if (Number.isNaN(n) || Number.isNaN(t)) continue;
    const total = columns.total?.[i];
    if (total !== undefined && !Number.isNaN(total) && total !== n + t) {
      flags.push({
        code: 'total_mismatch',
        severity: 'error',
        score: 1,
        message: `${side.table.ids[i]}: net ${describe(i, n)} plus tax ${describe(i, t)} does not make the total ${describe(i, total)}.`,
        ...at(i),
      });
    }
    const expected = columns.expectedTax?.[i];
    if (expected !== undefined && !Number.isNaN(expected)) {
      if (Math.abs(expected - t) <= allowedGap(t, tolerance)) continue;
      flags.push({
        ...taxFlag(t, expected),
        message: `${side.table.ids[i]}: tax ${describe(i, t)} differs from ${describe(i, expected)}, the VAT its lines' rates give.`,
        ...at(i),
      });
      continue;
    }
    if (n === 0 || rates.length === 0) continue;
    const rate = nearestRate(n, t, rates);
    if (Math.abs(applyPerMille(n, rate) - t) <= allowedGap(t, tolerance)) continue;
    if (isBetween(n, t, lowest, highest)) between.push(i);
    else flags.push(rateFlag(columns, side, i, rate, at(i)));
  }
  // Mixing rates on one document is normal (UK VAT: 20 %, 5 % and 0 % lines on one invoice), and such a document's
  // rate lies between the common ones, as does a wrong rate such as 17.5 % in a 20 %/0 % ledger: without its lines the
  // two cannot be told apart. So a ledger with mixed-rate documents in use (as many as a rate in use needs) stays
  // quiet about in-between rates — thousands of false flags would hide the real ones — while a ledger with none, or
  // with a single rate (nothing lies between), flags them as before. Rates outside the common range are always flagged.
  if (between.length < Math.max(2, counted * COMMON_RATE_SHARE)) {
    for (const i of between) flags.push(rateFlag(columns, side, i, nearestRate(net[i]!, tax[i]!, rates), at(i)));
  }
  return flags;
}

/** The rates (per mille) in use among documents checked by rate, and how many such documents there are. */
function learnRates({ net, tax, expectedTax }: TaxColumns, size: number): { rates: number[]; counted: number } {
  const profile = new Map<number, number>();
  let counted = 0;
  for (let i = 0; i < size; i++) {
    if (Number.isNaN(net[i]!) || Number.isNaN(tax[i]!) || net[i] === 0) continue;
    if (expectedTax && !Number.isNaN(expectedTax[i]!)) continue;
    const perMille = Math.round((tax[i]! / net[i]!) * 1000);
    profile.set(perMille, (profile.get(perMille) ?? 0) + 1);
    counted++;
  }
  const rates = [...profile.entries()]
    .filter(([, count]) => count >= Math.max(2, counted * COMMON_RATE_SHARE))
    .map(([rate]) => rate);
  return { rates, counted };
}

/** Tax within the tolerance (a share of the tax, at least one minor unit) is consistent. */
function allowedGap(tax: number, tolerance: number): number {
  return Math.max(1, Math.abs(tax) * tolerance);
}

/** The common rate (per mille) whose tax on `net` comes closest to `tax`. */
function nearestRate(net: number, tax: number, rates: readonly number[]): number {
  let best = Number.POSITIVE_INFINITY;
  let bestRate = 0;
  for (const perMille of rates) {
    const gap = Math.abs(applyPerMille(net, perMille) - tax);
    if (gap < best) {
      best = gap;
      bestRate = perMille;
    }
  }
  return bestRate;
}

/** Whether tax ÷ net lies strictly between two rates, compared in minor units (credit notes' signs included). */
function isBetween(net: number, tax: number, lowest: number, highest: number): boolean {
  const low = applyPerMille(net, lowest);
  const high = applyPerMille(net, highest);
  return tax > Math.min(low, high) && tax < Math.max(low, high);
}

function taxFlag(tax: number, expected: number): Pick<RecordFlag, 'code' | 'severity' | 'score'> {
  return {
    code: 'tax_mismatch',
    severity: 'warning',
    score: clampScore(Math.abs(expected - tax) / Math.max(1, Math.abs(expected))),
  };
}

function rateFlag(
  { net, tax }: TaxColumns,
  side: PreparedSide,
  i: number,
  rate: number,
  at: Pick<RecordFlag, 'left' | 'right'>,
): RecordFlag {
  const n = net[i]!;
  const t = tax[i]!;
  const expected = applyPerMille(n, rate);
  const currency = side.currency[i]!;
  return {
    ...taxFlag(t, expected),
    message: `${side.table.ids[i]}: tax ${money(t, currency)} is not ${(rate / 10).toFixed(1)}% of net ${money(n, currency)} (expected ${money(expected, currency)}).`,
    ...at,
  };
}
