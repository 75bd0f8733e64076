import { claim, type MatchingState, pairKey } from '../state.js';
import { uniquePairs } from './exactReferences.js';

/**
 * Pass 2: party + amount + date, exactly, when that combination occurs once on each side. Records without a
 * party fall back to their reference text as the "who".
 */
export function matchExactKeys(state: MatchingState): void {
  const { left, right } = state;
  if (!left.hasAmount || !right.hasAmount || !left.hasDate || !right.hasDate) return;
  const who = (side: typeof left, i: number): string => side.party[i] || side.reference[i] || '';
  const keyOf = (side: typeof left, open: Uint8Array): string[] =>
    Array.from({ length: side.size }, (_, i) => {
      const name = open[i] ? who(side, i) : '';
      return name === '' || Number.isNaN(side.amount[i]!)
        ? ''
        : `${name}|${side.currency[i]}${side.amount[i]}|${side.day[i]}`;
    });
  const pairs = uniquePairs(
    keyOf(left, state.leftOpen),
    keyOf(right, state.rightOpen),
    state.leftOpen,
    state.rightOpen,
  );
  for (let p = 0; p < pairs.length; p += 2) {
    const l = pairs[p]!;
    const r = pairs[p + 1]!;
    if (state.rejected.has(pairKey(l, r))) continue;
    claim(state, {
      left: [l],
      right: [r],
      status: 'auto',
      pass: 'key',
      confidence: 1,
      evidence: [
        { field: left.party[l] ? 'party + amount + date' : 'reference + amount + date', level: 'exact', weight: 0 },
      ],
    });
  }
}
