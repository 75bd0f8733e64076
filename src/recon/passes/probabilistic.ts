import { assignPairs } from '../assign.js';
import { type CandidatePairs, candidatePairs } from '../blocking.js';
import { type Comparison, type ComparisonContext, comparisonsFor } from '../compare.js';
import type { FieldEvidence } from '../result.js';
import { claim, type MatchingState, pairKey } from '../state.js';
import { estimateWeights, type LabelledPatterns, type MatchWeights, pairWeight } from '../weights.js';

export interface ProbabilisticOutcome {
  readonly weights: MatchWeights | undefined;
  readonly candidates: number;
}

/** Past decisions as index pairs, to be turned into labelled level patterns. */
export interface LabelledPairs {
  readonly approved: ReadonlyArray<readonly [number, number]>;
  readonly rejected: ReadonlyArray<readonly [number, number]>;
}

/**
 * Pass 3: Fellegi–Sunter scoring of blocked candidate pairs. Weights are estimated from the data by EM and steered
 * by past decisions; a one-to-one assignment then decides what is auto-accepted and what is suggested.
 */
export function matchProbabilistic(
  state: MatchingState,
  tokenBits: Float64Array,
  words: readonly string[],
  labelled: LabelledPairs,
): ProbabilisticOutcome {
  const { left, right, settings } = state;
  const context: ComparisonContext = { left, right, settings, tokenBits, words };
  const comparisons = comparisonsFor(state.entity, context);
  const pairs = withoutRejected(candidatePairs(left, right, state.leftOpen, state.rightOpen, settings), state);
  if (pairs.count === 0 || comparisons.length === 0) return { weights: undefined, candidates: pairs.count };
  const k = comparisons.length;
  const levels = levelsOf(comparisons, pairs);
  const background = levelsOf(comparisons, randomPairs(state, Math.min(MAX_BACKGROUND_PAIRS, pairs.count)));
  const patterns: LabelledPatterns = {
    approved: labelled.approved.map(([l, r]) => patternOf(comparisons, l, r)),
    rejected: labelled.rejected.map(([l, r]) => patternOf(comparisons, l, r)),
  };
  let openLeft = 0;
  let openRight = 0;
  for (const open of state.leftOpen) openLeft += open;
  for (const open of state.rightOpen) openRight += open;
  const training = new Uint8Array(levels.length + background.length);
  training.set(levels);
  training.set(background, levels.length);
  const trainingCount = training.length / k;
  const weights = estimateWeights(comparisons, training, trainingCount, Math.min(openLeft, openRight), patterns);
  const scored = keepPlausible(pairs, weights, levels, k);
  const { weight } = scored;
  const assignments = assignPairs(
    scored,
    weight,
    left.size,
    right.size,
    state.leftOpen,
    state.rightOpen,
    settings.autoConfidence,
    settings.suggestConfidence,
    noMatchOdds(weights.lambda * trainingCount, Math.min(openLeft, openRight)),
  );
  const alternativesOf = alternativesIndex(scored, weight, settings.maxAlternatives);
  for (const { pair, status, confidence } of assignments) {
    const l = scored.left[pair]!;
    const r = scored.right[pair]!;
    // assignPairs has already closed both records; claim() records the match.
    claim(state, {
      left: [l],
      right: [r],
      status,
      pass: 'probabilistic',
      confidence,
      evidence: evidenceOf(weights, levels, scored.origin[pair]! * k),
      alternatives: status === 'suggested' ? alternativesOf(pair) : undefined,
    });
  }
  return { weights, candidates: pairs.count };
}

/** Random pairs added to the EM data, at most as many as there are candidates. */
const MAX_BACKGROUND_PAIRS = 200_000;

/**
 * Random pairs of open records: almost all non-matches, they show EM what disagreement looks like even when
 * blocking left mostly true pairs among the candidates (without them EM cannot tell the two classes apart).
 */
function randomPairs(state: MatchingState, count: number): CandidatePairs {
  const openLeft: number[] = [];
  const openRight: number[] = [];
  for (let i = 0; i < state.leftOpen.length; i++) if (state.leftOpen[i]) openLeft.push(i);
  for (let j = 0; j < state.rightOpen.length; j++) if (state.rightOpen[j]) openRight.push(j);
  // Random pairs stand for non-matches only when the candidates are a small part of all pairs.
  if (openLeft.length * openRight.length < 20 * count)
    return { count: 0, left: new Int32Array(0), right: new Int32Array(0) };
  let seed = 0x9e3779b9;
  const next = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 4294967296;
  };
  const left = new Int32Array(count);
  const right = new Int32Array(count);
  for (let p = 0; p < count; p++) {
    left[p] = openLeft[Math.floor(next() * openLeft.length)]!;
    right[p] = openRight[Math.floor(next() * openRight.length)]!;
  }
  return { count, left, right };
}

