import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateDemoCompany } from '../../../src/sandbox/demo/demoCompany.js';
import { demoViewFor } from '../../../src/sandbox/demo/systemViews.js';
import { startSageX3Sandbox } from '../../../src/sandbox/sagex3/index.js';
import { SandboxClock } from '../../../src/sandbox/shared/clock.js';
import { FaultInjector } from '../../../src/sandbox/shared/faults.js';
import { type Json, sharedTlsMaterial, startX3, x3Path } from './harness.js';

describe('Sage X3 seeding', () => {
  it('loads the demo company with orders, deliveries, invoices, payments and the planted discrepancies', async () => {
    const view = demoViewFor(generateDemoCompany(), 'sagex3');
    const x3 = await startX3({ demo: view });
    const count = async (className: string, where?: string): Promise<number> =>
      Number(
        ((await x3.call(x3Path(className, '$query', { count: '1', ...(where ? { where } : {}) }))).body as Json)
          .$totalResults,
      );
    expect(await count('BPCUSTOMER')).toBe(view.parties.filter((party) => party.roles.includes('customer')).length);
    expect(await count('BPCUSTOMER')).toBeGreaterThanOrEqual(300);
    expect(await count('ITMMASTER')).toBeGreaterThanOrEqual(100);
    expect(await count('SORDER')).toBe(view.salesOrders.length);
    expect(await count('SINVOICE')).toBe(view.invoices.length);
    expect(await count('PAYMENTH')).toBe(view.payments.length);
    expect(await count('SDELIVERY')).toBeGreaterThan(0);
    expect(await count('SORDER', 'DLVSTA eq 1')).toBe(
      view.salesOrders.filter((o) => o.deliveryStatus === 'none').length,
    );

    const typo = view.discrepancies.find((d) => d.kind === 'nameTypo');
    const party = view.parties.find((p) => p.source?.id === typo?.recordIds[0]);
    const customer = (await x3.call(x3Path(`BPCUSTOMER('${typo?.recordIds[0]}')`, '$details'))).body as Json;
    expect(customer.BPCNAM).toBe(party?.name);
    expect(customer.ZEXTKEY).toBe(typo?.businessKey);

    const unmatched = view.discrepancies.find((d) => d.kind === 'statusDifference');
    const item = (await x3.call(x3Path(`GACCDUDATE('${unmatched?.recordIds[0]}~1')`, '$details'))).body as Json;
    expect(item).toMatchObject({ PAYCUR: 0, FLGCLE: 1 });

    const paid = view.invoices.find((invoice) => invoice.status === 'paid');
    const paidItem = (await x3.call(x3Path(`GACCDUDATE('${paid?.source?.id}~1')`, '$details'))).body as Json;
    expect(paidItem.FLGCLE).toBe(2);
    expect(paidItem.PAYCUR).toBe(paidItem.AMTCUR);

    // Documents created over the API work against demo data.
    const order = view.salesOrders.find((o) => o.deliveryStatus === 'none');
    const delivery = await x3.call(x3Path('SDELIVERY', '$create'), {
      method: 'POST',
      body: { SOHNUM: order?.source?.id, SHIDAT: '2026-11-01' },
    });
    expect(delivery.status).toBe(201);
  });

  it('loads a seed file in the wire shape and refuses a malformed one with a clear error', async () => {
    const x3 = await startX3({
      seed: {
        BPCUSTOMER: [{ BPCNUM: 'S1', BPCNAM: 'Seeded Ltd', UPDDATTIM: '2025-12-01T09:00:00Z', UPDTICK: 7 }],
        ITMMASTER: [{ ITMREF: 'I1', ITMDES1: 'Item' }],
        SINVOICE: [{ NUM: 'INV1', BPR: 'S1', INVDAT: '2026-01-10', AMTNOT: 100, AMTATI: 120, SIHSID: [] }],
      },
    });
    expect((await x3.call(x3Path("BPCUSTOMER('S1')", '$details'))).body).toMatchObject({
      UPDDATTIM: '2025-12-01T09:00:00Z',
      UPDTICK: 7,
    });
    expect((await x3.call(x3Path("GACCDUDATE('INV1~1')", '$details'))).body).toMatchObject({ AMTCUR: 120, FLGCLE: 1 });

    const start = (seed: unknown) =>
      startSageX3Sandbox({
        port: 0,
        faults: new FaultInjector(),
        clock: new SandboxClock(),
        seed: seed as never,
        settings: { transport: 'http' },
      });
    await expect(start({ BPCUSTOMER: [{ BPCNUM: 'S1', BPCSTA: 9, BPCNAM: 'x' }] })).rejects.toThrow(
      /BPCUSTOMER\[0\].*BPCSTA/,
    );
    await expect(start({ NOTACLASS: [] })).rejects.toThrow(/malformed/);
  });

  it('loads the seed-file example from the documentation', async () => {
    const doc = readFileSync(new URL('../../../docs/sandbox-sagex3.md', import.meta.url), 'utf8');
    const example = /```json\n([\s\S]*?)```/.exec(doc)?.[1] ?? '{}';
    const x3 = await startX3({ seed: JSON.parse(example).sagex3 });
    const order = (await x3.call(x3Path("SORDER('SOH2608-000001')", '$details'))).body as Json;
    expect(order).toMatchObject({ ORDINVATI: 136.54, DLVSTA: 1, INVSTA: 1, ORDSTA: 1 });
    const item = (await x3.call(x3Path("GACCDUDATE('SIH2608-000001~1')", '$details'))).body as Json;
    expect(item).toMatchObject({ AMTCUR: 136.54, PAYCUR: 136.54, FLGCLE: 2 });
  });

  it('persists state with snapshot() and restores it', async () => {
    const tls = await sharedTlsMaterial();
    const x3 = await startX3({ seed: { BPCUSTOMER: [{ BPCNUM: 'P1', BPCNAM: 'Persisted Ltd' }] } });
    await x3.call(x3Path("BPCUSTOMER('P1')", '$edit'), { method: 'PUT', body: { BPCNAM: 'Persisted Limited' } });
    const state = JSON.parse(JSON.stringify(x3.sandbox.snapshot()));
    const restored = await startSageX3Sandbox({
      port: 0,
      faults: new FaultInjector(),
      clock: new SandboxClock(),
      state,
      tls,
    });
    try {
      expect(restored.snapshot()).toEqual(state);
    } finally {
      await restored.close();
    }
    await expect(
      startSageX3Sandbox({ port: 0, faults: new FaultInjector(), clock: new SandboxClock(), state: { version: 9 } }),
    ).rejects.toThrow(/state/);
  });
});
