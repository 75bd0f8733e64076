import { describe, expect, it } from 'vitest';
import { freshReconConsoles, marchInvoiceUploads, upload } from './support.js';

const consoles = freshReconConsoles();

describe('running a reconciliation', () => {
  it('reports progress from reading to done', async () => {
    const c = consoles();
    const id = await c.run(marchInvoiceUploads());
    const stages = c.progress.filter((event) => event.id === id).map((event) => event.stage);
    expect(stages[0]).toBe('reading_left');
    expect(stages).toContain('probabilistic');
    expect(stages.at(-1)).toBe('done');
    const fractions = c.progress.map((event) => event.fraction);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(c.workspace.auditLog.list({ limit: 5, action: 'recon.started' })[0]).toMatchObject({
      actor: 'Priya Preparer',
      after: { entity: 'invoice', left: 'l.csv', right: 'r.csv' },
    });
  });

  it('can be cancelled: it is kept as cancelled, with no rows', async () => {
    const c = consoles();
    const { id } = c.console.start(marchInvoiceUploads());
    expect(c.console.get(id).status).toBe('running');
    await expect(c.console.cancel(id)).resolves.toEqual({ cancelled: true });
    expect(c.console.get(id)).toMatchObject({ status: 'cancelled', problem: 'Cancelled before it finished.' });
    expect(c.console.rows(id, { offset: 0, limit: 10 }).total).toBe(0);
    await expect(c.console.cancel(id)).resolves.toEqual({ cancelled: false });
    expect(() => c.console.acceptMatch({ id, rowKey: 'm1:0' })).toThrow(
      expect.objectContaining({ code: 'recon.not_ready' }),
    );
    expect(c.workspace.auditLog.list({ limit: 1 })[0]).toMatchObject({ action: 'recon.cancelled' });
  });

  it('refuses a file that is not a CSV or XLSX before starting anything', () => {
    const c = consoles();
    const pdf = upload('statement.pdf', '%PDF-1.7 binary');
    expect(() => c.console.start({ ...marchInvoiceUploads(), left: pdf })).toThrow(
      expect.objectContaining({
        code: 'recon.unsupported_file',
        message: 'statement.pdf (left side) is neither a CSV nor an XLSX file; export it as CSV or XLSX.',
      }),
    );
    const renamed = upload('ledger.csv', Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0x01, 0x02]));
    expect(() => c.console.start({ ...marchInvoiceUploads(), right: renamed })).toThrow(
      expect.objectContaining({
        code: 'recon.unsupported_file',
        message: expect.stringContaining('ledger.csv (right side) is not a text file'),
      }),
    );
    const fakeWorkbook = upload('ledger.xlsx', 'id,number\n1,2\n');
    expect(() => c.console.start({ ...marchInvoiceUploads(), left: fakeWorkbook })).toThrow(
      expect.objectContaining({ message: expect.stringContaining('is named .xlsx but is not an Excel workbook') }),
    );
    expect(c.console.list({})).toEqual([]);
  });

  it('keeps a run whose file cannot be read as failed, with the reason', async () => {
    const c = consoles();
    const id = await c.run({
      ...marchInvoiceUploads(),
      left: upload('l.csv', 'just one line with no columns we know\n'),
    });
    const detail = c.console.get(id);
    expect(detail.status).toBe('failed');
    expect(detail.problem).toContain('l.csv');
  });

  it('refuses an unknown connection by name before starting', () => {
    const c = consoles();
    expect(() => c.console.start({ ...marchInvoiceUploads(), left: { connectionId: 'missing' } })).toThrow(
      expect.objectContaining({ code: 'store.connection_not_found', message: expect.stringContaining('missing') }),
    );
  });
});
