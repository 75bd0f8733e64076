import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reconcile } from '../../src/recon/engine.js';
import type { Match } from '../../src/recon/result.js';
import { type Row, random, table } from './records.js';

const pairOf = (match: Match) => `${match.left.join('+')}=${match.right.join('+')}`;

describe('pass 1: cross-references and document numbers', () => {
  it('pairs numbers that differ only by prefix, zeros, case and punctuation', () => {
    const left = table('invoices', [
      { id: 'x1', number: 'INV-0001', total: '120.00', date: '2024-03-01' },
      { id: 'x2', number: 'inv 0002', total: '80.00', date: '2024-03-02' },
    ]);
    const right = table('invoices', [
      { id: 'y2', number: '#2', total: '80.00', date: '2024-03-02' },
      { id: 'y1', number: '0001', total: '120.00', date: '2024-03-01' },
    ]);
    const result = reconcile({ entity: 'invoices', left, right });
    expect(result.matches.map(pairOf).sort()).toEqual(['x1=y1', 'x2=y2']);
    expect(result.matches.every((m) => m.pass === 'reference' && m.status === 'auto')).toBe(true);
  });

  it('still pairs a number whose total disagrees, as a suggestion showing the difference', () => {
    const left = table('invoices', [{ id: 'a', number: 'INV-7', total: '1200.00' }]);
    const right = table('invoices', [{ id: 'b', number: '7', total: '900.00' }]);
    const [match] = reconcile({ entity: 'invoices', left, right }).matches;
    expect(match).toMatchObject({
      status: 'suggested',
      differences: [{ field: 'total', left: '1200.00', right: '900.00' }],
    });
  });

  it('uses cross-references the systems already hold', () => {
    const left = table('payments', [{ id: 'L1', date: '2024-03-01', amount: '10.00', reference: 'A' }]);
    const right = table('payments', [{ id: 'R9', date: '2024-06-01', amount: '99.00', reference: 'Z' }]);
    const result = reconcile({ entity: 'payments', left, right, crossReferences: [{ left: 'L1', right: 'R9' }] });
    expect(result.matches.map(pairOf)).toEqual(['L1=R9']);
  });

  it('does not trust payment ids that collide by chance when amounts disagree', () => {
    const left = table('payments', [{ id: '1', date: '2024-03-01', amount: '10.00', reference: 'RENT' }]);
    const right = table('payments', [{ id: '1', date: '2024-03-01', amount: '500.00', reference: 'WAGES' }]);
    expect(reconcile({ entity: 'payments', left, right }).matches).toEqual([]);
  });
});

describe('pass 2: exact party + amount + date', () => {
  it('pairs records unique on that key and leaves ambiguous ones to later passes', () => {
    const left = table('payments', [
      { id: 'L1', date: '2024-03-01', amount: '50.00', party_name: 'Acme Ltd', reference: 'x' },
      { id: 'L2', date: '2024-03-05', amount: '75.00', party_name: 'Bolt', reference: 'y' },
    ]);
    const right = table('payments', [
      { id: 'R1', date: '2024-03-01', amount: '50.00', party_name: 'ACME LIMITED', reference: 'other' },
      { id: 'R2', date: '2024-03-05', amount: '75.00', party_name: 'Bolt', reference: 'p' },
      { id: 'R3', date: '2024-03-05', amount: '75.00', party_name: 'Bolt', reference: 'q' },
    ]);
    const result = reconcile({ entity: 'payments', left, right });
    const byKey = result.matches.filter((m) => m.pass === 'key').map(pairOf);
    expect(byKey).toEqual(['L1=R1']);
    expect(result.matches.find((m) => m.left[0] === 'L2')?.pass).not.toBe('key');
  });
});

/** Bank-style data: each sent payment arrives 1–3 days later, amount drifting a little, memo sometimes cut. */
function bankData(count: number, seed: number): { left: Row[]; right: Row[]; truth: Map<string, string> } {
  const next = random(seed);
  const names = [
    'J SMITH',
    'A PATEL',
    'ACME WIDGETS',
    'M JONES',
    'R OKAFOR',
    'L CHEN',
    'K MURPHY',
    'S NOVAK',
    'T ADEYEMI',
    'P GARCIA',
  ];
  const left: Row[] = [];
  const right: Row[] = [];
  const truth = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    const name = names[Math.floor(next() * names.length)]!;
    const code = Math.floor(next() * 1e8).toString(16);
    const cents = 1000 + Math.floor(next() * 500000);
    const day = 1 + Math.floor(next() * 25);
    const drift = next() < 0.5 ? 0 : Math.round(cents * (next() - 0.5) * 0.04);
    const memo = `${name} ${code} BGC`;
    left.push({
      id: `S${i}`,
      date: `2024-03-${String(day).padStart(2, '0')}`,
      amount: (cents / 100).toFixed(2),
      reference: memo,
    });
    right.push({
      id: `R${(i * 7919) % count}`,
      date: `2024-03-${String(day + 1 + Math.floor(next() * 3)).padStart(2, '0')}`,
      amount: ((cents + drift) / 100).toFixed(2),
      reference: next() < 0.3 ? memo.slice(0, 15) : memo,
    });
    truth.set(`S${i}`, `R${(i * 7919) % count}`);
  }
  return { left, right, truth };
}

