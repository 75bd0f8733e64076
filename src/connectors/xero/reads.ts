import { z } from 'zod';
import type { CanonicalRecords, Entity, ReadRequest } from '../connector.js';
import { ConnectorError } from '../shared/connectorError.js';
import type { XeroApiClient } from './client.js';
import { decodeBankTransaction } from './codecs/bankTransaction.js';
import { decodeCreditNote } from './codecs/creditNote.js';
import { decodeInvoice } from './codecs/invoice.js';
import { decodeLedgerAccount } from './codecs/ledgerAccount.js';
import { decodeParty } from './codecs/party.js';
import { decodePayment } from './codecs/payment.js';
import { decodeProduct } from './codecs/product.js';
import { wire, type XeroCodecContext } from './codecs/shared.js';
import { decodeTaxRate } from './codecs/taxRate.js';
import {
  XAccount,
  XBankTransaction,
  XContact,
  XCreditNote,
  XInvoice,
  XItem,
  XPayment,
  XTaxRate,
} from './codecs/wire.js';

/** xero-node keeps Xero's `pagination` on paged lists; whether it comes without `page` is UNCONFIRMED. */
const Paged = z.object({ pagination: z.object({ pageCount: z.number().int().optional() }).optional() });

/** Oldest change first, so the read cursor can move page by page. */
const ORDER = 'UpdatedDateUTC ASC';
/** Unit prices to 4 places, as Xero keeps them. */
const UNIT_DP = 4;

type AccountingApi = XeroApiClient['api'];
interface ListQuery {
  readonly since: Date | undefined;
  readonly page: number;
  readonly pageSize: number;
}
interface Listed {
  readonly response: { readonly headers: unknown; readonly status: number };
  readonly body: object;
}

/** How one entity is listed: the xero-node call, where its records are in the body, how to decode one. */
export interface XeroReadSpec<E extends Entity, W extends z.ZodType = z.ZodType> {
  readonly what: string;
  /** Xero pages the collection (`page`, `pageSize`); the others come whole in one call. */
  readonly paged: boolean;
  /** Whether GET takes If-Modified-Since (TaxRates does not). */
  readonly incremental: boolean;
  readonly schema: W;
  list(api: AccountingApi, tenantId: string, query: ListQuery): Promise<Listed>;
  records(body: Listed['body']): readonly unknown[] | undefined;
  decode(record: z.infer<W>, context: XeroCodecContext): CanonicalRecords[E];
}

function spec<E extends Entity, W extends z.ZodType>(definition: XeroReadSpec<E, W>): XeroReadSpec<E, W> {
  return definition;
}

export const XERO_READS = {
  party: spec({
    what: 'contacts',
    paged: true,
    incremental: true,
    schema: XContact,
    list: (api, tenant, q) =>
      api.getContacts(tenant, q.since, undefined, ORDER, undefined, q.page, true, undefined, undefined, q.pageSize),
    records: (body) => (body as { contacts?: unknown[] }).contacts,
    decode: (record) => decodeParty(record),
  }),
  product: spec({
    what: 'items',
    paged: false,
    incremental: true,
    schema: XItem,
    list: (api, tenant, q) => api.getItems(tenant, q.since, undefined, ORDER, UNIT_DP),
    records: (body) => (body as { items?: unknown[] }).items,
    decode: decodeProduct,
  }),
  ledgerAccount: spec({
    what: 'accounts',
    paged: false,
    incremental: true,
    schema: XAccount,
    list: (api, tenant, q) => api.getAccounts(tenant, q.since, undefined, ORDER),
    records: (body) => (body as { accounts?: unknown[] }).accounts,
    decode: (record) => decodeLedgerAccount(record),
  }),
  taxRate: spec({
    what: 'tax rates',
    paged: false,
    incremental: false,
    schema: XTaxRate,
    list: (api, tenant) => api.getTaxRates(tenant),
    records: (body) => (body as { taxRates?: unknown[] }).taxRates,
    decode: (record) => decodeTaxRate(record),
  }),
  invoice: spec({
    what: 'invoices',
    paged: true,
    incremental: true,
    schema: XInvoice,
    list: (api, tenant, q) =>
      api.getInvoices(
        tenant,
        q.since,
        undefined,
        ORDER,
        undefined,
        undefined,
        undefined,
        undefined,
        q.page,
        undefined,
        undefined,
        UNIT_DP,
        undefined,
        q.pageSize,
      ),
    records: (body) => (body as { invoices?: unknown[] }).invoices,
    decode: decodeInvoice,
  }),
  creditNote: spec({
    what: 'credit notes',
    paged: true,
    incremental: true,
    schema: XCreditNote,
    list: (api, tenant, q) => api.getCreditNotes(tenant, q.since, undefined, ORDER, q.page, UNIT_DP, q.pageSize),
    records: (body) => (body as { creditNotes?: unknown[] }).creditNotes,
    decode: decodeCreditNote,
  }),
  payment: spec({
    what: 'payments',
    paged: true,
    incremental: true,
    schema: XPayment,
    list: (api, tenant, q) => api.getPayments(tenant, q.since, undefined, ORDER, q.page, q.pageSize),
    records: (body) => (body as { payments?: unknown[] }).payments,
    decode: decodePayment,
  }),
  bankTransaction: spec({
    what: 'bank transactions',
    paged: true,
    incremental: true,
    schema: XBankTransaction,
    list: (api, tenant, q) => api.getBankTransactions(tenant, q.since, undefined, ORDER, q.page, UNIT_DP, q.pageSize),
    records: (body) => (body as { bankTransactions?: unknown[] }).bankTransactions,
    decode: decodeBankTransaction,
  }),
} satisfies { readonly [E in Entity]?: XeroReadSpec<E> };

export type XeroReadableEntity = keyof typeof XERO_READS;

/**
 * Pages of canonical records, oldest change first. A paged collection stops at Xero's `pagination.pageCount` (so
 * an exact multiple of the page size costs no empty call), or, when Xero sends no pagination, at a short page.
 */
export async function* readPages<E extends XeroReadableEntity>(
  client: XeroApiClient,
  entity: E,
  request: ReadRequest,
  options: { pageSize: number; context: XeroCodecContext },
): AsyncGenerator<readonly CanonicalRecords[E][]> {
  const read = XERO_READS[entity] as unknown as XeroReadSpec<E>;
  const since =
    read.incremental && request.modifiedSince !== undefined ? new Date(Date.parse(request.modifiedSince)) : undefined;
  for (let page = 1; ; page += 1) {
    let listed: Listed;
    try {
      listed = await client.call({ operation: `read ${read.what}`, signal: request.signal }, (api, tenant) =>
        read.list(api, tenant, { since, page, pageSize: options.pageSize }),
      );
    } catch (error) {
      // HTTP allows 304 Not Modified for If-Modified-Since; axios (and so xero-node) rejects it as a failure.
      if (error instanceof ConnectorError && error.context.status === 304) return;
      throw error;
    }
    const { body } = listed;
    const raw = read.records(body) ?? [];
    const records = raw.map((record) => read.decode(wire(read.schema, record, read.what), options.context));
    if (records.length > 0) yield records;
    if (!read.paged) return;
    const pageCount = Paged.safeParse(body).data?.pagination?.pageCount;
    if (pageCount !== undefined ? page >= pageCount : raw.length < options.pageSize) return;
  }
}
