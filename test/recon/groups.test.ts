import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reconcile } from '../../src/recon/engine.js';
import { subsetsSumming } from '../../src/recon/passes/groups.js';
import { table } from './records.js';

describe('subset-sum search', () => {
  it('finds the combination that adds up, exact ones first', () => {
    const found = subsetsSumming([500, 300, 200, 700, 150], 1000, 0, 4, 5);
    const sets = found.map((f) => f.members.sort().join(','));
    expect(sets).toContain('0,1,2');
    expect(sets).toContain('1,3');
    expect(found.every((f) => f.difference === 0)).toBe(true);
  });

  it('respects the tolerance and the group size', () => {
    expect(subsetsSumming([333, 333, 333], 1000, 1, 3, 5)).toEqual([{ members: [0, 1, 2], difference: 1 }]);
    expect(subsetsSumming([333, 333, 333], 1000, 1, 2, 5)).toEqual([]);
    expect(subsetsSumming([1000], 1000, 0, 3, 5)).toEqual([]);
  });

  it('only returns sets that really add up (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 100_000 }), { minLength: 2, maxLength: 14 }),
        fc.integer({ min: 0, max: 3 }),
        (amounts, tolerance) => {
          const target = amounts[0]! + amounts[amounts.length - 1]!;
          const found = subsetsSumming(amounts, target, tolerance, 4, 10);
          expect(found.length).toBeGreaterThan(0);
          for (const { members } of found) {
            const sum = members.reduce((total, i) => total + amounts[i]!, 0);
            expect(Math.abs(sum - target)).toBeLessThanOrEqual(tolerance);
            expect(new Set(members).size).toBe(members.length);
            expect(members.length).toBeGreaterThanOrEqual(2);
            expect(members.length).toBeLessThanOrEqual(4);
          }
        },
      ),
    );
  });
});

describe('pass 4: one-to-many and many-to-one', () => {
  it('matches one payment settling several invoices of the same party', () => {
    const left = table('payments', [
      { id: 'P1', date: '2024-03-20', amount: '1750.00', party_name: 'Acme Ltd', reference: 'REMITTANCE' },
    ]);
    const right = table('payments', [
      { id: 'I1', date: '2024-03-02', amount: '1000.00', party_name: 'ACME LIMITED', reference: 'INV 1' },
      { id: 'I2', date: '2024-03-05', amount: '500.00', party_name: 'Acme', reference: 'INV 2' },
      { id: 'I3', date: '2024-03-09', amount: '250.00', party_name: 'Acme Ltd', reference: 'INV 3' },
      { id: 'I4', date: '2024-03-09', amount: '999.00', party_name: 'Bolt', reference: 'INV 4' },
    ]);
    const result = reconcile({ entity: 'payments', left, right, settings: { daysBefore: 30 } });
    const group = result.matches.find((m) => m.pass === 'group');
    expect(group).toMatchObject({ left: ['P1'], status: 'auto' });
    expect([...group!.right].sort()).toEqual(['I1', 'I2', 'I3']);
    expect(result.unmatchedRight.map((r) => r.id)).toEqual(['I4']);
  });

  it('matches an invoice split in two on the other side', () => {
    const left = table('payments', [
      { id: 'A', date: '2024-03-01', amount: '600.00', party_name: 'Bolt', reference: 'x' },
      { id: 'B', date: '2024-03-01', amount: '400.00', party_name: 'Bolt', reference: 'y' },
    ]);
    const right = table('payments', [
      { id: 'Z', date: '2024-03-03', amount: '1000.00', party_name: 'Bolt', reference: 'z' },
    ]);
    const [match] = reconcile({ entity: 'payments', left, right }).matches;
    expect(match).toMatchObject({ right: ['Z'], pass: 'group' });
    expect([...match!.left].sort()).toEqual(['A', 'B']);
  });

  it('suggests rather than accepts when several combinations fit', () => {
    const left = table('payments', [
      { id: 'P', date: '2024-03-10', amount: '300.00', party_name: 'Cog', reference: 'r' },
    ]);
    const right = table('payments', [
      { id: 'X1', date: '2024-03-08', amount: '100.00', party_name: 'Cog', reference: 'a' },
      { id: 'X2', date: '2024-03-08', amount: '200.00', party_name: 'Cog', reference: 'b' },
      { id: 'X3', date: '2024-03-09', amount: '150.00', party_name: 'Cog', reference: 'c' },
      { id: 'X4', date: '2024-03-09', amount: '150.00', party_name: 'Cog', reference: 'd' },
    ]);
    const group = reconcile({ entity: 'payments', left, right }).matches.find((m) => m.pass === 'group');
    expect(group?.status).toBe('suggested');
    expect(group?.alternatives?.length).toBeGreaterThan(0);
  });
});
