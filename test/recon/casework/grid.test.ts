import { describe, expect, it } from 'vitest';
import { csv, freshReconConsoles, MARCH_2024, upload } from './support.js';

const consoles = freshReconConsoles();
const HEADER = ['id', 'date', 'amount', 'currency', 'reference', 'party_name'];

/** 600 payments a side: 540 pairs, 30 only on the left, 30 only on the right. */
function payments() {
  const left: Array<Array<string | number>> = [HEADER];
  const right: Array<Array<string | number>> = [HEADER];
  for (let n = 1; n <= 570; n += 1) {
    const day = `2024-03-${String(1 + (n % 28)).padStart(2, '0')}`;
    const amount = `${100 + n}.${String(n % 100).padStart(2, '0')}`;
    const party = `Customer ${String(n).padStart(3, '0')}`;
    left.push([`L${n}`, day, amount, 'GBP', `PAY-${n}`, party]);
    if (n <= 540) right.push([`R${n}`, day, amount, 'GBP', `PAY-${n}`, party]);
  }
  for (let n = 1; n <= 30; n += 1)
    right.push([`R-extra-${n}`, '2024-03-15', `${9000 + n}.00`, 'GBP', `DD-${n}`, `Supplier ${n}`]);
  return { left: csv(left), right: csv(right) };
}

async function grid() {
  const c = consoles();
  const files = payments();
  const id = await c.run({
    left: upload('bank.csv', files.left),
    right: upload('ledger.csv', files.right),
    entity: 'payment',
    period: MARCH_2024,
  });
  return { c, id };
}

describe('the reconciliation grid', () => {
  it('pages through every row once, in a stable order', async () => {
    const { c, id } = await grid();
    const keys: string[] = [];
    let total = 0;
    for (let offset = 0; ; offset += 100) {
      const page = c.console.rows(id, { offset, limit: 100 });
      total = page.total;
      keys.push(...page.rows.map((row) => row.rowKey));
      if (page.rows.length < 100) break;
    }
    expect(total).toBe(540 + 30 + 30);
    expect(new Set(keys).size).toBe(total);
  });

  it('filters by status and by flag, counting what matches', async () => {
    const { c, id } = await grid();
    const unmatched = c.console.rows(id, { offset: 0, limit: 1000, status: 'unmatched' });
    expect(unmatched.total).toBe(60);
    expect(unmatched.rows.every((row) => row.status === 'unmatched')).toBe(true);
    expect(c.console.rows(id, { offset: 0, limit: 10, status: 'auto' }).total).toBe(540);
    const flag = c.console.get(id).flags[0]!;
    const flagged = c.console.rows(id, { offset: 0, limit: 1000, flag: flag.code });
    expect(flagged.total).toBeGreaterThan(0);
    expect(flagged.rows.every((row) => row.flags.some((f) => f.code === flag.code))).toBe(true);
  });

  it('searches both sides, case-insensitively', async () => {
    const { c, id } = await grid();
    const page = c.console.rows(id, { offset: 0, limit: 10, search: 'pay-123 CUSTOMER' });
    expect(page.total).toBe(1);
    expect(page.rows[0]).toMatchObject({ left: { key: 'L123' }, right: { key: 'R123' } });
    expect(c.console.rows(id, { offset: 0, limit: 10, search: 'dd-7' }).rows.map((row) => row.right?.key)).toEqual([
      'R-extra-7',
    ]);
    expect(c.console.rows(id, { offset: 0, limit: 10, search: '100%_' }).total).toBe(0);
  });

  it('sorts on a column both ways', async () => {
    const { c, id } = await grid();
    const amounts = (direction: 'asc' | 'desc') =>
      c.console
        .rows(id, { offset: 0, limit: 600, sort: { column: 'amount', direction } })
        .rows.map((row) => Number((row.left ?? row.right)!.values.amount));
    const ascending = amounts('asc');
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    expect(amounts('desc')).toEqual([...ascending].reverse());
    const parties = c.console
      .rows(id, { offset: 0, limit: 5, sort: { column: 'party', direction: 'desc' } })
      .rows.map((row) => (row.left ?? row.right)!.values.party_name);
    expect(parties[0]).toBe('Supplier 9');
  });

  it('answers every filter and sort by walking an index, never by sorting the whole grid', async () => {
    const { c, id } = await grid();
    const db = c.workspace.db;
    const plans = [
      'SELECT * FROM recon_rows WHERE reconciliation_id = ? ORDER BY row_no LIMIT 100',
      "SELECT * FROM recon_rows WHERE reconciliation_id = ? AND status = 'unmatched' ORDER BY row_no LIMIT 100",
      'SELECT * FROM recon_rows WHERE reconciliation_id = ? AND has_differences = 1 ORDER BY row_no LIMIT 100',
      ...['confidence', 'sort_party', 'sort_date', 'sort_amount', 'sort_number', 'sort_key'].map(
        (column) =>
          `SELECT * FROM recon_rows WHERE reconciliation_id = ? ORDER BY ${column} DESC, row_no ASC LIMIT 100`,
      ),
    ].map((sql) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(id) as Array<{ detail: string }>).map((r) => r.detail).join('; '),
    );
    for (const plan of plans) {
      expect(plan).toMatch(/USING INDEX/);
      // Ordering rows of equal value by position ("last term") is fine; sorting the whole grid is not.
      expect(plan).not.toMatch(/TEMP B-TREE FOR ORDER BY/);
    }
  });
});
