import { describe, expect, it } from 'vitest';
import { decodeCreditNote } from '../../../src/connectors/xero/codecs/creditNote.js';
import { decodeInvoice, encodeInvoice } from '../../../src/connectors/xero/codecs/invoice.js';
import { decodeParty } from '../../../src/connectors/xero/codecs/party.js';
import {
  calendarDateOf,
  decimalOf,
  instantOf,
  moneyOf,
  numberOfMoney,
} from '../../../src/connectors/xero/codecs/shared.js';
import { XContact, XCreditNote, XInvoice } from '../../../src/connectors/xero/codecs/wire.js';
import { quotaFrom, xeroFailureOf } from '../../../src/connectors/xero/errors.js';
import { batchIdempotencyKey } from '../../../src/connectors/xero/index.js';

const where = { operation: 'write invoices', url: 'https://api.xero.com/api.xro/2.0', tenantId: 'tenant-1' };

/** What xero-node rejects with: a JSON string of ApiError.generateError(). */
function rejection(statusCode: number, body: unknown, headers: Record<string, string> = {}): string {
  return JSON.stringify({ response: { statusCode, body, headers, request: {} }, body });
}

describe('Xero dates', () => {
  it('reads /Date()/ text, the JS Dates xero-node makes of it, and ISO text', () => {
    expect(calendarDateOf('/Date(1539993600000+0000)/')).toBe('2018-10-20');
    expect(calendarDateOf(new Date(1539993600000))).toBe('2018-10-20');
    expect(calendarDateOf('2018-10-20T00:00:00')).toBe('2018-10-20');
    expect(calendarDateOf('')).toBeUndefined();
    expect(instantOf('/Date(1552326816230)/')).toBe('2019-03-11T17:53:36.230Z');
    expect(instantOf(new Date('2019-03-11T17:53:36Z'))).toBe('2019-03-11T17:53:36.000Z');
  });
});

describe('Xero money', () => {
  it('turns JSON numbers into minor units without float noise, and back', () => {
    expect(moneyOf(0.1 + 0.2, 'GBP')).toEqual({ amountMinor: 30, currency: 'GBP' });
    expect(moneyOf(1234567.89, 'GBP').amountMinor).toBe(123456789);
    expect(moneyOf(-0.01, 'GBP').amountMinor).toBe(-1);
    expect(moneyOf(1500, 'JPY').amountMinor).toBe(1500);
    expect(numberOfMoney({ amountMinor: 30, currency: 'GBP' })).toBe(0.3);
    expect(decimalOf(19.9949)).toBe('19.9949');
    expect(decimalOf(3)).toBe('3');
    expect(decimalOf(0.1 * 3)).toBe('0.3');
  });

  it('splits tax-inclusive line amounts into net and tax', () => {
    const invoice = decodeInvoice(
      XInvoice.parse({
        type: 'ACCREC',
        invoiceID: 'b0000000-0000-4000-8000-000000000001',
        invoiceNumber: 'INV-0001',
        contact: { contactID: 'c0000000-0000-4000-8000-000000000001', name: 'Bramble & Co' },
        date: new Date('2024-05-31T00:00:00Z'),
        lineAmountTypes: 'Inclusive',
        status: 'AUTHORISED',
        lineItems: [
          { description: 'Gift box', quantity: 1, unitAmount: 12, lineAmount: 12, taxAmount: 2, taxType: 'OUTPUT2' },
        ],
        subTotal: 10,
        totalTax: 2,
        total: 12,
        amountDue: 12,
        amountPaid: 0,
        updatedDateUTC: new Date('2024-05-31T10:00:00Z'),
      }),
      { baseCurrency: 'GBP' },
    );
    expect(invoice.lines[0]).toMatchObject({ net: { amountMinor: 1000 }, tax: { amountMinor: 200 } });
    expect(invoice.totals.gross.amountMinor).toBe(1200);
    expect(invoice.party).toEqual({
      ref: { system: 'xero', id: 'c0000000-0000-4000-8000-000000000001' },
      name: 'Bramble & Co',
    });
    // Written back tax-exclusive, PAID never sent (Xero sets it), the contact named by its Xero id.
    const wire = encodeInvoice({ ...invoice, status: 'paid' }, undefined);
    expect(wire).toMatchObject({
      type: 'ACCREC',
      status: 'AUTHORISED',
      date: '2024-05-31',
      lineAmountTypes: 'Exclusive',
      contact: { contactID: 'c0000000-0000-4000-8000-000000000001' },
      lineItems: [{ description: 'Gift box', quantity: 1, unitAmount: 12, taxType: 'OUTPUT2' }],
    });
  });
});

