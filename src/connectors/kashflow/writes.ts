import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Invoice, Party, Payment, RecordRef } from '../../model/index.js';
import type { WriteOutcome, WriteRequest } from '../connector.js';
import { ConnectorError } from '../shared/connectorError.js';
import { retryDelay } from '../shared/retryPolicy.js';
import type { KashFlowClient } from './client.js';
import { type DocumentKind, documentId, documentKindOf, invoiceToWire } from './codecs/invoice.js';
import { type PartyKind, partyId, partyKindOfId, partyToWire } from './codecs/party.js';
import { type PaymentLineOut, paymentId, paymentLineToWire, samePaymentLine } from './codecs/payment.js';
import { productNominal, productToWire } from './codecs/product.js';
import { type CodecContext, text } from './codecs/shared.js';
import type { KashFlowConnectionSettings } from './settings.js';
import {
  BulkPaymentResults,
  KfBankAccount,
  type KfDocument,
  KfDocument as KfDocumentSchema,
  KfParty,
  KfPaymentMethod,
  KfProduct,
  listEnvelope,
} from './wire.js';

type Outcome = WriteOutcome;
const ok = (idempotencyKey: string, ref: RecordRef, created: boolean): Outcome => ({
  ok: true,
  idempotencyKey,
  ref,
  created,
});
const failed = (idempotencyKey: string, error: unknown): Outcome => ({
  ok: false,
  idempotencyKey,
  error:
    error instanceof ConnectorError
      ? error
      : new ConnectorError({
          kind: 'validation',
          system: 'kashflow',
          message: `KashFlow could not be sent the record: ${error instanceof Error ? error.message : String(error)}`,
          cause: error,
        }),
});

/** Keys of records that exist already, listed in pages when that costs fewer calls than one lookup per record. */
type ExistingIndex<T> = ReadonlyMap<string, T> | undefined;

/**
 * Writing customers, suppliers, products, invoices and payments. KashFlow has no batch create for any of them, so
 * each is one call; payments go through the bulk-payment endpoint, many allocations per call. Every create searches
 * first — by code, number, or (payments) by date, amount and reference on the document — so a retry or a replay of
 * the same idempotency key never makes a second record.
 */
export class KashFlowWrites {
  private paymentMethods = new Map<DocumentKind, Promise<Map<string, number>>>();
  private bankAccounts: Promise<Map<string, number>> | undefined;

  constructor(
    private readonly client: KashFlowClient,
    private readonly settings: KashFlowConnectionSettings,
    private readonly codec: CodecContext,
  ) {}

  // Parties ------------------------------------------------------------------------------------------------------

  async parties(requests: readonly WriteRequest<'party'>[]): Promise<Outcome[]> {
    const indexes = new Map<PartyKind, ExistingIndex<z.infer<typeof KfParty>>>();
    for (const kind of ['customer', 'supplier'] as const) {
      const wanted = requests.filter((request) => this.partyKinds(request).includes(kind)).length;
      indexes.set(
        kind,
        await this.index(kind === 'customer' ? '/customers' : '/suppliers', KfParty, wanted, (row) => row.Code),
      );
    }
    return this.each(requests, async (request) => {
      let first: Outcome | undefined;
      for (const kind of this.partyKinds(request)) {
        const outcome = await this.writeParty(kind, request, indexes.get(kind));
        first ??= outcome;
      }
      return first as Outcome;
    });
  }

  private partyKinds(request: WriteRequest<'party'>): PartyKind[] {
    const fromTarget = request.target ? partyKindOfId(request.target.id) : undefined;
    if (request.operation === 'update' && fromTarget) return [fromTarget];
    return request.record.roles.filter((role): role is PartyKind => role === 'customer' || role === 'supplier');
  }

