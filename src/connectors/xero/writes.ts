import { createHash } from 'node:crypto';
import type { CanonicalRecords, Entity, WriteOutcome, WriteRequest } from '../connector.js';
import { ConnectorError } from '../shared/connectorError.js';
import type { XeroApiClient } from './client.js';
import { encodeBankTransaction } from './codecs/bankTransaction.js';
import { encodeCreditNote } from './codecs/creditNote.js';
import { encodeInvoice } from './codecs/invoice.js';
import { encodeParty } from './codecs/party.js';
import { encodePayment } from './codecs/payment.js';
import { encodeProduct } from './codecs/product.js';
import { XWriteElement } from './codecs/wire.js';

type AccountingApi = XeroApiClient['api'];
type Elements = Record<string, unknown>[];
type Method = 'PUT' | 'POST';
interface Written {
  readonly response: { readonly headers: unknown; readonly status: number };
  readonly body: unknown;
}

/** Every write asks for per-element results, so one bad record does not sink its batch. */
const SUMMARIZE_ERRORS = false;
const UNIT_DP = 4;

/** xero-node's batch calls that take `unitdp` (documents with lines, and items) and those that do not. */
const UNIT_DP_CALLS = [
  'createItems',
  'updateOrCreateItems',
  'createInvoices',
  'updateOrCreateInvoices',
  'createCreditNotes',
  'updateOrCreateCreditNotes',
  'createBankTransactions',
  'updateOrCreateBankTransactions',
] as const;
type UnitDpCall = (typeof UNIT_DP_CALLS)[number];
type BatchCall = UnitDpCall | 'createContacts' | 'updateOrCreateContacts' | 'createPayments';

/** How one entity is written: its collection, id field, codec, and the xero-node calls for PUT and POST. */
interface XeroWriteSpec<E extends Entity> {
  readonly what: string;
  readonly collection: string;
  readonly idField: string;
  readonly numberField?: string;
  encode(record: CanonicalRecords[E], id: string | undefined): Record<string, unknown>;
  /** PUT: creates only. */
  readonly create: BatchCall;
  /** POST: creates or updates by id (or number/code); absent where Xero has no batch update. */
  readonly upsert?: BatchCall;
}

function takesUnitDp(call: BatchCall): call is UnitDpCall {
  return (UNIT_DP_CALLS as readonly string[]).includes(call);
}

/** One batch call: `{ <collection>: elements }` with per-element results and the batch's idempotency key. */
function callBatch(
  api: AccountingApi,
  call: BatchCall,
  tenant: string,
  collection: string,
  elements: Elements,
  key: string,
): Promise<Written> {
  // xero-node serialises by its models' attribute maps, so plain objects with the model's field names are enough.
  const body = { [collection]: elements } as never;
  return takesUnitDp(call)
    ? api[call](tenant, body, SUMMARIZE_ERRORS, UNIT_DP, key)
    : api[call](tenant, body, SUMMARIZE_ERRORS, key);
}

export const XERO_WRITES: { readonly [E in Entity]?: XeroWriteSpec<E> } = {
  party: {
    what: 'contact',
    collection: 'contacts',
    idField: 'contactID',
    numberField: 'contactNumber',
    encode: encodeParty,
    create: 'createContacts',
    upsert: 'updateOrCreateContacts',
  },
  product: {
    what: 'item',
    collection: 'items',
    idField: 'itemID',
    numberField: 'code',
    encode: encodeProduct,
    create: 'createItems',
    upsert: 'updateOrCreateItems',
  },
  invoice: {
    what: 'invoice',
    collection: 'invoices',
    idField: 'invoiceID',
    numberField: 'invoiceNumber',
    encode: encodeInvoice,
    create: 'createInvoices',
    upsert: 'updateOrCreateInvoices',
  },
  creditNote: {
    what: 'credit note',
    collection: 'creditNotes',
    idField: 'creditNoteID',
    numberField: 'creditNoteNumber',
    encode: encodeCreditNote,
    create: 'createCreditNotes',
    upsert: 'updateOrCreateCreditNotes',
  },
  payment: {
    what: 'payment',
    collection: 'payments',
    idField: 'paymentID',
    encode: (payment) => encodePayment(payment),
    create: 'createPayments',
  },
  bankTransaction: {
    what: 'bank transaction',
    collection: 'bankTransactions',
    idField: 'bankTransactionID',
    encode: encodeBankTransaction,
    create: 'createBankTransactions',
    upsert: 'updateOrCreateBankTransactions',
  },
};

/**
 * The Idempotency-Key of one batch: a hash of the entity, the method and the requests' own idempotency keys in
 * order, so replaying the same batch (after a lost answer or a crash) is recognised by Xero and creates nothing twice,
 * while a different set of requests never collides with it. 64 hex characters, inside Xero's 128.
 */
export function batchIdempotencyKey(entity: Entity, method: Method, keys: readonly string[]): string {
  return createHash('sha256')
    .update(JSON.stringify(['counterpart', 'xero', entity, method, keys]))
    .digest('hex');
}

