import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Account, AccountType, CreditNote, Invoice, type XeroClient } from 'xero-node';
import { rawCall, type Started, startSandbox, xeroClientFor, xeroFailure } from './helpers.js';
import { recordedResponses, specFailures, validateEveryXeroNodeResponse } from './specValidator.js';

validateEveryXeroNodeResponse();

let started: Started;
let xero: XeroClient;
let tenant: string;

beforeAll(async () => {
  started = await startSandbox({ extras: { settings: { rateLimits: { perMinute: 100_000, perDay: 100_000 } } } });
  xero = await xeroClientFor(started.credentials);
  tenant = started.credentials.tenantId;
});

afterAll(async () => {
  await started.sandbox.close();
  expect(recordedResponses().length).toBeGreaterThan(20);
  expect(specFailures()).toEqual([]);
});

async function newContact(name: string): Promise<string> {
  const { body } = await xero.accountingApi.createContacts(tenant, { contacts: [{ name }] });
  const id = body.contacts?.[0]?.contactID;
  if (!id) throw new Error('no contact id');
  return id;
}

function salesInvoice(contactID: string, overrides: Partial<Invoice> = {}): Invoice {
  return {
    type: Invoice.TypeEnum.ACCREC,
    contact: { contactID },
    date: '2024-03-01',
    dueDate: '2024-03-31',
    status: Invoice.StatusEnum.AUTHORISED,
    lineItems: [{ description: 'Consulting', quantity: 2, unitAmount: 150, accountCode: '200' }],
    ...overrides,
  };
}

describe('contacts through xero-node', () => {
  it('creates a contact, reads it back with Xero ids and /Date() timestamps', async () => {
    const id = await newContact('Bramble & Co');
    const { body, response } = await xero.accountingApi.getContact(tenant, id);
    expect(body.contacts?.[0]?.name).toBe('Bramble & Co');
    expect(body.contacts?.[0]?.updatedDateUTC).toBeInstanceOf(Date);
    expect(JSON.stringify(response.data)).toMatch(/"UpdatedDateUTC":"\/Date\(\d+\+0000\)\/"/);
    expect(response.headers['x-minlimit-remaining']).toBeDefined();
  });

  it('keeps contact persons, addresses and phones a client sends', async () => {
    const { body } = await xero.accountingApi.createContacts(tenant, {
      contacts: [
        {
          name: 'Persons Ltd',
          contactPersons: [
            { firstName: 'Ann', lastName: 'Lee', emailAddress: 'ann@persons.example', includeInEmails: true },
          ],
          addresses: [
            { addressType: 'POBOX' as never, addressLine1: '1 High St', city: 'Leeds', postalCode: 'LS1 1AA' },
          ],
          phones: [{ phoneType: 'MOBILE' as never, phoneNumber: '07700 900123' }],
        },
      ],
    });
    const contact = body.contacts?.[0];
    expect(contact?.contactPersons?.[0]).toMatchObject({ firstName: 'Ann', includeInEmails: true });
    expect(contact?.addresses?.find((a) => String(a.addressType) === 'POBOX')?.city).toBe('Leeds');
    expect(contact?.addresses).toHaveLength(2);
    expect(contact?.phones?.find((p) => String(p.phoneType) === 'MOBILE')?.phoneNumber).toBe('07700 900123');
  });

  it('refuses a second active contact with the same name', async () => {
    await newContact('Unique Name Ltd');
    const failure = await xeroFailure(() =>
      xero.accountingApi.createContacts(tenant, { contacts: [{ name: 'unique name ltd' }] }),
    );
    expect(failure.statusCode).toBe(400);
    expect(JSON.stringify(failure.body)).toContain('is already assigned to another contact');
  });

  it('pages contacts with the pagination object and finds them by searchTerm', async () => {
    const { body } = await xero.accountingApi.createContacts(tenant, {
      contacts: Array.from({ length: 7 }, (_, i) => ({ name: `Pager ${i}`, emailAddress: `pager${i}@example.test` })),
    });
    expect(body.contacts).toHaveLength(7);
    const page2 = await xero.accountingApi.getContacts(
      tenant,
      undefined,
      'Name.StartsWith("Pager")',
      'Name ASC',
      undefined,
      2,
      undefined,
      undefined,
      undefined,
      3,
    );
    expect(page2.body.pagination).toMatchObject({ page: 2, pageSize: 3, pageCount: 3, itemCount: 7 });
    expect(page2.body.contacts?.map((c) => c.name)).toEqual(['Pager 3', 'Pager 4', 'Pager 5']);
    const search = await xero.accountingApi.getContacts(
      tenant,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      'PAGER6@',
    );
    expect(search.body.contacts?.map((c) => c.name)).toEqual(['Pager 6']);
  });

  it('returns only records changed since If-Modified-Since', async () => {
    const before = new Date(Date.now() - 1000);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const cutoff = new Date();
    const id = await newContact('Fresh Contact');
    const all = await xero.accountingApi.getContacts(tenant, before);
    const recent = await xero.accountingApi.getContacts(tenant, cutoff);
    expect(recent.body.contacts?.map((c) => c.contactID)).toEqual([id]);
    expect(all.body.contacts?.length).toBeGreaterThan(1);
  });

  it('updates with POST by ContactID and archives; archived contacts hide unless includeArchived', async () => {
    const id = await newContact('Soon Archived');
    await xero.accountingApi.updateContact(tenant, id, {
      contacts: [{ contactID: id, contactStatus: 'ARCHIVED' as never }],
    });
    const active = await xero.accountingApi.getContacts(tenant, undefined, `ContactID==Guid("${id}")`);
    expect(active.body.contacts).toHaveLength(0);
    const archived = await xero.accountingApi.getContacts(
      tenant,
      undefined,
      `ContactID==Guid("${id}")`,
      undefined,
      undefined,
      undefined,
      true,
    );
    expect(archived.body.contacts?.[0]?.contactStatus).toBe('ARCHIVED');
  });
});