  private async writeParty(
    kind: PartyKind,
    request: WriteRequest<'party'>,
    index: ExistingIndex<z.infer<typeof KfParty>>,
  ): Promise<Outcome> {
    const path = kind === 'customer' ? '/customers' : '/suppliers';
    const code = partyCode(request.record, request);
    const ref = (wire: { Id: number; Code: string }): RecordRef => ({
      system: 'kashflow',
      id: partyId(kind, wire.Id),
      number: wire.Code,
    });
    const found = async () => (index === undefined ? await this.findParty(kind, code) : index.get(code.toUpperCase()));
    const put = async (existingCode: string) => {
      const saved = await this.client.call('PUT', `${path}/${encodeURIComponent(existingCode)}`, KfParty, {
        operation: `update ${kind} ${existingCode}`,
        endpoint: `${path}/{code}`,
        body: partyToWire(kind, request.record, code),
      });
      return ok(request.idempotencyKey, ref(saved), false);
    };
    if (request.operation === 'update') return put(request.target?.number ?? code);
    const existing = await found();
    if (existing) {
      return request.operation === 'upsert' ? put(existing.Code) : ok(request.idempotencyKey, ref(existing), false);
    }
    return this.createOnce(
      () =>
        this.client.call('POST', path, KfParty, {
          operation: `create ${kind} ${code}`,
          body: partyToWire(kind, request.record, code),
        }),
      () => this.findParty(kind, code),
      (wire, created) => ok(request.idempotencyKey, ref(wire), created),
    );
  }

  private findParty(kind: PartyKind, code: string) {
    const path = kind === 'customer' ? '/customers' : '/suppliers';
    return this.client.find(`${path}/${encodeURIComponent(code)}`, KfParty, {
      operation: `look up ${kind} ${code}`,
      endpoint: `${path}/{code}`,
    });
  }

  // Products -----------------------------------------------------------------------------------------------------

  async products(requests: readonly WriteRequest<'product'>[]): Promise<Outcome[]> {
    const index = await this.index(
      '/products/list',
      KfProduct,
      requests.length,
      (row) => `${row.NominalCode}/${row.Code}`,
      this.settings.productPageSize,
    );
    return this.each(requests, async (request) => {
      const product = request.record;
      const nominal = productNominal(this.codec, product);
      const key = `${nominal}/${product.code}`;
      const ref = (wire: z.infer<typeof KfProduct>): RecordRef => ({
        system: 'kashflow',
        id: String(wire.Id),
        number: wire.Code,
      });
      const path = `/products/${nominal}/${encodeURIComponent(product.code)}`;
      const lookup = () =>
        this.client.find(path, KfProduct, {
          operation: `look up product ${product.code}`,
          endpoint: '/products/{nominalCode}/{code}',
        });
      const put = async (existing: z.infer<typeof KfProduct>) => {
        const saved = await this.client.call(
          'PUT',
          `/products/${existing.NominalCode}/${encodeURIComponent(existing.Code)}`,
          KfProduct,
          {
            operation: `update product ${product.code}`,
            endpoint: '/products/{nominalCode}/{code}',
            body: productToWire(this.codec, product),
          },
        );
        return ok(request.idempotencyKey, ref(saved), false);
      };
      const existing = index === undefined ? await lookup() : index.get(key.toUpperCase());
      if (existing)
        return request.operation === 'create' ? ok(request.idempotencyKey, ref(existing), false) : put(existing);
      if (request.operation === 'update') {
        throw new ConnectorError({
          kind: 'not_found',
          system: 'kashflow',
          message: `KashFlow has no product ${product.code} under nominal ${nominal} to update.`,
          context: { product: product.code, nominal },
        });
      }
      return this.createOnce(
        () =>
          this.client.call('POST', '/products', KfProduct, {
            operation: `create product ${product.code}`,
            body: productToWire(this.codec, product),
          }),
        lookup,
        (wire, created) => ok(request.idempotencyKey, ref(wire), created),
      );
    });
  }

  // Invoices -----------------------------------------------------------------------------------------------------

  async invoices(requests: readonly WriteRequest<'invoice'>[]): Promise<Outcome[]> {
    const indexes = new Map<DocumentKind, ExistingIndex<KfDocument>>();
    for (const kind of ['invoice', 'purchase'] as const) {
      const wanted = requests.filter((request) => documentKindOf(request.record) === kind).length;
      if (wanted > 0) {
        indexes.set(
          kind,
          await this.index(kind === 'invoice' ? '/invoices' : '/purchases', KfDocumentSchema, wanted, (row) =>
            String(row.Number),
          ),
        );
      }
    }
    return this.each(requests, (request) => this.writeInvoice(request, indexes.get(documentKindOf(request.record))));
  }

