import type { DocumentRef, PartyRef, RecordRef } from '../../model/index.js';
import type { Entity, WriteOutcome, WriteRequest } from '../connector.js';
import { ConnectorError } from '../shared/connectorError.js';
import type { RateGovernor } from '../shared/rateGovernor.js';
import { type RetryOptions, withRetries } from '../shared/retryPolicy.js';
import type { ClassBinding, SageX3Client } from './client.js';
import { invoiceToX3 } from './codecs/invoice.js';
import { type PartyClass, partyToX3 } from './codecs/party.js';
import { paymentToX3 } from './codecs/payment.js';
import { productToX3 } from './codecs/product.js';
import { salesOrderToX3 } from './codecs/salesOrder.js';
import type { CodecContext } from './codecs/shared.js';
import { KEY_FIELDS } from './reads.js';
import type { SageX3ConnectionSettings } from './settings.js';
import { inList } from './where.js';
import type { X3Resource } from './wire.js';

/** How one write is carried out: where, the key X3 gives the record, and the field searched before creating it. */
interface WritePlan {
  readonly binding: ClassBinding;
  readonly keyField: string;
  /** The business key searched before a create (ZEXTKEY, ITMREF, REF); absent: nothing to search by. */
  readonly search?: { readonly field: string; readonly value: string } | undefined;
  readonly body: (creating: boolean) => Record<string, unknown>;
}

type Planner<E extends Entity> = (request: WriteRequest<E>) => WritePlan;

export interface SageX3WritesOptions {
  readonly client: SageX3Client;
  readonly settings: SageX3ConnectionSettings;
  readonly codec: CodecContext;
  readonly governor: RateGovernor;
  readonly retry?: Omit<RetryOptions, 'statistics' | 'signal'> | undefined;
}

/**
 * Writes, one call per record: X3 api1 has no batch endpoint. Calls are kept to the minimum a safe write needs: one
 * `where KEY in (…)` query per batch of keys finds records that already exist (so a retried or replayed create never
 * duplicates) and resolves references, then one POST or PUT per record. A create that fails in a way that may have
 * reached X3 (a timeout, a dropped connection, a 5xx) is searched for again before it is sent again.
 */
export class SageX3Writes {
  constructor(private readonly options: SageX3WritesOptions) {}

  private get settings(): SageX3ConnectionSettings {
    return this.options.settings;
  }

  parties(requests: readonly WriteRequest<'party'>[]): Promise<WriteOutcome[]> {
    return this.run(requests, (request) => {
      const party = request.record;
      const kind: PartyClass = party.roles.includes('customer') ? 'customer' : 'supplier';
      const field = this.settings.externalKeyField || KEY_FIELDS[kind];
      return {
        binding: this.settings.classes[kind],
        keyField: KEY_FIELDS[kind],
        search: party.code === undefined ? undefined : { field, value: party.code },
        body: (creating) => partyToX3(this.options.codec, kind, party, creating),
      };
    });
  }

  products(requests: readonly WriteRequest<'product'>[]): Promise<WriteOutcome[]> {
    return this.run(requests, (request) => ({
      binding: this.settings.classes.product,
      keyField: KEY_FIELDS.product,
      search: { field: KEY_FIELDS.product, value: request.record.code },
      body: (creating) => productToX3(this.options.codec, request.record, creating),
    }));
  }

  async salesOrders(requests: readonly WriteRequest<'salesOrder'>[]): Promise<WriteOutcome[]> {
    const customers = await this.resolveParties(requests.map((request) => request.record.party));
    return this.run(requests, (request) => {
      const order = request.record;
      const customer = customers.require(order.party);
      return {
        binding: this.settings.classes.salesOrder,
        keyField: KEY_FIELDS.salesOrder,
        search: this.documentSearch(order.number),
        body: () => salesOrderToX3(this.options.codec, order, customer),
      };
    });
  }

