import { describe, expect, it } from 'vitest';
import { toId18 } from '../../../src/sandbox/salesforce/ids.js';
import { connect, startSandbox } from './helpers.js';

const seed = {
  Account: [
    {
      attributes: { type: 'Account' },
      Id: '0018d00000AbCdE',
      Name: 'Seeded Ltd',
      AccountNumber: 'SEED0001',
      Counterpart_External_Id__c: 'SEED0001',
      CreatedDate: '2026-08-01T09:00:00.000+0000',
      LastModifiedDate: '2026-08-02T09:00:00.000+0000',
      SystemModstamp: '2026-08-02T09:00:00.000+0000',
    },
  ],
  Contact: [{ FirstName: 'Sid', LastName: 'Seed', AccountId: '0018d00000AbCdE', Email: 'sid@seeded.example' }],
  Product2: [{ Id: '01t8d00000AbCdE', Name: 'Seeded widget', ProductCode: 'SW-1', IsActive: true }],
  PricebookEntry: [{ Product2Id: '01t8d00000AbCdE', UnitPrice: 9.99, IsActive: true }],
};

describe('Salesforce sandbox seed files and persisted state', () => {
  it('loads records in wire shape, keeping their ids and dates', async () => {
    const sandbox = await startSandbox({ seed });
    try {
      const conn = connect(sandbox);
      const result = await conn.query<Record<string, unknown>>(
        'SELECT Id, Name, CreatedDate, LastModifiedDate, (SELECT Name, Email FROM Contacts) FROM Account',
      );
      expect(result.records).toEqual([
        expect.objectContaining({
          Id: toId18('0018d00000AbCdE'),
          Name: 'Seeded Ltd',
          CreatedDate: '2026-08-01T09:00:00.000+0000',
          Contacts: expect.objectContaining({ totalSize: 1, records: [expect.objectContaining({ Name: 'Sid Seed' })] }),
        }),
      ]);

      const entries = await conn.query<{ UnitPrice: number; Pricebook2: { IsStandard: boolean } }>(
        'SELECT UnitPrice, Pricebook2.IsStandard FROM PricebookEntry',
      );
      expect(entries.records).toEqual([
        expect.objectContaining({ UnitPrice: 9.99, Pricebook2: expect.objectContaining({ IsStandard: true }) }),
      ]);
      const created = (await conn.sobject('Account').create({ Name: 'Added later' })) as { id: string };
      const restored = await startSandbox({ state: JSON.parse(JSON.stringify(sandbox.snapshot())) });
      try {
        const again = connect(restored);
        const names = await again.query<{ Name: string }>('SELECT Name FROM Account ORDER BY Name');
        expect(names.records.map((r) => r.Name)).toEqual(['Added later', 'Seeded Ltd']);
        const next = (await again.sobject('Account').create({ Name: 'After restore' })) as { id: string };
        expect(next.id).not.toBe(created.id);
      } finally {
        await restored.close();
      }
    } finally {
      await sandbox.close();
    }
  });

  it('refuses a seed record Salesforce would reject, naming it', async () => {
    await expect(startSandbox({ seed: { Account: [{ Description: 'no name' }] } })).rejects.toMatchObject({
      code: 'sandbox.bad_seed',
      message: expect.stringContaining('Account[0]'),
    });
    await expect(startSandbox({ seed: { Invoice__c: [{}] } })).rejects.toMatchObject({ code: 'sandbox.bad_seed' });
    await expect(startSandbox({ state: { store: { version: 2 } } })).rejects.toMatchObject({
      code: 'sandbox.bad_state',
    });
  });

  it('answers malformed requests with Salesforce errors instead of failing', async () => {
    const sandbox = await startSandbox();
    try {
      const token = (sandbox.credentials as Record<string, string>).accessToken;
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const bad = await fetch(`${sandbox.baseUrl}/services/data/v62.0/sobjects/Account`, {
        method: 'POST',
        headers,
        body: '{nope',
      });
      expect(bad.status).toBe(400);
      expect(await bad.json()).toEqual([expect.objectContaining({ errorCode: 'JSON_PARSER_ERROR' })]);
      const unknown = await fetch(`${sandbox.baseUrl}/services/data/v62.0/sobjects/Nope__c/describe`, { headers });
      expect(unknown.status).toBe(404);
      const array = await fetch(`${sandbox.baseUrl}/services/data/v62.0/sobjects/Account`, {
        method: 'POST',
        headers,
        body: '[1]',
      });
      expect(array.status).toBe(400);
      const anonymous = await fetch(`${sandbox.baseUrl}/services/data/v62.0/limits`);
      expect(anonymous.status).toBe(401);
      expect(await anonymous.json()).toEqual([
        { message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID', fields: [] },
      ]);
      const versions = await fetch(`${sandbox.baseUrl}/services/data/`);
      expect(((await versions.json()) as { version: string }[]).at(-1)?.version).toBe('67.0');
    } finally {
      await sandbox.close();
    }
  });
});
