import type { z } from 'zod';
import type { Invoice, LedgerAccount, Party, Payment, Product, TaxRate } from '../../model/index.js';
import type { ReadRequest } from '../connector.js';
import type { KashFlowClient } from './client.js';
import { type DocumentKind, invoiceFromWire } from './codecs/invoice.js';
import { ledgerAccountFromWire } from './codecs/ledgerAccount.js';
import { type PartyKind, partyFromWire } from './codecs/party.js';
import { paymentFromWire } from './codecs/payment.js';
import { productFromWire } from './codecs/product.js';
import type { CodecContext } from './codecs/shared.js';
import { taxRateFromWire } from './codecs/taxRate.js';
import { instantFromKashFlow } from './codecs/time.js';
import type { KashFlowConnectionSettings } from './settings.js';
import { KfDocument, KfNominal, KfParty, KfProduct, KfVatRate } from './wire.js';

/**
 * Reading each entity. KashFlow's lists cannot be filtered by change date (only by creation or issue date), so an
 * incremental read pages through the list and keeps the rows whose LastUpdatedDate is at or after `modifiedSince`;
 * the expensive part — one detail call per summary row — is spent only on those.
 */
export class KashFlowReads {
  constructor(
    private readonly client: KashFlowClient,
    private readonly settings: KashFlowConnectionSettings,
    private readonly codec: CodecContext,
  ) {}

  async *parties(request: ReadRequest): AsyncGenerator<Party[]> {
    for (const kind of ['customer', 'supplier'] as const) {
      const path = kind === 'customer' ? '/customers' : '/suppliers';
      for await (const rows of this.changedRows(path, KfParty, this.settings.pageSize, request, `read ${kind}s`)) {
        const full = this.settings.listRowsAreSummaries
          ? await Promise.all(rows.map((row) => this.partyDetail(kind, row.Code, request.signal)))
          : rows;
        yield full.map((wire) => partyFromWire(this.codec, kind, wire));
      }
    }
  }

  async *products(request: ReadRequest): AsyncGenerator<Product[]> {
    const pages = this.changedRows(
      '/products/list',
      KfProduct,
      this.settings.productPageSize,
      request,
      'read products',
    );
    for await (const rows of pages) yield rows.map((wire) => productFromWire(this.codec, wire));
  }

  async *ledgerAccounts(request: ReadRequest): AsyncGenerator<LedgerAccount[]> {
    const rows = await this.client.array('/nominals', KfNominal, {
      operation: 'read nominals',
      signal: request.signal,
    });
    if (rows.length > 0) yield rows.map((wire) => ledgerAccountFromWire(this.codec, wire));
  }

  async *taxRates(request: ReadRequest): AsyncGenerator<TaxRate[]> {
    const rows = await this.client.array('/vat/settings/vatrates', KfVatRate, {
      operation: 'read VAT rates',
      signal: request.signal,
    });
    if (rows.length > 0) yield rows.map((wire) => taxRateFromWire(this.codec, wire));
  }

  async *invoices(request: ReadRequest): AsyncGenerator<Invoice[]> {
    for (const kind of ['invoice', 'purchase'] as const) {
      for await (const documents of this.documents(kind, request)) {
        yield documents.map((wire) => invoiceFromWire(this.codec, kind, wire));
      }
    }
  }

  /** Payments are the payment lines of invoices and purchases, read with their documents. */
  async *payments(request: ReadRequest): AsyncGenerator<Payment[]> {
    for (const kind of ['invoice', 'purchase'] as const) {
      for await (const documents of this.documents(kind, request)) {
        const payments = documents.flatMap((wire) =>
          (wire.PaymentLines ?? []).map((line) => paymentFromWire(this.codec, kind, wire, line)),
        );
        if (payments.length > 0) yield payments;
      }
    }
  }

  private async *documents(kind: DocumentKind, request: ReadRequest): AsyncGenerator<KfDocument[]> {
    const path = kind === 'invoice' ? '/invoices' : '/purchases';
    for await (const rows of this.changedRows(path, KfDocument, this.settings.pageSize, request, `read ${kind}s`)) {
      yield this.settings.listRowsAreSummaries
        ? await Promise.all(rows.map((row) => this.documentDetail(kind, row.Number, request.signal)))
        : rows;
    }
  }

  partyDetail(kind: PartyKind, code: string, signal?: AbortSignal) {
    const path = kind === 'customer' ? '/customers' : '/suppliers';
    return this.client.get(`${path}/${encodeURIComponent(code)}`, KfParty, {
      operation: `read ${kind} ${code}`,
      endpoint: `${path}/{code}`,
      signal,
    });
  }

  documentDetail(kind: DocumentKind, number: number, signal?: AbortSignal) {
    const path = kind === 'invoice' ? '/invoices' : '/purchases';
    return this.client.get(`${path}/${number}`, KfDocument, {
      operation: `read ${kind} ${number}`,
      endpoint: `${path}/{number}`,
      signal,
    });
  }

  /** List pages, kept to rows changed at or after `modifiedSince` (rows without a stamp always pass). */
  private async *changedRows<S extends z.ZodType<{ LastUpdatedDate?: string | null | undefined }>>(
    path: string,
    row: S,
    perPage: number,
    request: ReadRequest,
    operation: string,
  ): AsyncGenerator<z.infer<S>[]> {
    const since = request.modifiedSince === undefined ? undefined : Date.parse(request.modifiedSince);
    for await (const rows of this.client.pages(path, row, perPage, { operation, signal: request.signal })) {
      const kept =
        since === undefined
          ? rows
          : rows.filter((wire) => {
              const stamp = instantFromKashFlow(wire.LastUpdatedDate, this.codec.timezone);
              return stamp === undefined || Date.parse(stamp) >= since;
            });
      if (kept.length > 0) yield kept;
    }
  }
}
