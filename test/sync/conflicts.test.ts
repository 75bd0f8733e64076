import { afterEach, describe, expect, it } from 'vitest';
import { freshDirectories } from '../support/tempDirectory.js';
import { party, partyFlow } from './support/flows.js';
import { type SyncHarness, syncHarness } from './support/harness.js';

const tempDirectory = freshDirectories();
const open: SyncHarness[] = [];
afterEach(async () => {
  for (const harness of open.splice(0)) await harness.close();
});

async function linkedAcme(flows?: Parameters<typeof syncHarness>[1]) {
  const harness = syncHarness(tempDirectory(), flows);
  open.push(harness);
  harness.ledgers.accounting.put('party', 'x-1', party('C001', 'Acme Ltd'));
  harness.ledgers.accounting.put('party', 'x-2', party('C002', 'Beta Ltd'));
  await harness.engine.runOnce(harness.pair.id);
  const erpId = (code: string) =>
    harness.ledgers.erp.all('party').find((record) => record.code === code)?.source.id as string;
  return { ...harness, erpId };
}

describe('conflicts', () => {
  it('records a conflict when both sides changed the same field, and writes nothing for that record', async () => {
    const { engine, pair, ledgers, erpId } = await linkedAcme();
    ledgers.accounting.edit('party', 'x-1', { name: 'Acme Limited' });
    ledgers.erp.edit('party', erpId('C001'), { name: 'ACME Ltd (UK)' });
    ledgers.accounting.edit('party', 'x-2', { email: 'ap@beta.example' });
    const writesBefore = ledgers.accounting.writeCalls.length + ledgers.erp.writeCalls.length;

    const run = await engine.runOnce(pair.id);

    expect(run.totals.conflicts).toBeGreaterThanOrEqual(1);
    const [conflict] = engine.listConflicts({ pairId: pair.id, state: 'open' });
    expect(conflict).toMatchObject({
      entity: 'party',
      accounting: { system: 'xero', id: 'x-1' },
      erp: { system: 'sagex3', id: erpId('C001') },
      fields: [{ field: 'name', accounting: 'Acme Limited', erp: 'ACME Ltd (UK)' }],
      state: 'open',
    });
    expect(ledgers.accounting.get('party', 'x-1')?.name).toBe('Acme Limited');
    expect(ledgers.erp.get('party', erpId('C001'))?.name).toBe('ACME Ltd (UK)');
    // The other record still synced, in one write.
    expect(ledgers.erp.get('party', erpId('C002'))?.email).toBe('ap@beta.example');
    expect(ledgers.accounting.writeCalls.length + ledgers.erp.writeCalls.length).toBe(writesBefore + 1);

    // Later runs leave it alone until someone decides.
    const later = await engine.runOnce(pair.id);
    expect(later.totals.written).toBe(0);
    expect(engine.listConflicts({ state: 'open' })).toHaveLength(1);
  });

  it('writes the kept side to the other after resolution, and audits who decided', async () => {
    const { engine, pair, ledgers, erpId, workspace } = await linkedAcme();
    ledgers.accounting.edit('party', 'x-1', { name: 'Acme Limited', email: 'ap@acme.example' });
    ledgers.erp.edit('party', erpId('C001'), { name: 'ACME Ltd (UK)', phone: '+44 20 7946 0000' });
    await engine.runOnce(pair.id);
    const [conflict] = engine.listConflicts({ state: 'open' });

    const resolved = engine.resolveConflict(conflict?.id as string, { keep: 'erp', actor: 'ann' });
    expect(resolved.state).toBe('resolved');
    expect(() => engine.resolveConflict(conflict?.id as string, { keep: 'accounting', actor: 'bob' })).toThrow(
      /already resolved by ann/,
    );
    await engine.runOnce(pair.id);

    const books = ledgers.accounting.get('party', 'x-1');
    const erp = ledgers.erp.get('party', erpId('C001'));
    expect(books).toMatchObject({ name: 'ACME Ltd (UK)', email: 'ap@acme.example', phone: '+44 20 7946 0000' });
    expect(erp).toMatchObject({ name: 'ACME Ltd (UK)', email: 'ap@acme.example', phone: '+44 20 7946 0000' });
    expect(workspace.auditLog.list({ limit: 5, action: 'sync.conflict.resolved' })[0]).toMatchObject({
      actor: 'ann',
      subject: `sync-conflict/${conflict?.id}`,
      after: { keep: 'erp' },
    });
    const quiet = await engine.runOnce(pair.id);
    expect(quiet.totals.written).toBe(0);
  });

  it('lets the system of record win a field both sides changed, without a conflict', async () => {
    const { engine, pair, ledgers, erpId } = await linkedAcme([
      partyFlow('accounting', { name: 'accounting' }),
      partyFlow('erp', { name: 'accounting' }),
    ]);
    ledgers.accounting.edit('party', 'x-1', { name: 'Acme Limited' });
    ledgers.erp.edit('party', erpId('C001'), { name: 'ACME Ltd (UK)' });

    const run = await engine.runOnce(pair.id);

    expect(run.totals.conflicts).toBe(0);
    expect(ledgers.erp.get('party', erpId('C001'))?.name).toBe('Acme Limited');
    expect(ledgers.accounting.get('party', 'x-1')?.name).toBe('Acme Limited');
  });
});
