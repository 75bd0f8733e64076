import { describe, expect, it } from 'vitest';
import { AccountRow, accountToParty, partyToAccount } from '../../../src/connectors/salesforce/codecs/account.js';
import {
  Product2Row,
  product2ToProduct,
  productToProduct2,
} from '../../../src/connectors/salesforce/codecs/product.js';
import { OrderRow, orderToSalesOrder } from '../../../src/connectors/salesforce/codecs/salesOrder.js';
import { decimalOf, instantOf, moneyOf, soqlDateTime } from '../../../src/connectors/salesforce/codecs/shared.js';
import { classifySalesforceResponse } from '../../../src/connectors/salesforce/errors.js';
import { customer, product } from './records.js';

const context = { currency: 'GBP', externalIdField: 'Counterpart_External_Id__c' };
const stamps = {
  CreatedDate: '2026-08-01T09:00:00.000+0000',
  LastModifiedDate: '2026-08-02T09:00:00.000+0000',
  SystemModstamp: '2026-08-02T09:00:01.000+0000',
};

/** What Salesforce returns for the fields written: component address fields become the compound one. */
function asQueried(fields: Record<string, unknown>, prefix: string) {
  const part = (name: string) => fields[`${prefix}${name}`] ?? null;
  const any = ['Street', 'City', 'State', 'PostalCode', 'Country'].some((name) => part(name) !== null);
  return any
    ? {
        street: part('Street'),
        city: part('City'),
        state: part('State'),
        postalCode: part('PostalCode'),
        country: part('Country'),
      }
    : null;
}

describe('Salesforce codecs', () => {
  it('round-trips a party through Account fields, compound addresses and custom fields', () => {
    const party = customer(42, {
      website: 'https://example.test',
      customFields: { Customer_Since__c: '2020-01-31', Counterpart_External_Id__c: 'CP00042' },
    });
    const fields = partyToAccount(party, context);
    expect(fields).toMatchObject({ Name: party.name, BillingStreet: '42 Mill Lane\nHolbeck', ShippingCity: 'Hull' });
    expect(fields).not.toHaveProperty('Counterpart_External_Id__c');
    const row = AccountRow.parse({
      Id: '001Dx00000000AAAAA',
      ...stamps,
      ...fields,
      Counterpart_External_Id__c: 'CP00042',
      BillingAddress: asQueried(fields, 'Billing'),
      ShippingAddress: asQueried(fields, 'Shipping'),
      Contacts: {
        totalSize: 1,
        done: true,
        records: [{ Id: '003Dx', FirstName: 'Ada', LastName: 'Lovelace', Email: 'ada@example.test' }],
      },
    });
    const back = accountToParty(row);
    expect(back).toMatchObject({
      code: party.code,
      name: party.name,
      phone: party.phone,
      website: party.website,
      addresses: party.addresses.map((address) => expect.objectContaining({ ...address, countryCode: 'GB' })),
      contacts: [{ sourceId: '003Dx', firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.test' }],
      customFields: { Customer_Since__c: '2020-01-31', Counterpart_External_Id__c: 'CP00042' },
      source: {
        system: 'salesforce',
        id: '001Dx00000000AAAAA',
        updatedAt: '2026-08-02T09:00:01.000Z',
        createdAt: '2026-08-01T09:00:00.000Z',
      },
    });
  });

  it('round-trips a product, reading its price from the standard price book only', () => {
    const item = product(7, { description: 'Blue', status: 'archived' });
    const fields = productToProduct2(item, context);
    const row = Product2Row.parse({
      Id: '01tDx0000000001AAA',
      ...stamps,
      ...fields,
      PricebookEntries: {
        records: [
          { Id: '01u1', UnitPrice: 99, Pricebook2: { IsStandard: false } },
          { Id: '01u2', UnitPrice: 19.995, Pricebook2: { IsStandard: true } },
        ],
      },
    });
    expect(product2ToProduct(row, context)).toMatchObject({ ...item, sales: { unitPrice: '19.995', currency: 'GBP' } });
  });

  it('reads money without float arithmetic: line amounts are minor units and the totals add up', () => {
    const row = OrderRow.parse({
      Id: '801Dx0000000001AAA',
      ...stamps,
      OrderNumber: '00000100',
      Status: 'Activated',
      EffectiveDate: '2026-08-03',
      AccountId: '001Dx',
      Account: { Name: 'Harrogate Tiles Ltd', AccountNumber: 'HARG0042' },
      ShippingAddress: null,
      OrderItems: {
        records: [
          { Id: '802a', Quantity: 3, UnitPrice: 0.1, TotalPrice: 0.3, Product2: { ProductCode: 'TILE' } },
          { Id: '802b', Quantity: 1, UnitPrice: 0.2, TotalPrice: 0.2 },
        ],
      },
    });
    const order = orderToSalesOrder(row, context);
    expect(order.lines.map((line) => line.net.amountMinor)).toEqual([30, 20]);
    expect(order.totals.gross.amountMinor).toBe(50);
    expect(order).toMatchObject({
      number: '00000100',
      status: 'open',
      party: { code: 'HARG0042', ref: { id: '001Dx' } },
    });
    expect(moneyOf(1.005, 'GBP').amountMinor).toBe(101);
    expect(decimalOf(0.1 + 0.2)).toBe('0.3');
    expect(instantOf('2013-05-20T20:49:32.000+0000')).toBe('2013-05-20T20:49:32.000Z');
    expect(soqlDateTime('2024-05-31T17:02:11.750Z')).toBe('2024-05-31T17:02:11Z');
  });

  it('classifies Salesforce errors by their errorCode, keeping it', () => {
    const failure = (status: number, body: unknown) =>
      classifySalesforceResponse({
        status,
        headers: {},
        body: JSON.stringify(body),
        url: 'http://x/y',
        operation: 'GET /y',
      });
    const noApi = failure(403, [
      { message: 'The REST API is not enabled for this Organization.', errorCode: 'API_CURRENTLY_DISABLED' },
    ]);
    expect(noApi).toMatchObject({ kind: 'permission', context: { errorCode: 'API_CURRENTLY_DISABLED' } });
    expect(noApi.message).toMatch(/API Enabled/);
    expect(failure(400, [{ message: 'duplicate value found', errorCode: 'DUPLICATE_VALUE' }]).kind).toBe('duplicate');
    expect(failure(404, [{ message: 'entity is deleted', errorCode: 'ENTITY_IS_DELETED' }]).kind).toBe('not_found');
    expect(failure(400, { error: 'invalid_grant', error_description: 'expired access/refresh token' })).toMatchObject({
      kind: 'authentication',
      systemMessage: 'invalid_grant: expired access/refresh token',
    });
    expect(
      failure(400, [
        { message: 'Required fields are missing: [Name]', errorCode: 'REQUIRED_FIELD_MISSING', fields: ['Name'] },
      ]),
    ).toMatchObject({
      kind: 'validation',
      context: { fields: 'Name' },
    });
  });
});