describe('records people typed loosely', () => {
  it('keeps a contact whose e-mail is not an address, with the text aside', () => {
    const party = decodeParty(
      XContact.parse({
        contactID: 'c0000000-0000-4000-8000-000000000009',
        name: 'Loose Typing Ltd',
        emailAddress: 'n/a',
        contactStatus: 'ACTIVE',
        updatedDateUTC: new Date('2024-05-31T10:00:00Z'),
      }),
    );
    expect(party).toMatchObject({
      name: 'Loose Typing Ltd',
      roles: ['customer', 'supplier'],
      customFields: { EmailAddress: 'n/a' },
    });
    expect(party.email).toBeUndefined();
  });

  it('keeps a refunded credit note, with Xero’s remaining credit beside the model’s', () => {
    const credit = decodeCreditNote(
      XCreditNote.parse({
        type: 'ACCRECCREDIT',
        creditNoteID: 'd0000000-0000-4000-8000-000000000001',
        contact: { contactID: 'c0000000-0000-4000-8000-000000000001' },
        date: new Date('2024-05-01T00:00:00Z'),
        status: 'PAID',
        lineItems: [{ description: 'Refund', quantity: 1, unitAmount: 50, lineAmount: 50, taxAmount: 10 }],
        subTotal: 50,
        totalTax: 10,
        total: 60,
        remainingCredit: 0,
        allocations: [
          {
            amount: 20,
            date: new Date('2024-05-02T00:00:00Z'),
            invoice: { invoiceID: 'b0000000-0000-4000-8000-000000000001' },
          },
        ],
        updatedDateUTC: new Date('2024-05-03T10:00:00Z'),
      }),
      { baseCurrency: 'GBP' },
    );
    expect(credit.remainingCredit.amountMinor).toBe(4000);
    expect(credit.customFields).toEqual({ RemainingCredit: '0' });
  });
});

describe('xero-node failures', () => {
  it('keeps Xero’s ValidationErrors from a 400 ValidationException', () => {
    const failure = xeroFailureOf(
      rejection(400, {
        ErrorNumber: 10,
        Type: 'ValidationException',
        Message: 'A validation exception occurred',
        Elements: [{ ValidationErrors: [{ Message: 'Invoice # must be unique.' }] }],
      }),
      where,
    );
    expect(failure.error.kind).toBe('validation');
    expect(failure.error.systemMessage).toBe('A validation exception occurred: Invoice # must be unique.');
    expect(failure.error.message).toContain('Invoice # must be unique.');
  });

  it('reads the plain-text 404, the problem+json 401 and 403, and the 429 headers', () => {
    expect(xeroFailureOf(rejection(404, "The resource you're looking for cannot be found"), where).error).toMatchObject(
      {
        kind: 'not_found',
        systemMessage: "The resource you're looking for cannot be found",
      },
    );
    const expired = xeroFailureOf(
      rejection(401, {
        Title: 'Unauthorized',
        Status: 401,
        Detail: 'TokenExpired: token expired at 04/09/2023 05:16:59',
      }),
      where,
    );
    expect(expired.tokenRefused).toBe(true);
    const forbidden = xeroFailureOf(
      rejection(403, { Title: 'Forbidden', Detail: 'AuthenticationUnsuccessful' }),
      where,
    );
    expect(forbidden.error.message).toMatch(
      /refused organisation tenant-1.*reconnect and choose the organisation again/,
    );
    const limited = xeroFailureOf(
      rejection(429, '', { 'retry-after': '7', 'x-rate-limit-problem': 'minute', 'x-minlimit-remaining': '0' }),
      where,
    );
    expect(limited.error).toMatchObject({ kind: 'rate_limit', retryAfterMs: 7000 });
    expect(quotaFrom(limited.headers, 429)).toMatchObject({
      retryAfterMs: 7000,
      limit: 'minute',
      remainingThisMinute: 0,
      rateLimited: true,
    });
  });

  it('classifies failures below HTTP from the message xero-node kept', () => {
    expect(xeroFailureOf(rejection(0, 'connect ECONNREFUSED 127.0.0.1:1'), where).error.message).toMatch(
      /Could not reach Xero .*ECONNREFUSED/,
    );
    expect(xeroFailureOf(rejection(0, 'timeout of 300ms exceeded'), where).error).toMatchObject({ kind: 'transient' });
    expect(xeroFailureOf(rejection(0, 'socket hang up'), where).error.message).toMatch(/interrupted \(ECONNRESET\)/);
  });
});

describe('batch idempotency keys', () => {
  it('are derived from the requests’ keys: the same batch gets the same key, another batch another', () => {
    const key = batchIdempotencyKey('invoice', 'PUT', ['a', 'b']);
    expect(key).toBe(batchIdempotencyKey('invoice', 'PUT', ['a', 'b']));
    expect(key).not.toBe(batchIdempotencyKey('invoice', 'PUT', ['a']));
    expect(key).not.toBe(batchIdempotencyKey('invoice', 'POST', ['a', 'b']));
    expect(key.length).toBeLessThanOrEqual(128);
  });
});