describe('invoices through xero-node', () => {
  it('computes totals, numbers ACCREC invoices and filters with where and Statuses', async () => {
    const contactID = await newContact('Totals Ltd');
    const { body } = await xero.accountingApi.createInvoices(tenant, {
      invoices: [
        salesInvoice(contactID, {
          lineItems: [
            { description: 'Widget', quantity: 3, unitAmount: 19.99, accountCode: '200' },
            {
              description: 'Discounted',
              quantity: 1,
              unitAmount: 100,
              discountRate: 10,
              accountCode: '200',
              taxType: 'RROUTPUT',
            },
          ],
        }),
        salesInvoice(contactID, { status: Invoice.StatusEnum.DRAFT, date: '2023-12-01' }),
      ],
    });
    const [first, second] = body.invoices ?? [];
    expect(first?.invoiceNumber).toMatch(/^INV-\d{4}$/);
    expect(first?.subTotal).toBe(149.97);
    expect(first?.totalTax).toBe(16.49);
    expect(first?.total).toBe(166.46);
    expect(first?.amountDue).toBe(166.46);
    expect(second?.status).toBe('DRAFT');
    const where = `Status=="AUTHORISED" && Contact.ContactID==guid("${contactID}") && Date>=DateTime(2024,01,01)`;
    const found = await xero.accountingApi.getInvoices(tenant, undefined, where);
    expect(found.body.invoices?.map((i) => i.invoiceID)).toEqual([first?.invoiceID]);
    const byStatus = await xero.accountingApi.getInvoices(
      tenant,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      [contactID],
      ['DRAFT'],
    );
    expect(byStatus.body.invoices?.map((i) => i.invoiceID)).toEqual([second?.invoiceID]);
  });

  it('leaves line items out of unpaged lists and includes them when paged', async () => {
    const contactID = await newContact('Lines Ltd');
    await xero.accountingApi.createInvoices(tenant, { invoices: [salesInvoice(contactID)] });
    const where = `Contact.ContactID==guid("${contactID}")`;
    const unpaged = await xero.accountingApi.getInvoices(tenant, undefined, where);
    expect(unpaged.body.invoices?.[0]?.lineItems).toBeUndefined();
    expect(unpaged.body.pagination).toBeUndefined();
    const paged = await xero.accountingApi.getInvoices(
      tenant,
      undefined,
      where,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      1,
    );
    expect(paged.body.invoices?.[0]?.lineItems).toHaveLength(1);
  });

  it('answers a bad where clause with a QueryParseException', async () => {
    const failure = await xeroFailure(() => xero.accountingApi.getInvoices(tenant, undefined, 'Colour=="red"'));
    expect(failure.statusCode).toBe(400);
    expect(failure.body).toMatchObject({ Type: 'QueryParseException' });
  });

  it('fails the whole batch with summarised errors but reports each element with summarizeErrors=false', async () => {
    const contactID = await newContact('Batch Ltd');
    const bad = salesInvoice(contactID, {
      lineItems: [{ description: 'x', quantity: 1, unitAmount: 5, accountCode: '999' }],
    });
    const summarised = await xeroFailure(() =>
      xero.accountingApi.createInvoices(tenant, { invoices: [salesInvoice(contactID), bad] }),
    );
    expect(summarised.statusCode).toBe(400);
    expect(summarised.body).toMatchObject({ Type: 'ValidationException', ErrorNumber: 10 });
    expect(JSON.stringify(summarised.body)).toContain("Account code '999' is not a valid code for this document.");

    const { body } = await xero.accountingApi.createInvoices(
      tenant,
      { invoices: [salesInvoice(contactID), bad] },
      false,
    );
    expect(body.invoices?.map((i) => i.statusAttributeString)).toEqual(['OK', 'ERROR']);
    expect(body.invoices?.[1]?.hasErrors).toBe(true);
    expect(body.invoices?.[1]?.validationErrors?.[0]?.message).toContain('999');
  });

  it('replays an Idempotency-Key and refuses it for a different request', async () => {
    const contactID = await newContact('Idem Ltd');
    const first = await xero.accountingApi.createInvoices(
      tenant,
      { invoices: [salesInvoice(contactID)] },
      true,
      undefined,
      'key-1',
    );
    const again = await xero.accountingApi.createInvoices(
      tenant,
      { invoices: [salesInvoice(contactID)] },
      true,
      undefined,
      'key-1',
    );
    expect(again.body.invoices?.[0]?.invoiceID).toBe(first.body.invoices?.[0]?.invoiceID);
    const list = await xero.accountingApi.getInvoices(tenant, undefined, `Contact.ContactID==guid("${contactID}")`);
    expect(list.body.invoices).toHaveLength(1);
    const conflict = await xeroFailure(() =>
      xero.accountingApi.createInvoices(
        tenant,
        { invoices: [salesInvoice(contactID, { reference: 'other' })] },
        true,
        undefined,
        'key-1',
      ),
    );
    expect(conflict.statusCode).toBe(400);
    expect(JSON.stringify(conflict.body)).toContain('is used with a different request');
  });

  it('upserts by InvoiceNumber with POST and enforces status transitions', async () => {
    const contactID = await newContact('Upsert Ltd');
    const draft = await xero.accountingApi.updateOrCreateInvoices(tenant, {
      invoices: [salesInvoice(contactID, { invoiceNumber: 'EXT-42', status: Invoice.StatusEnum.DRAFT })],
    });
    const id = draft.body.invoices?.[0]?.invoiceID;
    const updated = await xero.accountingApi.updateOrCreateInvoices(tenant, {
      invoices: [{ invoiceNumber: 'EXT-42', reference: 'PO-9', status: Invoice.StatusEnum.AUTHORISED }],
    });
    expect(updated.body.invoices?.[0]).toMatchObject({ invoiceID: id, reference: 'PO-9', status: 'AUTHORISED' });
    const back = await xeroFailure(() =>
      xero.accountingApi.updateInvoice(tenant, id ?? '', { invoices: [{ status: Invoice.StatusEnum.DRAFT }] }),
    );
    expect(JSON.stringify(back.body)).toContain('Invoice not of valid status for modification');
    const voided = await xero.accountingApi.updateInvoice(tenant, id ?? '', {
      invoices: [{ status: Invoice.StatusEnum.VOIDED }],
    });
    expect(voided.body.invoices?.[0]?.status).toBe('VOIDED');
  });

  it('refuses a repeated ACCREC number on PUT but lets bills (ACCPAY) share a number', async () => {
    const contactID = await newContact('Numbers Ltd');
    await xero.accountingApi.createInvoices(tenant, {
      invoices: [salesInvoice(contactID, { invoiceNumber: 'DUP-1' })],
    });
    const again = await xeroFailure(() =>
      xero.accountingApi.createInvoices(tenant, { invoices: [salesInvoice(contactID, { invoiceNumber: 'DUP-1' })] }),
    );
    expect(JSON.stringify(again.body)).toContain('Invoice # must be unique.');
    const bill = salesInvoice(contactID, { type: Invoice.TypeEnum.ACCPAY, invoiceNumber: 'SUP-7' });
    await xero.accountingApi.createInvoices(tenant, { invoices: [bill] });
    await xero.accountingApi.createInvoices(tenant, { invoices: [bill] });
    const bills = await xero.accountingApi.getInvoices(tenant, undefined, 'Type=="ACCPAY"', undefined, undefined, [
      'SUP-7',
    ]);
    expect(bills.body.invoices).toHaveLength(2);
  });

  it('creates a contact from an unknown Name on an invoice, and IsCustomer follows', async () => {
    const { body } = await xero.accountingApi.createInvoices(tenant, {
      invoices: [{ ...salesInvoice(''), contact: { name: 'Walk-in Customer' } }],
    });
    const contactID = body.invoices?.[0]?.contact?.contactID ?? '';
    const contact = await xero.accountingApi.getContact(tenant, contactID);
    expect(contact.body.contacts?.[0]).toMatchObject({ name: 'Walk-in Customer', isCustomer: true, isSupplier: false });
  });

  it('keeps unit prices to four places with unitdp=4', async () => {
    const contactID = await newContact('Precise Ltd');
    const { body } = await xero.accountingApi.createInvoices(
      tenant,
      {
        invoices: [
          salesInvoice(contactID, {
            lineItems: [{ description: 'Bolt', quantity: 1000, unitAmount: 0.1234, accountCode: '200' }],
          }),
        ],
      },
      true,
      4,
    );
    expect(body.invoices?.[0]?.lineItems?.[0]?.unitAmount).toBe(0.1234);
    expect(body.invoices?.[0]?.subTotal).toBe(123.4);
    const plain = await xero.accountingApi.getInvoice(tenant, body.invoices?.[0]?.invoiceID ?? '');
    expect(plain.body.invoices?.[0]?.lineItems?.[0]?.unitAmount).toBe(0.12);
  });

  it('answers an unknown invoice with the plain-text 404', async () => {
    const failure = await xeroFailure(() =>
      xero.accountingApi.getInvoice(tenant, '00000000-0000-0000-0000-000000000000'),
    );
    expect(failure.statusCode).toBe(404);
    expect(failure.body).toBe("The resource you're looking for cannot be found");
  });
});

