import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxClock } from '../shared/clock.js';
import type { FaultInjector } from '../shared/faults.js';
import type { TenantBook } from './book.js';
import type { WebhookCategory, WriteContext } from './context.js';
import type { EntityKind, ListQuery, View, ViewDetail } from './entities/kind.js';
import { IdempotencyCache, type StoredResponse } from './idempotency.js';
import { LedgerIndex } from './ledgerIndex.js';
import { parseWireInstant } from './msDate.js';
import {
  envelope,
  NOT_FOUND_TEXT,
  type Pagination,
  postDataInvalid,
  queryParseException,
  sendJson,
  validationException,
} from './responses.js';
import type { XeroSandboxSettings } from './settings.js';
import { failed, type Outcome } from './validation.js';
import { compileOrder, compileWhere, QueryParseError } from './where.js';

export const API_PREFIX = '/api.xro/2.0';

export interface ChangeEvent {
  readonly tenantId: string;
  readonly category: WebhookCategory;
  readonly resourceId: string;
  readonly eventType: 'CREATE' | 'UPDATE';
}

export interface CollectionDeps {
  readonly settings: () => XeroSandboxSettings;
  readonly bookOf: (request: FastifyRequest) => TenantBook;
  readonly faults: FaultInjector;
  readonly clock: SandboxClock;
  readonly idempotency: IdempotencyCache;
  readonly announce: (events: readonly ChangeEvent[]) => void;
}

type Query = Readonly<Record<string, unknown>>;

/** Query parameter by name, case-insensitively, as a single string (the last one if repeated). */
export function param(query: Query, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(query)) {
    if (key.toLowerCase() !== wanted) continue;
    if (Array.isArray(value)) return value.length ? String(value.at(-1)) : undefined;
    return value === undefined ? undefined : String(value);
  }
  return undefined;
}

