import { describe, expect, it } from 'vitest';
import { SageX3Auth } from '../../../src/connectors/sagex3/auth.js';
import { invoiceFromX3, invoiceToX3 } from '../../../src/connectors/sagex3/codecs/invoice.js';
import { partyFromX3, partyToX3 } from '../../../src/connectors/sagex3/codecs/party.js';
import { paymentFromX3, paymentToX3 } from '../../../src/connectors/sagex3/codecs/payment.js';
import { productFromX3, productToX3 } from '../../../src/connectors/sagex3/codecs/product.js';
import { salesOrderFromX3, salesOrderToX3 } from '../../../src/connectors/sagex3/codecs/salesOrder.js';
import { decimalTextOf } from '../../../src/connectors/sagex3/codecs/shared.js';
import { taxRateFromX3 } from '../../../src/connectors/sagex3/codecs/taxRate.js';
import { SageX3ConnectionSettings } from '../../../src/connectors/sagex3/settings.js';
import { ConnectorError } from '../../../src/connectors/shared/connectorError.js';
import { secretReference } from '../../../src/secrets/keychain.js';
import { ManualClock } from '../shared/manualClock.js';
import { MemoryVault } from '../shared/memoryVault.js';
import { order } from './records.js';

const settings = SageX3ConnectionSettings.parse({ baseUrl: 'https://x3.example.local:8124', user: 'ADMIN' });
const ctx = { settings };
const stamps = { UPDDATTIM: '2026-03-01T10:00:00Z', UPDTICK: 4 };

