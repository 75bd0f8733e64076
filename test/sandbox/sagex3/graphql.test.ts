import { describe, expect, it } from 'vitest';
import { signConnectedAppJwt } from '../../../src/sandbox/sagex3/index.js';
import { startX3, type X3Client } from './harness.js';

const seed = {
  BPCUSTOMER: Array.from({ length: 30 }, (_, index) => ({
    BPCNUM: `C${String(index + 1).padStart(3, '0')}`,
    BPCNAM: `Customer ${index + 1}`,
    BPCSTA: index % 5 === 0 ? 1 : 2,
    OSTAUZ: index * 100,
    BCGCOD: index % 2 === 0 ? 'RET' : 'WHO',
    UPDDATTIM: `2026-0${1 + (index % 3)}-10T08:00:00Z`,
    BPADDRESS: [{ BPAADD: 'MAIN', BPAADDLIG: [`${index} High St`], CTY: 'Leeds', CRY: 'GB', BPAADDFLG: 2 }],
  })),
  ITMMASTER: [
    { ITMREF: 'P1', ITMDES1: 'Paper', BASPRI: 3.5, ITMSTA: 1 },
    { ITMREF: 'P2', ITMDES1: 'Pens', BASPRI: 1.25, ITMSTA: 5 },
  ],
};

const CUSTOMERS = `query ($first: Int, $after: String, $filter: String, $orderBy: String) {
  x3MasterData { customer { query(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    totalCount
    pageInfo { endCursor hasNextPage startCursor hasPreviousPage }
    edges { cursor node { _id code { code } isActive companyName1 authorizedCreditAmount customerCategory { code } _updateStamp } }
  } } } }`;

type Page = {
  totalCount: number;
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
  edges: { node: { _id: string; isActive: boolean; authorizedCreditAmount: number; code: { code: string } } }[];
};

async function graph(
  x3: X3Client,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) {
  return x3.call('/xtrem/api', {
    method: 'POST',
    body: { query, variables },
    headers: { 'x-xtrem-endpoint': 'SEED', ...headers },
  });
}

function customers(body: unknown): Page {
  return (body as { data: { x3MasterData: { customer: { query: Page } } } }).data.x3MasterData.customer.query;
}

