import {
  decimalSum,
  type Invoice,
  type LedgerAccount,
  type Party,
  type Payment,
  type Product,
  type SalesOrder,
  type TaxRate,
} from '../../model/index.js';
import type { ReadRequest } from '../connector.js';
import type { ClassBinding, SageX3Client } from './client.js';
import { type InvoiceOpenItem, invoiceFromX3 } from './codecs/invoice.js';
import { ledgerAccountFromX3 } from './codecs/ledgerAccount.js';
import { type PartyClass, partyFromX3 } from './codecs/party.js';
import { paymentFromX3 } from './codecs/payment.js';
import { productFromX3 } from './codecs/product.js';
import { salesOrderFromX3 } from './codecs/salesOrder.js';
import { type CodecContext, laterInstant } from './codecs/shared.js';
import { taxRateFromX3 } from './codecs/taxRate.js';
import { SageX3GraphqlReads } from './graphqlReads.js';
import type { SageX3ConnectionSettings } from './settings.js';
import { allOf, changedSince, inList, quoted } from './where.js';
import { OpenItemWire, parseWire, stampsOf, type X3Resource } from './wire.js';

/** The key field of each class the connector reads by key (`$details`, lookups). */
export const KEY_FIELDS = {
  customer: 'BPCNUM',
  supplier: 'BPSNUM',
  product: 'ITMREF',
  salesOrder: 'SOHNUM',
  invoice: 'NUM',
  payment: 'NUM',
  openItem: 'NUM',
} as const;

/**
 * Reading each entity. Every read is a `$query` filtered on the update stamp (`where UPDDATTIM ge @…@`) and ordered by
 * it, so an incremental read costs one call per page of changed records and its cursor can move page by page. Classes
 * whose `$query` rows lack the child table (addresses, lines, allocations) cost one `$details` call per changed record.
 */
export class SageX3Reads {
  private readonly graphql: SageX3GraphqlReads;

  constructor(
    private readonly client: SageX3Client,
    private readonly settings: SageX3ConnectionSettings,
    private readonly codec: CodecContext,
  ) {
    this.graphql = new SageX3GraphqlReads(client, settings, codec);
  }

  async *parties(request: ReadRequest): AsyncGenerator<Party[]> {
    const viaGraphql = this.settings.graphql.entities.includes('party');
    if (viaGraphql) yield* this.graphql.customers(request);
    for (const kind of (viaGraphql ? ['supplier'] : ['customer', 'supplier']) as PartyClass[]) {
      const binding = this.settings.classes[kind];
      for await (const rows of this.changed(binding, request, undefined, `read ${kind}s`)) {
        const full = this.settings.readDetails.party ? await this.withDetails(binding, kind, rows, request) : rows;
        yield full.map((resource) => partyFromX3(this.codec, kind, resource));
      }
    }
  }

  async *products(request: ReadRequest): AsyncGenerator<Product[]> {
    if (this.settings.graphql.entities.includes('product')) {
      yield* this.graphql.products(request);
      return;
    }
    for await (const rows of this.changed(this.settings.classes.product, request, undefined, 'read products')) {
      yield rows.map((resource) => productFromX3(this.codec, resource));
    }
  }

  async *salesOrders(request: ReadRequest): AsyncGenerator<SalesOrder[]> {
    const binding = this.settings.classes.salesOrder;
    const withLines = this.settings.readDetails.salesOrder;
    for await (const rows of this.changed(binding, request, undefined, 'read sales orders')) {
      const full = withLines ? await this.withDetails(binding, 'salesOrder', rows, request) : rows;
      yield full.map((resource) => salesOrderFromX3(this.codec, resource, withLines));
    }
  }

  /**
   * Invoices changed since the cursor, then invoices whose open item changed (a payment changes the open item, not
   * the invoice). Credit notes (INVTYP 2) are left out. Each page of invoices costs one more call for its open items.
   */
  async *invoices(request: ReadRequest): AsyncGenerator<Invoice[]> {
    const binding = this.settings.classes.invoice;
    const notCreditNote = `INVTYP ne ${this.settings.menus.creditNoteInvoiceType}`;
    const done = new Set<string>();
    for await (const rows of this.changed(binding, request, notCreditNote, 'read invoices')) {
      const page = await this.invoicePage(rows, request);
      for (const invoice of page) if (invoice.source) done.add(invoice.source.id);
      yield page;
    }
    if (request.modifiedSince === undefined) return;
    const items = this.changed(this.settings.classes.openItem, request, undefined, 'read open items');
    for await (const rows of items) {
      const numbers = [...new Set(rows.map((row) => String(row[KEY_FIELDS.openItem] ?? '')))].filter(
        (number) => number !== '' && !done.has(number),
      );
      if (numbers.length === 0) continue;
      for (const number of numbers) done.add(number);
      for (let start = 0; start < numbers.length; start += this.settings.lookupBatchSize) {
        const batch = numbers.slice(start, start + this.settings.lookupBatchSize);
        const where = allOf(notCreditNote, inList(KEY_FIELDS.invoice, batch));
        for await (const invoices of this.client.query(binding, { where }, this.site('read paid invoices', request))) {
          if (invoices.length > 0) yield await this.invoicePage(invoices, request);
        }
      }
    }
  }

