import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SalesforceSandbox } from '../../../src/sandbox/salesforce/index.js';
import { connect, startSandbox } from './helpers.js';

describe('Salesforce sandbox REST API through jsforce', () => {
  let sandbox: SalesforceSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('creates, reads, updates and deletes an Account', async () => {
    const conn = connect(sandbox);
    const created = await conn.sobject('Account').create({ Name: 'Acme Ltd', BillingCity: 'Leeds' });
    expect(created).toMatchObject({ success: true, errors: [] });
    const id = (created as { id: string }).id;
    expect(id).toMatch(/^001[a-zA-Z0-9]{15}$/);
    const record = await conn.sobject('Account').retrieve(id);
    expect(record).toMatchObject({ Id: id, Name: 'Acme Ltd', BillingCity: 'Leeds', IsDeleted: false });
    expect(record.attributes).toEqual({ type: 'Account', url: `/services/data/v62.0/sobjects/Account/${id}` });
    expect(record.BillingAddress).toMatchObject({ city: 'Leeds', street: null });
    expect(record.ShippingAddress).toBeNull();
    await conn.sobject('Account').update({ Id: id, Name: 'Acme Limited' });
    const updated = await conn.sobject('Account').retrieve(id);
    expect(updated.Name).toBe('Acme Limited');
    expect(Date.parse(String(updated.LastModifiedDate).replace('+0000', 'Z'))).toBeGreaterThanOrEqual(
      Date.parse(String(record.LastModifiedDate).replace('+0000', 'Z')),
    );
    await conn.sobject('Account').destroy(id);
    await expect(conn.sobject('Account').retrieve(id)).rejects.toMatchObject({ errorCode: 'ENTITY_IS_DELETED' });
  });

  it('answers a bad write with the Salesforce error array', async () => {
    const conn = connect(sandbox);
    const error = await conn
      .sobject('Contact')
      .create({ FirstName: 'No' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'REQUIRED_FIELD_MISSING', errorCode: 'REQUIRED_FIELD_MISSING' });
    expect((error as { data: { fields: string[] } }).data.fields).toEqual(['LastName']);
    await expect(conn.sobject('Account').create({ Name: 'X', Bogus__c: 1 })).rejects.toMatchObject({
      errorCode: 'INVALID_FIELD',
    });
  });

  it('queries with relationship fields, child subqueries, filters and ordering', async () => {
    const conn = connect(sandbox);
    const account = (await conn.sobject('Account').create({ Name: "O'Brien Trading" })) as { id: string };
    const product = (await conn.sobject('Product2').create({ Name: 'Widget', ProductCode: 'W-1', IsActive: true })) as {
      id: string;
    };
    const book = await conn.query<{ Id: string }>('SELECT Id FROM Pricebook2 WHERE IsStandard = true');
    const entry = (await conn.sobject('PricebookEntry').create({
      Pricebook2Id: book.records[0]?.Id,
      Product2Id: product.id,
      UnitPrice: 12.5,
      IsActive: true,
    })) as { id: string };
    const opportunity = (await conn.sobject('Opportunity').create({
      Name: 'Big deal',
      AccountId: account.id,
      StageName: 'Closed Won',
      CloseDate: '2026-11-01',
    })) as { id: string };
    await conn
      .sobject('OpportunityLineItem')
      .create({ OpportunityId: opportunity.id, PricebookEntryId: entry.id, Quantity: 3, UnitPrice: 10.1 });
    await conn
      .sobject('OpportunityLineItem')
      .create({ OpportunityId: opportunity.id, PricebookEntryId: entry.id, Quantity: 1, UnitPrice: 0.2 });

    const result = await conn.query(
      "SELECT Id, Name, Amount, IsWon, Account.Name, (SELECT Quantity, TotalPrice, Product2.ProductCode FROM OpportunityLineItems ORDER BY Quantity DESC) FROM Opportunity WHERE Account.Name = 'O\\'Brien Trading' AND (StageName = 'Closed Won' OR StageName = 'Closed Lost') AND CloseDate = LAST_N_DAYS:365 AND CreatedDate > 2020-01-01T00:00:00Z",
    );
    expect(result.totalSize).toBe(1);
    const row = result.records[0] as Record<string, unknown>;
    expect(row).toMatchObject({ Name: 'Big deal', Amount: 30.5, IsWon: true, Account: { Name: "O'Brien Trading" } });
    const lines = row.OpportunityLineItems as { totalSize: number; records: Record<string, unknown>[] };
    expect(lines.totalSize).toBe(2);
    expect(lines.records.map((line) => line.TotalPrice)).toEqual([30.3, 0.2]);
    expect(lines.records[0]?.Product2).toMatchObject({ ProductCode: 'W-1' });

    const none = await conn.query(`SELECT Id, (SELECT Id FROM Contacts) FROM Account WHERE Id = '${account.id}'`);
    expect((none.records[0] as Record<string, unknown>).Contacts).toBeNull();
    const count = await conn.sobject('Account').count({ Name: { $like: "O'Brien%" } });
    expect(count).toBe(1);
  });

  it('pages query results through nextRecordsUrl with the requested batch size', async () => {
    const conn = connect(sandbox);
    const records = Array.from({ length: 450 }, (_, index) => ({ Name: `Paged ${String(index).padStart(3, '0')}` }));
    for (let start = 0; start < records.length; start += 200) {
      const results = await conn.sobject('Account').create(records.slice(start, start + 200));
      expect(results.every((result) => result.success)).toBe(true);
    }
    const first = await conn.request<{ totalSize: number; done: boolean; nextRecordsUrl: string; records: unknown[] }>({
      method: 'GET',
      url: `/query?q=${encodeURIComponent("SELECT Id, Name FROM Account WHERE Name LIKE 'Paged%' ORDER BY Name")}`,
      headers: { 'Sforce-Query-Options': 'batchSize=200' },
    });
    expect(first).toMatchObject({ totalSize: 450, done: false });
    expect(first.records).toHaveLength(200);
    const second = await conn.queryMore(first.nextRecordsUrl);
    expect(second.records).toHaveLength(200);
    const third = await conn.queryMore(second.nextRecordsUrl ?? '');
    expect(third.done).toBe(true);
    expect(third.records.map((r) => (r as { Name: string }).Name).at(-1)).toBe('Paged 449');
  });

  it('refreshes an expired session on 401 INVALID_SESSION_ID', async () => {
    const conn = connect(sandbox);
    const refreshed: string[] = [];
    conn.on('refresh', (token: string) => refreshed.push(token));
    await conn.query('SELECT Id FROM Account LIMIT 1');
    sandbox.expireSessions();
    const result = await conn.query('SELECT count() FROM Account');
    expect(result.totalSize).toBeGreaterThan(0);
    expect(refreshed).toHaveLength(1);
    expect(conn.accessToken).toBe(refreshed[0]);
  });

  it('describes objects and lists changed records for incremental sync', async () => {
    const conn = connect(sandbox);
    const global = await conn.describeGlobal();
    expect(global.sobjects.map((o) => o.name)).toEqual(
      expect.arrayContaining(['Account', 'OpportunityLineItem', 'OrderItem']),
    );
    const describe = await conn.describe('Opportunity');
    expect(describe.childRelationships).toContainEqual(
      expect.objectContaining({ relationshipName: 'OpportunityLineItems', childSObject: 'OpportunityLineItem' }),
    );
    expect(describe.fields.find((f) => f.name === 'AccountId')).toMatchObject({
      referenceTo: ['Account'],
      relationshipName: 'Account',
    });
    const external = (await conn.describe('Account')).fields.find((f) => f.name === 'Counterpart_External_Id__c');
    expect(external).toMatchObject({ externalId: true, unique: true, custom: true });

    const start = new Date(Date.now() - 60_000);
    const created = (await conn.sobject('Account').create({ Name: 'Changed Co' })) as { id: string };
    const everything = await conn.sobject('Account').find({ Id: created.id });
    expect(everything[0]).toMatchObject({ Name: 'Changed Co', SystemModstamp: expect.any(String) });
    const updated = await conn.sobject('Account').updated(start, new Date(Date.now() + 60_000));
    expect(updated.ids).toContain(created.id);
    await conn.sobject('Account').destroy(created.id);
    const deleted = await conn.sobject('Account').deleted(start, new Date(Date.now() + 60_000));
    expect(deleted.deletedRecords.map((r) => r.id)).toContain(created.id);
  });

  it('reports API usage in Sforce-Limit-Info and /limits', async () => {
    const conn = connect(sandbox);
    await conn.query('SELECT Id FROM Account LIMIT 1');
    expect(conn.limitInfo.apiUsage?.limit).toBe(100_000);
    expect(conn.limitInfo.apiUsage?.used).toBeGreaterThan(0);
    const limits = await conn.limits();
    expect(limits.DailyApiRequests?.Max).toBe(100_000);
  });
});
