import type { Comparison } from './compare.js';

/**
 * Fellegi–Sunter parameters: for each comparison level, m = P(level | true match) and u = P(level | not a match);
 * a pair's match weight is the prior log-odds plus log2(m/u) of each field's level.
 */
export interface MatchWeights {
  readonly fields: readonly string[];
  readonly levels: readonly (readonly string[])[];
  readonly m: readonly Float64Array[];
  readonly u: readonly Float64Array[];
  /** log2(m/u) per field and level; zero for the "missing" level. */
  readonly weight: readonly Float64Array[];
  /** Share of candidate pairs that are matches, as estimated. */
  readonly lambda: number;
  readonly prior: number;
  readonly iterations: number;
}

/** Level patterns of labelled pairs (from past approve/reject decisions) that steer the estimate. */
export interface LabelledPatterns {
  readonly approved: readonly Uint8Array[];
  readonly rejected: readonly Uint8Array[];
}

/**
 * Weight of the prior (agreement is evidence for a match) in pairs: decisive for a handful of pairs, fading as the
 * data grows so that a large reconciliation is estimated from its own data alone.
 */
const PRIOR_PAIRS = 4;

/** How much one past decision counts against the unlabelled pairs. */
const DECISION_WEIGHT = 5;

/**
 * Estimates m and u from the candidate pairs themselves by expectation–maximisation over the distinct level
 * patterns (there are few, however many pairs), then folds in the accountant's decisions as labelled pairs.
 */
export function estimateWeights(
  comparisons: readonly Comparison[],
  levels: Uint8Array,
  count: number,
  expectedMatches: number,
  labelled: LabelledPatterns = { approved: [], rejected: [] },
  maxIterations = 60,
): MatchWeights {
  const k = comparisons.length;
  const sizes = comparisons.map((c) => c.levels.length);
  const patterns = new Map<number, number>();
  for (let p = 0; p < count; p++) {
    let code = 0;
    for (let f = 0; f < k; f++) code = code * sizes[f]! + levels[p * k + f]!;
    patterns.set(code, (patterns.get(code) ?? 0) + 1);
  }
  const codes = [...patterns.keys()];
  const observed = sizes.map((size) => new Uint8Array(size));
  const counts = Float64Array.from(codes, (code) => patterns.get(code)!);
  const decoded = codes.map((code) => decode(code, sizes));
  const priorM = sizes.map((size) => initialM(size));
  const priorStrength = PRIOR_PAIRS * Math.min(1, 1000 / Math.max(1, count));
  // The mirror image: non-matches mostly disagree.
  const priorU = priorM.map((row) => row.map((p, l) => (l === row.length - 1 ? p : row[row.length - 2 - l]!)));
  const m = priorM.map((row) => Float64Array.from(row));
  const u = sizes.map((size) => new Float64Array(size).fill(1 / size));
  // u starts from the level frequencies among all candidates: almost all of them are non-matches.
  for (let i = 0; i < codes.length; i++) {
    for (let f = 0; f < k; f++) {
      u[f]![decoded[i]![f]!]! += counts[i]!;
      observed[f]![decoded[i]![f]!] = 1;
    }
  }
  for (const row of u) normalise(row);
  let lambda = Math.min(0.9, Math.max(1e-4, expectedMatches / Math.max(1, count)));
  let iterations = 0;
  const posterior = new Float64Array(codes.length);
  for (; iterations < maxIterations; iterations++) {
    for (let i = 0; i < codes.length; i++) {
      let pm = lambda;
      let pu = 1 - lambda;
      const pattern = decoded[i]!;
      for (let f = 0; f < k; f++) {
        const level = pattern[f]!;
        if (level === sizes[f]! - 1) continue; // missing: no evidence either way
        pm *= m[f]![level]!;
        pu *= u[f]![level]!;
      }
      posterior[i] = pm / (pm + pu);
    }
    // Prior pseudo-pairs: with little data, agreement still counts for and disagreement against.
    const nextM = priorM.map((row) => row.map((p) => 0.01 + p * priorStrength));
    const nextU = priorU.map((row) => row.map((p) => 0.01 + p * priorStrength));
    let matched = 0;
    for (let i = 0; i < codes.length; i++) {
      const c = counts[i]!;
      const post = posterior[i]!;
      matched += c * post;
      for (let f = 0; f < k; f++) {
        nextM[f]![decoded[i]![f]!]! += c * post;
        nextU[f]![decoded[i]![f]!]! += c * (1 - post);
      }
    }
    for (const pattern of labelled.approved) for (let f = 0; f < k; f++) nextM[f]![pattern[f]!]! += DECISION_WEIGHT;
    for (const pattern of labelled.rejected) for (let f = 0; f < k; f++) nextU[f]![pattern[f]!]! += DECISION_WEIGHT;
    for (let f = 0; f < k; f++) {
      if (comparisons[f]!.ordered) poolViolators(nextM[f]!, nextU[f]!);
      else capDisagreement(nextM[f]!, nextU[f]!);
    }
    let change = Math.abs(matched / count - lambda);
    for (let f = 0; f < k; f++) {
      normalise(nextM[f]!);
      normalise(nextU[f]!);
      for (let l = 0; l < sizes[f]!; l++) change = Math.max(change, Math.abs(nextM[f]![l]! - m[f]![l]!));
      m[f] = nextM[f]!;
      u[f] = nextU[f]!;
    }
    lambda = Math.min(0.99, Math.max(1e-6, matched / count));
    if (change < 1e-5) break;
  }
  const weight = sizes.map((size, f) => {
    const row = new Float64Array(size);
    // With plenty of pairs, a level never seen says nothing; with few, the prior speaks for it.
    for (let l = 0; l < size - 1; l++) row[l] = observed[f]![l]! || count < 1000 ? Math.log2(m[f]![l]! / u[f]![l]!) : 0;
    return row;
  });
  return {
    fields: comparisons.map((c) => c.field),
    levels: comparisons.map((c) => c.levels),
    m,
    u,
    weight,
    lambda,
    prior: Math.log2(lambda / (1 - lambda)),
    iterations,
  };
}

