import { describe, expect, it } from 'vitest';
import type { Comparison } from '../../src/recon/compare.js';
import { estimateWeights } from '../../src/recon/weights.js';
import { random } from './records.js';

const comparison = (field: string): Comparison => ({
  field,
  ordered: true,
  levels: ['agree', 'close', 'disagree', 'missing'],
  level: () => 0,
});

/** 2,000 pairs: a quarter true matches (mostly agreeing), the rest mostly disagreeing. */
function sample(seed: number): Uint8Array {
  const next = random(seed);
  const levels = new Uint8Array(2000 * 2);
  for (let p = 0; p < 2000; p++) {
    const match = p % 4 === 0;
    for (let f = 0; f < 2; f++) {
      const x = next();
      levels[p * 2 + f] = match ? (x < 0.8 ? 0 : x < 0.95 ? 1 : 2) : x < 0.05 ? 0 : x < 0.2 ? 1 : 2;
    }
  }
  return levels;
}

describe('EM weight estimation', () => {
  it('learns from the data that agreement is evidence for a match and disagreement against', () => {
    const weights = estimateWeights([comparison('amount'), comparison('date')], sample(1), 2000, 500);
    for (const row of weights.weight) {
      expect(row[0]).toBeGreaterThan(2);
      expect(row[2]).toBeLessThan(-1);
      expect(row[3]).toBe(0);
    }
    expect(weights.lambda).toBeGreaterThan(0.15);
    expect(weights.lambda).toBeLessThan(0.35);
  });

  it('is refined by the accountant’s decisions', () => {
    const comparisons = [comparison('amount'), comparison('date')];
    const plain = estimateWeights(comparisons, sample(2), 2000, 500);
    const rejectedClose = Array.from({ length: 200 }, () => Uint8Array.from([1, 1]));
    const refined = estimateWeights(comparisons, sample(2), 2000, 500, { approved: [], rejected: rejectedClose });
    expect(refined.weight[0]![1]!).toBeLessThan(plain.weight[0]![1]!);
    const approvedClose = Array.from({ length: 200 }, () => Uint8Array.from([1, 1]));
    const trusted = estimateWeights(comparisons, sample(2), 2000, 500, { approved: approvedClose, rejected: [] });
    expect(trusted.weight[0]![1]!).toBeGreaterThan(plain.weight[0]![1]!);
  });
});
