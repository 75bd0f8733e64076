import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileMapping } from '../../../src/mapping/compileMapping.js';
import { templateFor } from '../../../src/mapping/templates.js';
import type { SyncRun } from '../../../src/sync/syncContract.js';
import { freshDirectories } from '../../support/tempDirectory.js';
import { inconsistencies } from './consistency.js';
import { type DemoPair, demoPair } from './demoPair.js';

const tempDirectory = freshDirectories();
let demo: DemoPair;
let first: SyncRun;

beforeAll(async () => {
  demo = await demoPair(tempDirectory(), 'xero', 'sagex3');
  first = await demo.engine.runOnce(demo.pair.id);
}, 600_000);
afterAll(async () => {
  await demo?.close();
});

const mapping = () => compileMapping(templateFor('xero', 'sagex3'), { systems: { accounting: 'xero', erp: 'sagex3' } });

describe('Xero ⇄ Sage X3 demo companies with the shipped template', () => {
  it('syncs every flow without a failure and reports what it did per flow', () => {
    expect(first.status).toBe('succeeded');
    expect(first.error).toBeNull();
    expect(Object.keys(first.byFlow)).toEqual(mapping().flows.map((flow) => flow.id));
    expect(first.totals.failed).toBe(0);
    expect(first.totals.written).toBeGreaterThan(0);
    expect(first.totals.apiCalls).toBeGreaterThan(0);
    expect(demo.engine.listDeadLetters()).toEqual([]);
  });

  it('leaves both sides consistent entity by entity, except the planted rounding difference kept as a conflict', async () => {
    const rounding = demo.sandboxes.discrepancies.find(
      (planted) => planted.system === 'xero' && planted.kind === 'roundingDifference',
    );
    const conflicts = demo.engine.listConflicts({ state: 'open' });

    expect(await inconsistencies(demo, mapping())).toEqual([]);
    expect(conflicts).toEqual([
      expect.objectContaining({
        entity: 'invoice',
        accounting: expect.objectContaining({ number: rounding?.businessKey }),
        fields: [expect.objectContaining({ field: 'totals' })],
      }),
    ]);
  }, 300_000);

  it('creates the invoice planted as missing in Xero, and corrects the party names mistyped there from X3', async () => {
    const missing = demo.sandboxes.discrepancies.find(
      (planted) => planted.system === 'xero' && planted.kind === 'missingRecord',
    );
    const typos = demo.sandboxes.discrepancies.filter(
      (planted) => planted.system === 'xero' && planted.kind === 'nameTypo',
    );
    const invoices = await demo.readAll('accounting', 'invoice');
    const parties = await demo.readAll('accounting', 'party');
    const x3Parties = await demo.readAll('erp', 'party');

    expect(invoices.filter((invoice) => invoice.number === missing?.businessKey)).toHaveLength(1);
    for (const typo of typos) {
      const name = x3Parties.find((party) => party.code === typo.businessKey)?.name;
      expect(parties.find((party) => party.code === typo.businessKey)?.name).toBe(name);
    }
  }, 300_000);

  it('writes nothing on the next run: its own writes read back are recognised, not bounced', async () => {
    const second = await demo.engine.runOnce(demo.pair.id);

    expect(second.status).toBe('succeeded');
    expect(second.totals.written).toBe(0);
    expect(second.totals.failed).toBe(0);
  }, 300_000);
});