  private async writeInvoice(request: WriteRequest<'invoice'>, index: ExistingIndex<KfDocument>): Promise<Outcome> {
    const invoice = request.record;
    const kind = documentKindOf(invoice);
    const path = kind === 'invoice' ? '/invoices' : '/purchases';
    const party = invoice.party.code ?? invoice.party.ref?.number;
    if (party === undefined) {
      throw new ConnectorError({
        kind: 'validation',
        system: 'kashflow',
        message: `Invoice ${invoice.number ?? '(new)'} names its ${kind === 'invoice' ? 'customer' : 'supplier'} without a code; KashFlow needs the ${kind === 'invoice' ? 'CustomerCode' : 'SupplierCode'}.`,
        context: { invoice: invoice.number ?? null },
      });
    }
    const number = await this.invoiceNumber(kind, invoice, request.target);
    const ref = (wire: KfDocument): RecordRef => ({
      system: 'kashflow',
      id: documentId(kind, wire.Id),
      number: String(wire.Number),
    });
    const lookup = () =>
      this.client.find(`${path}/${number}`, KfDocumentSchema, {
        operation: `look up ${kind} ${number}`,
        endpoint: `${path}/{number}`,
      });
    const existing = index === undefined ? await lookup() : index.get(String(number));
    const body = invoiceToWire(invoice, number, party);
    if (existing) {
      const owner = text(kind === 'invoice' ? existing.CustomerCode : existing.SupplierCode);
      if (owner?.toUpperCase() !== party.toUpperCase()) {
        throw new ConnectorError({
          kind: 'duplicate',
          system: 'kashflow',
          message: `KashFlow ${kind} number ${number} already belongs to ${owner ?? 'another party'}, not ${party}: renumber one of them.`,
          context: { number, party, owner: owner ?? null },
        });
      }
      if (request.operation === 'create') return ok(request.idempotencyKey, ref(existing), false);
      const saved = await this.client.call('PUT', `${path}/${number}`, KfDocumentSchema, {
        operation: `update ${kind} ${number}`,
        endpoint: `${path}/{number}`,
        body,
      });
      return ok(request.idempotencyKey, ref(saved), false);
    }
    if (request.operation === 'update') {
      throw new ConnectorError({
        kind: 'not_found',
        system: 'kashflow',
        message: `KashFlow has no ${kind} number ${number} to update.`,
        context: { number },
      });
    }
    return this.createOnce(
      () => this.client.call('POST', path, KfDocumentSchema, { operation: `create ${kind} ${number}`, body }),
      lookup,
      (wire, created) => ok(request.idempotencyKey, ref(wire), created),
    );
  }

  private async invoiceNumber(kind: DocumentKind, invoice: Invoice, target: RecordRef | undefined): Promise<number> {
    const given = invoice.number ?? target?.number;
    if (given !== undefined) {
      if (!/^\d{1,9}$/.test(given)) {
        throw new ConnectorError({
          kind: 'validation',
          system: 'kashflow',
          message: `KashFlow ${kind} numbers are whole numbers, so "${given}" cannot be used: map the number to digits only.`,
          context: { number: given },
        });
      }
      return Number(given);
    }
    const next = await this.client.get(`/nextavailable${kind}number`, z.number().int().positive(), {
      operation: `reserve a ${kind} number`,
    });
    return next;
  }

  // Payments -----------------------------------------------------------------------------------------------------

  /**
   * Payments go out through `POST /invoices/bulk/payments` (and `/purchases/…`): allocations that share a date,
   * method, bank account and reference travel in one call, up to `bulkPaymentBatchSize`. Before each attempt the
   * documents are read again and allocations already on them are left out, so a bulk call whose answer was lost
   * is never paid twice.
   */
  async payments(requests: readonly WriteRequest<'payment'>[]): Promise<Outcome[]> {
    const outcomes: (Outcome | undefined)[] = requests.map(() => undefined);
    const pending: PendingAllocation[] = [];
    for (const [position, request] of requests.entries()) {
      try {
        pending.push(...(await this.allocationsOf(request, position)));
      } catch (error) {
        outcomes[position] = failed(request.idempotencyKey, error);
      }
    }
    const groups = new Map<string, PendingAllocation[]>();
    for (const allocation of pending) {
      const key = JSON.stringify([
        allocation.kind,
        allocation.line.Date,
        allocation.line.Method,
        allocation.line.AccountId ?? null,
        allocation.line.Reference,
      ]);
      const group = groups.get(key) ?? [];
      group.push(allocation);
      groups.set(key, group);
    }
    const results = new Map<PendingAllocation, AllocationResult>();
    // One search for the whole write; each bulk call searches again only when it is retried.
    await this.markExisting(pending, results).catch(() => undefined);
    for (const group of groups.values()) {
      for (let start = 0; start < group.length; start += this.settings.bulkPaymentBatchSize) {
        const chunk = group
          .slice(start, start + this.settings.bulkPaymentBatchSize)
          .filter((allocation) => !results.has(allocation));
        if (chunk.length === 0) continue;
        for (const [allocation, result] of await this.bulkWithRetries(chunk)) results.set(allocation, result);
      }
    }
    for (const [position, request] of requests.entries()) {
      if (outcomes[position] !== undefined) continue;
      const mine = pending
        .filter((allocation) => allocation.position === position)
        .map((allocation) => results.get(allocation));
      const failure = mine.find((result) => result !== undefined && !result.ok);
      if (failure !== undefined && !failure.ok) {
        outcomes[position] = failed(request.idempotencyKey, failure.error);
        continue;
      }
      const first = mine[0];
      if (first === undefined || !first.ok) {
        outcomes[position] = failed(request.idempotencyKey, new Error('the payment has no allocation to an invoice'));
        continue;
      }
      outcomes[position] = ok(
        request.idempotencyKey,
        first.ref,
        mine.some((result) => result?.ok && result.created),
      );
    }
    return outcomes as Outcome[];
  }