  async invoices(requests: readonly WriteRequest<'invoice'>[]): Promise<WriteOutcome[]> {
    const customers = await this.resolveParties(requests.map((request) => request.record.party));
    const orders = await this.resolveDocuments(
      this.settings.classes.salesOrder,
      KEY_FIELDS.salesOrder,
      requests.map((request) => request.record.salesOrder),
    );
    return this.run(requests, (request) => {
      const invoice = request.record;
      if (invoice.kind !== 'receivable') throw unsupported('a payable invoice (bill)', 'SINVOICE holds sales invoices');
      const customer = customers.require(invoice.party);
      const order = invoice.salesOrder === undefined ? undefined : orders.find(invoice.salesOrder);
      return {
        binding: this.settings.classes.invoice,
        keyField: KEY_FIELDS.invoice,
        search: this.documentSearch(invoice.number),
        body: (creating) => invoiceToX3(this.options.codec, invoice, customer, order, creating),
      };
    });
  }

  async payments(requests: readonly WriteRequest<'payment'>[]): Promise<WriteOutcome[]> {
    const customers = await this.resolveParties(requests.map((request) => request.record.party));
    const invoices = await this.resolveDocuments(
      this.settings.classes.invoice,
      KEY_FIELDS.invoice,
      requests.flatMap((request) => request.record.allocations.map((allocation) => allocation.document)),
    );
    return this.run(requests, (request) => {
      const payment = request.record;
      if (payment.direction !== 'received') throw unsupported('a supplier payment', 'PAYMENTH holds customer receipts');
      if (payment.party === undefined) throw missing('the customer', 'payment');
      const customer = customers.require(payment.party);
      const documents = payment.allocations.map((allocation) => invoices.require(allocation.document));
      const reference = payment.reference;
      return {
        binding: this.settings.classes.payment,
        keyField: KEY_FIELDS.payment,
        search: reference ? { field: this.settings.paymentReferenceField, value: reference } : undefined,
        body: (creating) => paymentToX3(this.options.codec, payment, customer, documents, creating),
      };
    });
  }

  private documentSearch(number: string | undefined) {
    const field = this.settings.externalKeyField;
    return number === undefined || field === '' ? undefined : { field, value: number };
  }

  /** Plans every request, finds the existing records in batches, then writes each record (in order of outcome). */
  private async run<E extends Entity>(
    requests: readonly WriteRequest<E>[],
    planner: Planner<E>,
  ): Promise<WriteOutcome[]> {
    const planned = requests.map((request) => {
      try {
        return { request, plan: planner(request) };
      } catch (error) {
        return { request, error: asConnectorError(error) };
      }
    });
    const searches = planned.flatMap((entry) =>
      entry.plan?.search && entry.request.target === undefined ? [{ plan: entry.plan }] : [],
    );
    let existing: Map<string, string>;
    try {
      existing = await this.existing(searches.map((entry) => entry.plan));
    } catch (error) {
      const failure = asConnectorError(error);
      return requests.map((request) => ({ ok: false, idempotencyKey: request.idempotencyKey, error: failure }));
    }
    return Promise.all(
      planned.map(async (entry): Promise<WriteOutcome> => {
        const key = entry.request.idempotencyKey;
        if (entry.error !== undefined || entry.plan === undefined) {
          return { ok: false, idempotencyKey: key, error: entry.error ?? missing('a plan', 'write') };
        }
        try {
          const ref = await this.writeOne(entry.request, entry.plan, existing);
          return { ok: true, idempotencyKey: key, ref: ref.ref, created: ref.created };
        } catch (error) {
          return { ok: false, idempotencyKey: key, error: asConnectorError(error) };
        }
      }),
    );
  }

  private async writeOne<E extends Entity>(
    request: WriteRequest<E>,
    plan: WritePlan,
    existing: ReadonlyMap<string, string>,
  ): Promise<{ ref: RecordRef; created: boolean }> {
    const operation = `${request.operation} ${plan.binding.className}`;
    const target = request.target?.system === 'sagex3' ? request.target.id : undefined;
    const found = plan.search === undefined ? undefined : existing.get(searchKey(plan, plan.search.value));
    const id = target ?? found;
    if (request.operation === 'update' || (request.operation === 'upsert' && id !== undefined)) {
      if (id === undefined) {
        throw new ConnectorError({
          kind: 'not_found',
          system: 'sagex3',
          message: `Counterpart cannot update this ${plan.binding.className} record in Sage X3: it names no X3 record and none carries its key.`,
          context: { class: plan.binding.className, idempotencyKey: request.idempotencyKey },
        });
      }
      const updated = await this.options.client.update(plan.binding, id, plan.body(false), { operation });
      return { ref: refOf(plan, updated, id), created: false };
    }
    // A create whose record already exists is a retry or replay that reached X3 before: nothing more to send.
    if (found !== undefined) return { ref: refOf(plan, undefined, found), created: false };
    return this.createOnce(plan, operation);
  }

