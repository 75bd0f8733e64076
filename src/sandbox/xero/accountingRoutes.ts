import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { API_PREFIX, type CollectionDeps, registerCollection } from './collection.js';
import { accounts } from './entities/accounts.js';
import { bankTransactions } from './entities/bankTransactions.js';
import { contacts } from './entities/contacts.js';
import { allocateCreditNote, creditNotes } from './entities/creditNotes.js';
import { currencies } from './entities/currencies.js';
import { invoices } from './entities/invoices.js';
import { items } from './entities/items.js';
import { payments } from './entities/payments.js';
import { taxRates } from './entities/taxRates.js';
import { envelope, NOT_FOUND_TEXT, postDataInvalid, sendJson, validationException } from './responses.js';

const AllocationsBody = z.object({
  Allocations: z.array(
    z.object({
      Invoice: z.object({ InvoiceID: z.string().optional() }).optional(),
      Amount: z.number().optional(),
      Date: z.string().optional(),
    }),
  ),
});

/** Every Accounting API collection the sandbox serves, plus Organisation and credit-note allocations. */
export function registerAccountingRoutes(app: FastifyInstance, deps: CollectionDeps): void {
  registerCollection(app, contacts, deps);
  registerCollection(app, invoices, deps);
  registerCollection(app, creditNotes, deps);
  registerCollection(app, payments, deps);
  registerCollection(app, items, deps);
  registerCollection(app, accounts, deps);
  registerCollection(app, taxRates, deps);
  registerCollection(app, currencies, deps);
  registerCollection(app, bankTransactions, deps);

  app.get(`${API_PREFIX}/Organisation`, async (request, reply) => {
    const book = deps.bookOf(request);
    const org = book.organisation;
    const view = {
      ...org,
      APIKey: '',
      PaysTax: true,
      IsDemoCompany: false,
      OrganisationStatus: 'ACTIVE',
      FinancialYearEndDay: 31,
      FinancialYearEndMonth: 3,
      SalesTaxBasis: 'ACCRUALS',
      SalesTaxPeriod: 'QUARTERLY1',
      DefaultSalesTax: 'Tax Exclusive',
      DefaultPurchasesTax: 'Tax Exclusive',
      OrganisationEntityType: 'COMPANY',
      Class: 'PREMIUM',
      Edition: 'BUSINESS',
      Addresses: [],
      Phones: [],
      ExternalLinks: [],
      PaymentTerms: {},
    };
    return sendJson(reply, deps.settings(), 200, envelope(deps.settings(), 'Organisations', [view]));
  });

  app.put(`${API_PREFIX}/CreditNotes/:id/Allocations`, async (request, reply) => {
    const settings = deps.settings();
    const book = deps.bookOf(request);
    const { id } = request.params as { id: string };
    const note = creditNotes.find(book, id);
    if (!note) return reply.code(404).type('text/plain; charset=utf-8').send(NOT_FOUND_TEXT);
    const parsed = AllocationsBody.safeParse(request.body);
    if (!parsed.success) {
      return sendJson(
        reply,
        settings,
        400,
        postDataInvalid('JSON for post data was invalid,Expected {"Allocations":[…]}.'),
      );
    }
    const results = [];
    let current = note;
    const events: { tenantId: string; category: 'CREDITNOTE' | 'INVOICE'; resourceId: string; eventType: 'UPDATE' }[] =
      [];
    for (const allocation of parsed.data.Allocations) {
      const outcome = allocateCreditNote(
        {
          book,
          settings,
          now: deps.clock.now().toISOString(),
          unitdp: 2,
          changed: (category, resourceId) => {
            if (category !== 'CONTACT')
              events.push({ tenantId: book.tenantId, category, resourceId, eventType: 'UPDATE' });
          },
        },
        current,
        { InvoiceID: allocation.Invoice?.InvoiceID, Amount: allocation.Amount, Date: allocation.Date },
      );
      if (!outcome.ok) {
        return sendJson(
          reply,
          settings,
          400,
          validationException([{ ...allocation, ValidationErrors: outcome.errors.map((Message) => ({ Message })) }]),
        );
      }
      current = outcome.record;
      const last = current.Allocations.at(-1);
      results.push({
        AllocationID: last?.AllocationID,
        Amount: last?.Amount,
        Date: last?.Date,
        Invoice: { InvoiceID: last?.InvoiceID },
        CreditNote: { CreditNoteID: current.CreditNoteID },
        IsDeleted: false,
      });
    }
    deps.announce(events);
    return sendJson(reply, settings, 200, envelope(settings, 'Allocations', results));
  });
}
