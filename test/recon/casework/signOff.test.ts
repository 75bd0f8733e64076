import { describe, expect, it } from 'vitest';
import { APPROVER, csv, freshReconConsoles, marchInvoiceUploads, PREPARER, upload } from './support.js';

const consoles = freshReconConsoles();
const APRIL_2024 = { start: '2024-04-01', end: '2024-04-30' };

async function signedOffMarch() {
  const c = consoles();
  const id = await c.run(marchInvoiceUploads({ left: 'xero-march.csv', right: 'x3-march.csv' }));
  c.actAs(APPROVER);
  c.console.signOff({ id, comment: 'March closed' });
  return { c, id };
}

describe('signing a period off', () => {
  it('is for approvers only: a preparer is refused and nothing changes', async () => {
    const c = consoles({ actor: PREPARER });
    const id = await c.run(marchInvoiceUploads());
    expect(() => c.console.signOff({ id, comment: '' })).toThrow(
      expect.objectContaining({
        code: 'recon.approver_only',
        message: expect.stringContaining('Priya Preparer is a preparer'),
      }),
    );
    expect(c.console.get(id)).toMatchObject({ status: 'ready', locked: false, signOff: null });
  });

  it('records who signed off and when, in the audit trail too, and locks the reconciliation', async () => {
    const { c, id } = await signedOffMarch();
    const detail = c.console.get(id);
    expect(detail).toMatchObject({
      status: 'signed_off',
      locked: true,
      signOff: { by: APPROVER.name, comment: 'March closed' },
    });
    expect(c.workspace.auditLog.list({ limit: 1 })[0]).toMatchObject({
      actor: APPROVER.name,
      action: 'recon.period_signed_off',
      after: { status: 'signed_off', carriedForward: { left: 2, right: 3 } },
      comment: 'March closed',
    });
    const row = c.console.rows(id, { offset: 0, limit: 1, status: 'suggested' }).rows[0]!;
    const refusals = [
      () => c.console.acceptMatch({ id, rowKey: row.rowKey }),
      () => c.console.rejectMatch({ id, rowKey: row.rowKey, reason: 'late change' }),
      () => c.console.explainDifference({ id, rowKey: row.rowKey, note: 'late note' }),
      () => c.console.matchManually({ id, leftKeys: ['X-90'], rightKeys: ['S-91'] }),
      () => c.console.bulkAccept({ id, minConfidence: 0 }),
      () => c.console.signOff({ id, comment: 'again' }),
    ];
    for (const refuse of refusals) {
      expect(refuse).toThrow(
        expect.objectContaining({
          code: 'recon.locked',
          message: expect.stringContaining(`signed off by ${APPROVER.name}`),
        }),
      );
    }
    expect(c.console.decisions(id).decisions.map((d) => d.kind)).toEqual(['signed_off']);
  });

  it('carries unresolved items into the next period of the same sides and entity', async () => {
    const { c, id: march } = await signedOffMarch();
    const header = ['id', 'number', 'party_name', 'date', 'due_date', 'currency', 'net', 'tax', 'total', 'status'];
    const april = {
      left: csv([
        header,
        [
          'X-100',
          'INV-0100',
          'Bramble & Co',
          '2024-04-03',
          '2024-05-03',
          'GBP',
          '10.00',
          '2.00',
          '12.00',
          'AUTHORISED',
        ],
      ]),
      // S-200 is the counterpart of X-90, which March left unmatched.
      right: csv([
        header,
        ['S-100', '0100', 'Bramble & Co', '2024-04-03', '2024-05-03', 'GBP', '10.00', '2.00', '12.00', 'Open'],
        ['S-200', '0090', 'Quayside Cafe', '2024-04-02', '2024-05-02', 'GBP', '50.00', '10.00', '60.00', 'Open'],
      ]),
    };
    const id = await c.run({
      left: upload('xero-april.csv', april.left),
      right: upload('x3-april.csv', april.right),
      entity: 'invoice',
      period: APRIL_2024,
    });
    const detail = c.console.get(id);
    expect(detail.left).toMatchObject({ records: 3, carriedForward: 2 });
    expect(detail.right).toMatchObject({ records: 5, carriedForward: 3 });
    const rows = c.console.rows(id, { offset: 0, limit: 100 }).rows;
    const quayside = rows.find((row) => row.left?.key === 'X-90')!;
    // March's missing invoice X-90 finds its counterpart in April's export.
    expect(quayside).toMatchObject({ right: { key: 'S-200' }, left: { carriedFrom: march } });
    expect(
      rows
        .filter((row) => row.right?.carriedFrom === march)
        .map((row) => row.right!.key)
        .sort(),
    ).toEqual(['S-91', 'S-95', 'S-96']);
  });

  it('does not carry anything from a period that was never signed off', async () => {
    const c = consoles({ actor: APPROVER });
    await c.run(marchInvoiceUploads());
    const id = await c.run({ ...marchInvoiceUploads({ left: 'l2.csv', right: 'r2.csv' }), period: APRIL_2024 });
    expect(c.console.get(id).left.carriedForward).toBe(0);
  });
});
