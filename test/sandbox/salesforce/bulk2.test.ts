import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SalesforceSandbox } from '../../../src/sandbox/salesforce/index.js';
import { FaultInjector } from '../../../src/sandbox/shared/faults.js';
import { connect, startSandbox } from './helpers.js';

describe('Salesforce sandbox Bulk API 2.0 through jsforce', () => {
  let sandbox: SalesforceSandbox;
  const faults = new FaultInjector();
  beforeAll(async () => {
    sandbox = await startSandbox({ faults });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('runs an upsert ingest job with successful and failed results', async () => {
    const conn = connect(sandbox);
    conn.bulk2.pollInterval = 50;
    const input = [
      { Counterpart_External_Id__c: 'KF-1', Name: 'Bulk One', BillingCity: 'York' },
      { Counterpart_External_Id__c: 'KF-2', Name: 'Bulk Two', BillingCity: null },
      { Counterpart_External_Id__c: 'KF-3', Name: null },
    ];
    const results = await conn.bulk2.loadAndWaitForResults({
      object: 'Account',
      operation: 'upsert',
      externalIdFieldName: 'Counterpart_External_Id__c',
      input,
    });
    expect(results.successfulResults).toHaveLength(2);
    expect(results.successfulResults[0]).toMatchObject({ sf__Created: 'true', Name: 'Bulk One' });
    expect(results.failedResults).toHaveLength(1);
    expect(String(results.failedResults[0]?.sf__Error)).toContain('REQUIRED_FIELD_MISSING');

    const again = await conn.bulk2.loadAndWaitForResults({
      object: 'Account',
      operation: 'upsert',
      externalIdFieldName: 'Counterpart_External_Id__c',
      input: [{ Counterpart_External_Id__c: 'KF-1', Name: 'Bulk One Renamed' }],
    });
    expect(again.successfulResults[0]).toMatchObject({ sf__Created: 'false' });
    const found = await conn.query<{ Name: string }>(
      "SELECT Name FROM Account WHERE Counterpart_External_Id__c = 'kf-1'",
    );
    expect(found.records[0]?.Name).toBe('Bulk One Renamed');
  });

  it('fails single rows when partial batch faults are injected', async () => {
    const conn = connect(sandbox);
    conn.bulk2.pollInterval = 50;
    faults.set({ salesforce: { status: {}, latencyMs: 0, reset: 0, timeout: 0, partialBatch: 0.5 } });
    try {
      const input = Array.from({ length: 40 }, (_, index) => ({ Name: `Partial ${index}` }));
      const results = await conn.bulk2.loadAndWaitForResults({ object: 'Account', operation: 'insert', input });
      expect(results.failedResults.length).toBeGreaterThan(0);
      expect(results.successfulResults.length).toBeGreaterThan(0);
      expect(results.failedResults.length + results.successfulResults.length).toBe(40);
    } finally {
      faults.set({});
    }
  });

  it('runs a query job and returns CSV rows with relationship columns', async () => {
    const conn = connect(sandbox);
    conn.bulk2.pollInterval = 50;
    const account = (await conn.sobject('Account').create({ Name: 'Query Parent' })) as { id: string };
    await conn.sobject('Contact').create({ LastName: 'Bulkley', FirstName: 'Ada', AccountId: account.id });
    const rows = (await conn.bulk2.query(
      "SELECT Id, Name, Account.Name FROM Contact WHERE LastName = 'Bulkley'",
    )) as unknown as {
      toArray(): Promise<Record<string, string>[]>;
    };
    const records = await rows.toArray();
    expect(records).toEqual([expect.objectContaining({ Name: 'Ada Bulkley', 'Account.Name': 'Query Parent' })]);
  });
});