describe('Sage X3 codecs', () => {
  it('reads order, delivery and invoice statuses from their local-menu integers', () => {
    const wire = {
      SOHNUM: 'SON000009',
      BPCORD: 'C000001',
      ORDDAT: '2026-03-01',
      CUR: 'GBP',
      ORDINVNOT: 59.97,
      ORDINVATI: 71.96,
      ZEXTKEY: 'SF-9',
      ...stamps,
    };
    const statuses = (ORDSTA: number, DLVSTA: number, INVSTA: number) => {
      const read = salesOrderFromX3(ctx, { ...wire, ORDSTA, DLVSTA, INVSTA }, false);
      return [read.status, read.deliveryStatus, read.invoiceStatus];
    };
    expect(statuses(1, 1, 1)).toEqual(['open', 'none', 'none']);
    expect(statuses(1, 2, 1)).toEqual(['open', 'partly', 'none']);
    expect(statuses(2, 3, 3)).toEqual(['closed', 'fully', 'fully']);
    const custom = SageX3ConnectionSettings.parse({
      ...settings,
      menus: { orderStatus: { '1': 'open', '2': 'closed', '3': 'cancelled' } },
    });
    expect(salesOrderFromX3({ settings: custom }, { ...wire, ORDSTA: 3 }, false).status).toBe('cancelled');
  });

  it('round-trips an order with pennies exactly: 3 × 19.99 at 20 % is 59.97 + 11.99 = 71.96', () => {
    const canonical = order('SF-1', 'CUST-1');
    const body = salesOrderToX3(ctx, canonical, 'C000001');
    expect(body).toEqual({
      BPCORD: 'C000001',
      ORDDAT: '2026-03-02',
      CUSORDREF: 'PO-SF-1',
      CUR: 'GBP',
      ZEXTKEY: 'SF-1',
      SOHSOP: [{ ITMREF: 'BIND-01', ITMDES: 'Grey ring binder', QTY: 3, NETPRI: 19.99, VAT: 'NOR' }],
    });
    // What X3 answers after computing the amounts.
    const answer = {
      ...body,
      SOHNUM: 'SON000010',
      ORDINVNOT: 59.97,
      ORDINVATI: 71.96,
      ORDSTA: 1,
      DLVSTA: 1,
      INVSTA: 1,
      SOHSOP: [{ SOPLIN: 1000, ...(body.SOHSOP as object[])[0], LINAMT: 59.97, LINATIAMT: 71.96 }],
      ...stamps,
    };
    const read = salesOrderFromX3(ctx, answer, true);
    expect(read.totals).toEqual(canonical.totals);
    expect(read.lines[0]).toMatchObject({
      net: canonical.lines[0]?.net,
      tax: canonical.lines[0]?.tax,
      unitPrice: '19.99',
    });
    expect(read.number).toBe('SF-1');
    expect(read.source).toEqual({
      system: 'sagex3',
      id: 'SON000010',
      number: 'SON000010',
      updatedAt: '2026-03-01T10:00:00.000Z',
      version: '4',
    });
  });

  it('keeps amounts that floats would spoil: 0.1 + 0.2, and millions', () => {
    const invoice = invoiceFromX3(
      ctx,
      {
        NUM: 'SIH1',
        BPR: 'C1',
        INVDAT: '2026-03-01',
        DUDDAT: '1753-01-01',
        CUR: 'GBP',
        AMTNOT: 12_345_678.91,
        AMTATI: 14_814_814.69,
        STA: 3,
        ...stamps,
      },
      {
        item: { NUM: 'SIH1', PAYCUR: '0.3', AMTCUR: '14814814.69' },
        updatedAt: '2026-03-02T00:00:00.000Z',
        version: '2',
      },
      false,
    );
    expect(invoice.totals.gross.amountMinor).toBe(1_481_481_469);
    expect(invoice.totals.tax.amountMinor).toBe(246_913_578);
    expect(invoice.amountPaid.amountMinor).toBe(30);
    expect(invoice.dueDate).toBeUndefined();
    // A payment makes a new version of the invoice: the later stamp and both ticks.
    expect(invoice.source).toMatchObject({ updatedAt: '2026-03-02T00:00:00.000Z', version: '4.2' });
    expect(decimalTextOf(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(decimalTextOf(1e-7)).toBe('0.0000001');
  });

  it('reads an invoice as draft, authorised or paid from STA and its open item', () => {
    const wire = { NUM: 'SIH2', BPR: 'C1', INVDAT: '2026-03-01', CUR: 'GBP', AMTNOT: 10, AMTATI: 12, ...stamps };
    const item = (paid: string) => ({
      item: { NUM: 'SIH2', PAYCUR: paid },
      updatedAt: '2026-03-01T10:00:00.000Z',
      version: '1',
    });
    expect(invoiceFromX3(ctx, { ...wire, STA: 1 }, item('0'), false).status).toBe('draft');
    expect(invoiceFromX3(ctx, { ...wire, STA: 3 }, item('5'), false).status).toBe('authorised');
    expect(invoiceFromX3(ctx, { ...wire, STA: 3 }, item('12'), false).status).toBe('paid');
    const body = invoiceToX3(ctx, invoiceFromX3(ctx, { ...wire, STA: 3 }, item('12'), false), 'C1', undefined, false);
    expect(body).toMatchObject({ STA: 3, BPR: 'C1', INVDAT: '2026-03-01' });
    expect(body).not.toHaveProperty('SIHSID');
  });

  it('round-trips parties, products and payments', () => {
    const customer = partyFromX3(ctx, 'customer', {
      BPCNUM: 'C000007',
      BPCNAM: 'Acme Ltd',
      BPCSTA: 1,
      CUR: 'EUR',
      PTE: '60EOM',
      OSTAUZ: 0,
      ZEXTKEY: 'ACME',
      BPADDRESS: [
        { BPAADD: 'HQ', BPAADDLIG: ['1 Rue X', '', ''], CTY: 'Paris', CRY: 'FR', BPAADDFLG: 2, WEB: 'ap@acme.example' },
        { BPAADD: 'WH', BPAADDLIG: ['Zone 3'], CTY: 'Lyon', CRY: 'FR', BPAADDFLG: 1 },
      ],
      ...stamps,
    });
    expect(customer).toMatchObject({
      code: 'ACME',
      status: 'archived',
      defaultCurrency: 'EUR',
      paymentTermsDays: 60,
      email: 'ap@acme.example',
      addresses: [
        { kind: 'billing', label: 'HQ', lines: ['1 Rue X'], countryCode: 'FR' },
        { kind: 'other', label: 'WH' },
      ],
    });
    expect(customer.creditLimit).toBeUndefined();
    expect(partyToX3(ctx, 'customer', customer, true)).toMatchObject({
      BPCNAM: 'Acme Ltd',
      BPCSTA: 1,
      ZEXTKEY: 'ACME',
      BPADDRESS: [
        { BPAADD: 'HQ', BPAADDFLG: 2, WEB: 'ap@acme.example' },
        { BPAADD: 'WH', BPAADDFLG: 1 },
      ],
    });

    const product = productFromX3(ctx, { ITMREF: 'P1', ITMDES1: 'Widget', ITMSTA: 1, BASPRI: '0.0125', ...stamps });
    expect(product.sales).toEqual({ unitPrice: '0.0125', currency: 'GBP' });
    expect(productToX3(ctx, { ...product, status: 'archived' }, false)).toMatchObject({ ITMSTA: 6, BASPRI: 0.0125 });

    const payment = paymentFromX3(
      ctx,
      {
        NUM: 'PAY1',
        BPR: 'C1',
        ACCDAT: '2026-03-05',
        CUR: 'GBP',
        AMTCUR: 100.1,
        REF: 'R-1',
        BAN: 'BANK1',
        PYHPYD: [
          { VCRNUM: 'SIH1', AMTLIN: 60.05 },
          { VCRNUM: 'SIH2', AMTLIN: 40.05 },
        ],
        ...stamps,
      },
      true,
    );
    expect(payment.allocations.map((allocation) => allocation.amount.amountMinor)).toEqual([6_005, 4_005]);
    expect(paymentToX3(ctx, payment, 'C1', ['SIH1', 'SIH2'], true)).toMatchObject({
      AMTCUR: 100.1,
      REF: 'R-1',
      PYHPYD: [
        { VCRNUM: 'SIH1', AMTLIN: 60.05 },
        { VCRNUM: 'SIH2', AMTLIN: 40.05 },
      ],
    });
    expect(taxRateFromX3(ctx, { VAT: 'RED', DES: 'Reduced', VATRAT: 5, ENAFLG: 2, ...stamps }).ratePercent).toBe('5');
  });

  it('names Sage X3, the class and the field when a record does not fit', () => {
    const attempt = () => productFromX3(ctx, { ITMREF: 'P1', BASPRI: 'twelve', ...stamps });
    expect(attempt).toThrow(ConnectorError);
    expect(attempt).toThrow(/Sage X3 answered the record of ITMMASTER.*BASPRI/);
    expect(() => productFromX3(ctx, { ITMREF: 'P2' })).toThrow(/ITMMASTER.*UPDDATTIM/);
    expect(() =>
      salesOrderFromX3(
        ctx,
        {
          SOHNUM: 'S1',
          BPCORD: 'C1',
          ORDDAT: '2026-03-01',
          CUR: 'GBP',
          ORDINVNOT: 10,
          ORDINVATI: 12,
          SOHSOP: [{ QTY: 1, NETPRI: 9, LINAMT: 9, LINATIAMT: 10.8 }],
          ...stamps,
        },
        true,
      ),
    ).toThrow(/Sage X3 SORDER S1 is not valid: totals.net/);
  });
});

describe('Sage X3 connected-app tokens', () => {
  it('signs a token once and signs a new one shortly before it expires', async () => {
    const vault = new MemoryVault();
    await vault.store(secretReference('c', 'client_secret'), 'a-connected-app-secret-of-some-length');
    const clock = new ManualClock(Date.parse('2026-03-01T10:00:00Z'));
    const jwt = SageX3ConnectionSettings.parse({
      baseUrl: 'https://x3:8124',
      user: 'ADMIN',
      authMode: 'jwt',
      clientId: 'counterpart',
      jwtLifetimeSeconds: 60,
      jwtRenewBeforeSeconds: 10,
    });
    const auth = new SageX3Auth('c', jwt, vault, clock);
    const first = await auth.header();
    expect(first).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    const claims = JSON.parse(Buffer.from(first.split('.')[1] ?? '', 'base64url').toString('utf8'));
    expect(claims).toMatchObject({ iss: 'counterpart', sub: 'ADMIN', aud: '', exp: claims.iat + 60 });
    await clock.advance(49_000);
    expect(await auth.header()).toBe(first);
    await clock.advance(2_000);
    expect(await auth.header()).not.toBe(first);
  });
});