/** Below this match weight (odds of one in a billion) a pair can neither win nor disturb a competitor. */
const NEGLIGIBLE_WEIGHT = -30;

/** Scores every candidate and keeps those that could matter, remembering where each came from. */
function keepPlausible(pairs: CandidatePairs, weights: MatchWeights, levels: Uint8Array, k: number) {
  const left = new Int32Array(pairs.count);
  const right = new Int32Array(pairs.count);
  const origin = new Int32Array(pairs.count);
  const weight = new Float64Array(pairs.count);
  let count = 0;
  for (let p = 0; p < pairs.count; p++) {
    const w = pairWeight(weights, levels, p * k);
    if (w < NEGLIGIBLE_WEIGHT) continue;
    left[count] = pairs.left[p]!;
    right[count] = pairs.right[p]!;
    origin[count] = p;
    weight[count] = w;
    count++;
  }
  return {
    count,
    left: left.subarray(0, count),
    right: right.subarray(0, count),
    origin: origin.subarray(0, count),
    weight: weight.subarray(0, count),
  };
}

/**
 * Weight of "this record has no counterpart" against its candidates: the share of open records EM expects to be
 * unmatched (at least 1 %, so that a lone weak candidate is never certain).
 */
function noMatchOdds(expectedMatches: number, open: number): number {
  const matchedShare = open === 0 ? 0 : expectedMatches / open;
  return Math.min(1, Math.max(0.01, 1 - matchedShare));
}

function withoutRejected(pairs: CandidatePairs, state: MatchingState): CandidatePairs {
  if (state.rejected.size === 0) return pairs;
  const left: number[] = [];
  const right: number[] = [];
  for (let p = 0; p < pairs.count; p++) {
    if (state.rejected.has(pairKey(pairs.left[p]!, pairs.right[p]!))) continue;
    left.push(pairs.left[p]!);
    right.push(pairs.right[p]!);
  }
  return { count: left.length, left: Int32Array.from(left), right: Int32Array.from(right) };
}

export function levelsOf(comparisons: readonly Comparison[], pairs: CandidatePairs): Uint8Array {
  const k = comparisons.length;
  const levels = new Uint8Array(pairs.count * k);
  for (let f = 0; f < k; f++) {
    const comparison = comparisons[f]!;
    for (let p = 0; p < pairs.count; p++) levels[p * k + f] = comparison.level(pairs.left[p]!, pairs.right[p]!);
  }
  return levels;
}

function patternOf(comparisons: readonly Comparison[], l: number, r: number): Uint8Array {
  return Uint8Array.from(comparisons, (comparison) => comparison.level(l, r));
}

export function evidenceOf(weights: MatchWeights, levels: Uint8Array, offset: number): FieldEvidence[] {
  return weights.fields.map((field, f) => {
    const level = levels[offset + f]!;
    return { field, level: weights.levels[f]![level]!, weight: round(weights.weight[f]![level]!) };
  });
}

/** For a pair: the other candidates of either record, best first, with their stand-alone probability. */
function alternativesIndex(pairs: CandidatePairs, weight: Float64Array, limit: number) {
  let byLeft: Map<number, number[]> | undefined;
  let byRight: Map<number, number[]> | undefined;
  return (pair: number) => {
    // Built on first use: most runs have few suggestions.
    if (!byLeft || !byRight) {
      byLeft = new Map();
      byRight = new Map();
      for (let p = 0; p < pairs.count; p++) {
        push(byLeft, pairs.left[p]!, p);
        push(byRight, pairs.right[p]!, p);
      }
    }
    const others = new Set([...(byLeft.get(pairs.left[pair]!) ?? []), ...(byRight.get(pairs.right[pair]!) ?? [])]);
    others.delete(pair);
    return [...others]
      .sort((a, b) => weight[b]! - weight[a]!)
      .slice(0, limit)
      .map((p) => ({
        left: [pairs.left[p]!],
        right: [pairs.right[p]!],
        confidence: round(1 / (1 + 2 ** -weight[p]!)),
      }));
  };
}

function push(map: Map<number, number[]>, key: number, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function round(value: number): number {
  return Math.round(value * 10000) / 10000;
}
