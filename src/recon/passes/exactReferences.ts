import { withinPercent } from '../blocking.js';
import { claim, type MatchingState, pairKey } from '../state.js';
import { StringIndex } from '../stringIndex.js';

/** Links the two systems already know about (a sync's cross-reference table): left id → right id. */
export interface CrossReference {
  readonly left: string;
  readonly right: string;
}

/**
 * Pass 1: pairs records the systems already link (cross-references), then records whose normalised document
 * number (or id) is the same on both sides and unique on each. A number match whose amounts disagree beyond the
 * tolerance is still proposed — that is a difference to review — but only as a suggestion; ids without document
 * numbers are trusted only when amount and date agree too, because two systems' running ids collide by chance.
 */
export function matchExactReferences(state: MatchingState, crossReferences: readonly CrossReference[]): void {
  const { left, right } = state;
  if (crossReferences.length > 0) {
    const leftIndex = indexOf(left.table.ids);
    const rightIndex = indexOf(right.table.ids);
    for (const link of crossReferences) {
      const l = leftIndex.get(link.left);
      const r = rightIndex.get(link.right);
      if (l === undefined || r === undefined || !state.leftOpen[l] || !state.rightOpen[r]) continue;
      claim(state, {
        left: [l],
        right: [r],
        status: 'auto',
        pass: 'reference',
        confidence: 1,
        evidence: [{ field: 'cross-reference', level: 'linked', weight: 0 }],
      });
    }
  }
  const byNumber = left.hasNumber && right.hasNumber;
  const { settings } = state;
  // One shared (frozen) evidence list: a million number matches need not carry a million copies.
  const evidence = Object.freeze([
    Object.freeze({ field: byNumber ? 'number' : 'id', level: 'exact after normalisation', weight: 0 }),
  ]);
  const pairs = uniquePairs(left.key, right.key, state.leftOpen, state.rightOpen);
  for (let p = 0; p < pairs.length; p += 2) {
    const l = pairs[p]!;
    const r = pairs[p + 1]!;
    if (state.rejected.has(pairKey(l, r))) continue;
    if (left.currency[l] !== right.currency[r]) continue;
    const amountAgrees = withinPercent(left.amount[l]!, right.amount[r]!, settings.amountPercent);
    const day = right.day[r]! - left.day[l]!;
    const dateAgrees = day >= -settings.daysBefore && day <= settings.daysAfter;
    if (!byNumber && !(amountAgrees && dateAgrees)) continue;
    claim(state, {
      left: [l],
      right: [r],
      status: amountAgrees ? 'auto' : 'suggested',
      pass: 'reference',
      confidence: amountAgrees ? 1 : 0.5,
      evidence,
    });
  }
}

/**
 * Pairs of open records whose key occurs exactly once on each side, found with a single map over the left keys
 * (a million-row file makes two full maps and their iteration a noticeable cost).
 */
export function uniquePairs(
  leftKeys: readonly string[],
  rightKeys: readonly string[],
  leftOpen: Uint8Array,
  rightOpen: Uint8Array,
): number[] {
  const slots = new StringIndex(leftKeys.length);
  // One slot per distinct left key, at most one per left record.
  const firstLeft = new Int32Array(leftKeys.length);
  const leftCount = new Int32Array(leftKeys.length);
  const firstRight = new Int32Array(leftKeys.length);
  const rightCount = new Int32Array(leftKeys.length);
  for (let i = 0; i < leftKeys.length; i++) {
    const key = leftKeys[i]!;
    if (!leftOpen[i] || key === '') continue;
    const known = slots.size;
    const slot = slots.add(key);
    if (slot === known) firstLeft[slot] = i;
    leftCount[slot]!++;
  }
  for (let j = 0; j < rightKeys.length; j++) {
    if (!rightOpen[j]) continue;
    const slot = slots.find(rightKeys[j]!);
    if (slot < 0) continue;
    if (rightCount[slot]!++ === 0) firstRight[slot] = j;
  }
  // Flat [left, right, left, right, …]: a million matches need not be a million two-element arrays.
  const pairs: number[] = [];
  for (let slot = 0; slot < slots.size; slot++) {
    if (leftCount[slot] === 1 && rightCount[slot] === 1) pairs.push(firstLeft[slot]!, firstRight[slot]!);
  }
  return pairs;
}

function indexOf(ids: readonly string[]): Map<string, number> {
  return new Map(ids.map((id, i) => [id, i]));
}
