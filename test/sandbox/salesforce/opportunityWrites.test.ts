import { afterEach, describe, expect, it } from 'vitest';
import type { SalesforceSandbox } from '../../../src/sandbox/salesforce/index.js';
import { connect, startSandbox } from './helpers.js';

const EXT = 'Counterpart_External_Id__c';
const WRITE_BACK_FIELDS = ['Invoice_Number__c', 'Invoice_Status__c', 'Amount_Paid__c', 'Amount_Due__c'];

interface SaveResult {
  id?: string | null;
  success: boolean;
  created?: boolean;
  errors: { statusCode: string; message: string; fields: string[] }[];
}

let sandbox: SalesforceSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

const opportunity = (key: string, extra: Record<string, unknown> = {}) => ({
  attributes: { type: 'Opportunity' },
  [EXT]: key,
  Name: `Order ${key}`,
  StageName: 'Closed Won',
  CloseDate: '2026-03-02',
  ...extra,
});

describe('Salesforce sandbox: Opportunity writes through sObject Collections', () => {
  it('declares the invoice write-back fields as custom fields in describe', async () => {
    sandbox = await startSandbox();
    const described = await connect(sandbox).describe('Opportunity');
    const custom = described.fields.filter((field) => field.custom).map((field) => field.name);
    expect(custom).toEqual(expect.arrayContaining([...WRITE_BACK_FIELDS, EXT]));
    expect(described.fields.find((field) => field.name === 'Amount_Paid__c')).toMatchObject({
      type: 'currency',
      updateable: true,
    });
  });

  it('upserts opportunities by external id, then updates custom fields by Id with PATCH', async () => {
    sandbox = await startSandbox();
    const conn = connect(sandbox);
    const upserted = await conn.request<SaveResult[]>({
      method: 'PATCH',
      url: `/composite/sobjects/Opportunity/${EXT}`,
      body: JSON.stringify({ allOrNone: false, records: [opportunity('SO-1'), opportunity('SO-2')] }),
      headers: { 'content-type': 'application/json' },
    });
    expect(upserted.map((result) => [result.success, result.created])).toEqual([
      [true, true],
      [true, true],
    ]);
    const again = await conn.request<SaveResult[]>({
      method: 'PATCH',
      url: `/composite/sobjects/Opportunity/${EXT}`,
      body: JSON.stringify({ allOrNone: false, records: [opportunity('SO-1', { Name: 'Renamed' })] }),
      headers: { 'content-type': 'application/json' },
    });
    expect(again[0]).toMatchObject({ success: true, created: false, id: upserted[0]?.id });

    const updated = await conn.request<SaveResult[]>({
      method: 'PATCH',
      url: '/composite/sobjects',
      body: JSON.stringify({
        allOrNone: false,
        records: [
          {
            attributes: { type: 'Opportunity' },
            id: upserted[1]?.id,
            Invoice_Number__c: 'INV-0042',
            Invoice_Status__c: 'PAID',
            Amount_Paid__c: 71.96,
          },
        ],
      }),
      headers: { 'content-type': 'application/json' },
    });
    expect(updated[0]).toMatchObject({ success: true, id: upserted[1]?.id });
    const rows = await conn.query<Record<string, unknown>>(
      `SELECT Name, Invoice_Number__c, Invoice_Status__c, Amount_Paid__c FROM Opportunity WHERE ${EXT} = 'SO-2'`,
    );
    expect(rows.records[0]).toMatchObject({
      Name: 'Order SO-2',
      Invoice_Number__c: 'INV-0042',
      Invoice_Status__c: 'PAID',
      Amount_Paid__c: 71.96,
    });
  });

  it('refuses a collection naming an unknown field with 400 INVALID_FIELD, saving nothing', async () => {
    sandbox = await startSandbox();
    const conn = connect(sandbox);
    const call = conn.request({
      method: 'PATCH',
      url: `/composite/sobjects/Opportunity/${EXT}`,
      body: JSON.stringify({
        allOrNone: false,
        records: [opportunity('SO-3'), opportunity('SO-4', { Invoice_Nmuber__c: 'INV-1' })],
      }),
      headers: { 'content-type': 'application/json' },
    });
    await expect(call).rejects.toMatchObject({
      errorCode: 'INVALID_FIELD',
      message: "No such column 'Invoice_Nmuber__c' on sobject of type Opportunity",
    });
    expect((await conn.query('SELECT count() FROM Opportunity')).totalSize).toBe(0);
  });

  it("can fail only the record naming an unknown field, with the collections' statusCode shape", async () => {
    sandbox = await startSandbox({ settings: { collectionUnknownField: 'record' } });
    const conn = connect(sandbox);
    const results = await conn.request<SaveResult[]>({
      method: 'PATCH',
      url: `/composite/sobjects/Opportunity/${EXT}`,
      body: JSON.stringify({
        allOrNone: false,
        records: [opportunity('SO-5'), opportunity('SO-6', { Invoice_Nmuber__c: 'INV-1' })],
      }),
      headers: { 'content-type': 'application/json' },
    });
    expect(results[0]).toMatchObject({ success: true, created: true });
    expect(results[1]).toEqual({
      id: null,
      success: false,
      errors: [
        {
          statusCode: 'INVALID_FIELD',
          message: "No such column 'Invoice_Nmuber__c' on sobject of type Opportunity",
          fields: ['Invoice_Nmuber__c'],
        },
      ],
    });
  });
});
