import type {
  BankTransaction,
  CreditNote,
  Currency,
  Invoice,
  LedgerAccount,
  Party,
  Payment,
  Product,
  RecordRef,
  SalesOrder,
  SystemName,
  TaxRate,
} from '../model/index.js';
import type { ConnectorError } from './shared/connectorError.js';

/** The canonical record types a connector reads and writes, by entity name. */
export interface CanonicalRecords {
  party: Party;
  product: Product;
  salesOrder: SalesOrder;
  invoice: Invoice;
  creditNote: CreditNote;
  payment: Payment;
  bankTransaction: BankTransaction;
  ledgerAccount: LedgerAccount;
  taxRate: TaxRate;
  currency: Currency;
}
export type Entity = keyof CanonicalRecords;
export const ENTITIES = [
  'party',
  'product',
  'salesOrder',
  'invoice',
  'creditNote',
  'payment',
  'bankTransaction',
  'ledgerAccount',
  'taxRate',
  'currency',
] as const satisfies readonly Entity[];

/** What a connector can do with one entity, and the API's sizes that bound the number of calls. */
export interface EntityCapability {
  readonly read: boolean;
  readonly write: boolean;
  /** Records per read call (the API's page size). */
  readonly pageSize: number;
  /** Records per write call (Xero 50 invoices, Salesforce 200 per collection). 1 when the API has no batches. */
  readonly writeBatchSize: number;
  /** Whether reads can ask only for records changed since an instant. */
  readonly incremental: boolean;
  /**
   * Whether incremental reads come back oldest change first (e.g. ORDER BY SystemModstamp). Then the read cursor can
   * move forward page by page; otherwise it moves only when the whole read has been processed.
   */
  readonly ordersByModified?: boolean | undefined;
}

export interface ReadRequest {
  /** Only records modified at or after this instant (the caller has already subtracted its look-back window). */
  readonly modifiedSince?: string | undefined;
  /** Stop early, e.g. for a preview or a dry run. */
  readonly limit?: number | undefined;
  readonly signal?: AbortSignal | undefined;
}

/** One write the sync engine intends: the idempotency key makes a retry or replay of it harmless. */
export interface WriteRequest<E extends Entity> {
  readonly idempotencyKey: string;
  /** create: a new record; update: an existing one named by `target`; upsert: by the system's external id. */
  readonly operation: 'create' | 'update' | 'upsert';
  readonly record: CanonicalRecords[E];
  readonly target?: RecordRef | undefined;
}

export type WriteOutcome =
  | { readonly ok: true; readonly idempotencyKey: string; readonly ref: RecordRef; readonly created: boolean }
  | { readonly ok: false; readonly idempotencyKey: string; readonly error: ConnectorError };

/** The result of "Test connection": who we are connected as, or an actionable reason why not. */
export type ConnectionCheck =
  | { readonly ok: true; readonly account: string; readonly details: Readonly<Record<string, string>> }
  | { readonly ok: false; readonly error: ConnectorError };

/** API usage since the connector was created, for sync statistics ("calls per record") and quota monitoring. */
export interface CallStatistics {
  readonly calls: number;
  readonly retries: number;
  readonly rateLimited: number;
  /** The system's remaining quota where its responses say so (per minute, per day). */
  readonly remaining: Readonly<Record<string, number>>;
}

/**
 * One external system seen through the canonical model. The sync engine, workflows and reconciliation use only this
 * interface; a system's wire format never leaves its connector folder.
 */
export interface Connector {
  readonly system: SystemName;
  readonly capabilities: Readonly<Partial<Record<Entity, EntityCapability>>>;
  testConnection(): Promise<ConnectionCheck>;
  /** Pages of canonical records; each page is as large as the API allows. */
  read<E extends Entity>(entity: E, request?: ReadRequest): AsyncIterable<readonly CanonicalRecords[E][]>;
  /** Writes in the API's largest batches; one outcome per request, in order, failures classified. */
  write<E extends Entity>(entity: E, requests: readonly WriteRequest<E>[]): Promise<WriteOutcome[]>;
  statistics(): CallStatistics;
  close(): Promise<void>;
}
