import { describe, expect, it } from 'vitest';
import { APPROVER, freshReconConsoles, marchInvoiceUploads, PREPARER } from './support.js';

const consoles = freshReconConsoles();

async function marchInvoices() {
  const c = consoles();
  const id = await c.run(marchInvoiceUploads({ left: 'xero-invoices.csv', right: 'x3-invoices.csv' }));
  const rowOf = (leftKey: string) => {
    const page = c.console.rows(id, { offset: 0, limit: 100, search: leftKey.toLowerCase() });
    return page.rows.find((row) => row.left?.key === leftKey)!;
  };
  return { c, id, rowOf };
}

describe('decisions on a reconciliation', () => {
  it('accepting a suggestion makes it a match, with an audit entry naming who, when, what and why', async () => {
    const { c, id, rowOf } = await marchInvoices();
    const suggestion = rowOf('X-95');
    expect(suggestion).toMatchObject({ status: 'suggested', right: { key: 'S-95' } });
    const { decision, rows } = c.console.acceptMatch({ id, rowKey: suggestion.rowKey, comment: 'Same PO on both' });
    expect(rows[0]).toMatchObject({ status: 'accepted', left: { key: 'X-95' }, right: { key: 'S-95' } });
    expect(decision).toMatchObject({
      kind: 'accepted',
      actor: PREPARER.name,
      role: 'preparer',
      comment: 'Same PO on both',
    });
    const entry = c.workspace.auditLog.list({ limit: 1 })[0]!;
    expect(entry).toMatchObject({
      seq: decision.auditSeq,
      actor: PREPARER.name,
      action: 'recon.match_accepted',
      subject: `reconciliation:${id}/row:${suggestion.rowKey}`,
      before: { status: 'suggested' },
      after: { status: 'accepted' },
      comment: 'Same PO on both',
    });
    expect(c.audited.at(-1)?.seq).toBe(entry.seq);
    expect(c.console.get(id).counts).toMatchObject({ suggested: 0, accepted: 1 });
  });

  it('rejecting a match unmatches both records, keeps the reason, and the records can be matched by hand', async () => {
    const { c, id, rowOf } = await marchInvoices();
    const suggestion = rowOf('X-95');
    const rejected = c.console.rejectMatch({
      id,
      rowKey: suggestion.rowKey,
      reason: 'S-95 is the March rent, not this',
    });
    expect(rejected.rows.map((row) => [row.status, row.left?.key ?? row.right?.key])).toEqual([
      ['unmatched', 'X-95'],
      ['unmatched', 'S-95'],
    ]);
    expect(c.workspace.auditLog.list({ limit: 1 })[0]).toMatchObject({
      action: 'recon.match_rejected',
      comment: 'S-95 is the March rent, not this',
      before: { status: 'suggested', left: ['X-95'], right: ['S-95'] },
      after: { status: 'unmatched' },
    });

    const manual = c.console.matchManually({ id, leftKeys: ['X-95'], rightKeys: ['S-96'], comment: 'Agreed with AR' });
    expect(manual.rows).toHaveLength(1);
    expect(manual.rows[0]).toMatchObject({ status: 'manual', left: { key: 'X-95' }, right: { key: 'S-96' } });
    expect(manual.decision).toMatchObject({ kind: 'matched_manually', comment: 'Agreed with AR' });
    expect(c.console.get(id).counts).toMatchObject({ manual: 1, suggested: 0, unmatchedRight: 2 });
  });

  it('matches one record to many by hand, shown as consecutive rows of one group', async () => {
    const { c, id } = await marchInvoices();
    const grouped = c.console.matchManually({ id, leftKeys: ['X-90'], rightKeys: ['S-91', 'S-96'] });
    expect(grouped.rows.map((row) => [row.position, row.left?.key ?? null, row.right?.key])).toEqual([
      [0, 'X-90', 'S-91'],
      [1, null, 'S-96'],
    ]);
    expect(new Set(grouped.rows.map((row) => row.groupId)).size).toBe(1);
    const all = c.console.rows(id, { offset: 0, limit: 1000 }).rows;
    const at = all.findIndex((row) => row.groupId === grouped.rows[0]!.groupId);
    expect(all.slice(at, at + 2).map((row) => row.rowKey)).toEqual(grouped.rows.map((row) => row.rowKey));
  });

  it('bulk-accepts suggestions at or above a confidence, and none below it', async () => {
    const { c, id } = await marchInvoices();
    expect(c.console.bulkAccept({ id, minConfidence: 0.99 })).toEqual({ decision: null, accepted: 0 });
    const bulk = c.console.bulkAccept({ id, minConfidence: 0.5, comment: 'Reviewed the list' });
    expect(bulk.accepted).toBe(1);
    expect(bulk.decision).toMatchObject({ kind: 'bulk_accepted', comment: 'Reviewed the list' });
    expect(c.workspace.auditLog.list({ limit: 1 })[0]).toMatchObject({
      action: 'recon.matches_bulk_accepted',
      after: { minConfidence: 0.5 },
    });
  });

  it('explains a difference with a note shown on the row', async () => {
    const { c, id, rowOf } = await marchInvoices();
    const penny = rowOf('X-2');
    expect(penny.differences).toEqual(['total']);
    const { rows } = c.console.explainDifference({ id, rowKey: penny.rowKey, note: 'X3 rounds per line' });
    expect(rows[0]?.explanation).toBe('X3 rounds per line');
    expect(c.workspace.auditLog.list({ limit: 1 })[0]).toMatchObject({
      action: 'recon.difference_explained',
      before: { explanation: null },
      after: { explanation: 'X3 rounds per line' },
    });
  });

  it('refuses with one clear error: an unknown row, accepting what is not a suggestion, matching a matched record', async () => {
    const { c, id, rowOf } = await marchInvoices();
    expect(() => c.console.acceptMatch({ id, rowKey: 'm9999:0' })).toThrow(
      expect.objectContaining({ code: 'recon.unknown_row', message: expect.stringContaining('m9999:0') }),
    );
    expect(() => c.console.acceptMatch({ id, rowKey: rowOf('X-1').rowKey })).toThrow(
      expect.objectContaining({ code: 'recon.not_suggested' }),
    );
    expect(() => c.console.matchManually({ id, leftKeys: ['X-1'], rightKeys: ['S-91'] })).toThrow(
      expect.objectContaining({ code: 'recon.already_matched' }),
    );
    expect(() => c.console.matchManually({ id, leftKeys: ['NOPE'], rightKeys: ['S-91'] })).toThrow(
      expect.objectContaining({ code: 'recon.unknown_record' }),
    );
    expect(() => c.console.rejectMatch({ id: 'no-such', rowKey: 'm1:0', reason: 'x' })).toThrow(
      expect.objectContaining({ code: 'recon.unknown_reconciliation' }),
    );
    // Nothing was recorded for the refused decisions.
    expect(c.console.decisions(id).decisions).toEqual([]);
  });

  it('lists every decision of a reconciliation in order, each pointing at its audit entry', async () => {
    const { c, id, rowOf } = await marchInvoices();
    c.console.explainDifference({ id, rowKey: rowOf('X-2').rowKey, note: 'rounding' });
    c.actAs(APPROVER);
    c.console.acceptMatch({ id, rowKey: rowOf('X-95').rowKey });
    const { decisions } = c.console.decisions(id);
    expect(decisions.map((d) => [d.kind, d.actor, d.role])).toEqual([
      ['explained', PREPARER.name, 'preparer'],
      ['accepted', APPROVER.name, 'approver'],
    ]);
    const seqs = c.workspace.auditLog.list({ limit: 10 }).map((entry) => entry.seq);
    for (const decision of decisions) expect(seqs).toContain(decision.auditSeq);
    expect(c.workspace.auditLog.verify()).toMatchObject({ intact: true });
  });
});