/**
 * Levels of an ordered comparison go from agreement to disagreement, so their weights must not rise along the
 * scale. Where the data says otherwise (a level that blocking made rare), adjacent levels are pooled — the
 * pool-adjacent-violators step of isotonic regression on m/u, leaving out the last ("missing") level.
 */
function poolViolators(m: Float64Array, u: Float64Array): void {
  const blocks: Array<{ from: number; to: number; m: number; u: number }> = [];
  for (let l = 0; l < m.length - 1; l++) {
    blocks.push({ from: l, to: l, m: m[l]!, u: u[l]! });
    while (blocks.length > 1) {
      const last = blocks[blocks.length - 1]!;
      const previous = blocks[blocks.length - 2]!;
      if (previous.m / previous.u >= last.m / last.u) break;
      blocks.pop();
      previous.to = last.to;
      previous.m += last.m;
      previous.u += last.u;
    }
  }
  for (const block of blocks) {
    const width = block.to - block.from + 1;
    for (let l = block.from; l <= block.to; l++) {
      m[l] = block.m / width;
      u[l] = block.u / width;
    }
  }
}

/**
 * For comparisons whose levels are not fully ordered, the disagreement level (last before "missing") must still be
 * the weakest evidence: blocking on another field can make disagreeing pairs look like a cluster of matches.
 */
function capDisagreement(m: Float64Array, u: Float64Array): void {
  const last = m.length - 2;
  let lowest = Number.POSITIVE_INFINITY;
  for (let l = 0; l < last; l++) if (u[l]! > 0.02 * u[last]!) lowest = Math.min(lowest, m[l]! / u[l]!);
  if (!Number.isFinite(lowest) || m[last]! / u[last]! <= lowest) return;
  m[last] = u[last]! * lowest * 0.5;
}

function decode(code: number, sizes: readonly number[]): Uint8Array {
  const pattern = new Uint8Array(sizes.length);
  for (let f = sizes.length - 1; f >= 0; f--) {
    pattern[f] = code % sizes[f]!;
    code = Math.floor(code / sizes[f]!);
  }
  return pattern;
}

/** Matches mostly agree: the first levels start likely, disagreement unlikely; "missing" neutral. */
function initialM(size: number): Float64Array {
  const row = new Float64Array(size);
  for (let l = 0; l < size; l++) row[l] = 2 ** -l;
  row[size - 1] = 0.05;
  return normalise(row);
}

function normalise(row: Float64Array): Float64Array {
  let total = 0;
  for (const value of row) total += value;
  for (let i = 0; i < row.length; i++) row[i]! /= total;
  return row;
}

/** Match weight (log2 odds) of a pair from its levels. */
export function pairWeight(weights: MatchWeights, levels: Uint8Array, offset: number): number {
  let w = weights.prior;
  for (let f = 0; f < weights.fields.length; f++) w += weights.weight[f]![levels[offset + f]!]!;
  return w;
}