  private createOnce(plan: WritePlan, operation: string): Promise<{ ref: RecordRef; created: boolean }> {
    const { client, governor, retry } = this.options;
    return withRetries(
      async (attempt) => {
        if (attempt > 1 && plan.search !== undefined) {
          const earlier = (await this.existing([plan])).get(searchKey(plan, plan.search.value));
          if (earlier !== undefined) return { ref: refOf(plan, undefined, earlier), created: true };
        }
        try {
          // One attempt per POST: a blind resend could create the record twice.
          const created = await client.create(plan.binding, plan.body(true), { operation, maxAttempts: 1 });
          return { ref: refOf(plan, created, undefined), created: true };
        } catch (error) {
          if (!(error instanceof ConnectorError) || error.kind !== 'duplicate' || plan.search === undefined)
            throw error;
          const clash = (await this.existing([plan])).get(searchKey(plan, plan.search.value));
          if (clash === undefined) throw error;
          return { ref: refOf(plan, undefined, clash), created: false };
        }
      },
      {
        maxAttempts: this.settings.maxAttempts,
        ...retry,
        // Without a key to search by, a failed create is not sent again: the sync engine decides.
        ...(plan.search === undefined ? { maxAttempts: 1 } : {}),
        statistics: governor.statistics,
      },
    );
  }

  /** X3 keys of the records carrying each plan's search value, one `in (…)` query per class, field and batch. */
  private async existing(plans: readonly WritePlan[]): Promise<Map<string, string>> {
    const groups = new Map<string, { plan: WritePlan; values: Set<string> }>();
    for (const plan of plans) {
      if (plan.search === undefined) continue;
      const group = `${plan.binding.className}|${plan.search.field}`;
      const entry = groups.get(group) ?? { plan, values: new Set<string>() };
      entry.values.add(plan.search.value);
      groups.set(group, entry);
    }
    const found = new Map<string, string>();
    for (const { plan, values } of groups.values()) {
      const field = plan.search?.field ?? plan.keyField;
      const hits = await this.lookup(plan.binding, field, [...values], `find existing ${plan.binding.className}`);
      for (const [value, resource] of hits) {
        const key = keyOf(resource, plan.keyField);
        if (key !== undefined) found.set(searchKey(plan, value), key);
      }
    }
    return found;
  }

  /** Records whose `field` is one of `values`, by value (the first record when several share it). */
  private async lookup(
    binding: ClassBinding,
    field: string,
    values: readonly string[],
    operation: string,
  ): Promise<Map<string, X3Resource>> {
    const hits = new Map<string, X3Resource>();
    const size = this.settings.lookupBatchSize;
    for (let start = 0; start < values.length; start += size) {
      const batch = values.slice(start, start + size);
      const parameters = { where: inList(field, batch), count: Math.max(size, this.settings.pageSize) };
      for await (const rows of this.options.client.query(binding, parameters, { operation })) {
        for (const row of rows) {
          const value = row[field];
          if (typeof value === 'string' && !hits.has(value.trim())) hits.set(value.trim(), row);
        }
      }
    }
    return hits;
  }

