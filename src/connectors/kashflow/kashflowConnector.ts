import type { SecretVault } from '../../secrets/keychain.js';
import type {
  CallStatistics,
  CanonicalRecords,
  ConnectionCheck,
  Connector,
  Entity,
  EntityCapability,
  ReadRequest,
  WriteOutcome,
  WriteRequest,
} from '../connector.js';
import { connectionTestFailure } from '../shared/connectionTest.js';
import { writeOncePerKey } from '../shared/idempotentWrites.js';
import { limited, refusedPages, unsupportedEntity } from '../shared/pages.js';
import { connectionGovernor, type RateGovernor } from '../shared/rateGovernor.js';
import type { RetryOptions } from '../shared/retryPolicy.js';
import { KashFlowClient } from './client.js';
import type { CodecContext } from './codecs/shared.js';
import type { FetchLike } from './http.js';
import { KashFlowReads } from './reads.js';
import type { KashFlowConnectionSettings } from './settings.js';
import { KfParty, listEnvelope } from './wire.js';
import { KashFlowWrites } from './writes.js';

export interface KashFlowConnectorOptions {
  readonly connectionId: string;
  readonly settings: KashFlowConnectionSettings;
  readonly secrets: SecretVault;
  /** The connection's one governor; a new one (concurrency from the settings) when absent. */
  readonly governor?: RateGovernor | undefined;
  readonly fetch?: FetchLike | undefined;
  /** Backoff tuning (tests pin the jitter and shorten the waits). */
  readonly retry?: Omit<RetryOptions, 'statistics' | 'signal'> | undefined;
}

/** KashFlow lists everything a bare-array endpoint holds in one call. */
const WHOLE_LIST = Number.MAX_SAFE_INTEGER;

/**
 * How each entity is read incrementally. KashFlow's lists filter by creation or issue date only, never by change
 * date, so "incremental" here means client-side: every list page is read, rows older than `modifiedSince` are
 * dropped, and only the changed ones cost a detail call. Nominals and VAT rates carry no change stamp at all.
 */
export const KASHFLOW_INCREMENTAL_STRATEGY: Readonly<Partial<Record<Entity, 'client-side' | 'none'>>> = {
  party: 'client-side',
  product: 'client-side',
  invoice: 'client-side',
  payment: 'client-side',
  ledgerAccount: 'none',
  taxRate: 'none',
};

/** KashFlow REST v2 seen through the canonical model. */
export class KashFlowConnector implements Connector {
  readonly system = 'kashflow' as const;
  readonly capabilities: Readonly<Partial<Record<Entity, EntityCapability>>>;
  private readonly client: KashFlowClient;
  private readonly governor: RateGovernor;
  private readonly reads: KashFlowReads;
  private readonly writes: KashFlowWrites;
  /** Outcomes of writes already done by this connector, so the same idempotency key twice costs no call. */
  private readonly done = new Map<string, WriteOutcome>();

  constructor(private readonly options: KashFlowConnectorOptions) {
    const { settings } = options;
    this.governor = connectionGovernor('kashflow', options, { concurrency: settings.concurrency }).governor;
    this.client = new KashFlowClient({ ...options, governor: this.governor });
    const codec: CodecContext = {
      timezone: settings.timezone,
      baseCurrency: settings.baseCurrency,
      statusMap: settings.statusMap,
      defaultProductNominalCode: settings.defaultProductNominalCode,
      defaultPaymentMethodId: settings.defaultPaymentMethodId,
    };
    this.reads = new KashFlowReads(this.client, settings, codec);
    this.writes = new KashFlowWrites(this.client, settings, codec);
    const list = (pageSize: number, write: boolean, writeBatchSize = 1): EntityCapability => ({
      read: true,
      write,
      pageSize,
      writeBatchSize,
      incremental: true,
      ordersByModified: false,
    });
    this.capabilities = {
      party: list(settings.pageSize, true),
      product: list(settings.productPageSize, true),
      invoice: list(settings.pageSize, true),
      payment: list(settings.pageSize, true, settings.bulkPaymentBatchSize),
      ledgerAccount: { read: true, write: false, pageSize: WHOLE_LIST, writeBatchSize: 1, incremental: false },
      taxRate: { read: true, write: false, pageSize: WHOLE_LIST, writeBatchSize: 1, incremental: false },
    };
  }

  async testConnection(): Promise<ConnectionCheck> {
    try {
      const login = await this.client.session.login();
      // Logging in does not prove API access to the ledger; one cheap list call does.
      await this.client.get('/customers', listEnvelope(KfParty), {
        operation: 'test connection',
        query: { page: 1, perpage: 1 },
      });
      const company = login.companyName ?? this.options.settings.userName;
      return {
        ok: true,
        account: company,
        details: {
          userName: this.options.settings.userName,
          company,
          baseUrl: this.options.settings.baseUrl,
          ...(login.subscriptionExpiry ? { subscriptionExpiry: login.subscriptionExpiry } : {}),
        },
      };
    } catch (error) {
      return { ok: false, error: connectionTestFailure('kashflow', error, this.options.settings.baseUrl) };
    }
  }

  read<E extends Entity>(entity: E, request: ReadRequest = {}): AsyncIterable<readonly CanonicalRecords[E][]> {
    const pages = this.pagesOf(entity, request);
    return limited(pages, request.limit) as AsyncIterable<readonly CanonicalRecords[E][]>;
  }

  async write<E extends Entity>(entity: E, requests: readonly WriteRequest<E>[]): Promise<WriteOutcome[]> {
    return writeOncePerKey(this.done, requests, (fresh) => this.writeFresh(entity, fresh));
  }

  statistics(): CallStatistics {
    return this.governor.statistics.snapshot();
  }

  async close(): Promise<void> {
    // A session kept in the keychain is meant to outlive this connector; any other is ended at KashFlow.
    if (!this.options.settings.keepSessionInKeychain) await this.client.session.logout();
  }

  private pagesOf(entity: Entity, request: ReadRequest): AsyncIterable<readonly unknown[]> {
    switch (entity) {
      case 'party':
        return this.reads.parties(request);
      case 'product':
        return this.reads.products(request);
      case 'ledgerAccount':
        return this.reads.ledgerAccounts(request);
      case 'taxRate':
        return this.reads.taxRates(request);
      case 'invoice':
        return this.reads.invoices(request);
      case 'payment':
        return this.reads.payments(request);
      default:
        return refusedPages(unsupportedEntity('kashflow', entity, 'read'));
    }
  }

  private async writeFresh(entity: Entity, requests: readonly WriteRequest<Entity>[]): Promise<WriteOutcome[]> {
    switch (entity) {
      case 'party':
        return this.writes.parties(requests as WriteRequest<'party'>[]);
      case 'product':
        return this.writes.products(requests as WriteRequest<'product'>[]);
      case 'invoice':
        return this.writes.invoices(requests as WriteRequest<'invoice'>[]);
      case 'payment':
        return this.writes.payments(requests as WriteRequest<'payment'>[]);
      default: {
        const error = unsupportedEntity('kashflow', entity, 'write');
        return requests.map((request) => ({ ok: false, idempotencyKey: request.idempotencyKey, error }));
      }
    }
  }
}
