import { beforeAll, describe, expect, it } from 'vitest';
import { SalesforceData, type WriteContext } from '../../../src/sandbox/salesforce/data.js';
import { SchemaRegistry } from '../../../src/sandbox/salesforce/schema.js';
import { runQuery } from '../../../src/sandbox/salesforce/soql/query.js';
import { formatDateTime, RecordStore } from '../../../src/sandbox/salesforce/store.js';
import { SandboxClock } from '../../../src/sandbox/shared/clock.js';

const USER = '005Dx0000000001AAA';
const context: WriteContext = { userId: USER, origin: '', transactionKey: 't' };

describe('SOQL evaluator', () => {
  const store = new RecordStore(new SchemaRegistry(), new SandboxClock());
  const data = new SalesforceData(store);
  const query = (soql: string, includeDeleted = false) =>
    runQuery(soql, { store, apiVersion: '62.0', includeDeleted, utcOffsetMinutes: 0, maxOffset: 2000 });
  const names = (soql: string) => query(soql).records.map((record) => record.Name);
  const daysAgo = (days: number) => formatDateTime(new Date(Date.now() - days * 86_400_000));

  beforeAll(() => {
    data.create('User', { Username: 'u@x.io', LastName: 'User', Email: 'u@x.io' }, context, {
      Id: USER,
      CreatedById: null,
      LastModifiedById: null,
    });
    const rows = [
      { Name: 'Alpha', Industry: 'Retail', AnnualRevenue: 100, NumberOfEmployees: 5, created: 1 },
      { Name: 'beta', Industry: 'Retail', AnnualRevenue: 250.5, NumberOfEmployees: null, created: 10 },
      { Name: 'Gamma 100%', Industry: 'Technology', AnnualRevenue: null, NumberOfEmployees: 50, created: 40 },
      { Name: "D'Arcy", Industry: null, AnnualRevenue: 75, NumberOfEmployees: 7, created: 400 },
    ];
    for (const { created, ...row } of rows) {
      data.create('Account', row, context, { CreatedDate: daysAgo(created) });
    }
    const deleted = data.create('Account', { Name: 'Deleted Co' }, context);
    data.delete('Account', deleted.id, context);
  });

  it('filters with AND/OR/NOT, parentheses, comparisons, IN and null', () => {
    expect(names("SELECT Name FROM Account WHERE Industry = 'retail' ORDER BY Name")).toEqual(['Alpha', 'beta']);
    expect(
      names(
        "SELECT Name FROM Account WHERE (Industry = 'Retail' OR Industry = null) AND NOT Name LIKE 'a%' ORDER BY Name",
      ),
    ).toEqual(['beta', "D'Arcy"]);
    expect(
      names('SELECT Name FROM Account WHERE AnnualRevenue >= 100 AND AnnualRevenue < 251 ORDER BY AnnualRevenue DESC'),
    ).toEqual(['beta', 'Alpha']);
    expect(names("SELECT Name FROM Account WHERE Industry IN ('Technology', 'Hospitality')")).toEqual(['Gamma 100%']);
    expect(names("SELECT Name FROM Account WHERE Industry NOT IN ('Retail') ORDER BY Name")).toEqual([
      "D'Arcy",
      'Gamma 100%',
    ]);
    expect(names("SELECT Name FROM Account WHERE Name = 'D\\'Arcy'")).toEqual(["D'Arcy"]);
    expect(names("SELECT Name FROM Account WHERE Name LIKE '%100\\%'")).toEqual(['Gamma 100%']);
    expect(names('SELECT Name FROM Account WHERE NOT (NumberOfEmployees > 6 OR NumberOfEmployees = null)')).toEqual([
      'Alpha',
    ]);
  });

  it('understands date literals and datetime literals', () => {
    expect(names('SELECT Name FROM Account WHERE CreatedDate = LAST_N_DAYS:30 ORDER BY CreatedDate')).toEqual([
      'beta',
      'Alpha',
    ]);
    expect(names('SELECT Name FROM Account WHERE CreatedDate < LAST_N_DAYS:30 ORDER BY CreatedDate')).toEqual([
      "D'Arcy",
      'Gamma 100%',
    ]);
    const cutoff = new Date(Date.now() - 20 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    expect(names(`SELECT Name FROM Account WHERE CreatedDate > ${cutoff} ORDER BY Name`)).toEqual(['Alpha', 'beta']);
    expect(names('SELECT Name FROM Account WHERE CreatedDate = TODAY')).toEqual([]);
    expect(() => query("SELECT Name FROM Account WHERE CreatedDate > '2024-01-01'")).toThrow(
      /must be of type dateTime/,
    );
  });

  it('orders with nulls first by default, and pages with LIMIT and OFFSET', () => {
    expect(names('SELECT Name FROM Account ORDER BY Industry, Name')).toEqual([
      "D'Arcy",
      'Alpha',
      'beta',
      'Gamma 100%',
    ]);
    expect(names('SELECT Name FROM Account ORDER BY Industry DESC NULLS LAST, Name LIMIT 2 OFFSET 1')).toEqual([
      'Alpha',
      'beta',
    ]);
    expect(() => query('SELECT Name FROM Account LIMIT 1 OFFSET 2001')).toThrow(/offset/i);
  });

  it('counts, aggregates and groups', () => {
    expect(query('SELECT count() FROM Account').totalSize).toBe(4);
    expect(query('SELECT count() FROM Account', true).totalSize).toBe(5);
    const grouped = query(
      'SELECT Industry, COUNT(Id) total, SUM(AnnualRevenue) FROM Account GROUP BY Industry',
    ).records;
    expect(grouped).toContainEqual({
      attributes: { type: 'AggregateResult' },
      Industry: 'Retail',
      total: 2,
      expr0: 350.5,
    });
    const having = query('SELECT Industry, COUNT(Id) FROM Account GROUP BY Industry HAVING COUNT(Id) > 1').records;
    expect(having).toEqual([{ attributes: { type: 'AggregateResult' }, Industry: 'Retail', expr0: 2 }]);
  });

  it('excludes deleted rows unless queryAll', () => {
    expect(names("SELECT Name FROM Account WHERE Name = 'Deleted Co'")).toEqual([]);
    expect(query('SELECT Name, IsDeleted FROM Account WHERE IsDeleted = true', true).records).toEqual([
      expect.objectContaining({ Name: 'Deleted Co', IsDeleted: true }),
    ]);
  });

  it('reports unknown fields, objects and bad syntax with Salesforce error codes', () => {
    expect(() => query('SELECT Nope FROM Account')).toThrow(expect.objectContaining({ errorCode: 'INVALID_FIELD' }));
    expect(() => query('SELECT Id FROM Nope')).toThrow(expect.objectContaining({ errorCode: 'INVALID_TYPE' }));
    expect(() => query('SELECT FROM')).toThrow(expect.objectContaining({ errorCode: 'MALFORMED_QUERY' }));
    expect(() => query('SELECT Id, (SELECT Id FROM Nopes) FROM Account')).toThrow(
      expect.objectContaining({ errorCode: 'INVALID_TYPE' }),
    );
  });

  it('expands FIELDS(STANDARD) and semi-joins', () => {
    const record = query("SELECT FIELDS(STANDARD) FROM Account WHERE Name = 'Alpha'").records[0] ?? {};
    expect(Object.keys(record)).toEqual(expect.arrayContaining(['Id', 'Name', 'BillingCity', 'SystemModstamp']));
    expect(Object.keys(record)).not.toContain('Counterpart_External_Id__c');
    expect(
      names("SELECT Name FROM Account WHERE Id IN (SELECT Id FROM Account WHERE Industry = 'Technology')"),
    ).toEqual(['Gamma 100%']);
  });
});