  async *payments(request: ReadRequest): AsyncGenerator<Payment[]> {
    const binding = this.settings.classes.payment;
    const withLines = this.settings.readDetails.payment;
    for await (const rows of this.changed(binding, request, undefined, 'read payments')) {
      const full = withLines ? await this.withDetails(binding, 'payment', rows, request) : rows;
      yield full.map((resource) => paymentFromX3(this.codec, resource, withLines));
    }
  }

  async *ledgerAccounts(request: ReadRequest): AsyncGenerator<LedgerAccount[]> {
    const chart = this.settings.chartOfAccounts;
    const where = chart === undefined ? undefined : `COA eq ${quoted(chart)}`;
    for await (const rows of this.changed(this.settings.classes.ledgerAccount, request, where, 'read GL accounts')) {
      yield rows.map((resource) => ledgerAccountFromX3(this.codec, resource));
    }
  }

  async *taxRates(request: ReadRequest): AsyncGenerator<TaxRate[]> {
    for await (const rows of this.changed(this.settings.classes.taxRate, request, undefined, 'read tax codes')) {
      yield rows.map((resource) => taxRateFromX3(this.codec, resource));
    }
  }

  /** The non-empty pages of a class, changed since the request's instant, oldest change first. */
  private async *changed(
    binding: ClassBinding,
    request: ReadRequest,
    filter: string | undefined,
    operation: string,
  ): AsyncGenerator<X3Resource[]> {
    const since = request.modifiedSince === undefined ? undefined : changedSince(this.settings, request.modifiedSince);
    const orderBy = this.settings.incrementalOrder === 'stamp' ? `${this.settings.updateStampField} asc` : undefined;
    const parameters = { where: allOf(filter, since), orderBy };
    for await (const rows of this.client.query(binding, parameters, this.site(operation, request))) {
      if (rows.length > 0) yield rows;
    }
  }

  private async invoicePage(rows: readonly X3Resource[], request: ReadRequest): Promise<Invoice[]> {
    const withLines = this.settings.readDetails.invoice;
    const binding = this.settings.classes.invoice;
    const numbers = rows.map((row) => String(row[KEY_FIELDS.invoice] ?? ''));
    const [items, full] = await Promise.all([
      this.openItems(numbers, request),
      withLines ? this.withDetails(binding, 'invoice', rows, request) : Promise.resolve([...rows]),
    ]);
    return full.map((resource) =>
      invoiceFromX3(this.codec, resource, items.get(String(resource[KEY_FIELDS.invoice] ?? '')), withLines),
    );
  }

  /** The open items of invoices, one `$query` per lookup batch (X3 keeps one due-date line per invoice here). */
  private async openItems(numbers: readonly string[], request: ReadRequest): Promise<Map<string, InvoiceOpenItem>> {
    const binding = this.settings.classes.openItem;
    const found = new Map<string, InvoiceOpenItem>();
    const unique = [...new Set(numbers.filter((number) => number !== ''))];
    for (let start = 0; start < unique.length; start += this.settings.lookupBatchSize) {
      const batch = unique.slice(start, start + this.settings.lookupBatchSize);
      const parameters = { where: inList(KEY_FIELDS.openItem, batch), count: this.settings.pageSize };
      for await (const rows of this.client.query(binding, parameters, this.site('read open items', request))) {
        for (const row of rows) {
          const item = parseWire(OpenItemWire, row, binding.className, 'record');
          const stamps = stampsOf(row, this.settings, binding.className);
          const previous = found.get(item.NUM);
          // Several due-date lines: add what they hold and keep the latest stamp.
          found.set(item.NUM, previous === undefined ? { item, ...stamps } : merge(previous, { item, ...stamps }));
        }
      }
    }
    return found;
  }

  /** The `$details` of each row (child tables), fetched side by side within the governor's concurrency. */
  private async withDetails(
    binding: ClassBinding,
    kind: keyof typeof KEY_FIELDS,
    rows: readonly X3Resource[],
    request: ReadRequest,
  ): Promise<X3Resource[]> {
    const keyField = KEY_FIELDS[kind];
    const site = this.site(`read ${binding.className} details`, request);
    const full = await Promise.all(
      rows.map((row) => {
        const key = typeof row.$key === 'string' && row.$key !== '' ? row.$key : String(row[keyField] ?? '');
        return this.client.details(binding, key, site);
      }),
    );
    // A record deleted between the page and its details is simply gone.
    return full.filter((resource): resource is X3Resource => resource !== undefined);
  }

  private site(operation: string, request: ReadRequest) {
    return { operation, signal: request.signal };
  }
}

function merge(left: InvoiceOpenItem, right: InvoiceOpenItem): InvoiceOpenItem {
  const sum = (a: string | undefined, b: string | undefined) => decimalSum(a ?? '0', b ?? '0');
  return {
    item: {
      ...left.item,
      AMTCUR: sum(left.item.AMTCUR, right.item.AMTCUR),
      PAYCUR: sum(left.item.PAYCUR, right.item.PAYCUR),
    },
    updatedAt: laterInstant(left.updatedAt, right.updatedAt),
    version: [left.version, right.version].filter(Boolean).join('+') || undefined,
  };
}
