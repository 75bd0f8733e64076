import { currencyExponent, formatMinorUnits } from '../../model/money.js';
import type { Severity } from '../result.js';
import type { MatchingState } from '../state.js';

/** A flag while detectors run: record indices per side rather than ids. */
export interface RecordFlag {
  readonly code: string;
  readonly severity: Severity;
  readonly score: number;
  readonly message: string;
  readonly left: readonly number[];
  readonly right: readonly number[];
}

export type Detector = (context: DetectorContext) => RecordFlag[];

export interface DetectorContext {
  readonly state: MatchingState;
  readonly period?: { readonly start: number; readonly end: number };
  /** "Today" for ageing unmatched records. */
  readonly asOfDay: number;
  /** Reference FX rates: "EUR/GBP" → day → rate (units of the second per one of the first). */
  readonly fxRates?: ReadonlyMap<string, ReadonlyMap<number, number>>;
}

export function money(amountMinor: number, currency: string): string {
  return `${currency} ${formatMinorUnits(amountMinor, currencyExponent(currency))}`;
}

export function clampScore(value: number): number {
  return Math.round(Math.max(0, Math.min(1, value)) * 1000) / 1000;
}

/** Median of a list (sorted copy). */
export function median(values: ArrayLike<number>): number {
  return medianInPlace(Float64Array.from(values));
}

function medianInPlace(values: Float64Array): number {
  const sorted = values.sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Median absolute deviation scaled to a standard deviation for normal data (× 1.4826). */
export function robustSpread(values: ArrayLike<number>, centre: number): number {
  const deviations = new Float64Array(values.length);
  for (let k = 0; k < values.length; k++) deviations[k] = Math.abs(values[k]! - centre);
  return 1.4826 * medianInPlace(deviations);
}

/** Record indices grouped by a key (skipping records whose key is empty). */
export function groupBy(size: number, keyOf: (i: number) => string): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  for (let i = 0; i < size; i++) {
    const key = keyOf(i);
    if (key === '') continue;
    const list = groups.get(key);
    if (list) list.push(i);
    else groups.set(key, [i]);
  }
  return groups;
}
