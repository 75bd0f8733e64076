import { describe, expect, it } from 'vitest';
import { type Json, startX3, type X3Client, x3Path } from './harness.js';

const seed = {
  BPCUSTOMER: [{ BPCNUM: 'C100', BPCNAM: 'Quayside Traders Ltd', PTE: '30NET' }],
  ITMMASTER: [
    { ITMREF: 'WIDGET', ITMDES1: 'Blue widget', BASPRI: 12.5, VACITM: 'NOR' },
    { ITMREF: 'BOOK', ITMDES1: 'Field guide', BASPRI: 9.99, VACITM: 'ZER' },
  ],
};

async function post(x3: X3Client, className: string, body: unknown): Promise<{ status: number; body: Json }> {
  const response = await x3.call(x3Path(className, '$create'), { method: 'POST', body });
  return { status: response.status, body: response.body as Json };
}

async function read(x3: X3Client, className: string, key: string): Promise<Json> {
  return (await x3.call(x3Path(`${className}('${key}')`, '$details'))).body as Json;
}

describe('Sage X3 sales flow', () => {
  it('moves order statuses through delivery, invoice and payment', async () => {
    const x3 = await startX3({ seed });
    const order = await post(x3, 'SORDER', {
      BPCORD: 'C100',
      ORDDAT: '2026-03-02',
      CUSORDREF: 'PO-778',
      SOHSOP: [
        { ITMREF: 'WIDGET', QTY: 10 },
        { ITMREF: 'BOOK', QTY: 3 },
      ],
    });
    expect(order.status).toBe(201);
    const number = String(order.body.SOHNUM);
    expect(number).toMatch(/^SON\d{6}$/);
    expect(order.body).toMatchObject({
      BPCNAM: 'Quayside Traders Ltd',
      ORDINVNOT: 154.97,
      ORDINVATI: 179.97,
      ORDSTA: 1,
      DLVSTA: 1,
      INVSTA: 1,
    });
    expect((order.body.SOHSOP as Json[]).map((line) => line.SOPLIN)).toEqual([1000, 2000]);

    const partial = await post(x3, 'SDELIVERY', {
      SHIDAT: '2026-03-04',
      SDHSDD: [{ SOHNUM: number, SOPLIN: 1000, QTY: 4 }],
    });
    expect(partial.status).toBe(201);
    expect(await read(x3, 'SORDER', number)).toMatchObject({ DLVSTA: 2, INVSTA: 1, ORDSTA: 1, UPDTICK: 2 });

    const tooMany = await post(x3, 'SDELIVERY', {
      SHIDAT: '2026-03-05',
      SDHSDD: [{ SOHNUM: number, SOPLIN: 1000, QTY: 7 }],
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.$diagnoses?.[0]?.$message).toMatch(/exceeds the quantity left to deliver/);

    const rest = await post(x3, 'SDELIVERY', { SHIDAT: '2026-03-05', SOHNUM: number });
    expect(rest.status).toBe(201);
    expect((rest.body.SDHSDD as Json[]).map((line) => line.QTY)).toEqual([6, 3]);
    expect(await read(x3, 'SORDER', number)).toMatchObject({ DLVSTA: 3, INVSTA: 1, ORDSTA: 1 });

    const invoice = await post(x3, 'SINVOICE', { BPR: 'C100', INVDAT: '2026-03-06', SOHNUM: number });
    expect(invoice.status).toBe(201);
    expect(invoice.body).toMatchObject({ AMTNOT: 154.97, AMTATI: 179.97, DUDDAT: '2026-04-05', STA: 1, CUR: 'GBP' });
    const invoiceNumber = String(invoice.body.NUM);
    expect(await read(x3, 'SORDER', number)).toMatchObject({ DLVSTA: 3, INVSTA: 3, ORDSTA: 2 });

    const openItem = await read(x3, 'GACCDUDATE', `${invoiceNumber}~1`);
    expect(openItem).toMatchObject({ AMTCUR: 179.97, PAYCUR: 0, FLGCLE: 1, BPR: 'C100' });

    const overpay = await post(x3, 'PAYMENTH', {
      BPR: 'C100',
      ACCDAT: '2026-03-20',
      AMTCUR: 200,
      PYHPYD: [{ VCRNUM: invoiceNumber, AMTLIN: 200 }],
    });
    expect(overpay.status).toBe(400);

    const part = await post(x3, 'PAYMENTH', {
      BPR: 'C100',
      ACCDAT: '2026-03-20',
      AMTCUR: 100,
      PYHPYD: [{ VCRNUM: invoiceNumber, AMTLIN: 100 }],
    });
    expect(part.status).toBe(201);
    expect(await read(x3, 'GACCDUDATE', `${invoiceNumber}~1`)).toMatchObject({ PAYCUR: 100, FLGCLE: 1 });

    const last = await post(x3, 'PAYMENTH', {
      BPR: 'C100',
      ACCDAT: '2026-04-09',
      AMTCUR: 79.97,
      PYHPYD: [{ VCRNUM: invoiceNumber, AMTLIN: 79.97 }],
    });
    expect(last.status).toBe(201);
    expect(await read(x3, 'GACCDUDATE', `${invoiceNumber}~1`)).toMatchObject({ PAYCUR: 179.97, FLGCLE: 2 });

    // Paid invoices and delivered orders cannot be deleted; a payment can, and reopens the item.
    const deleteInvoice = await x3.call(x3Path(`SINVOICE('${invoiceNumber}')`, '$edit'), { method: 'DELETE' });
    expect(deleteInvoice.status).toBe(400);
    const deleteOrder = await x3.call(x3Path(`SORDER('${number}')`, '$edit'), { method: 'DELETE' });
    expect(deleteOrder.status).toBe(400);
    const deletePayment = await x3.call(x3Path(`PAYMENTH('${last.body.NUM}')`, '$edit'), { method: 'DELETE' });
    expect(deletePayment.status).toBe(200);
    expect(await read(x3, 'GACCDUDATE', `${invoiceNumber}~1`)).toMatchObject({ PAYCUR: 100, FLGCLE: 1 });

    // Open items are read with where like any class (outstanding balances).
    const open = await x3.call(x3Path('GACCDUDATE', '$query', { where: 'FLGCLE eq 1 and AMTCUR - PAYCUR gt 0' }));
    expect(((open.body as Json).$resources ?? []).map((row) => row.NUM)).toEqual([invoiceNumber]);
  });

  it('invoices a delivery (SDHNUM) and marks it invoiced; a credit note leaves the order alone', async () => {
    const x3 = await startX3({ seed });
    const order = await post(x3, 'SORDER', {
      BPCORD: 'C100',
      ORDDAT: '2026-03-02',
      SOHSOP: [{ ITMREF: 'WIDGET', QTY: 5 }],
    });
    const number = String(order.body.SOHNUM);
    const delivery = await post(x3, 'SDELIVERY', { SHIDAT: '2026-03-03', SOHNUM: number });
    const invoice = await post(x3, 'SINVOICE', { BPR: 'C100', INVDAT: '2026-03-04', SDHNUM: delivery.body.SDHNUM });
    expect(invoice.status).toBe(201);
    expect(invoice.body).toMatchObject({ AMTNOT: 62.5, AMTATI: 75, AMTTAX: [12.5] });
    expect(await read(x3, 'SDELIVERY', String(delivery.body.SDHNUM))).toMatchObject({ INVFLG: 2, UPDTICK: 2 });
    const again = await post(x3, 'SINVOICE', { BPR: 'C100', INVDAT: '2026-03-04', SDHNUM: delivery.body.SDHNUM });
    expect(again.status).toBe(400);

    // Reading $edit and writing the whole body back changes the header only; changing posted lines is refused.
    const path = x3Path(`SINVOICE('${invoice.body.NUM}')`, '$edit');
    const edit = (await x3.call(path)).body as Json;
    const echoed = await x3.call(path, { method: 'PUT', body: { ...edit, BPCINVREF: 'PO-1' } });
    expect(echoed.status).toBe(200);
    expect(echoed.body).toMatchObject({ BPCINVREF: 'PO-1', AMTATI: 75, UPDTICK: 2 });
    const lines = (edit.SIHSID as Json[]).map((line) => ({ ...line, QTY: 1 }));
    const changed = await x3.call(path, { method: 'PUT', body: { SIHSID: lines } });
    expect(changed.status).toBe(400);

    const credit = await post(x3, 'SINVOICE', {
      BPR: 'C100',
      INVDAT: '2026-03-09',
      INVTYP: 2,
      SIHSID: [{ ITMREF: 'WIDGET', QTY: 1 }],
    });
    expect(credit.status).toBe(201);
    expect(await read(x3, 'SORDER', number)).toMatchObject({ INVSTA: 3, ORDSTA: 2 });
  });

  it('rejects orders for unknown customers, products and tax codes', async () => {
    const x3 = await startX3({ seed });
    const customer = await post(x3, 'SORDER', {
      BPCORD: 'NOPE',
      ORDDAT: '2026-03-02',
      SOHSOP: [{ ITMREF: 'WIDGET', QTY: 1 }],
    });
    expect(customer.status).toBe(400);
    expect(customer.body.$diagnoses?.[0]?.$message).toMatch(/customer NOPE/);
    const product = await post(x3, 'SORDER', {
      BPCORD: 'C100',
      ORDDAT: '2026-03-02',
      SOHSOP: [{ ITMREF: 'NOPE', QTY: 1 }],
    });
    expect(product.status).toBe(400);
    const tax = await post(x3, 'SORDER', {
      BPCORD: 'C100',
      ORDDAT: '2026-03-02',
      SOHSOP: [{ ITMREF: 'WIDGET', QTY: 1, VAT: 'ZZZ' }],
    });
    expect(tax.body.$diagnoses?.[0]?.$message).toMatch(/Tax code ZZZ/);
    const noLines = await post(x3, 'SORDER', { BPCORD: 'C100', ORDDAT: '2026-03-02' });
    expect(noLines.status).toBe(400);
  });

  it('updates an order: new quantities recompute totals, delivered quantities are protected', async () => {
    const x3 = await startX3({ seed });
    const order = await post(x3, 'SORDER', {
      BPCORD: 'C100',
      ORDDAT: '2026-03-02',
      SOHSOP: [{ ITMREF: 'WIDGET', QTY: 10 }],
    });
    const number = String(order.body.SOHNUM);
    await post(x3, 'SDELIVERY', { SHIDAT: '2026-03-04', SDHSDD: [{ SOHNUM: number, SOPLIN: 1000, QTY: 4 }] });
    const shrink = await x3.call(x3Path(`SORDER('${number}')`, '$edit'), {
      method: 'PUT',
      body: { SOHSOP: [{ SOPLIN: 1000, ITMREF: 'WIDGET', QTY: 2 }] },
    });
    expect(shrink.status).toBe(400);
    const grow = await x3.call(x3Path(`SORDER('${number}')`, '$edit'), {
      method: 'PUT',
      body: { SOHSOP: [{ SOPLIN: 1000, ITMREF: 'WIDGET', QTY: 20 }] },
    });
    expect(grow.status).toBe(200);
    expect(grow.body).toMatchObject({ ORDINVNOT: 250, ORDINVATI: 300, DLVSTA: 2 });
    expect((grow.body as Json).SOHSOP).toMatchObject([{ QTY: 20, DLVQTY: 4 }]);
  });
});
