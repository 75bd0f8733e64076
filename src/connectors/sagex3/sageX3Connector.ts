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
import type { Clock } from '../shared/clock.js';
import { connectionTestFailure } from '../shared/connectionTest.js';
import { writeOncePerKey } from '../shared/idempotentWrites.js';
import { limited, refusedPages, unsupportedEntity } from '../shared/pages.js';
import { connectionGovernor, type RateGovernor } from '../shared/rateGovernor.js';
import type { RetryOptions } from '../shared/retryPolicy.js';
import { type FetchLike, SageX3Client } from './client.js';
import type { CodecContext } from './codecs/shared.js';
import { SageX3Reads } from './reads.js';
import type { SageX3ConnectionSettings } from './settings.js';
import { SageX3Writes } from './writes.js';

export interface SageX3ConnectorOptions {
  readonly connectionId: string;
  readonly settings: SageX3ConnectionSettings;
  readonly secrets: SecretVault;
  /** The connection's one governor; a new one (concurrency from the settings) when absent. */
  readonly governor?: RateGovernor | undefined;
  readonly fetch?: FetchLike | undefined;
  /** Backoff tuning (tests pin the jitter and shorten the waits). */
  readonly retry?: Omit<RetryOptions, 'statistics' | 'signal'> | undefined;
  /** When JWTs are signed and renewed (tests). */
  readonly clock?: Clock | undefined;
}

/** Sage X3 through the api1 REST web services, seen through the canonical model. */
export class SageX3Connector implements Connector {
  readonly system = 'sagex3' as const;
  readonly capabilities: Readonly<Partial<Record<Entity, EntityCapability>>>;
  private readonly client: SageX3Client;
  private readonly governor: RateGovernor;
  private readonly ownsGovernor: boolean;
  private readonly reads: SageX3Reads;
  private readonly writes: SageX3Writes;
  /** Outcomes of writes already done by this connector, so the same idempotency key twice costs no call. */
  private readonly done = new Map<string, WriteOutcome>();

  constructor(private readonly options: SageX3ConnectorOptions) {
    const { settings } = options;
    const { governor, owned } = connectionGovernor('sagex3', options, { concurrency: settings.concurrency });
    this.governor = governor;
    this.ownsGovernor = owned;
    this.client = new SageX3Client({ ...options, governor: this.governor });
    const codec: CodecContext = { settings };
    this.reads = new SageX3Reads(this.client, settings, codec);
    this.writes = new SageX3Writes({
      client: this.client,
      settings,
      codec,
      governor: this.governor,
      retry: options.retry,
    });
    // X3 api1 has no batch endpoint: every write is one call (writeBatchSize 1).
    const entity = (write: boolean, ordersByModified: boolean): EntityCapability => ({
      read: true,
      write,
      pageSize: settings.pageSize,
      writeBatchSize: 1,
      incremental: true,
      ordersByModified: ordersByModified && settings.incrementalOrder === 'stamp',
    });
    this.capabilities = {
      // Customers then suppliers, and invoices then those whose open item changed: two ordered runs each, so the
      // cursor may move only once the whole read is done.
      party: entity(true, false),
      product: entity(true, true),
      salesOrder: entity(true, true),
      invoice: entity(true, false),
      payment: entity(true, true),
      ledgerAccount: entity(false, true),
      taxRate: entity(false, true),
    };
  }

  /**
   * Signs in and reads one customer: proves the address, the TLS trust, the credentials and the web-service
   * permission on the class the sync needs first. Each failure comes back with what to do about it.
   */
  async testConnection(): Promise<ConnectionCheck> {
    const { settings } = this.options;
    const binding = settings.classes.customer;
    try {
      const pages = this.client.query(binding, { count: 1 }, { operation: 'test connection', maxAttempts: 1 });
      const first = await pages.next();
      await pages.return(undefined);
      const rows = first.done ? [] : first.value;
      return {
        ok: true,
        account: `${settings.user} @ ${settings.folder}`,
        details: {
          user: settings.user,
          endpoint: settings.folder,
          server: settings.baseUrl,
          authentication: settings.authMode === 'jwt' ? `connected app ${settings.clientId ?? ''}` : 'basic',
          tls: settings.baseUrl.startsWith('https:')
            ? settings.caBundlePem
              ? 'verified with the company CA bundle'
              : 'verified with the system CA store'
            : 'none (plain HTTP)',
          customersVisible: rows.length > 0 ? 'yes' : 'none yet',
        },
      };
    } catch (error) {
      return { ok: false, error: connectionTestFailure('sagex3', error, settings.baseUrl) };
    }
  }

  read<E extends Entity>(entity: E, request: ReadRequest = {}): AsyncIterable<readonly CanonicalRecords[E][]> {
    return limited(this.pagesOf(entity, request), request.limit) as AsyncIterable<readonly CanonicalRecords[E][]>;
  }

  async write<E extends Entity>(entity: E, requests: readonly WriteRequest<E>[]): Promise<WriteOutcome[]> {
    return writeOncePerKey(this.done, requests, (fresh) => this.writeFresh(entity, fresh));
  }

  statistics(): CallStatistics {
    return this.governor.statistics.snapshot();
  }

  async close(): Promise<void> {
    // Nothing to end at X3: Basic and self-signed JWTs hold no server session. A shared governor is not ours to clear.
    if (this.ownsGovernor) this.governor.clear();
  }

  private pagesOf(entity: Entity, request: ReadRequest): AsyncIterable<readonly unknown[]> {
    switch (entity) {
      case 'party':
        return this.reads.parties(request);
      case 'product':
        return this.reads.products(request);
      case 'salesOrder':
        return this.reads.salesOrders(request);
      case 'invoice':
        return this.reads.invoices(request);
      case 'payment':
        return this.reads.payments(request);
      case 'ledgerAccount':
        return this.reads.ledgerAccounts(request);
      case 'taxRate':
        return this.reads.taxRates(request);
      default:
        return refusedPages(unsupportedEntity('sagex3', entity, 'read'));
    }
  }

  private writeFresh(entity: Entity, requests: readonly WriteRequest<Entity>[]): Promise<WriteOutcome[]> {
    switch (entity) {
      case 'party':
        return this.writes.parties(requests as WriteRequest<'party'>[]);
      case 'product':
        return this.writes.products(requests as WriteRequest<'product'>[]);
      case 'salesOrder':
        return this.writes.salesOrders(requests as WriteRequest<'salesOrder'>[]);
      case 'invoice':
        return this.writes.invoices(requests as WriteRequest<'invoice'>[]);
      case 'payment':
        return this.writes.payments(requests as WriteRequest<'payment'>[]);
      default: {
        const error = unsupportedEntity('sagex3', entity, 'write');
        return Promise.resolve(
          requests.map((request) => ({ ok: false, idempotencyKey: request.idempotencyKey, error })),
        );
      }
    }
  }
}
