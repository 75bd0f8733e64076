import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { intParam, type KashFlowContext, pageLinks, parseBody, send } from '../context.js';
import {
  addPayment,
  createDocument,
  type DocumentKind,
  deleteDocument,
  documentListSpec,
  documents,
  filterDocuments,
  findDocument,
  presentDocument,
  removePayment,
  updateDocument,
} from '../documents.js';
import { KashFlowHttpError, validation } from '../errors.js';
import { listPage, lowerQuery } from '../listing.js';
import { DocumentInput, PaymentLineInput } from '../records.js';

/** `/invoices` and `/purchases`, their next-number endpoints and payment handling. */
export function registerDocumentRoutes(app: FastifyInstance, context: KashFlowContext, kind: DocumentKind): void {
  const path = kind === 'invoice' ? '/invoices' : '/purchases';
  const number = (value: string) => intParam(value, 'number');
  const full = (n: number) => presentDocument(context, kind, findDocument(context, kind, n), false);

  app.get(path, async (request, reply) => {
    const query = lowerQuery(request.query);
    const filtered = filterDocuments(context, kind, [...documents(context, kind).values()], query);
    const page = listPage(filtered, query, documentListSpec(kind), context.settings, pageLinks(context, path), (row) =>
      presentDocument(context, kind, row, true),
    );
    return send(context, reply, 200, page);
  });

  app.get<{ Params: { number: string } }>(`${path}/:number`, async (request, reply) =>
    send(context, reply, 200, full(number(request.params.number))),
  );

  app.post(path, async (request, reply) => {
    const created = createDocument(context, kind, parseBody(context, DocumentInput, request.body));
    return send(context, reply, 201, full(created.Number));
  });

  app.put<{ Params: { number: string } }>(`${path}/:number`, async (request, reply) => {
    const input = parseBody(context, DocumentInput, request.body);
    const { document, renumbered } = updateDocument(context, kind, number(request.params.number), input);
    return send(context, reply, renumbered ? 201 : 200, full(document.Number));
  });

  app.delete<{ Params: { number: string } }>(`${path}/:number`, async (request, reply) => {
    deleteDocument(context, kind, number(request.params.number));
    return reply.code(200).send();
  });

  app.get(`/nextavailable${kind}number`, async (_request, reply) =>
    send(context, reply, 200, context.store.nextNumber(kind)),
  );

  // UNCONFIRMED endpoint (absent from KashFlow's Swagger listing): served only when settings.paymentsEndpoint is on.
  const paymentsEnabled = () => {
    if (!context.settings.paymentsEndpoint) {
      throw new KashFlowHttpError(404, 'NotFound', 'No HTTP resource was found that matches the request URI.');
    }
  };
  app.get<{ Params: { number: string } }>(`${path}/:number/payments`, async (request, reply) => {
    paymentsEnabled();
    return send(context, reply, 200, findDocument(context, kind, number(request.params.number)).PaymentLines);
  });
  app.post<{ Params: { number: string } }>(`${path}/:number/payments`, async (request, reply) => {
    paymentsEnabled();
    const payment = addPayment(
      context,
      kind,
      number(request.params.number),
      parseBody(context, PaymentLineInput, request.body),
    );
    return send(context, reply, 201, payment);
  });
  app.delete<{ Params: { number: string; id: string } }>(`${path}/:number/payments/:id`, async (request, reply) => {
    paymentsEnabled();
    removePayment(context, kind, number(request.params.number), intParam(request.params.id, 'id'));
    return reply.code(200).send();
  });
}

const objectTypes: Readonly<Record<string, DocumentKind>> = {
  invoice: 'invoice',
  invoices: 'invoice',
  purchase: 'purchase',
  purchases: 'purchase',
};

function objectKind(objectType: string): DocumentKind {
  const kind = objectTypes[objectType.toLowerCase()];
  if (!kind) throw validation(`The object type '${objectType}' is not valid; use invoice or purchase.`);
  return kind;
}

/**
 * Bulk payments: one payment spread over several documents. The body shape is UNCONFIRMED (KashFlow's Swagger names
 * the endpoint but the sandbox had no schema): `{Date, Method, AccountId, Reference, Note, Payments:[{Number, Amount}]}`.
 * Each allocation may fail on its own (fault injection's partial batch failures); the answer lists every outcome.
 */
const BulkPayment = z.object({
  Date: z.string().nullish(),
  Method: z.coerce.number().int().nullish(),
  AccountId: z.coerce.number().int().nullish(),
  Reference: z.string().nullish(),
  Note: z.string().nullish(),
  Payments: z.array(z.object({ Number: z.coerce.number().int(), Amount: z.coerce.number() })).min(1),
});

export function registerPaymentRoutes(app: FastifyInstance, context: KashFlowContext): void {
  app.post<{ Params: { objectType: string; number: string; paymentId: string } }>(
    '/internal/:objectType/:number/payments/:paymentId/unallocate',
    async (request, reply) => {
      const kind = objectKind(request.params.objectType);
      removePayment(
        context,
        kind,
        intParam(request.params.number, 'number'),
        intParam(request.params.paymentId, 'paymentId'),
      );
      return reply.code(200).send();
    },
  );

  // Static paths, so they win over `/invoices/:number/...`.
  for (const [path, kind] of [
    ['/invoices/bulk/payments', 'invoice'],
    ['/purchases/bulk/payments', 'purchase'],
  ] as const) {
    app.post(path, async (request, reply) => {
      const body = parseBody(context, BulkPayment, request.body);
      const results = body.Payments.map((allocation) => {
        try {
          if (context.faults.failBatchItem('kashflow')) {
            throw validation(`Payment for ${kind} ${allocation.Number} could not be saved.`, 'ValidationError');
          }
          const payment = addPayment(context, kind, allocation.Number, {
            Amount: allocation.Amount,
            Date: body.Date,
            Method: body.Method,
            AccountId: body.AccountId,
            Reference: body.Reference,
            Note: body.Note,
          });
          return { Number: allocation.Number, Success: true, PaymentId: payment.Id, Message: null, Error: null };
        } catch (error) {
          if (!(error instanceof KashFlowHttpError)) throw error;
          return {
            Number: allocation.Number,
            Success: false,
            PaymentId: null,
            Message: error.message,
            Error: error.errorCode,
          };
        }
      });
      const status = results.every((r) => r.Success) ? 201 : results.some((r) => r.Success) ? 200 : 400;
      return send(context, reply, status, { Results: results });
    });
  }
}