function listParam(query: Query, name: string): string[] | undefined {
  const value = param(query, name);
  if (value === undefined || value.trim() === '') return undefined;
  return value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

function flag(query: Query, name: string): boolean {
  return param(query, name)?.toLowerCase() === 'true';
}

function positiveInt(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number.parseInt(text, 10);
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

function unitdpOf(query: Query): number {
  return param(query, 'unitdp') === '4' ? 4 : 2;
}

/** Registers GET (list and one), PUT, POST (batch and one) and, where supported, DELETE for one collection. */
export function registerCollection<I, S>(app: FastifyInstance, kind: EntityKind<I, S>, deps: CollectionDeps): void {
  const base = `${API_PREFIX}/${kind.plural}`;
  app.get(base, async (request, reply) => list(kind, deps, request, reply));
  app.get(`${base}/:id`, async (request, reply) => {
    const { id } = request.params as { id: string };
    const book = deps.bookOf(request);
    const record = kind.find(book, id);
    if (!record) return reply.code(404).type('text/plain; charset=utf-8').send(NOT_FOUND_TEXT);
    const query = request.query as Query;
    const view = kind.view(book, record, {
      full: true,
      unitdp: unitdpOf(query),
      summaryOnly: false,
      index: new LedgerIndex(book),
    });
    return sendJson(reply, deps.settings(), 200, envelope(deps.settings(), kind.plural, [view]));
  });
  app.put(base, async (request, reply) => write(kind, deps, request, reply, 'create'));
  app.post(base, async (request, reply) => write(kind, deps, request, reply, 'upsert'));
  app.post(`${base}/:id`, async (request, reply) => write(kind, deps, request, reply, 'single'));
  if (kind.remove) {
    app.delete(`${base}/:id`, async (request, reply) => {
      const { id } = request.params as { id: string };
      const book = deps.bookOf(request);
      const record = kind.find(book, id);
      if (!record) return reply.code(404).type('text/plain; charset=utf-8').send(NOT_FOUND_TEXT);
      kind.remove?.(writeContext(deps, request, book, []), record);
      return reply.code(204).send();
    });
  }
}

async function list<I, S>(
  kind: EntityKind<I, S>,
  deps: CollectionDeps,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const settings = deps.settings();
  const book = deps.bookOf(request);
  const query = request.query as Query;
  const whereOptions = {
    fields: kind.queryFields,
    typeName: kind.typeName,
    caseInsensitiveStrings: settings.query.caseInsensitiveStrings,
  };
  let where: ((view: View) => boolean) | undefined;
  let order: ((a: View, b: View) => number) | undefined;
  try {
    const whereText = param(query, 'where');
    if (whereText?.trim()) where = compileWhere(whereText, whereOptions);
    const orderText = param(query, 'order');
    if (orderText?.trim()) order = compileOrder(orderText, whereOptions);
  } catch (error) {
    if (error instanceof QueryParseError) return sendJson(reply, settings, 400, queryParseException(error.message));
    throw error;
  }
  const page = kind.paged ? positiveInt(param(query, 'page')) : undefined;
  const requestedSize = kind.paged ? positiveInt(param(query, 'pageSize')) : undefined;
  const paged = page !== undefined || requestedSize !== undefined;
  const detail: ViewDetail = {
    full: !kind.hasLineItems || paged || !settings.paging.unpagedListsOmitLineItems,
    unitdp: unitdpOf(query),
    summaryOnly: flag(query, 'summaryOnly'),
    index: new LedgerIndex(book),
  };
  const listQuery: ListQuery = {
    ids: listParam(query, 'IDs'),
    statuses: listParam(query, 'Statuses'),
    numbers: listParam(query, 'InvoiceNumbers'),
    contactIds: listParam(query, 'ContactIDs'),
    references: listParam(query, 'References'),
    includeArchived: flag(query, 'includeArchived'),
    searchTerm: param(query, 'searchTerm'),
  };
  const keep = kind.listFilter?.(listQuery);
  const imsHeader = kind.ifModifiedSince ? request.headers['if-modified-since'] : undefined;
  const since = typeof imsHeader === 'string' ? parseWireInstant(imsHeader) : undefined;
  // Xero compares to the second.
  const sinceSecond = since === undefined ? undefined : Math.floor(since / 1000) * 1000;

  const records: S[] = [];
  for (const record of kind.all(book)) {
    if (sinceSecond !== undefined) {
      const updated = kind.updatedAt(record);
      if (updated === undefined || Date.parse(updated) < sinceSecond) continue;
    }
    if (!keep || keep(record)) records.push(record);
  }
  // `where`/`order` see light views (no line items unless the clause names them); full views are built only for
  // the records returned.
  let selected = records;
  if (where || order) {
    const mentionsLines = /lineitems/i.test(`${param(query, 'where') ?? ''} ${param(query, 'order') ?? ''}`);
    const light: ViewDetail = mentionsLines ? detail : { ...detail, full: false };
    const pairs = records
      .map((record) => ({ record, view: kind.view(book, record, light) }))
      .filter((pair) => !where || where(pair.view));
    if (order) pairs.sort((a, b) => order(a.view, b.view));
    selected = pairs.map((pair) => pair.record);
  }
  const itemCount = selected.length;
  let pagination: Pagination | undefined;
  let range: [number, number] = [0, itemCount];
  if (kind.paged && (paged || settings.paging.paginationWhenUnpaged)) {
    const pageSize = Math.min(requestedSize ?? settings.paging.defaultPageSize, settings.paging.maxPageSize);
    const current = page ?? 1;
    pagination = { page: current, pageSize, pageCount: Math.ceil(itemCount / pageSize), itemCount };
    if (paged) range = [(current - 1) * pageSize, current * pageSize];
  }
  const shown = selected.slice(...range).map((record) => kind.view(book, record, detail));
  return sendJson(reply, settings, 200, envelope(settings, kind.plural, shown, pagination));
}

function writeContext(
  deps: CollectionDeps,
  request: FastifyRequest,
  book: TenantBook,
  events: ChangeEvent[],
): WriteContext {
  return {
    book,
    settings: deps.settings(),
    now: deps.clock.now().toISOString(),
    unitdp: unitdpOf(request.query as Query),
    changed: (category, resourceId, eventType) => {
      const existing = events.find((e) => e.resourceId === resourceId);
      if (!existing) events.push({ tenantId: book.tenantId, category, resourceId, eventType });
    },
  };
}

/** The elements of a write body: `{Plural:[…]}`, or one bare object where Xero takes one. */
function elementsOf(body: unknown, plural: string, bare: boolean): unknown[] | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const entry = Object.entries(body).find(([key]) => key.toLowerCase() === plural.toLowerCase());
  if (entry) return Array.isArray(entry[1]) ? entry[1] : undefined;
  return bare ? [body] : [];
}

async function write<I, S>(
  kind: EntityKind<I, S>,
  deps: CollectionDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  mode: 'create' | 'upsert' | 'single',
): Promise<FastifyReply> {
  const settings = deps.settings();
  const book = deps.bookOf(request);
  const key = request.headers['idempotency-key'];
  if (typeof key === 'string' && key !== '') {
    if (key.length > settings.idempotency.maxKeyLength) {
      return sendJson(
        reply,
        settings,
        400,
        validationException([
          {
            ValidationErrors: [
              { Message: `Idempotency-Key must be ${settings.idempotency.maxKeyLength} characters or fewer.` },
            ],
          },
        ]),
      );
    }
    const fingerprint = IdempotencyCache.fingerprint(request.method, request.url, request.body);
    const found = deps.idempotency.lookup(book.tenantId, key, fingerprint);
    if (found.kind === 'replay') return sendStored(reply, settings, found.response);
    if (found.kind === 'conflict') {
      return sendJson(reply, settings, settings.idempotency.conflictStatus, {
        ErrorNumber: 10,
        Type: 'ValidationException',
        Message: `Idempotency Key ${key} is used with a different request`,
      });
    }
    const response = performWrite(kind, deps, request, book, mode);
    deps.idempotency.remember(book.tenantId, key, fingerprint, response);
    return sendStored(reply, settings, response);
  }
  return sendStored(reply, settings, performWrite(kind, deps, request, book, mode));
}

function sendStored(reply: FastifyReply, settings: XeroSandboxSettings, response: StoredResponse): FastifyReply {
  if (typeof response.body === 'string') {
    return reply.code(response.status).type('text/plain; charset=utf-8').send(response.body);
  }
  return sendJson(reply, settings, response.status, response.body);
}

function performWrite<I, S>(
  kind: EntityKind<I, S>,
  deps: CollectionDeps,
  request: FastifyRequest,
  book: TenantBook,
  mode: 'create' | 'upsert' | 'single',
): StoredResponse {
  const settings = deps.settings();
  const query = request.query as Query;
  const id = mode === 'single' ? (request.params as { id: string }).id : undefined;
  const target = id === undefined ? undefined : kind.find(book, id);
  if (id !== undefined && !target) return { status: 404, body: NOT_FOUND_TEXT };
  const raw = elementsOf(request.body, kind.plural, kind.acceptsBareObject || mode === 'single');
  if (!raw)
    return {
      status: 400,
      body: postDataInvalid(`JSON for post data was invalid,Expected an object with a ${kind.plural} array.`),
    };
  const inputs: I[] = [];
  for (const [index, element] of raw.entries()) {
    const parsed = kind.input.safeParse(element);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const path = [
        `${kind.plural}[${index}]`,
        ...(issue?.path ?? []).map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)),
      ]
        .join('')
        .replace(/\.\[/g, '[');
      return {
        status: 400,
        body: postDataInvalid(
          `JSON for post data was invalid,Error converting value. Path '${path}': ${issue?.message ?? 'invalid value'}.`,
        ),
      };
    }
    inputs.push(parsed.data);
  }
  const summarize = param(query, 'summarizeErrors')?.toLowerCase() !== 'false';
  const rollback = summarize && !settings.writes.saveValidElementsOfFailedBatch ? book.snapshot() : undefined;
  const events: ChangeEvent[] = [];
  const context = writeContext(deps, request, book, events);
  const outcomes: Outcome<S>[] = inputs.map((input) => {
    if (deps.faults.failBatchItem('xero')) return failed('A validation exception occurred (sandbox fault injection)');
    if (target) return kind.update(context, target, input);
    const existing = kind.match(book, input);
    if (mode === 'create') {
      // PUT never updates: an element naming an existing record by id is refused; numbers and codes are left to
      // the entity's own uniqueness rules (ACCPAY numbers, for one, may repeat).
      const givenId = (input as Record<string, unknown>)[kind.idField];
      if (typeof givenId === 'string' && existing && existing !== 'missing') {
        return failed(`This ${kind.typeName} already exists; use POST to update it.`);
      }
      return kind.create(context, input);
    }
    if (existing === 'missing') return failed(`${kind.typeName} could not be found`);
    return existing ? kind.update(context, existing, input) : kind.create(context, input);
  });
  const echo = (input: I, errors: string[]): View => ({
    ...(input as View),
    ...(kind.errorFlag ? { [kind.errorFlag]: true } : {}),
    StatusAttributeString: 'ERROR',
    ValidationErrors: errors.map((Message) => ({ Message })),
  });
  const failures = outcomes.flatMap((outcome, index) => (outcome.ok ? [] : [echo(inputs[index] as I, outcome.errors)]));
  if (summarize && failures.length > 0) {
    if (rollback) book.load(rollback);
    else deps.announce(events);
    return { status: 400, body: validationException(failures) };
  }
  deps.announce(events);
  const detail: ViewDetail = { full: true, unitdp: unitdpOf(query), summaryOnly: false, index: new LedgerIndex(book) };
  const records = outcomes.map((outcome, index) =>
    outcome.ok
      ? { ...kind.view(book, outcome.record, detail), ...(summarize ? {} : { StatusAttributeString: 'OK' }) }
      : echo(inputs[index] as I, outcome.errors),
  );
  return { status: 200, body: envelope(settings, kind.plural, records) };
}