describe('payments through xero-node', () => {
  it('pays an invoice in part and in full, refuses an overpayment, and reverses on delete', async () => {
    const contactID = await newContact('Payer Ltd');
    const { body } = await xero.accountingApi.createInvoices(tenant, { invoices: [salesInvoice(contactID)] });
    const invoiceID = body.invoices?.[0]?.invoiceID ?? '';
    const part = await xero.accountingApi.createPayment(tenant, {
      invoice: { invoiceID },
      account: { code: '090' },
      date: '2024-03-10',
      amount: 100,
    });
    expect(part.body.payments?.[0]?.paymentType).toBe('ACCRECPAYMENT');
    const over = await xeroFailure(() =>
      xero.accountingApi.createPayments(tenant, {
        payments: [{ invoice: { invoiceID }, account: { code: '090' }, date: '2024-03-11', amount: 500 }],
      }),
    );
    expect(JSON.stringify(over.body)).toContain('Payment amount exceeds the amount outstanding on this document');
    await xero.accountingApi.createPayments(tenant, {
      payments: [{ invoice: { invoiceID }, account: { code: '090' }, date: '2024-03-12', amount: 260 }],
    });
    const paid = await xero.accountingApi.getInvoice(tenant, invoiceID);
    expect(paid.body.invoices?.[0]).toMatchObject({ status: 'PAID', amountDue: 0, amountPaid: 360 });
    expect(paid.body.invoices?.[0]?.fullyPaidOnDate).toEqual(new Date('2024-03-12T00:00:00Z'));
    expect(paid.body.invoices?.[0]?.payments).toHaveLength(2);

    const paymentID = part.body.payments?.[0]?.paymentID ?? '';
    const deleted = await xero.accountingApi.deletePayment(tenant, paymentID, { status: 'DELETED' as never });
    expect(deleted.body.payments?.[0]?.status).toBe('DELETED');
    const reopened = await xero.accountingApi.getInvoice(tenant, invoiceID);
    expect(reopened.body.invoices?.[0]).toMatchObject({ status: 'AUTHORISED', amountDue: 100 });
    const listed = await xero.accountingApi.getPayments(
      tenant,
      undefined,
      `Invoice.InvoiceID==Guid("${invoiceID}")`,
      'Date DESC',
      1,
      10,
    );
    expect(listed.body.payments).toHaveLength(2);
    expect(listed.body.pagination?.itemCount).toBe(2);
  });

  it('refuses a payment against a draft invoice', async () => {
    const contactID = await newContact('Draft Payer Ltd');
    const { body } = await xero.accountingApi.createInvoices(tenant, {
      invoices: [salesInvoice(contactID, { status: Invoice.StatusEnum.DRAFT })],
    });
    const failure = await xeroFailure(() =>
      xero.accountingApi.createPayment(tenant, {
        invoice: { invoiceID: body.invoices?.[0]?.invoiceID ?? '' },
        account: { code: '090' },
        amount: 10,
      }),
    );
    expect(JSON.stringify(failure.body)).toContain('Authorised documents');
  });
});

