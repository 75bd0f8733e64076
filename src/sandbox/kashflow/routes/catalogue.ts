import type { FastifyInstance } from 'fastify';
import {
  bankAccountListSpec,
  createBankAccount,
  createNominal,
  createProduct,
  createVatRate,
  deleteBankAccount,
  deleteNominal,
  deleteProduct,
  deleteVatRate,
  findBankAccount,
  findNominal,
  findProduct,
  presentBankAccounts,
  presentNominals,
  productListSpec,
  updateBankAccount,
  updateNominal,
  updateProduct,
} from '../catalogue.js';
import { intParam, type KashFlowContext, pageLinks, parseBody, send } from '../context.js';
import { KashFlowHttpError, validation } from '../errors.js';
import { listPage, lowerQuery } from '../listing.js';
import { BankAccountInput, NominalInput, ProductInput } from '../records.js';

/** Products, nominals, bank accounts, VAT rates and payment methods. Bare arrays where KashFlow returns them. */
export function registerCatalogueRoutes(app: FastifyInstance, context: KashFlowContext): void {
  const { store } = context;

  // Products: `/products` (bare array, UNCONFIRMED), `/products/list` (paged, at most 100), by nominal, by key.
  app.get('/products', async (_request, reply) => send(context, reply, 200, [...store.products.values()]));
  app.get('/products/list', async (request, reply) => {
    const query = lowerQuery(request.query);
    const page = listPage(
      [...store.products.values()],
      query,
      productListSpec,
      context.settings,
      pageLinks(context, '/products/list'),
      (row) => row,
    );
    return send(context, reply, 200, page);
  });
  app.get<{ Params: { code: string } }>('/nominals/:code/products', async (request, reply) => {
    const nominal = findNominal(context, intParam(request.params.code, 'nominalCode'));
    return send(
      context,
      reply,
      200,
      [...store.products.values()].filter((p) => p.NominalCode === nominal.Code),
    );
  });
  app.get<{ Params: { nominal: string; code: string } }>('/products/:nominal/:code', async (request, reply) =>
    send(
      context,
      reply,
      200,
      findProduct(context, intParam(request.params.nominal, 'nominalCode'), request.params.code),
    ),
  );
  app.post('/products', async (request, reply) =>
    send(context, reply, 201, createProduct(context, parseBody(context, ProductInput, request.body))),
  );
  app.put<{ Params: { nominal: string; code: string } }>('/products/:nominal/:code', async (request, reply) => {
    const input = parseBody(context, ProductInput, request.body);
    const updated = updateProduct(context, intParam(request.params.nominal, 'nominalCode'), request.params.code, input);
    return send(context, reply, 200, updated);
  });
  app.delete<{ Params: { nominal: string; code: string } }>('/products/:nominal/:code', async (request, reply) => {
    deleteProduct(context, intParam(request.params.nominal, 'nominalCode'), request.params.code);
    return reply.code(200).send();
  });

  // Nominals: bare array.
  app.get('/nominals', async (_request, reply) =>
    send(context, reply, 200, presentNominals(context, [...store.nominals.values()])),
  );
  app.get<{ Params: { code: string } }>('/nominals/:code', async (request, reply) => {
    const nominal = findNominal(context, intParam(request.params.code, 'nominalCode'));
    return send(context, reply, 200, presentNominals(context, [nominal])[0]);
  });
  app.get<{ Params: { id: string } }>('/nominals/Id/:id', async (request, reply) => {
    const id = intParam(request.params.id, 'nominalId');
    const nominal = [...store.nominals.values()].find((n) => n.Id === id);
    if (!nominal) throw new KashFlowHttpError(404, 'NominalNotFound', `Nominal with id ${id} was not found.`);
    return send(context, reply, 200, presentNominals(context, [nominal])[0]);
  });
  app.post('/nominals', async (request, reply) =>
    send(context, reply, 201, createNominal(context, parseBody(context, NominalInput, request.body))),
  );
  app.put<{ Params: { code: string } }>('/nominals/:code', async (request, reply) => {
    const input = parseBody(context, NominalInput, request.body);
    return send(context, reply, 200, updateNominal(context, intParam(request.params.code, 'nominalCode'), input));
  });
  app.delete<{ Params: { code: string } }>('/nominals/:code', async (request, reply) => {
    deleteNominal(context, intParam(request.params.code, 'nominalCode'));
    return reply.code(200).send();
  });

  // Bank accounts: bare array, plus a paged list.
  app.get('/bankaccounts', async (_request, reply) =>
    send(context, reply, 200, presentBankAccounts(context, [...store.bankAccounts.values()])),
  );
  app.get('/bankaccounts/list', async (request, reply) => {
    const query = lowerQuery(request.query);
    const rows = presentBankAccounts(context, [...store.bankAccounts.values()]);
    const page = listPage(
      rows,
      query,
      bankAccountListSpec,
      context.settings,
      pageLinks(context, '/bankaccounts/list'),
      (row) => row,
    );
    return send(context, reply, 200, page);
  });
  app.get<{ Params: { id: string } }>('/bankaccounts/:id', async (request, reply) => {
    const account = findBankAccount(context, intParam(request.params.id, 'id'));
    return send(context, reply, 200, presentBankAccounts(context, [account])[0]);
  });
  app.post('/bankaccounts', async (request, reply) => {
    const account = createBankAccount(context, parseBody(context, BankAccountInput, request.body));
    return send(context, reply, 201, presentBankAccounts(context, [account])[0]);
  });
  app.put<{ Params: { id: string } }>('/bankaccounts/:id', async (request, reply) => {
    const input = parseBody(context, BankAccountInput, request.body);
    const account = updateBankAccount(context, intParam(request.params.id, 'id'), input);
    return send(context, reply, 200, presentBankAccounts(context, [account])[0]);
  });
  app.delete<{ Params: { id: string } }>('/bankaccounts/:id', async (request, reply) => {
    deleteBankAccount(context, intParam(request.params.id, 'id'));
    return reply.code(200).send();
  });

  // VAT rates: bare array `[{VATId, VATRate, VATText}]`.
  app.get('/vat/settings/vatrates', async (_request, reply) => send(context, reply, 200, [...store.vatRates.values()]));
  app.post<{ Params: { value: string } }>('/vat/settings/vatrates/:value', async (request, reply) => {
    const rate = Number(request.params.value);
    if (!Number.isFinite(rate) || rate < 0 || rate > 100) {
      throw validation(`The value '${request.params.value}' is not a valid VAT rate.`);
    }
    return send(context, reply, 201, createVatRate(context, rate));
  });
  app.delete<{ Params: { value: string } }>('/vat/settings/vatrates/:value', async (request, reply) => {
    deleteVatRate(context, intParam(request.params.value, 'vatRateId'));
    return reply.code(200).send();
  });

  // Payment methods (shape UNCONFIRMED: `[{Id, Name}]`); `Method` on payment lines holds one of these ids.
  app.get<{ Params: { type: string } }>('/paymentmethods/:type', async (request, reply) => {
    const type = request.params.type.toLowerCase();
    if (type !== 'invoice' && type !== 'purchase')
      throw validation("The payment method type must be 'invoice' or 'purchase'.");
    return send(context, reply, 200, type === 'invoice' ? store.invoicePaymentMethods : store.purchasePaymentMethods);
  });
}
