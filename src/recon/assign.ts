import type { CandidatePairs } from './blocking.js';

export interface Assignment {
  readonly pair: number;
  readonly status: 'auto' | 'suggested';
  readonly confidence: number;
}

/**
 * One-to-one assignment with a confidence that accounts for competition. A pair's confidence is its odds against
 * "no counterpart" and against every other open candidate of either record: odds / (ν + Σ odds of all those
 * pairs), where ν weighs the chance that a record has no counterpart at all. Pairs that reach the auto threshold
 * are accepted, which removes their competitors from other records' sums, so the next round may accept more.
 * Then pairs above one half (the favourite of both records) are suggested the same way, and what is left is
 * proposed greedily, most confident first.
 */
export function assignPairs(
  pairs: CandidatePairs,
  weight: Float64Array,
  leftSize: number,
  rightSize: number,
  leftOpen: Uint8Array,
  rightOpen: Uint8Array,
  autoConfidence: number,
  suggestConfidence: number,
  noMatchOdds = 1,
): Assignment[] {
  const odds = new Float64Array(pairs.count);
  for (let p = 0; p < pairs.count; p++) odds[p] = 2 ** Math.min(weight[p]!, 1000);
  let active = Int32Array.from({ length: pairs.count }, (_, p) => p);
  const leftSum = new Float64Array(leftSize);
  const rightSum = new Float64Array(rightSize);
  const assignments: Assignment[] = [];
  const confidenceOf = (p: number): number =>
    odds[p]! / (noMatchOdds + leftSum[pairs.left[p]!]! + rightSum[pairs.right[p]!]! - odds[p]!);
  /** Drops pairs whose records are taken and sums the odds of the rest per record. */
  const refresh = (): void => {
    let kept = 0;
    for (let a = 0; a < active.length; a++) {
      const p = active[a]!;
      if (leftOpen[pairs.left[p]!] && rightOpen[pairs.right[p]!]) active[kept++] = p;
    }
    active = active.subarray(0, kept);
    for (let a = 0; a < kept; a++) {
      const p = active[a]!;
      leftSum[pairs.left[p]!] = 0;
      rightSum[pairs.right[p]!] = 0;
    }
    for (let a = 0; a < kept; a++) {
      const p = active[a]!;
      leftSum[pairs.left[p]!]! += odds[p]!;
      rightSum[pairs.right[p]!]! += odds[p]!;
    }
  };
  const acceptRounds = (threshold: number, status: Assignment['status']): void => {
    for (let round = 0; round < 100; round++) {
      refresh();
      let accepted = 0;
      for (let a = 0; a < active.length; a++) {
        const p = active[a]!;
        const l = pairs.left[p]!;
        const r = pairs.right[p]!;
        if (!leftOpen[l] || !rightOpen[r]) continue;
        const confidence = confidenceOf(p);
        if (confidence < threshold) continue;
        leftOpen[l] = 0;
        rightOpen[r] = 0;
        assignments.push({ pair: p, status, confidence });
        accepted++;
      }
      if (accepted === 0) return;
    }
  };
  acceptRounds(autoConfidence, 'auto');
  refresh();
  for (const { pair } of bestAssignments(pairs, weight, active, leftSize)) {
    assignments.push({ pair, status: 'suggested', confidence: confidenceOf(pair) });
  }
  for (const { pair } of assignments) {
    leftOpen[pairs.left[pair]!] = 0;
    rightOpen[pairs.right[pair]!] = 0;
  }
  // Above one half a pair is the favourite of both its records, so accepting it cannot take a better pair's place.
  acceptRounds(Math.min(0.5, autoConfidence), 'suggested');
  // Below one half, two pairs of a record can both qualify: step down, most confident first, re-weighing the
  // competition after every step so that each acceptance clears the way for the pairs it no longer contends with.
  for (const threshold of [0.3, 0.15, 0.05, 0.01, 0.001, 1e-5, suggestConfidence]) {
    if (threshold < suggestConfidence) break;
    for (let round = 0; round < 100; round++) {
      refresh();
      const confidence = new Float64Array(active.length);
      for (let a = 0; a < active.length; a++) confidence[a] = confidenceOf(active[a]!);
      const order = Int32Array.from({ length: active.length }, (_, a) => a).sort(
        (x, y) => confidence[y]! - confidence[x]!,
      );
      let accepted = 0;
      for (const a of order) {
        if (confidence[a]! < threshold) break;
        const p = active[a]!;
        const l = pairs.left[p]!;
        const r = pairs.right[p]!;
        if (!leftOpen[l] || !rightOpen[r]) continue;
        leftOpen[l] = 0;
        rightOpen[r] = 0;
        assignments.push({ pair: p, status: 'suggested', confidence: confidence[a]! });
        accepted++;
      }
      if (accepted === 0) break;
    }
  }
  return assignments;
}