describe('settings collections through xero-node', () => {
  it('creates, updates and deletes items (204), read without paging', async () => {
    const { body } = await xero.accountingApi.createItems(tenant, {
      items: [
        { code: 'WID-1', name: 'Widget', salesDetails: { unitPrice: 19.99, accountCode: '200', taxType: 'OUTPUT2' } },
      ],
    });
    const itemID = body.items?.[0]?.itemID ?? '';
    const dup = await xeroFailure(() => xero.accountingApi.createItems(tenant, { items: [{ code: 'WID-1' }] }));
    expect(dup.statusCode).toBe(400);
    await xero.accountingApi.updateOrCreateItems(tenant, { items: [{ code: 'WID-1', name: 'Widget Mk II' }] });
    const sold = await xero.accountingApi.getItems(tenant, undefined, 'IsSold==true');
    expect(sold.body.items?.find((i) => i.itemID === itemID)?.name).toBe('Widget Mk II');
    const contactID = await newContact('Item Buyer Ltd');
    const invoice = await xero.accountingApi.createInvoices(tenant, {
      invoices: [salesInvoice(contactID, { lineItems: [{ itemCode: 'WID-1', quantity: 2 }] })],
    });
    expect(invoice.body.invoices?.[0]?.lineItems?.[0]).toMatchObject({
      description: 'Widget Mk II',
      unitAmount: 19.99,
      accountCode: '200',
    });
    const removed = await xero.accountingApi.deleteItem(tenant, itemID);
    expect(removed.response.status).toBe(204);
  });

  it('creates an account from a bare object and filters accounts', async () => {
    const { body } = await xero.accountingApi.createAccount(tenant, {
      code: '480',
      name: 'Travel',
      type: AccountType.EXPENSE,
    } as Account);
    expect(body.accounts?.[0]).toMatchObject({ code: '480', _class: 'EXPENSE', status: 'ACTIVE' });
    const banks = await xero.accountingApi.getAccounts(
      tenant,
      undefined,
      'Status=="ACTIVE" AND Type=="BANK"',
      'Code ASC',
    );
    expect(banks.body.accounts?.map((a) => a.code)).toEqual(['090', '091']);
  });

  it('lists tax rates and currencies, and adds a currency', async () => {
    const rates = await xero.accountingApi.getTaxRates(tenant, 'Status=="ACTIVE"');
    expect(rates.body.taxRates?.find((r) => r.taxType === 'OUTPUT2')?.effectiveRate).toBe(20);
    await xero.accountingApi.createCurrency(tenant, { code: 'NZD' as never });
    const currencies = await xero.accountingApi.getCurrencies(tenant, 'Code=="NZD"');
    expect(currencies.body.currencies?.[0]?.description).toBe('New Zealand Dollar');
    const created = await xero.accountingApi.createTaxRates(tenant, {
      taxRates: [{ name: 'Special 7%', taxComponents: [{ name: 'VAT', rate: 7 }] }],
    });
    expect(created.body.taxRates?.[0]?.taxType).toBe('TAX001');
  });
});