describe('Sage X3 GraphQL (/xtrem/api)', () => {
  it('pages customers with first/after and reports totalCount', async () => {
    const x3 = await startX3({ seed });
    const ids: string[] = [];
    let after: string | null = null;
    for (;;) {
      const response = await graph(x3, CUSTOMERS, { first: 12, after });
      expect(response.status).toBe(200);
      const page = customers(response.body);
      expect(page.totalCount).toBe(30);
      ids.push(...page.edges.map((edge) => edge.node._id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(ids).toEqual(seed.BPCUSTOMER.map((customer) => customer.BPCNUM));
  });

  it('filters with Mongo-style strings and sorts with orderBy strings', async () => {
    const x3 = await startX3({ seed });
    const inactive = customers((await graph(x3, CUSTOMERS, { filter: '{isActive: false}', first: 50 })).body);
    expect(inactive.edges.map((edge) => edge.node._id)).toEqual(['C001', 'C006', 'C011', 'C016', 'C021', 'C026']);

    const ranged = customers(
      (
        await graph(x3, CUSTOMERS, {
          filter: "[{authorizedCreditAmount: {_gte: 1000, _lt: 1500}}, {customerCategory: {code: 'WHO'}}]",
          orderBy: '{authorizedCreditAmount: -1}',
        })
      ).body,
    );
    expect(ranged.edges.map((edge) => edge.node._id)).toEqual(['C014', 'C012']);

    const recent = customers(
      (await graph(x3, CUSTOMERS, { filter: "{_updateStamp: {_gte: '2026-03-01'}}", first: 50 })).body,
    );
    expect(recent.totalCount).toBe(10);

    const byCode = customers((await graph(x3, CUSTOMERS, { filter: "{code: {code: {_in: ['C002', 'C003']}}}" })).body);
    expect(byCode.edges.map((edge) => edge.node.code.code)).toEqual(['C002', 'C003']);

    const bad = await graph(x3, CUSTOMERS, { filter: '{not json' });
    expect((bad.body as { errors: { message: string }[] }).errors[0]?.message).toMatch(/Invalid filter/);
  });

  it('reads one customer with its addresses and products with enum statuses', async () => {
    const x3 = await startX3({ seed });
    const response = await graph(
      x3,
      `{ x3MasterData {
          customer { read(_id: "C002") { companyName1 addresses { query { edges { node { code city addressLine1 isDefault } } } } } }
          product { query(orderBy: "{code: 1}") { edges { node { code description1 productStatus basePrice } } } }
        } }`,
    );
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      data: {
        x3MasterData: {
          customer: {
            read: {
              companyName1: 'Customer 2',
              addresses: {
                query: {
                  edges: [{ node: { code: 'MAIN', city: 'Leeds', addressLine1: '1 High St', isDefault: true } }],
                },
              },
            },
          },
          product: {
            query: {
              edges: [
                { node: { code: 'P1', description1: 'Paper', productStatus: 'active', basePrice: 3.5 } },
                { node: { code: 'P2', description1: 'Pens', productStatus: 'obsolete', basePrice: 1.25 } },
              ],
            },
          },
        },
      },
    });
  });

  it('needs the endpoint header and authentication, and reports GraphQL errors', async () => {
    const x3 = await startX3({ seed });
    const noEndpoint = await x3.call('/xtrem/api', { method: 'POST', body: { query: '{ __typename }' } });
    expect(noEndpoint.status).toBe(400);
    const unauthenticated = await graph(x3, '{ __typename }', {}, { authorization: '' });
    expect(unauthenticated.status).toBe(401);
    const unknownField = await graph(x3, '{ x3MasterData { customer { query { edges { node { nope } } } } } }');
    expect(unknownField.status).toBe(400);
    expect((unknownField.body as { errors: { message: string }[] }).errors[0]?.message).toMatch(/nope/);

    const credentials = x3.sandbox.credentials as Record<string, string>;
    const token = await signConnectedAppJwt({
      clientId: credentials.clientId as string,
      clientSecret: credentials.clientSecret as string,
      user: 'ADMIN',
      audience: '',
    });
    const bearer = await graph(x3, CUSTOMERS, { first: 1 }, { authorization: `Bearer ${token}` });
    expect(customers(bearer.body).edges).toHaveLength(1);
  });

  it('creates, updates and deletes customers and products with mutations, sharing REST validation', async () => {
    const x3 = await startX3({ seed });
    const created = await graph(
      x3,
      `mutation ($data: Customer_Input!) { x3MasterData { customer { create(data: $data) {
        _id companyName1 isActive rateType addresses { query { totalCount } } _updateStamp } } } }`,
      { data: { code: 'G001', companyName1: 'Graph Traders', isActive: true, rateType: 'monthlyRate' } },
    );
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      data: {
        x3MasterData: {
          customer: {
            create: { _id: 'G001', companyName1: 'Graph Traders', isActive: true, rateType: 'monthlyRate' },
          },
        },
      },
    });
    const rest = await x3.call("/api1/x3/erp/SEED/BPCUSTOMER('G001')?representation=BPCUSTOMER.$details");
    expect(rest.body).toMatchObject({ BPCNAM: 'Graph Traders', BPCSTA: 2, CHGTYP: 2, UPDTICK: 1 });

    const updated = await graph(
      x3,
      'mutation { x3MasterData { customer { update(_id: "G001", data: { isActive: false }) { isActive } } } }',
    );
    expect(updated.body).toEqual({ data: { x3MasterData: { customer: { update: { isActive: false } } } } });

    const invalid = await graph(x3, 'mutation { x3MasterData { product { create(data: { code: "P9" }) { _id } } } }');
    expect((invalid.body as { errors: { message: string }[] }).errors[0]?.message).toMatch(/ITMDES1: mandatory/);

    const product = await graph(
      x3,
      'mutation { x3MasterData { product { create(data: { code: "P9", description1: "Stapler", basePrice: 4.2, productStatus: inDevelopment }) { code productStatus basePrice } } } }',
    );
    expect(product.body).toEqual({
      data: { x3MasterData: { product: { create: { code: 'P9', productStatus: 'inDevelopment', basePrice: 4.2 } } } },
    });

    const deleted = await graph(x3, 'mutation { x3MasterData { customer { delete(_id: "G001") } } }');
    expect(deleted.body).toEqual({ data: { x3MasterData: { customer: { delete: true } } } });
    const missing = await graph(x3, 'mutation { x3MasterData { customer { delete(_id: "G001") } } }');
    expect((missing.body as { errors: { message: string }[] }).errors[0]?.message).toMatch(/does not exist/);
  });

  it('lets the product node be renamed (its name is UNCONFIRMED)', async () => {
    const x3 = await startX3({ seed, settings: { graphql: { productNode: 'item' } } });
    const response = await graph(x3, '{ x3MasterData { item { query { totalCount } } } }');
    expect(response.body).toEqual({ data: { x3MasterData: { item: { query: { totalCount: 2 } } } } });
  });
});
