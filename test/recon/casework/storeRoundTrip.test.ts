import { describe, expect, it } from 'vitest';
import { APPROVER, freshReconConsoles, marchInvoiceUploads } from './support.js';

const consoles = freshReconConsoles();

describe('a reconciliation kept in the workspace', () => {
  it('reopens exactly as it was left: rows, evidence, decisions and sign-off', async () => {
    const c = consoles({ actor: APPROVER });
    const id = await c.run(marchInvoiceUploads({ left: 'xero.csv', right: 'x3.csv' }));
    const suggestion = c.console.rows(id, { offset: 0, limit: 1, status: 'suggested' }).rows[0]!;
    c.console.acceptMatch({ id, rowKey: suggestion.rowKey, comment: 'checked' });
    c.console.matchManually({ id, leftKeys: ['X-90'], rightKeys: ['S-91'] });
    c.console.signOff({ id, comment: 'done' });
    const before = {
      detail: c.console.get(id),
      rows: c.console.rows(id, { offset: 0, limit: 1000 }),
      detailOfSuggestion: c.console.matchDetail(id, suggestion.rowKey),
      decisions: c.console.decisions(id),
      list: c.console.list({}),
    };

    const reopened = c.reopen();
    expect({
      detail: reopened.console.get(id),
      rows: reopened.console.rows(id, { offset: 0, limit: 1000 }),
      detailOfSuggestion: reopened.console.matchDetail(id, suggestion.rowKey),
      decisions: reopened.console.decisions(id),
      list: reopened.console.list({}),
    }).toEqual(before);
    expect(before.detailOfSuggestion.evidence.length).toBeGreaterThan(0);
    expect(before.detailOfSuggestion.candidates[0]?.right.map((cell) => cell.key)).toEqual(['S-96']);
  });

  it('keeps the values each record had when it was read', async () => {
    const c = consoles();
    const id = await c.run(marchInvoiceUploads());
    const record = c.workspace.reconciliations.records.get(id, 'right', 'S-2')!;
    expect(record).toMatchObject({
      line: 3,
      values: { number: '0002', total: '136.81', currency: 'GBP' },
      carriedFrom: null,
    });
  });

  it('marks a run that a stopped console left unfinished as failed, saying why', async () => {
    const c = consoles();
    c.workspace.reconciliations.headers.create({
      id: 'interrupted',
      entity: 'payment',
      periodStart: '2024-03-01',
      periodEnd: '2024-03-31',
      left: { kind: 'file', label: 'a.csv', connectionId: null, system: null },
      right: { kind: 'file', label: 'b.csv', connectionId: null, system: null },
      sidesKey: 'file|file',
      startedBy: 'someone',
      startedAt: new Date().toISOString(),
    });
    const reopened = c.reopen();
    expect(reopened.console.get('interrupted')).toMatchObject({
      status: 'failed',
      problem: expect.stringContaining('stopped before this reconciliation finished'),
    });
  });
});
