import { describe, expect, it } from 'vitest';
import { type Json, startX3, x3Path } from './harness.js';

describe('Sage X3 sandbox under bad requests', () => {
  it('answers malformed URLs, keys and bodies with X3 errors and keeps serving', async () => {
    const x3 = await startX3({ seed: { BPCUSTOMER: [{ BPCNUM: "O'NEIL", BPCNAM: "O'Neil & Sons" }] } });
    const attempts: [string, { method?: string; body?: unknown }][] = [
      ['/api1/x3/erp/', {}],
      ['/api1/x3/erp/SEED', {}],
      ['/api1/x3/erp/SEED/', {}],
      ["/api1/x3/erp/SEED/BPCUSTOMER('abc'?representation=BPCUSTOMER.$details", {}],
      ['/api1/x3/erp/SEED/NOCLASS?representation=NOCLASS.$query', {}],
      [x3Path('BPCUSTOMER', '$query', { key: 'sideways.1' }), {}],
      [x3Path('BPCUSTOMER', '$query', { count: '-3' }), {}],
      [x3Path('BPCUSTOMER', '$query', { orderBy: 'BPCNAM sideways' }), {}],
      [x3Path('BPCUSTOMER', '$query', { where: '(((((' }), {}],
      [x3Path('BPCUSTOMER', '$bogus'), {}],
      [x3Path('BPCUSTOMER', '$create'), { method: 'POST', body: [1, 2, 3] }],
      [x3Path('BPCUSTOMER', '$create'), { method: 'POST', body: { BPCNUM: 'A', BPCNAM: 'B', BPADDRESS: 'nope' } }],
      [x3Path('SORDER', '$create'), { method: 'POST', body: { BPCORD: "O'NEIL", ORDDAT: '2026-02-30', SOHSOP: [1] } }],
      [x3Path("GACCDUDATE('X~1')", '$edit'), { method: 'DELETE' }],
      [x3Path('GACCDUDATE', '$create'), { method: 'POST', body: {} }],
      [x3Path('BPCUSTOMER', '$query'), { method: 'PUT', body: {} }],
    ];
    for (const [path, init] of attempts) {
      const response = await x3.call(path, init);
      expect(response.status, path).toBeGreaterThanOrEqual(400);
      expect((response.body as Json).$diagnoses?.[0]?.$severity, path).toBe('error');
    }
    // An undecodable URL is refused by Fastify before any route runs (its own JSON shape, still a 400).
    const undecodable = await x3.call("/api1/x3/erp/SEED/BPCUSTOMER('%E0%A4%A')?representation=BPCUSTOMER.$details");
    expect(undecodable.status).toBe(400);
    expect((await x3.call(x3Path('TABVAT', '$query'))).status).toBe(200);

    const quoted = await x3.call(
      `/api1/x3/erp/SEED/BPCUSTOMER('${encodeURIComponent("O''NEIL")}')?representation=BPCUSTOMER.$details`,
    );
    expect(quoted.status).toBe(200);
    expect((quoted.body as Json).BPCNAM).toBe("O'Neil & Sons");
    const found = await x3.call(x3Path('BPCUSTOMER', '$query', { where: "BPCNUM eq 'O''NEIL'" }));
    expect((found.body as Json).$resources).toHaveLength(1);
  });
});