describe('credit notes and bank transactions through xero-node', () => {
  it('creates a credit note and allocates it to an invoice', async () => {
    const contactID = await newContact('Credit Ltd');
    const invoice = await xero.accountingApi.createInvoices(tenant, { invoices: [salesInvoice(contactID)] });
    const note = await xero.accountingApi.createCreditNotes(tenant, {
      creditNotes: [
        {
          type: CreditNote.TypeEnum.ACCRECCREDIT,
          contact: { contactID },
          date: '2024-03-05',
          status: CreditNote.StatusEnum.AUTHORISED,
          lineItems: [{ description: 'Refund', quantity: 1, unitAmount: 50, accountCode: '200' }],
        },
      ],
    });
    const creditNoteID = note.body.creditNotes?.[0]?.creditNoteID ?? '';
    expect(note.body.creditNotes?.[0]).toMatchObject({ total: 60, remainingCredit: 60 });
    await xero.accountingApi.createCreditNoteAllocation(tenant, creditNoteID, {
      allocations: [
        { invoice: { invoiceID: invoice.body.invoices?.[0]?.invoiceID ?? '' }, amount: 60, date: '2024-03-06' },
      ],
    });
    const after = await xero.accountingApi.getInvoice(tenant, invoice.body.invoices?.[0]?.invoiceID ?? '');
    expect(after.body.invoices?.[0]).toMatchObject({ amountCredited: 60, amountDue: 300 });
    const notes = await xero.accountingApi.getCreditNotes(tenant, undefined, 'Status=="PAID"', undefined, 1);
    expect(notes.body.creditNotes?.map((n) => n.creditNoteID)).toContain(creditNoteID);
  });

  it('records a bank receipt against a bank account', async () => {
    const contactID = await newContact('Cash Buyer');
    const { body } = await xero.accountingApi.createBankTransactions(tenant, {
      bankTransactions: [
        {
          type: 'RECEIVE' as never,
          contact: { contactID },
          bankAccount: { code: '090' },
          date: '2024-03-07',
          reference: 'CASH-1',
          lineItems: [{ description: 'Cash sale', quantity: 1, unitAmount: 120, accountCode: '200' }],
        },
      ],
    });
    expect(body.bankTransactions?.[0]).toMatchObject({ total: 144, status: 'AUTHORISED' });
    const list = await xero.accountingApi.getBankTransactions(
      tenant,
      undefined,
      undefined,
      undefined,
      1,
      undefined,
      undefined,
      ['CASH-1'],
    );
    expect(list.body.bankTransactions).toHaveLength(1);
    const bad = await xeroFailure(() =>
      xero.accountingApi.createBankTransactions(tenant, {
        bankTransactions: [
          {
            type: 'RECEIVE' as never,
            contact: { contactID },
            bankAccount: { code: '200' },
            lineItems: [{ description: 'x', unitAmount: 1, accountCode: '200' }],
          },
        ],
      }),
    );
    expect(JSON.stringify(bad.body)).toContain('is not a bank account');
  });
});

