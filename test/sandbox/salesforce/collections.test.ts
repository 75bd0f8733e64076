import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SalesforceSandbox } from '../../../src/sandbox/salesforce/index.js';
import { FaultInjector } from '../../../src/sandbox/shared/faults.js';
import { connect, startSandbox } from './helpers.js';

const EXT = 'Counterpart_External_Id__c';

describe('Salesforce sandbox upserts, collections and composite through jsforce', () => {
  let sandbox: SalesforceSandbox;
  const faults = new FaultInjector();
  beforeAll(async () => {
    sandbox = await startSandbox({ faults });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('upserts one record by external id: created, then updated', async () => {
    const conn = connect(sandbox);
    const first = await conn.sobject('Account').upsert({ [EXT]: 'KF-100', Name: 'Upsert Co' }, EXT);
    expect(first).toMatchObject({ success: true, created: true });
    const second = await conn.sobject('Account').upsert({ [EXT]: 'KF-100', Name: 'Upsert Company' }, EXT);
    expect(second).toMatchObject({ success: true, created: false, id: (first as { id: string }).id });
    const rows = await conn.query<{ Name: string }>(`SELECT Name FROM Account WHERE ${EXT} = 'KF-100'`);
    expect(rows.records.map((r) => r.Name)).toEqual(['Upsert Company']);
    await expect(conn.sobject('Account').upsert({ Nope__c: 'x', Name: 'y' }, 'Nope__c')).rejects.toMatchObject({
      errorCode: 'NOT_FOUND',
    });
  });

  it('resolves a parent by its external id in the body', async () => {
    const conn = connect(sandbox);
    await conn.sobject('Account').upsert({ [EXT]: 'KF-200', Name: 'Parent Co' }, EXT);
    const contact = await conn.sobject('Contact').create({ LastName: 'Child', Account: { [EXT]: 'KF-200' } });
    const row = await conn.query<{ Account: { Name: string } }>(
      `SELECT Account.Name FROM Contact WHERE Id = '${(contact as { id: string }).id}'`,
    );
    expect(row.records[0]?.Account.Name).toBe('Parent Co');
  });

  it('saves collections record by record, and rolls all back with allOrNone', async () => {
    const conn = connect(sandbox);
    const mixed = await conn
      .sobject('Account')
      .create([{ Name: 'Coll A' }, { Description: 'no name' }, { Name: 'Coll B' }]);
    expect(mixed.map((r) => r.success)).toEqual([true, false, true]);
    const failure = mixed[1] as unknown as { errors: { statusCode: string; fields: string[] }[] };
    expect(failure.errors[0]).toMatchObject({ statusCode: 'REQUIRED_FIELD_MISSING', fields: ['Name'] });

    const rolledBack = await conn
      .sobject('Account')
      .create([{ Name: 'AllOrNone A' }, { Description: 'no name' }], { allOrNone: true });
    expect(rolledBack.every((r) => !r.success)).toBe(true);
    expect((rolledBack[0] as unknown as { errors: { statusCode: string }[] }).errors[0]?.statusCode).toBe(
      'ALL_OR_NONE_OPERATION_ROLLED_BACK',
    );
    const count = await conn.query("SELECT count() FROM Account WHERE Name = 'AllOrNone A'");
    expect(count.totalSize).toBe(0);

    const upserts = await conn.sobject('Account').upsert(
      [
        { [EXT]: 'KF-300', Name: 'Coll Upsert 1' },
        { [EXT]: 'KF-100', Name: 'Upsert Company Again' },
      ],
      EXT,
    );
    expect(upserts.map((r) => (r as { created?: boolean }).created)).toEqual([true, false]);

    const ids = mixed.filter((r) => r.success).map((r) => (r as { id: string }).id);
    const fetched = await conn.sobject('Account').retrieve(ids);
    expect(fetched.map((r) => r.Name)).toEqual(['Coll A', 'Coll B']);
    const destroyed = await conn.sobject('Account').destroy(ids);
    expect(destroyed.every((r) => r.success)).toBe(true);
  });

  it('rejects more than 200 records in one collection call', async () => {
    const conn = connect(sandbox);
    const records = Array.from({ length: 201 }, (_, i) => ({ Name: `Too many ${i}` }));
    await expect(conn.sobject('Account').create(records)).rejects.toMatchObject({ errorCode: 'EXCEEDED_ID_LIMIT' });
  });

  it('fails single items of a collection when partial batch faults are injected', async () => {
    const conn = connect(sandbox);
    faults.set({ salesforce: { status: {}, latencyMs: 0, reset: 0, timeout: 0, partialBatch: 0.5 } });
    try {
      const results = await conn
        .sobject('Account')
        .create(Array.from({ length: 50 }, (_, i) => ({ Name: `Partial ${i}` })));
      expect(results.some((r) => r.success)).toBe(true);
      expect(results.some((r) => !r.success)).toBe(true);
    } finally {
      faults.set({});
    }
  });

  it('runs a composite request with references between subrequests', async () => {
    const conn = connect(sandbox);
    const response = await conn.requestPost<{
      compositeResponse: { httpStatusCode: number; body: unknown; referenceId: string }[];
    }>('/composite', {
      allOrNone: true,
      compositeRequest: [
        {
          method: 'POST',
          url: '/services/data/v62.0/sobjects/Account',
          referenceId: 'acct',
          body: { Name: 'Composite Co' },
        },
        {
          method: 'POST',
          url: '/services/data/v62.0/sobjects/Contact',
          referenceId: 'person',
          body: { LastName: 'Composite', AccountId: '@{acct.id}' },
        },
        {
          method: 'GET',
          url: '/services/data/v62.0/sobjects/Contact/@{person.id}?fields=AccountId',
          referenceId: 'read',
        },
      ],
    });
    expect(response.compositeResponse.map((r) => r.httpStatusCode)).toEqual([201, 201, 200]);
    const account = response.compositeResponse[0]?.body as { id: string };
    expect(response.compositeResponse[2]?.body).toMatchObject({ AccountId: account.id });

    const failed = await conn.requestPost<{
      compositeResponse: { httpStatusCode: number; body: { errorCode: string }[] }[];
    }>('/composite', {
      allOrNone: true,
      compositeRequest: [
        {
          method: 'POST',
          url: '/services/data/v62.0/sobjects/Account',
          referenceId: 'ok',
          body: { Name: 'Rolled Back Co' },
        },
        { method: 'POST', url: '/services/data/v62.0/sobjects/Contact', referenceId: 'bad', body: {} },
      ],
    });
    expect(failed.compositeResponse.map((r) => r.body[0]?.errorCode)).toEqual([
      'PROCESSING_HALTED',
      'REQUIRED_FIELD_MISSING',
    ]);
    const count = await conn.query("SELECT count() FROM Account WHERE Name = 'Rolled Back Co'");
    expect(count.totalSize).toBe(0);
  });
});
