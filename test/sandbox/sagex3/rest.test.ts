import { describe, expect, it } from 'vitest';
import { type Json, startX3, x3Path } from './harness.js';

const customers = Array.from({ length: 45 }, (_, index) => ({
  BPCNUM: `C${String(index + 1).padStart(4, '0')}`,
  BPCNAM: `Customer ${String.fromCharCode(90 - (index % 26))} ${index + 1}`,
  CRY: index % 3 === 0 ? 'FR' : 'GB',
  UPDDATTIM: `2026-0${1 + (index % 3)}-15T10:00:00Z`,
}));

describe('Sage X3 api1 queries', () => {
  it('pages a $query feed with key-based $next links until the last page', async () => {
    const x3 = await startX3({ seed: { BPCUSTOMER: customers } });
    const seen: string[] = [];
    let url: string | undefined = x3Path('BPCUSTOMER', '$query');
    let pages = 0;
    while (url) {
      const response = await x3.call(url);
      expect(response.status).toBe(200);
      const body = response.body as Json;
      expect(body.$itemsPerPage).toBe(20);
      expect(body.$totalResults).toBe(45);
      seen.push(...(body.$resources ?? []).map((record) => String(record.BPCNUM)));
      url = body.$links?.$next?.$url;
      if (url) expect(url).toMatch(/key=gt\.C00(20|40)/);
      pages += 1;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(customers.map((customer) => customer.BPCNUM));
  });

  it('honours count, where, orderBy and incremental reads on UPDDATTIM', async () => {
    const x3 = await startX3({ seed: { BPCUSTOMER: customers } });
    const french = await x3.call(x3Path('BPCUSTOMER', '$query', { where: "CRY eq 'FR'", count: '100' }));
    expect((french.body as Json).$resources).toHaveLength(15);

    const changed = await x3.call(
      x3Path('BPCUSTOMER', '$query', { where: 'UPDDATTIM gt @2026-02-01T00:00:00Z@', count: '100' }),
    );
    expect((changed.body as Json).$resources).toHaveLength(30);

    const sorted = await x3.call(x3Path('BPCUSTOMER', '$query', { orderBy: 'BPCNAM desc', count: '5' }));
    const names = ((sorted.body as Json).$resources ?? []).map((record) => String(record.BPCNAM));
    expect(names[0]?.startsWith('Customer Z')).toBe(true);
    expect([...names].sort().reverse()).toEqual(names);

    // Following $next on a sorted feed visits every record once.
    const all: string[] = [];
    let url: string | undefined = x3Path('BPCUSTOMER', '$query', { orderBy: 'BPCNAM desc', count: '7' });
    while (url) {
      const body = (await x3.call(url)).body as Json;
      all.push(...(body.$resources ?? []).map((record) => String(record.BPCNUM)));
      url = body.$links?.$next?.$url;
    }
    expect(new Set(all).size).toBe(45);
    expect(all).toHaveLength(45);

    const left = await x3.call(
      x3Path('BPCUSTOMER', '$query', { where: "left(BPCNAM,10) eq 'Customer Y' and CRY ne 'FR'" }),
    );
    expect(
      ((left.body as Json).$resources ?? []).every((record) => String(record.BPCNAM).startsWith('Customer Y')),
    ).toBe(true);

    const empty = await x3.call(x3Path('BPCUSTOMER', '$query', { where: "BPCNUM eq 'NOPE'" }));
    expect(empty.status).toBe(200);
    expect((empty.body as Json).$resources).toEqual([]);
  });

  it('answers X3 errors for unknown properties, bad syntax and missing representations', async () => {
    const x3 = await startX3({ seed: { BPCUSTOMER: customers } });
    const unknown = await x3.call(x3Path('BPCUSTOMER', '$query', { where: "NOSUCH eq 'x'" }));
    expect(unknown.status).toBe(500);
    expect((unknown.body as Json).$diagnoses?.[0]?.$message).toMatch(/NOSUCH/);

    const syntax = await x3.call(x3Path('BPCUSTOMER', '$query', { where: "BPCNUM eq 'x" }));
    expect(syntax.status).toBe(400);

    const noRepresentation = await x3.call('/api1/x3/erp/SEED/BPCUSTOMER');
    expect(noRepresentation.status).toBe(400);
    expect((noRepresentation.body as Json).$diagnoses?.[0]?.$severity).toBe('error');

    const mismatch = await x3.call(x3Path('BPCUSTOMER', '$query', {}, 'SORDER'));
    expect(mismatch.status).toBe(400);

    const folder = await x3.call('/api1/x3/erp/OTHER/BPCUSTOMER?representation=BPCUSTOMER.$query');
    expect(folder.status).toBe(404);

    const missing = await x3.call(x3Path("BPCUSTOMER('NOPE')", '$details'));
    expect(missing.status).toBe(404);
  });

  it('reads one record with $details, including composite keys joined by ~', async () => {
    const x3 = await startX3({ seed: { BPCUSTOMER: customers } });
    const one = await x3.call(x3Path("BPCUSTOMER('C0002')", '$details'));
    expect(one.status).toBe(200);
    const body = one.body as Json;
    expect(body.BPCNUM).toBe('C0002');
    expect(body.BPCSTA).toBe(2);
    expect(typeof body.$uuid).toBe('string');
    expect(body.$etag).toBe('2026-02-15T10:00:00Z');
    expect(body.BPADDRESS).toEqual([]);

    const account = await x3.call(x3Path("GACCOUNT('UKGAAP~4000')", '$details'));
    expect(account.status).toBe(200);
    expect((account.body as Json).DES).toBe('Sales');

    const tax = await x3.call(x3Path('TABVAT', '$query'));
    expect(((tax.body as Json).$resources ?? []).map((record) => record.VAT)).toContain('NOR');
  });
});

describe('Sage X3 api1 paging options', () => {
  it('caps count, serves the last page with key=lt and optional $previous/$first links', async () => {
    const x3 = await startX3({
      seed: { BPCUSTOMER: customers },
      settings: { query: { maxPageSize: 10, previousLinks: true }, representations: { YBPC: 'BPCUSTOMER' } },
    });
    const capped = (await x3.call(x3Path('BPCUSTOMER', '$query', { count: '500' }))).body as Json;
    expect(capped.$itemsPerPage).toBe(10);
    expect(capped.$resources).toHaveLength(10);
    expect(capped.$links?.$previous).toBeUndefined();

    const last = (await x3.call(capped.$links?.$last?.$url ?? '')).body as Json;
    expect((last.$resources ?? []).map((row) => row.BPCNUM)).toEqual(customers.slice(35).map((c) => c.BPCNUM));
    expect(last.$startIndex).toBe(36);
    expect(last.$links?.$next).toBeUndefined();

    const previous = (await x3.call(last.$links?.$previous?.$url ?? '')).body as Json;
    expect((previous.$resources ?? []).map((row) => row.BPCNUM)).toEqual(customers.slice(25, 35).map((c) => c.BPCNUM));

    // Offset paging is off by default (ignored) and can be switched on.
    const ignored = (await x3.call(x3Path('BPCUSTOMER', '$query', { startIndex: '11' }))).body as Json;
    expect(ignored.$startIndex).toBe(1);
    x3.sandbox.configure({ query: { startIndexPaging: true } });
    const offset = (await x3.call(x3Path('BPCUSTOMER', '$query', { startIndex: '11' }))).body as Json;
    expect(offset.$startIndex).toBe(11);
    expect(offset.$resources?.[0]?.BPCNUM).toBe('C0011');

    // A custom representation of the class reads the same records.
    const custom = await x3.call(x3Path("BPCUSTOMER('C0003')", '$details', {}, 'YBPC'));
    expect(custom.status).toBe(200);
    expect((custom.body as Json).$url).toMatch(/representation=YBPC\.\$details/);
  });
});

describe('Sage X3 api1 writes', () => {
  it('creates with 201 and Location, updates with 200 and new stamps, deletes with 200', async () => {
    const x3 = await startX3();
    const created = await x3.call(x3Path('BPCUSTOMER', '$create'), {
      method: 'POST',
      body: {
        BPCNUM: 'NEW01',
        BPCNAM: 'Harbour Lights Ltd',
        BPADDRESS: [{ BPAADD: 'MAIN', BPAADDLIG: ['1 Quay Street'], CTY: 'Bristol', POSCOD: 'BS1 4DJ', CRY: 'GB' }],
      },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toMatch(/\/BPCUSTOMER\('NEW01'\)\?representation=BPCUSTOMER\.\$details$/);
    const record = created.body as Json;
    expect(record.UPDTICK).toBe(1);
    expect(record.CUR).toBe('GBP');
    expect((record.BPADDRESS as unknown[])[0]).toMatchObject({ BPAADD: 'MAIN', CTY: 'Bristol', BPAADDFLG: 1 });

    const duplicate = await x3.call(x3Path('BPCUSTOMER', '$create'), {
      method: 'POST',
      body: { BPCNUM: 'NEW01', BPCNAM: 'Again' },
    });
    expect(duplicate.status).toBe(400);

    const updated = await x3.call(x3Path("BPCUSTOMER('NEW01')", '$edit'), {
      method: 'PUT',
      body: { BPCNAM: 'Harbour Lights Limited' },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ BPCNUM: 'NEW01', BPCNAM: 'Harbour Lights Limited', UPDTICK: 2 });
    expect(((updated.body as Json).BPADDRESS as unknown[]).length).toBe(1);

    const changed = await x3.call(x3Path('BPCUSTOMER', '$query', { where: 'UPDTICK ge 2' }));
    expect(((changed.body as Json).$resources ?? []).map((row) => row.BPCNUM)).toEqual(['NEW01']);

    const deleted = await x3.call(x3Path("BPCUSTOMER('NEW01')", '$edit'), { method: 'DELETE' });
    expect(deleted.status).toBe(200);
    expect((await x3.call(x3Path("BPCUSTOMER('NEW01')", '$details'))).status).toBe(404);
  });

  it('rejects invalid writes with $diagnoses and leaves the record unchanged', async () => {
    const x3 = await startX3();
    const bad = await x3.call(x3Path('BPCUSTOMER', '$create'), {
      method: 'POST',
      body: { BPCNUM: 'X1', BPCSTA: 7, OSTAUZ: 'lots', NOTAFIELD: 1 },
    });
    expect(bad.status).toBe(400);
    const messages = ((bad.body as Json).$diagnoses ?? []).map((d) => d.$message).join(' | ');
    expect(messages).toMatch(/BPCSTA/);
    expect(messages).toMatch(/OSTAUZ/);
    expect(messages).toMatch(/NOTAFIELD/);

    const missing = await x3.call(x3Path('BPCUSTOMER', '$create'), { method: 'POST', body: { BPCNUM: 'X2' } });
    expect((missing.body as Json).$diagnoses?.[0]?.$message).toMatch(/BPCNAM: mandatory/);

    const notJson = await x3.call(x3Path('BPCUSTOMER', '$create'), {
      method: 'POST',
      body: undefined,
      headers: { 'content-type': 'application/json' },
    });
    expect(notJson.status).toBeGreaterThanOrEqual(400);
    expect(notJson.status).toBeLessThan(500);

    const wrongFacet = await x3.call(x3Path('BPCUSTOMER', '$query'), {
      method: 'POST',
      body: { BPCNUM: 'X3', BPCNAM: 'Y' },
    });
    expect(wrongFacet.status).toBe(400);
  });

  it('numbers new documents and serves $template and $prototypes', async () => {
    const x3 = await startX3();
    const template = await x3.call('/api1/x3/erp/SEED/BPCUSTOMER/$template?representation=BPCUSTOMER.$create');
    expect(template.status).toBe(200);
    expect(template.body).toMatchObject({ BPCSTA: 2, CUR: 'GBP' });

    const prototype = await x3.call("/api1/x3/erp/SEED/SORDER/$prototypes('SORDER.$create')");
    const properties = (prototype.body as { $properties: Record<string, { $type: string; $isMandatory?: boolean }> })
      .$properties;
    expect(properties.ORDDAT).toMatchObject({ $type: 'application/x-date', $isMandatory: true });
    expect(properties.SOHSOP?.$type).toBe('application/x-array');

    const created = await x3.call(x3Path('BPCUSTOMER', '$create'), {
      method: 'POST',
      body: { BPCNAM: 'Numbered Ltd' },
    });
    expect((created.body as Json).BPCNUM).toBe('C000001');
  });

  it('enforces If-Match when configured', async () => {
    const x3 = await startX3({ settings: { enforceIfMatch: true }, seed: { BPCUSTOMER: customers.slice(0, 1) } });
    const stale = await x3.call(x3Path("BPCUSTOMER('C0001')", '$edit'), {
      method: 'PUT',
      body: { BPCNAM: 'Changed' },
      headers: { 'if-match': '2000-01-01T00:00:00Z' },
    });
    expect(stale.status).toBe(412);
    const fresh = await x3.call(x3Path("BPCUSTOMER('C0001')", '$edit'), {
      method: 'PUT',
      body: { BPCNAM: 'Changed' },
      headers: { 'if-match': '2026-01-15T10:00:00Z' },
    });
    expect(fresh.status).toBe(200);
  });
});