describe('tenant, token and request errors', () => {
  it('answers a missing or unknown tenant with 403 and a bad token with 401', async () => {
    const noTenant = await rawCall(started.credentials, 'GET', '/Contacts', { tenantId: null });
    expect(noTenant.status).toBe(403);
    const unknown = await rawCall(started.credentials, 'GET', '/Contacts', {
      tenantId: '11111111-1111-1111-1111-111111111111',
    });
    expect(unknown.status).toBe(403);
    const badToken = await rawCall(started.credentials, 'GET', '/Contacts', { token: 'not-a-jwt' });
    expect(badToken.status).toBe(401);
    expect(badToken.json).toMatchObject({ Title: 'Unauthorized', Status: 401 });
  });

  it('answers malformed JSON and wrong types with PostDataInvalidException, never a crash', async () => {
    const broken = await fetch(`${started.credentials.apiBasePath}/Contacts`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${started.credentials.tokenSet.access_token}`,
        'xero-tenant-id': tenant,
        'content-type': 'application/json',
      },
      body: '{"Contacts": [',
    });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ Type: 'PostDataInvalidException' });
    const wrongType = await rawCall(started.credentials, 'PUT', '/Invoices', {
      body: { Invoices: [{ Type: 'ACCREC', LineItems: [{ Quantity: 'lots' }] }] },
    });
    expect(wrongType.status).toBe(400);
    expect(wrongType.json).toMatchObject({ Type: 'PostDataInvalidException' });
  });

  it('serves /Organisation for xero-node tenant lookups', async () => {
    const { body } = await xero.accountingApi.getOrganisations(tenant);
    expect(body.organisations?.[0]?.organisationID).toBe(tenant);
  });
});