  /** X3 customer codes of the parties documents name: by X3 id directly, else by their shared code (one query). */
  private async resolveParties(parties: readonly (PartyRef | undefined)[]): Promise<Resolved<PartyRef>> {
    const binding = this.settings.classes.customer;
    const field = this.settings.externalKeyField || KEY_FIELDS.customer;
    const codes = parties.flatMap((party) => (party && !isX3(party.ref) && party.code ? [party.code] : []));
    const hits =
      codes.length === 0 ? new Map() : await this.lookup(binding, field, [...new Set(codes)], 'find customers');
    const byCode = new Map([...hits].map(([code, row]) => [code, keyOf(row, KEY_FIELDS.customer)]));
    const find = (party: PartyRef) =>
      isX3(party.ref) ? party.ref?.id : party.code === undefined ? undefined : byCode.get(party.code);
    return {
      find,
      require: (party) => {
        const id = find(party);
        if (id !== undefined) return id;
        throw new ConnectorError({
          kind: 'validation',
          system: 'sagex3',
          message: `Customer ${party.code ?? party.name ?? '(unnamed)'} is not in Sage X3 (no ${binding.className} carries that ${field}): sync the customer to Sage X3 first.`,
          context: { class: binding.className, field, code: party.code ?? null },
        });
      },
    };
  }

  /** X3 numbers of documents named by X3 id or by their shared number (the external-key user field). */
  private async resolveDocuments(
    binding: ClassBinding,
    keyField: string,
    documents: readonly (DocumentRef | undefined)[],
  ): Promise<Resolved<DocumentRef>> {
    const field = this.settings.externalKeyField;
    const numbers = documents.flatMap((doc) => (doc && !isX3(doc.ref) && doc.number ? [doc.number] : []));
    const hits =
      numbers.length === 0 || field === ''
        ? new Map<string, X3Resource>()
        : await this.lookup(binding, field, [...new Set(numbers)], `find ${binding.className}`);
    const byNumber = new Map([...hits].map(([number, row]) => [number, keyOf(row, keyField)]));
    const find = (doc: DocumentRef) =>
      isX3(doc.ref) ? doc.ref?.id : doc.number === undefined ? undefined : (byNumber.get(doc.number) ?? undefined);
    return {
      find,
      require: (doc) => {
        const id = find(doc);
        if (id !== undefined) return id;
        throw new ConnectorError({
          kind: 'validation',
          system: 'sagex3',
          message: `Document ${doc.number ?? doc.ref?.id ?? '(unnamed)'} is not in Sage X3 (no ${binding.className} carries that number): sync it to Sage X3 first.`,
          context: { class: binding.className, number: doc.number ?? null },
        });
      },
    };
  }
}

interface Resolved<T> {
  find(ref: T): string | undefined;
  require(ref: T): string;
}

function isX3(ref: RecordRef | undefined): boolean {
  return ref?.system === 'sagex3';
}

function searchKey(plan: WritePlan, value: string): string {
  return `${plan.binding.className}|${plan.search?.field ?? ''}|${value}`;
}

function keyOf(resource: X3Resource | undefined, keyField: string): string | undefined {
  const value = resource?.[keyField];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function refOf(plan: WritePlan, resource: X3Resource | undefined, fallback: string | undefined): RecordRef {
  const id = keyOf(resource, plan.keyField) ?? fallback;
  if (id === undefined) {
    throw new ConnectorError({
      kind: 'validation',
      system: 'sagex3',
      message: `Sage X3 answered the write of ${plan.binding.className} without its key ${plan.keyField}: check the representation of the class.`,
      context: { class: plan.binding.className },
    });
  }
  return { system: 'sagex3', id, number: id };
}

function unsupported(what: string, why: string): ConnectorError {
  return new ConnectorError({
    kind: 'configuration',
    system: 'sagex3',
    message: `Counterpart cannot write ${what} to Sage X3: ${why}.`,
    context: { what },
  });
}

function missing(what: string, record: string): ConnectorError {
  return new ConnectorError({
    kind: 'validation',
    system: 'sagex3',
    message: `The ${record} cannot be written to Sage X3 without ${what}.`,
    context: { what },
  });
}

function asConnectorError(error: unknown): ConnectorError {
  if (error instanceof ConnectorError) return error;
  return new ConnectorError({
    kind: 'validation',
    system: 'sagex3',
    message: `Counterpart could not prepare the write to Sage X3: ${error instanceof Error ? error.message : String(error)}`,
    cause: error,
  });
}
