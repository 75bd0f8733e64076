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
import { ConnectorError } from '../shared/connectorError.js';
import { writeOncePerKey } from '../shared/idempotentWrites.js';
import { limited, refusedPages } from '../shared/pages.js';
import { connectionGovernor, type RateGovernor } from '../shared/rateGovernor.js';
import type { RetryOptions } from '../shared/retryPolicy.js';
import { XeroApiClient } from './client.js';
import type { XeroCodecContext } from './codecs/shared.js';
import { listTenants } from './connections.js';
import { readPages, XERO_READS, type XeroReadableEntity } from './reads.js';
import type { XeroConnectionSettings } from './settings.js';
import { XeroTokens } from './tokens.js';
import { writeBatches, XERO_WRITES } from './writes.js';

export interface XeroConnectorOptions {
  readonly connectionId: string;
  readonly settings: XeroConnectionSettings;
  readonly secrets: SecretVault;
  /** The connection's one governor; a new one with Xero's limits from the settings when absent. */
  readonly governor?: RateGovernor | undefined;
  /** Backoff tuning (tests pin the jitter and shorten the waits). */
  readonly retry?: Omit<RetryOptions, 'statistics' | 'signal'> | undefined;
}

/**
 * Scopes each area needs, broad or 2026 granular (either satisfies; `.read` variants suffice for reading). Used by
 * Test connection to name a missing permission before any call fails with it.
 */
const SCOPE_AREAS: readonly { readonly area: string; readonly any: readonly string[] }[] = [
  { area: 'contacts', any: ['accounting.contacts', 'accounting.contacts.read'] },
  {
    area: 'invoices, credit notes, payments and bank transactions',
    any: ['accounting.transactions', 'accounting.transactions.read', 'accounting.invoices', 'accounting.invoices.read'],
  },
  { area: 'accounts, tax rates and items', any: ['accounting.settings', 'accounting.settings.read'] },
];

/** Xero Accounting API 2.0 through xero-node, seen through the canonical model. */
export class XeroConnector implements Connector {
  readonly system = 'xero' as const;
  readonly capabilities: Readonly<Partial<Record<Entity, EntityCapability>>>;
  private readonly governor: RateGovernor;
  /** Whether this connector made its governor (and so may drop its queued calls on close). */
  private readonly ownsGovernor: boolean;
  private readonly tokens: XeroTokens;
  private readonly client: XeroApiClient;
  private readonly context: XeroCodecContext;
  /** Outcomes of writes already done by this connector, so the same idempotency key twice costs no call. */
  private readonly done = new Map<string, WriteOutcome>();

  constructor(private readonly options: XeroConnectorOptions) {
    const { settings } = options;
    const { governor, owned } = connectionGovernor('xero', options, settings.rateLimits);
    this.governor = governor;
    this.ownsGovernor = owned;
    this.tokens = new XeroTokens({
      connectionId: options.connectionId,
      settings,
      secrets: options.secrets,
      retry: options.retry,
    });
    this.client = new XeroApiClient({ settings, tokens: this.tokens, governor: this.governor, retry: options.retry });
    this.context = { baseCurrency: settings.baseCurrency };
    const capabilities: Partial<Record<Entity, EntityCapability>> = {};
    for (const [entity, read] of Object.entries(XERO_READS)) {
      capabilities[entity as Entity] = {
        read: true,
        write: XERO_WRITES[entity as Entity] !== undefined,
        // Unpaged collections (Items, Accounts, TaxRates) come whole in one call.
        pageSize: read.paged ? settings.pageSize : Number.MAX_SAFE_INTEGER,
        writeBatchSize: settings.writeBatchSize,
        incremental: read.incremental,
        ordersByModified: read.incremental,
      };
    }
    this.capabilities = capabilities;
  }

  async testConnection(): Promise<ConnectionCheck> {
    const { settings } = this.options;
    try {
      const scopes = await this.tokens.grantedScopes();
      const missing = SCOPE_AREAS.filter((area) => scopes !== undefined && !area.any.some((s) => scopes.includes(s)));
      if (missing.length > 0) {
        throw new ConnectorError({
          kind: 'permission',
          system: 'xero',
          message: `The Xero consent does not allow reading ${missing.map((m) => m.area).join('; ')}: add ${missing.map((m) => m.any[0]).join(', ')} to the connection's scopes and reconnect to grant them.`,
          context: { missing: missing.map((m) => m.any[0]).join(' ') },
        });
      }
      const tenants = await listTenants(settings, this.tokens, this.governor, this.options.retry);
      const tenantId = this.client.tenantId;
      const tenant = tenants.find((candidate) => candidate.tenantId.toLowerCase() === tenantId.toLowerCase());
      if (tenant === undefined) {
        const names = tenants.map((t) => `"${t.tenantName ?? t.tenantId}"`).join(', ');
        throw new ConnectorError({
          kind: 'configuration',
          system: 'xero',
          message: `Xero organisation ${settings.tenantName ? `"${settings.tenantName}" ` : ''}(${tenantId}) is not connected to this app${tenants.length > 0 ? ` — the consent reaches ${names}` : ' — the consent reaches no organisation'}: reconnect and choose the organisation again.`,
          context: { tenantId, connected: tenants.length },
        });
      }
      const { body } = await this.client.call({ operation: 'test connection' }, (api, id) => api.getOrganisations(id));
      const organisation = body.organisations?.[0];
      const name = organisation?.name ?? tenant.tenantName ?? tenantId;
      return {
        ok: true,
        account: name,
        details: {
          tenantId,
          organisation: name,
          ...(organisation?.baseCurrency ? { baseCurrency: String(organisation.baseCurrency) } : {}),
          ...(scopes ? { scopes: scopes.join(' ') } : {}),
          apiBasePath: settings.apiBasePath,
        },
      };
    } catch (error) {
      return { ok: false, error: connectionTestFailure('xero', error) };
    }
  }

  read<E extends Entity>(entity: E, request: ReadRequest = {}): AsyncIterable<readonly CanonicalRecords[E][]> {
    if (!(entity in XERO_READS)) return refuse(entity);
    const pages = readPages(this.client, entity as E & XeroReadableEntity, request, {
      pageSize: this.options.settings.pageSize,
      context: this.context,
    });
    return limited(pages, request.limit);
  }

  async write<E extends Entity>(entity: E, requests: readonly WriteRequest<E>[]): Promise<WriteOutcome[]> {
    return writeOncePerKey(this.done, requests, (fresh) =>
      writeBatches(this.client, entity, fresh, this.options.settings.writeBatchSize),
    );
  }

  statistics(): CallStatistics {
    return this.governor.statistics.snapshot();
  }

  /** Ends the consent at Xero and removes the tokens from the keychain ("disconnect"). */
  async revoke(): Promise<void> {
    await this.tokens.revoke();
  }

  async close(): Promise<void> {
    // Tokens stay in the keychain for the next run; calls that never started are dropped, unless the governor is
    // shared with other users of the connection.
    if (this.ownsGovernor) this.governor.clear();
  }
}

function refuse(entity: Entity): AsyncGenerator<never[]> {
  return refusedPages(
    new ConnectorError({
      kind: 'configuration',
      system: 'xero',
      message: `Counterpart cannot read ${entity} records from Xero.`,
      context: { entity },
    }),
  );
}