  private async allocationsOf(request: WriteRequest<'payment'>, position: number): Promise<PendingAllocation[]> {
    const payment = request.record;
    const kind: DocumentKind = payment.direction === 'received' ? 'invoice' : 'purchase';
    if (request.operation === 'update') {
      throw new ConnectorError({
        kind: 'validation',
        system: 'kashflow',
        message:
          'KashFlow payments cannot be changed through its API: remove the payment in KashFlow and record it again.',
        context: { payment: request.target?.id ?? null },
      });
    }
    const invoices = payment.allocations.filter((allocation) => allocation.documentKind === 'invoice');
    if (invoices.length === 0) {
      throw new ConnectorError({
        kind: 'validation',
        system: 'kashflow',
        message: 'KashFlow records a payment against an invoice or purchase: this payment is allocated to none.',
        context: { reference: payment.reference ?? null },
      });
    }
    const method = await this.methodId(kind, payment);
    const accountId = await this.accountId(payment);
    return invoices.map((allocation) => {
      const number = allocation.document.number ?? allocation.document.ref?.number;
      if (number === undefined || !/^\d+$/.test(number)) {
        throw new ConnectorError({
          kind: 'validation',
          system: 'kashflow',
          message: `A payment allocation names no KashFlow ${kind} number ("${number ?? ''}").`,
          context: { reference: payment.reference ?? null },
        });
      }
      return {
        position,
        kind,
        number: Number(number),
        line: paymentLineToWire(payment, allocation, method, accountId),
      };
    });
  }

