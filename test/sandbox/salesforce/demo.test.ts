import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoCompany } from '../../../src/sandbox/demo/demoCompany.js';
import { demoViewFor } from '../../../src/sandbox/demo/systemViews.js';
import type { SalesforceSandbox } from '../../../src/sandbox/salesforce/index.js';
import { connect, startSandbox } from './helpers.js';

describe('Salesforce sandbox seeded with the demo company', () => {
  let sandbox: SalesforceSandbox;
  const view = demoViewFor(generateDemoCompany(), 'salesforce');
  beforeAll(async () => {
    sandbox = await startSandbox({ demo: view });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('holds every demo customer, product and order under the demo ids', async () => {
    const conn = connect(sandbox);
    const accounts = await conn.query('SELECT count() FROM Account');
    expect(accounts.totalSize).toBe(view.parties.length);
    const products = await conn.query('SELECT count() FROM Product2');
    expect(products.totalSize).toBeGreaterThanOrEqual(view.products.length);
    const orders = await conn.query('SELECT count() FROM Order');
    expect(orders.totalSize).toBe(view.salesOrders.length);
    const won = await conn.query("SELECT count() FROM Opportunity WHERE StageName = 'Closed Won'");
    expect(won.totalSize).toBeGreaterThan(0);

    const order = view.salesOrders[0]!;
    const result = await conn.query<Record<string, unknown>>(
      `SELECT Id, OrderNumber, TotalAmount, Account.AccountNumber, (SELECT Quantity, UnitPrice, PricebookEntry.Product2.ProductCode FROM OrderItems) FROM Order WHERE Id = '${order.source!.id}'`,
    );
    const row = result.records[0]!;
    expect(row).toMatchObject({
      Id: order.source!.id,
      OrderNumber: order.source!.number,
      Account: { AccountNumber: order.party.code },
    });
    expect((row.OrderItems as { totalSize: number }).totalSize).toBe(order.lines.length);
  });

  it('pages through every order with its lines, as a connector reads them', async () => {
    const conn = connect(sandbox);
    const orders = await conn
      .query<{ OrderItems: { totalSize: number } | null }>(
        'SELECT Id, OrderNumber, EffectiveDate, SystemModstamp, (SELECT Quantity, UnitPrice FROM OrderItems) FROM Order ORDER BY OrderNumber',
      )
      .run({ autoFetch: true, maxFetch: 10_000 });
    expect(orders.records).toHaveLength(view.salesOrders.length);
    const lines = orders.records.reduce((sum, order) => sum + (order.OrderItems?.totalSize ?? 0), 0);
    expect(lines).toBe(view.salesOrders.reduce((sum, order) => sum + order.lines.length, 0));
  });

  it('carries the planted discrepancies (a missing order, a misspelt customer)', () => {
    expect(view.discrepancies.map((d) => d.kind).sort()).toEqual(['missingRecord', 'nameTypo']);
  });
});