/** Writes requests in batches of `batchSize`, creates by PUT and updates/upserts by POST; one outcome per request. */
export async function writeBatches<E extends Entity>(
  client: XeroApiClient,
  entity: E,
  requests: readonly WriteRequest<E>[],
  batchSize: number,
): Promise<WriteOutcome[]> {
  const write = XERO_WRITES[entity] as XeroWriteSpec<E> | undefined;
  if (write === undefined) return requests.map((request) => refused(request, unsupported(entity)));
  const outcomes = new Map<WriteRequest<E>, WriteOutcome>();
  const byMethod: Record<Method, WriteRequest<E>[]> = { PUT: [], POST: [] };
  for (const request of requests) {
    if (request.operation === 'create') byMethod.PUT.push(request);
    else if (write.upsert === undefined)
      outcomes.set(request, refused(request, unsupported(entity, request.operation)));
    else if (request.operation === 'update' && request.target?.system !== 'xero') {
      outcomes.set(request, refused(request, noTarget(write.what)));
    } else byMethod.POST.push(request);
  }
  for (const method of ['PUT', 'POST'] as const) {
    const pending = byMethod[method];
    for (let start = 0; start < pending.length; start += batchSize) {
      const batch = pending.slice(start, start + batchSize);
      const results = await writeBatch(client, entity, write, method, batch);
      batch.forEach((request, index) => {
        outcomes.set(request, results[index] as WriteOutcome);
      });
    }
  }
  return requests.map((request) => outcomes.get(request) as WriteOutcome);
}

async function writeBatch<E extends Entity>(
  client: XeroApiClient,
  entity: E,
  write: XeroWriteSpec<E>,
  method: Method,
  batch: readonly WriteRequest<E>[],
): Promise<WriteOutcome[]> {
  const elements: Elements = [];
  const encoded: (WriteRequest<E> | WriteOutcome)[] = batch.map((request) => {
    try {
      const id = request.target?.system === 'xero' ? request.target.id : undefined;
      elements.push(write.encode(request.record, id));
      return request;
    } catch (error) {
      return refused(request, asConnectorError(error, write.what));
    }
  });
  const sent = encoded.filter((entry): entry is WriteRequest<E> => 'record' in entry);
  if (sent.length === 0) return encoded as WriteOutcome[];
  const key = batchIdempotencyKey(
    entity,
    method,
    sent.map((request) => request.idempotencyKey),
  );
  let returned: unknown[];
  try {
    const { body } = await client.call({ operation: `write ${write.collection}` }, (api, tenant) =>
      callBatch(
        api,
        method === 'PUT' ? write.create : (write.upsert as BatchCall),
        tenant,
        write.collection,
        elements,
        key,
      ),
    );
    returned = ((body as Record<string, unknown>)[write.collection] as unknown[] | undefined) ?? [];
  } catch (error) {
    const failure = asConnectorError(error, write.what);
    return encoded.map((entry) => ('record' in entry ? refused(entry, failure) : entry));
  }
  let index = 0;
  return encoded.map((entry) => {
    if (!('record' in entry)) return entry;
    const element = returned[index];
    index += 1;
    return outcomeOf(entry, element, write);
  });
}

function outcomeOf<E extends Entity>(
  request: WriteRequest<E>,
  element: unknown,
  write: XeroWriteSpec<E>,
): WriteOutcome {
  const parsed = XWriteElement.safeParse(element);
  const fields = (typeof element === 'object' && element !== null ? element : {}) as Record<string, unknown>;
  const messages = parsed.success
    ? (parsed.data.validationErrors ?? []).map((error) => error.message).filter((m): m is string => m !== undefined)
    : [];
  const failed =
    !parsed.success ||
    parsed.data.statusAttributeString === 'ERROR' ||
    parsed.data.hasErrors === true ||
    parsed.data.hasValidationErrors === true;
  const id = fields[write.idField];
  if (failed || typeof id !== 'string' || id === '' || /^0{8}-/.test(id)) {
    const systemMessage = messages.length > 0 ? messages.join(' ') : undefined;
    return refused(
      request,
      new ConnectorError({
        kind: /unique|already (exists|been)/i.test(systemMessage ?? '') ? 'duplicate' : 'validation',
        system: 'xero',
        message: `Xero rejected the ${write.what}${systemMessage ? `: ${systemMessage}` : ' without saying why'}. Correct it and sync again.`,
        systemMessage,
        context: { idempotencyKey: request.idempotencyKey, entity: write.what },
      }),
    );
  }
  const number = write.numberField === undefined ? undefined : fields[write.numberField];
  return {
    ok: true,
    idempotencyKey: request.idempotencyKey,
    ref: { system: 'xero', id, ...(typeof number === 'string' && number !== '' ? { number } : {}) },
    created: request.operation === 'create',
  };
}

function refused(request: { idempotencyKey: string }, error: ConnectorError): WriteOutcome {
  return { ok: false, idempotencyKey: request.idempotencyKey, error };
}

function unsupported(entity: Entity, operation = 'write'): ConnectorError {
  return new ConnectorError({
    kind: 'configuration',
    system: 'xero',
    message: `Counterpart cannot ${operation === 'write' ? 'write' : `${operation}`} ${entity} records in Xero.`,
    context: { entity, operation },
  });
}

function noTarget(what: string): ConnectorError {
  return new ConnectorError({
    kind: 'configuration',
    system: 'xero',
    message: `An update of a Xero ${what} needs the Xero record it updates; this request names none.`,
    context: { entity: what },
  });
}

function asConnectorError(error: unknown, what: string): ConnectorError {
  if (error instanceof ConnectorError) return error;
  return new ConnectorError({
    kind: 'validation',
    system: 'xero',
    message: `Counterpart could not prepare the ${what} for Xero: ${error instanceof Error ? error.message : String(error)}`,
    cause: error,
  });
}