describe('pass 3: probabilistic scoring', () => {
  it('pairs noisy bank lines with weights it estimates itself, confident ones automatically', () => {
    const { left, right, truth } = bankData(600, 7);
    const result = reconcile({ entity: 'payments', left: table('payments', left), right: table('payments', right) });
    const auto = result.matches.filter((m) => m.status === 'auto');
    const correct = auto.filter((m) => truth.get(m.left[0]!) === m.right[0]);
    expect(correct.length / auto.length).toBeGreaterThan(0.99);
    expect(auto.length).toBeGreaterThan(500);
    expect(result.weights?.fields.map((f) => f.field)).toEqual(expect.arrayContaining(['amount', 'date', 'reference']));
    const probabilistic = result.matches.find((m) => m.pass === 'probabilistic')!;
    expect(probabilistic.evidence.map((e) => e.field)).toEqual(expect.arrayContaining(['amount', 'date', 'reference']));
  });

  it('marks a pair ambiguous when two candidates are equally good, and lists the competitor', () => {
    const rows = bankData(300, 3);
    const left = [...rows.left, { id: 'T1', date: '2024-03-10', amount: '100.00', reference: 'Q TWIN BGC' }];
    const right = [
      ...rows.right,
      { id: 'U1', date: '2024-03-11', amount: '100.00', reference: 'Q TWIN BGC' },
      { id: 'U2', date: '2024-03-11', amount: '100.00', reference: 'Q TWIN BGC' },
    ];
    const result = reconcile({ entity: 'payments', left: table('payments', left), right: table('payments', right) });
    const twin = result.matches.find((m) => m.left[0] === 'T1')!;
    expect(twin.status).toBe('suggested');
    expect(twin.confidence).toBeLessThan(0.8);
    expect(twin.alternatives?.map((a) => a.right[0])).toContain(twin.right[0] === 'U1' ? 'U2' : 'U1');
  });

  it('uses each record at most once, whatever the data (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 5, max: 60 }), (seed, count) => {
        const { left, right } = bankData(count, seed);
        const result = reconcile({
          entity: 'payments',
          left: table('payments', left),
          right: table('payments', right),
        });
        const leftIds = result.matches.flatMap((m) => m.left);
        const rightIds = result.matches.flatMap((m) => m.right);
        expect(new Set(leftIds).size).toBe(leftIds.length);
        expect(new Set(rightIds).size).toBe(rightIds.length);
        expect(leftIds.length + result.unmatchedLeft.length).toBe(count);
        expect(rightIds.length + result.unmatchedRight.length).toBe(count);
      }),
      { numRuns: 25 },
    );
  });
});

describe('decisions', () => {
  it('keeps approved matches frozen and never proposes rejected pairs again', () => {
    const left = table('payments', [
      { id: 'L1', date: '2024-03-01', amount: '10.00', reference: 'ALPHA' },
      { id: 'L2', date: '2024-03-02', amount: '20.00', reference: 'BETA' },
    ]);
    const right = table('payments', [
      { id: 'R1', date: '2024-03-01', amount: '10.00', reference: 'ALPHA' },
      { id: 'R2', date: '2024-03-02', amount: '20.00', reference: 'BETA' },
    ]);
    const result = reconcile({
      entity: 'payments',
      left,
      right,
      decisions: [
        { left: ['L1'], right: ['R2'], decision: 'approved' },
        { left: ['L2'], right: ['R1'], decision: 'rejected' },
      ],
    });
    expect(result.matches.map((m) => [pairOf(m), m.pass])).toEqual([['L1=R2', 'approved']]);
    expect(result.unmatchedLeft.map((r) => r.id)).toEqual(['L2']);
  });
});

describe('differences', () => {
  it('lists real differences and ignores cosmetic ones', () => {
    const left = table('invoices', [
      {
        id: 'a',
        number: 'INV-1',
        party_name: 'Acme Ltd',
        total: '1200.00',
        status: 'PAID',
        due_date: '2024-04-01',
        reference: 'PO 7',
      },
    ]);
    const right = table('invoices', [
      {
        id: 'b',
        number: '0001',
        party_name: 'ACME LIMITED',
        total: '1199.99',
        status: 'Open',
        due_date: '2024-04-15',
        reference: 'po-7',
      },
    ]);
    const [match] = reconcile({ entity: 'invoices', left, right }).matches;
    expect(match?.differences).toEqual([
      { field: 'due_date', left: '2024-04-01', right: '2024-04-15' },
      { field: 'total', left: '1200.00', right: '1199.99' },
      { field: 'status', left: 'PAID', right: 'Open' },
    ]);
  });
});

describe('parties and products', () => {
  it('pairs parties by account number, and by name when numbers differ', () => {
    const left = table('parties', [
      { id: 'c1', number: 'CUST-0001', name: 'Acme Widgets Ltd', email: 'ap@acme.test' },
      { id: 'c2', number: 'CUST-0002', name: 'Bolt & Sons plc', email: 'x@bolt.test' },
      { id: 'c3', number: 'CUST-0003', name: 'Cogsworth Trading', email: 'hi@cog.test' },
    ]);
    const right = table('parties', [
      { id: 'BP1', number: '1', name: 'ACME WIDGETS LIMITED', email: 'AP@ACME.TEST' },
      { id: 'BP7', number: '77', name: 'Bolt and Sons PLC', email: 'x@bolt.test' },
      { id: 'BP9', number: '99', name: 'Delta Foods', email: 'd@delta.test' },
    ]);
    const result = reconcile({ entity: 'parties', left, right });
    expect(result.matches.map(pairOf).sort()).toEqual(['c1=BP1', 'c2=BP7']);
    expect(result.matches.find((m) => m.left[0] === 'c1')?.differences).toEqual([
      { field: 'number', left: 'CUST-0001', right: '1' },
    ]);
    expect(result.unmatchedLeft.map((r) => r.id)).toEqual(['c3']);
  });
});
