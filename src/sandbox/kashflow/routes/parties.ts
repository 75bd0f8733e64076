import type { FastifyInstance } from 'fastify';
import { type KashFlowContext, pageLinks, parseBody, send } from '../context.js';
import { validation } from '../errors.js';
import { listPage, lowerQuery } from '../listing.js';
import {
  createParty,
  deleteParty,
  filterParties,
  findParty,
  type PartyKind,
  partyListSpec,
  partyTotals,
  presentParty,
  updateParty,
} from '../parties.js';
import { PartyInput } from '../records.js';
import { codeKey } from '../store.js';

/** `/customers` and `/suppliers`: list (envelope), search, get/create/update/delete by code. */
export function registerPartyRoutes(app: FastifyInstance, context: KashFlowContext, kind: PartyKind): void {
  const path = kind === 'customer' ? '/customers' : '/suppliers';
  const rows = () => [...(kind === 'customer' ? context.store.customers : context.store.suppliers).values()];
  const one = (code: string) => {
    const record = findParty(context, kind, code);
    return presentParty(
      context,
      kind,
      record,
      partyTotals(context, kind, record.Code).get(codeKey(record.Code)),
      false,
    );
  };

  app.get(path, async (request, reply) => {
    const query = lowerQuery(request.query);
    const totals = partyTotals(context, kind);
    const filtered = filterParties(context, rows(), query);
    const page = listPage(
      filtered,
      query,
      partyListSpec(kind, totals),
      context.settings,
      pageLinks(context, path),
      (row) => presentParty(context, kind, row, totals.get(codeKey(row.Code)), true),
    );
    return send(context, reply, 200, page);
  });

  if (kind === 'customer') {
    // UNCONFIRMED: the value's parameter name is undocumented, so the usual candidates are all read.
    app.get(`${path}/search`, async (request, reply) => {
      const query = lowerQuery(request.query);
      const by = (query.searchby ?? 'code').toLowerCase();
      const value = (query.searchtext ?? query.value ?? query.text ?? query[by] ?? '').toLowerCase();
      if (!['code', 'email', 'name'].includes(by)) throw validation("searchBy must be 'code', 'email' or 'name'.");
      if (value === '') throw validation('A search value is required.');
      const totals = partyTotals(context, kind);
      const matches = [...context.store.customers.values()].filter((row) => {
        if (by === 'code') return row.Code.toLowerCase() === value;
        if (by === 'name') return row.Name.toLowerCase().includes(value);
        return [row.Email, ...row.Contacts.map((c) => c.Email ?? '')].some((e) => e.toLowerCase() === value);
      });
      return send(
        context,
        reply,
        200,
        matches.map((row) => presentParty(context, kind, row, totals.get(codeKey(row.Code)), false)),
      );
    });
  }

  app.get<{ Params: { code: string } }>(`${path}/:code`, async (request, reply) =>
    send(context, reply, 200, one(request.params.code)),
  );

  app.post(path, async (request, reply) => {
    const created = createParty(context, kind, parseBody(context, PartyInput, request.body));
    return send(context, reply, 201, one(created.Code));
  });

  app.put<{ Params: { code: string } }>(`${path}/:code`, async (request, reply) => {
    const updated = updateParty(context, kind, request.params.code, parseBody(context, PartyInput, request.body));
    return send(context, reply, 200, one(updated.Code));
  });

  app.delete<{ Params: { code: string } }>(`${path}/:code`, async (request, reply) => {
    deleteParty(context, kind, request.params.code);
    return reply.code(200).send();
  });
}