  private async bulkWithRetries(chunk: PendingAllocation[]): Promise<Map<PendingAllocation, AllocationResult>> {
    const results = new Map<PendingAllocation, AllocationResult>();
    for (let attempt = 1; ; attempt += 1) {
      const left = chunk.filter((allocation) => !results.has(allocation));
      try {
        if (attempt > 1) await this.markExisting(left, results);
        const toSend = left.filter((allocation) => !results.has(allocation));
        if (toSend.length > 0) await this.bulk(toSend, results);
        return results;
      } catch (error) {
        const delay = error instanceof ConnectorError ? retryDelay(error, attempt) : undefined;
        if (delay === undefined || attempt >= this.settings.maxAttempts) {
          for (const allocation of chunk) if (!results.has(allocation)) results.set(allocation, { ok: false, error });
          return results;
        }
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  /**
   * Search before create: allocations already on their documents are done. A document whose list row shows nothing
   * paid cannot hold one, so only documents with payments are read in full.
   */
  private async markExisting(allocations: PendingAllocation[], results: Map<PendingAllocation, AllocationResult>) {
    const documents = new Map<string, Promise<KfDocument | undefined>>();
    for (const kind of ['invoice', 'purchase'] as const) {
      const numbers = new Set(allocations.filter((a) => a.kind === kind).map((a) => a.number));
      if (numbers.size === 0) continue;
      const path = kind === 'invoice' ? '/invoices' : '/purchases';
      const summaries = await this.index(path, KfDocumentSchema, numbers.size, (row) => String(row.Number));
      for (const number of numbers) {
        const summary = summaries?.get(String(number));
        const unpaid = summary !== undefined && (summary.TotalPaidAmount ?? 0) === 0;
        documents.set(
          `${kind}/${number}`,
          summaries !== undefined && (summary === undefined || unpaid)
            ? Promise.resolve(summary && { ...summary, PaymentLines: [] })
            : this.client.find(`${path}/${number}`, KfDocumentSchema, {
                operation: `look up ${kind} ${number}`,
                endpoint: `${path}/{number}`,
              }),
        );
      }
    }
    const claimed = new Set<number>();
    for (const allocation of allocations) {
      const document = await documents.get(`${allocation.kind}/${allocation.number}`);
      if (document === undefined) {
        results.set(allocation, {
          ok: false,
          error: new ConnectorError({
            kind: 'not_found',
            system: 'kashflow',
            message: `KashFlow has no ${allocation.kind} number ${allocation.number} to take the payment.`,
            context: { number: allocation.number },
          }),
        });
        continue;
      }
      const currency = text(document.Currency?.Code) ?? this.codec.baseCurrency;
      const line = (document.PaymentLines ?? []).find(
        (candidate) => !claimed.has(candidate.Id) && samePaymentLine(this.codec, candidate, allocation.line, currency),
      );
      if (line) {
        claimed.add(line.Id);
        results.set(allocation, {
          ok: true,
          created: false,
          ref: { system: 'kashflow', id: paymentId(allocation.kind, line.Id) },
        });
      }
    }
  }

  private async bulk(allocations: PendingAllocation[], results: Map<PendingAllocation, AllocationResult>) {
    const [first] = allocations;
    if (first === undefined) return;
    const path = first.kind === 'invoice' ? '/invoices/bulk/payments' : '/purchases/bulk/payments';
    let answer: z.infer<typeof BulkPaymentResults>;
    try {
      answer = await this.client.call('POST', path, BulkPaymentResults, {
        operation: `record ${allocations.length} payment(s)`,
        body: {
          Date: first.line.Date,
          Method: first.line.Method,
          ...(first.line.AccountId === undefined ? {} : { AccountId: first.line.AccountId }),
          Reference: first.line.Reference,
          Payments: allocations.map((allocation) => ({ Number: allocation.number, Amount: allocation.line.Amount })),
        },
        // The retry is made safe above (documents re-read first), not by repeating this POST blindly.
        maxAttempts: 1,
        refine: (failure) => {
          const parsed = BulkPaymentResults.safeParse(failure.body);
          return parsed.success ? new AllRefused(parsed.data) : undefined;
        },
      });
    } catch (error) {
      if (!(error instanceof AllRefused)) throw error;
      answer = error.results;
    }
    allocations.forEach((allocation, index) => {
      const result = answer.Results[index];
      if (result?.Success && result.PaymentId != null) {
        results.set(allocation, {
          ok: true,
          created: true,
          ref: { system: 'kashflow', id: paymentId(allocation.kind, result.PaymentId) },
        });
      } else {
        results.set(allocation, {
          ok: false,
          error: new ConnectorError({
            kind: 'validation',
            system: 'kashflow',
            message: `KashFlow did not record the payment of ${allocation.line.Amount} on ${allocation.kind} ${allocation.number}.${result?.Message ? ` KashFlow said: "${result.Message}".` : ''}`,
            systemMessage: result?.Message ?? undefined,
            context: { number: allocation.number, kashflowError: result?.Error ?? null },
          }),
        });
      }
    });
  }

  private async methodId(kind: DocumentKind, payment: Payment): Promise<number> {
    const method = payment.method?.trim();
    if (method === undefined || method === '') return this.codec.defaultPaymentMethodId;
    if (/^\d+$/.test(method)) return Number(method);
    let methods = this.paymentMethods.get(kind);
    if (!methods) {
      methods = this.client
        .array(`/paymentmethods/${kind}`, KfPaymentMethod, { operation: `read ${kind} payment methods` })
        .then((rows) => new Map(rows.map((row) => [(row.Name ?? '').toLowerCase(), row.Id])));
      this.paymentMethods.set(kind, methods);
    }
    const id = (await methods).get(method.toLowerCase());
    if (id === undefined) {
      throw new ConnectorError({
        kind: 'validation',
        system: 'kashflow',
        message: `KashFlow has no ${kind} payment method called "${method}": map it to one KashFlow knows.`,
        context: { method },
      });
    }
    return id;
  }

  private async accountId(payment: Payment): Promise<number | undefined> {
    const account = payment.bankAccount;
    if (account === undefined) return undefined;
    if (account.ref?.system === 'kashflow' && /^\d+$/.test(account.ref.id)) return Number(account.ref.id);
    if (account.code === undefined) return undefined;
    this.bankAccounts ??= this.client
      .array('/bankaccounts', KfBankAccount, { operation: 'read bank accounts' })
      .then((rows) => new Map(rows.map((row) => [String(row.Code ?? ''), row.Id])));
    const id = (await this.bankAccounts).get(account.code);
    if (id === undefined) {
      throw new ConnectorError({
        kind: 'validation',
        system: 'kashflow',
        message: `KashFlow has no bank account with the code ${account.code}.`,
        context: { bankAccount: account.code },
      });
    }
    return id;
  }

  // Shared -------------------------------------------------------------------------------------------------------

  /** Runs the requests (the governor bounds concurrency), one outcome each, in order; failures are classified. */
  private async each<R extends { idempotencyKey: string }>(
    requests: readonly R[],
    write: (request: R) => Promise<Outcome>,
  ): Promise<Outcome[]> {
    return Promise.all(
      requests.map((request) => write(request).catch((error: unknown) => failed(request.idempotencyKey, error))),
    );
  }

  /**
   * Posts a create; when it fails as a duplicate (our own earlier attempt got through but its answer was lost), the
   * record found by its key is ours.
   */
  private async createOnce<T>(
    create: () => Promise<T>,
    lookup: () => Promise<T | undefined>,
    outcome: (wire: T, created: boolean) => Outcome,
  ): Promise<Outcome> {
    try {
      return outcome(await create(), true);
    } catch (error) {
      if (!(error instanceof ConnectorError) || error.kind !== 'duplicate') throw error;
      const found = await lookup();
      if (found === undefined) throw error;
      return outcome(found, true);
    }
  }

  /**
   * Existing records by key, listed page by page — or undefined when one lookup per record is cheaper than the
   * pages (few records to write into a large ledger). Keys are upper-cased: KashFlow codes are case-insensitive.
   */
  private async index<S extends z.ZodType>(
    path: string,
    row: S,
    wanted: number,
    key: (row: z.infer<S>) => string,
    perPage = this.settings.pageSize,
  ): Promise<ExistingIndex<z.infer<S>>> {
    if (wanted < 3) return undefined;
    const envelope = listEnvelope(row);
    const index = new Map<string, z.infer<S>>();
    const first = await this.client.get(path, envelope, {
      operation: 'list existing records',
      query: { page: 1, perpage: perPage },
    });
    const served = Math.max(1, first.Data.length);
    const total = first.MetaData?.TotalRecords ?? first.Data.length;
    const pagesLeft = Math.ceil(Math.max(0, total - first.Data.length) / served);
    if (pagesLeft >= wanted) return undefined;
    for (const wire of first.Data as z.infer<S>[]) index.set(key(wire).toUpperCase(), wire);
    for (let page = 2; page <= pagesLeft + 1; page += 1) {
      const next = await this.client.get(path, envelope, {
        operation: 'list existing records',
        query: { page, perpage: perPage },
      });
      for (const wire of next.Data as z.infer<S>[]) index.set(key(wire).toUpperCase(), wire);
    }
    return index;
  }
}

interface PendingAllocation {
  readonly position: number;
  readonly kind: DocumentKind;
  readonly number: number;
  readonly line: PaymentLineOut;
}

type AllocationResult = { ok: true; created: boolean; ref: RecordRef } | { ok: false; error: unknown };

class AllRefused extends Error {
  constructor(readonly results: z.infer<typeof BulkPaymentResults>) {
    super('KashFlow refused every allocation of a bulk payment');
  }
}

/**
 * A customer's or supplier's code: the record's own, the target's, or — for a record that has none — one derived
 * from its name and the idempotency key, so a replay finds the record the first attempt created.
 */
function partyCode(party: Party, request: WriteRequest<'party'>): string {
  const given = party.code ?? request.target?.number;
  if (given !== undefined) return given;
  const stem = (party.name.replace(/[^A-Za-z0-9]/g, '').toUpperCase() || 'PARTY').slice(0, 8);
  const hash = createHash('sha256').update(request.idempotencyKey).digest('hex').slice(0, 6).toUpperCase();
  return `${stem}-${hash}`;
}
