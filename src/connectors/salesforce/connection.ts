import { Connection, OAuth2 } from 'jsforce';
import { type SecretVault, secretReference } from '../../secrets/keychain.js';
import { ConnectorError } from '../shared/connectorError.js';
import { connectionGovernor, type RateGovernor } from '../shared/rateGovernor.js';
import type { RetryOptions } from '../shared/retryPolicy.js';
import { asSalesforceError } from './errors.js';
import { SALESFORCE_SECRET_NAMES, type SalesforceConnectionSettings } from './settings.js';
import { GovernedTransport } from './transport.js';

export interface SalesforceSessionOptions {
  readonly connectionId: string;
  readonly settings: SalesforceConnectionSettings;
  readonly secrets: SecretVault;
  readonly governor?: RateGovernor | undefined;
  readonly retry?: Omit<RetryOptions, 'statistics' | 'signal'> | undefined;
}

/** The subset of a token response Counterpart reads; jsforce passes it with the `refresh` event. */
interface RefreshResponse {
  readonly refresh_token?: unknown;
}

/**
 * A jsforce Connection for one Counterpart connection, built from the settings and the keychain. Its transport is
 * Counterpart's governed one; when jsforce renews the session (a 401 on any call) the `refresh` event stores the new
 * access token and, with refresh-token rotation, the new refresh token in the keychain and on the connection — jsforce
 * itself keeps using the old, now invalid, refresh token otherwise.
 */
export class SalesforceSession {
  readonly governor: RateGovernor;
  private readonly dataTransport: GovernedTransport;
  private readonly oauthTransport: GovernedTransport;
  private connection: Promise<Connection> | undefined;
  /** Keychain writes in the order the refreshes happened; awaited before the connector reports or closes. */
  private persisting: Promise<void> = Promise.resolve();
  private persistFailure: unknown;

  constructor(private readonly options: SalesforceSessionOptions) {
    const { settings } = options;
    this.governor = connectionGovernor('salesforce', options, { concurrency: settings.concurrency }).governor;
    const common = {
      governor: this.governor,
      retry: { maxAttempts: settings.maxAttempts, ...options.retry },
      timeoutMs: settings.timeoutMs,
      caBundlePem: settings.caBundlePem,
      dailyReserve: settings.dailyReserve,
    };
    this.dataTransport = new GovernedTransport({ ...common, passUnauthorized: true });
    this.oauthTransport = new GovernedTransport({ ...common, passUnauthorized: false });
  }

  get settings(): SalesforceConnectionSettings {
    return this.options.settings;
  }

  /** The connection, opened on first use (it reads the keychain). */
  open(): Promise<Connection> {
    this.connection ??= this.build().catch((error: unknown) => {
      this.connection = undefined;
      throw error;
    });
    return this.connection;
  }

  /** Runs one jsforce operation and turns whatever it throws into a classified ConnectorError. */
  async call<T>(work: (connection: Connection) => Promise<T>): Promise<T> {
    const connection = await this.open();
    try {
      return await work(connection);
    } catch (error) {
      throw this.classify(error);
    } finally {
      await this.settled();
    }
  }

  classify(error: unknown): ConnectorError {
    return asSalesforceError(error, this.dataTransport.lastFailure ?? this.oauthTransport.lastFailure);
  }

  /** Resolves once every rotated token is in the keychain; throws if storing one failed. */
  async settled(): Promise<void> {
    await this.persisting;
    if (this.persistFailure !== undefined) {
      const failure = this.persistFailure;
      this.persistFailure = undefined;
      throw failure;
    }
  }

  private async build(): Promise<Connection> {
    const { settings, secrets, connectionId } = this.options;
    const read = (name: string) => secrets.read(secretReference(connectionId, name));
    const [clientSecret, accessToken, refreshToken] = await Promise.all([
      read(SALESFORCE_SECRET_NAMES.clientSecret),
      read(SALESFORCE_SECRET_NAMES.accessToken),
      read(SALESFORCE_SECRET_NAMES.refreshToken),
    ]);
    if (settings.instanceUrl === undefined || refreshToken === null) {
      throw new ConnectorError({
        kind: 'authentication',
        system: 'salesforce',
        message:
          'This Salesforce connection has not been authorised yet (or its tokens are no longer in the OS keychain): connect it again to sign in to Salesforce.',
        context: { connection: connectionId },
      });
    }
    const oauth2 = new OAuth2({
      loginUrl: settings.loginUrl,
      clientId: settings.clientId,
      ...(clientSecret === null ? {} : { clientSecret }),
      redirectUri: settings.redirectUri,
    });
    oauth2._transport = this.oauthTransport;
    const connection = new Connection({
      oauth2,
      instanceUrl: settings.instanceUrl,
      // A placeholder access token is refreshed on the first call, like an expired one.
      accessToken: accessToken ?? 'expired',
      refreshToken,
      version: settings.apiVersion,
      callOptions: { client: settings.callOptionsClient },
    });
    connection._transport = this.dataTransport;
    connection.on('refresh', (newAccessToken: string, response: RefreshResponse) => {
      const rotated = typeof response?.refresh_token === 'string' ? response.refresh_token : undefined;
      // Set synchronously: the next refresh must already use the rotated token.
      if (rotated !== undefined) connection.refreshToken = rotated;
      this.persist({
        [SALESFORCE_SECRET_NAMES.accessToken]: newAccessToken,
        ...(rotated === undefined ? {} : { [SALESFORCE_SECRET_NAMES.refreshToken]: rotated }),
      });
    });
    return connection;
  }

  private persist(values: Readonly<Record<string, string>>): void {
    const { secrets, connectionId } = this.options;
    this.persisting = this.persisting.then(async () => {
      try {
        for (const [name, value] of Object.entries(values)) {
          await secrets.store(secretReference(connectionId, name), value);
        }
      } catch (error) {
        this.persistFailure = error;
      }
    });
  }
}
