import { describe, expect, it } from 'vitest';
import { companySeed, readAll, startX3 } from './harness.js';

describe('Sage X3 reads through GraphQL, where configured', () => {
  it('reads customers with their addresses in one call per page, and products, as api1 reads them', async () => {
    const x3 = await startX3({ seed: companySeed() });
    const viaApi1 = x3.connector({ externalKeyField: '' });
    const viaGraphql = x3.connector({
      externalKeyField: '',
      graphql: { entities: ['party', 'product'] },
      authMode: 'jwt',
    });

    const api1Parties = await readAll(viaApi1.read('party'));
    const graphqlParties = await readAll(viaGraphql.read('party'));
    // The GraphQL address node has no telephone or e-mail: those come only through api1.
    const comparable = (records: typeof api1Parties.records) =>
      records.map(({ source, email, phone, ...party }) => ({ ...party, id: source?.id, updatedAt: source?.updatedAt }));
    expect(comparable(graphqlParties.records)).toEqual(comparable(api1Parties.records));
    // 5 customers in 3 GraphQL pages with their addresses, then 2 suppliers on api1 (1 page + 2 $details).
    expect(viaGraphql.statistics().calls).toBe(3 + 1 + 2);
    expect(viaApi1.statistics().calls).toBe(3 + 5 + 1 + 2);

    const api1Products = await readAll(viaApi1.read('product'));
    const graphqlProducts = await readAll(viaGraphql.read('product'));
    expect(graphqlProducts.records.map(({ source, ...product }) => product)).toEqual(
      api1Products.records.map(({ source, ...product }) => product),
    );
  });

  it('reads incrementally on _updateStamp', async () => {
    const x3 = await startX3({ seed: companySeed() });
    const connector = x3.connector({ graphql: { entities: ['product'] } });
    const since = new Date(Date.now() - 1_000).toISOString();
    await x3.x3("/ITMMASTER('PAPR-02')?representation=ITMMASTER.$edit", { method: 'PUT', body: { BASPRI: 26.1 } });
    const { records } = await readAll(connector.read('product', { modifiedSince: since }));
    expect(records.map((product) => [product.code, product.sales?.unitPrice])).toEqual([['PAPR-02', '26.1']]);
  });

  it('names the node when the GraphQL schema does not have it', async () => {
    const x3 = await startX3({ seed: companySeed() });
    const connector = x3.connector({ graphql: { entities: ['product'], productNode: 'item' } });
    await expect(readAll(connector.read('product'))).rejects.toThrow(/GraphQL API refused the query of item/);
  });
});