/** Components of the remaining candidate graph up to this many pairs are solved exactly. */
const EXACT_COMPONENT_PAIRS = 40;
const EXACT_COMPONENT_LEFTS = 12;
/** Added to every weight so that proposing a pair always beats proposing none (these are suggestions). */
const PROPOSE_OFFSET = 100;

/**
 * For each small connected group of competing candidates left after the automatic rounds, the one-to-one
 * assignment with the highest total weight (the most likely joint explanation), found by branch and bound. Greedy
 * choice can pair A with B's counterpart and leave B the worse option; this does not.
 */
function bestAssignments(
  pairs: CandidatePairs,
  weight: Float64Array,
  active: Int32Array,
  leftSize: number,
): Array<{ pair: number }> {
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    let root = x;
    while (parent.has(root) && parent.get(root) !== root) root = parent.get(root)!;
    let node = x;
    while (node !== root) {
      const next = parent.get(node)!;
      parent.set(node, root);
      node = next;
    }
    return root;
  };
  for (const p of active) {
    const a = find(pairs.left[p]!);
    const b = find(leftSize + pairs.right[p]!);
    if (!parent.has(a)) parent.set(a, a);
    if (!parent.has(b)) parent.set(b, b);
    if (a !== b) parent.set(b, a);
  }
  const components = new Map<number, number[]>();
  for (const p of active) {
    const root = find(pairs.left[p]!);
    const list = components.get(root);
    if (list) list.push(p);
    else components.set(root, [p]);
  }
  const chosen: Array<{ pair: number }> = [];
  for (const component of components.values()) {
    if (component.length > EXACT_COMPONENT_PAIRS) continue;
    const byLeft = new Map<number, number[]>();
    for (const p of component) {
      const list = byLeft.get(pairs.left[p]!);
      if (list) list.push(p);
      else byLeft.set(pairs.left[p]!, [p]);
    }
    if (byLeft.size > EXACT_COMPONENT_LEFTS) continue;
    const options = [...byLeft.values()].map((list) => list.sort((a, b) => weight[b]! - weight[a]!));
    const bestGain = options.map((list) => Math.max(0, weight[list[0]!]! + PROPOSE_OFFSET));
    const remaining = new Float64Array(options.length + 1);
    for (let k = options.length - 1; k >= 0; k--) remaining[k] = remaining[k + 1]! + bestGain[k]!;
    const usedRight = new Set<number>();
    const current: number[] = [];
    let best: number[] = [];
    let bestScore = -1;
    const search = (k: number, score: number): void => {
      if (score + remaining[k]! <= bestScore) return;
      if (k === options.length) {
        bestScore = score;
        best = [...current];
        return;
      }
      for (const p of options[k]!) {
        const r = pairs.right[p]!;
        if (usedRight.has(r)) continue;
        usedRight.add(r);
        current.push(p);
        search(k + 1, score + weight[p]! + PROPOSE_OFFSET);
        current.pop();
        usedRight.delete(r);
      }
      search(k + 1, score);
    };
    search(0, 0);
    for (const p of best) chosen.push({ pair: p });
  }
  return chosen;
}
