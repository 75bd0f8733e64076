import type { PreparedSide } from './prepare.js';
import type { ReconSettings } from './settings.js';
import { NO_DAY } from './table.js';

/** Candidate pairs as two parallel index arrays (left, right). */
export interface CandidatePairs {
  readonly count: number;
  readonly left: Int32Array;
  readonly right: Int32Array;
}

/** Most records a block without dates may hold before it stops being a useful block. */
const UNDATED_BLOCK_LIMIT = 2000;

type KeyOf = (side: PreparedSide, index: number) => string | undefined;

/** The blocking keys: exact amount, first word of the reference, and the party. */
export function blockingKeys(left: PreparedSide, right: PreparedSide): Array<{ key: KeyOf; checkAmount: boolean }> {
  const keys: Array<{ key: KeyOf; checkAmount: boolean }> = [];
  if (left.hasAmount && right.hasAmount) {
    keys.push({
      key: (side, i) => (Number.isNaN(side.amount[i]!) ? undefined : `${side.currency[i]}${side.amount[i]}`),
      checkAmount: false,
    });
  }
  if (left.hasReference && right.hasReference) keys.push({ key: firstWord, checkAmount: true });
  if (left.hasParty && right.hasParty) keys.push({ key: (side, i) => side.party[i] || undefined, checkAmount: true });
  if (left.hasNumber && right.hasNumber) keys.push({ key: (side, i) => side.key[i] || undefined, checkAmount: false });
  return keys;
}

/** First word of the reference, cut to six characters so a truncated long word still meets its full form. */
function firstWord(side: PreparedSide, i: number): string | undefined {
  const text = side.reference[i]!;
  if (text === '') return undefined;
  const space = text.indexOf(' ');
  const word = space < 0 ? text : text.slice(0, space);
  return word.slice(0, 6);
}

class Block {
  readonly members: number[] = [];
  /** Members' sort key: the day (exact-key blocks) or the amount (blocks filtered by amount). */
  keys: Float64Array = new Float64Array(0);
}

/**
 * Pairs every still-unmatched left record with the unmatched right records that share a blocking key, fall in the
 * date window and (for word and party blocks) have an amount within the percentage tolerance.
 */
export function candidatePairs(
  left: PreparedSide,
  right: PreparedSide,
  leftOpen: Uint8Array,
  rightOpen: Uint8Array,
  settings: ReconSettings,
): CandidatePairs {
  let capacity = Math.max(1024, left.size * 4);
  let pairLeft: Int32Array = new Int32Array(capacity);
  let pairRight: Int32Array = new Int32Array(capacity);
  let count = 0;
  const stamp = new Int32Array(right.size).fill(-1);
  const dated = left.hasDate && right.hasDate;
  const indexes = blockingKeys(left, right).map(({ key, checkAmount }) => ({
    key,
    checkAmount,
    blocks: blockIndex(right, rightOpen, key, checkAmount),
  }));
  const percent = settings.amountPercent;
  for (let i = 0; i < left.size; i++) {
    if (!leftOpen[i]) continue;
    const day = left.day[i]!;
    const amount = left.amount[i]!;
    for (const { key, checkAmount, blocks } of indexes) {
      const k = key(left, i);
      if (k === undefined) continue;
      const block = blocks.get(k);
      if (!block) continue;
      let from = 0;
      let to = block.members.length;
      const byAmount = checkAmount && !Number.isNaN(amount);
      if (byAmount) {
        // Amount-sorted block: only members within the percentage can qualify; the date is checked per member.
        const [low, high] = amountRange(amount, percent);
        from = lowerBoundFloat(block.keys, low);
        to = lowerBoundFloat(block.keys, high + 0.5);
      } else if (dated && day !== NO_DAY) {
        from = lowerBoundFloat(block.keys, day - settings.daysBefore);
        to = lowerBoundFloat(block.keys, day + settings.daysAfter + 1);
      } else if (to > UNDATED_BLOCK_LIMIT) continue;
      const checkDay = byAmount && dated && day !== NO_DAY;
      for (let p = from; p < to; p++) {
        const j = block.members[p]!;
        if (stamp[j] === i) continue;
        if (checkDay) {
          const gap = right.day[j]! - day;
          if (gap < -settings.daysBefore || gap > settings.daysAfter) continue;
        }
        if (checkAmount && !withinPercent(amount, right.amount[j]!, percent)) continue;
        stamp[j] = i;
        if (count === capacity) {
          capacity *= 2;
          pairLeft = grow(pairLeft, capacity);
          pairRight = grow(pairRight, capacity);
        }
        pairLeft[count] = i;
        pairRight[count] = j;
        count++;
      }
    }
  }
  return { count, left: pairLeft, right: pairRight };
}

/** Open right records grouped by key, each group sorted by date for window look-ups. */
function blockIndex(right: PreparedSide, rightOpen: Uint8Array, key: KeyOf, byAmount: boolean): Map<string, Block> {
  const blocks = new Map<string, Block>();
  for (let j = 0; j < right.size; j++) {
    if (!rightOpen[j]) continue;
    const k = key(right, j);
    if (k === undefined) continue;
    let block = blocks.get(k);
    if (!block) {
      block = new Block();
      blocks.set(k, block);
    }
    block.members.push(j);
  }
  const sortKey = (j: number): number => {
    if (!byAmount) return right.day[j]!;
    const amount = right.amount[j]!;
    return Number.isNaN(amount) ? Number.NEGATIVE_INFINITY : amount;
  };
  for (const block of blocks.values()) {
    block.members.sort((a, b) => sortKey(a) - sortKey(b));
    block.keys = Float64Array.from(block.members, sortKey);
  }
  return blocks;
}

/** True when two integer amounts are within `percent` of the larger, or either is unknown. */
export function withinPercent(a: number, b: number, percent: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return true;
  return Math.abs(a - b) <= percent * Math.max(Math.abs(a), Math.abs(b));
}

/** Amounts b with |a − b| ≤ percent × max(|a|, |b|) lie in this range (integer minor units). */
function amountRange(a: number, percent: number): [number, number] {
  if (percent >= 1) return [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY];
  const x = a * (1 - percent);
  const y = a / (1 - percent);
  return [Math.floor(Math.min(x, y)), Math.ceil(Math.max(x, y))];
}

function lowerBoundFloat(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function grow(array: Int32Array, capacity: number): Int32Array<ArrayBuffer> {
  const next = new Int32Array(capacity);
  next.set(array);
  return next;
}
