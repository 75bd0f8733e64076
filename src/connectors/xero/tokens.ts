import { type SecretVault, secretReference } from '../../secrets/keychain.js';
import type { Clock } from '../shared/clock.js';
import { systemClock } from '../shared/clock.js';
import { ConnectorError } from '../shared/connectorError.js';
import { type RetryOptions, withRetries } from '../shared/retryPolicy.js';
import { accessTokenClaims, XeroOAuth, type XeroTokenGrant } from './oauth.js';
import { XERO_SECRET_NAMES, type XeroConnectionSettings } from './settings.js';

export interface XeroTokensOptions {
  readonly connectionId: string;
  readonly settings: XeroConnectionSettings;
  readonly secrets: SecretVault;
  readonly clock?: Clock | undefined;
  readonly retry?: Omit<RetryOptions, 'statistics' | 'signal'> | undefined;
}

/**
 * The access and refresh tokens of one connection. The keychain is the only place they are kept: the refresh
 * token is read from it for every refresh (Xero refuses a stale copy once its grace period ends) and the rotated one
 * is written back before the new access token is used, so a crash between the two never loses the consent.
 * Refreshes are single-flight: callers that meet an expired token together share one refresh.
 */
export class XeroTokens {
  private current: { token: string; expiresAt: number | undefined } | undefined;
  private refreshing: Promise<string> | undefined;
  private oauth: XeroOAuth | undefined;
  private readonly clock: Clock;

  constructor(private readonly options: XeroTokensOptions) {
    this.clock = options.clock ?? systemClock;
  }

  /** An access token valid for at least the leeway, refreshing first when it is about to expire. */
  async accessToken(): Promise<string> {
    if (this.current === undefined) {
      const stored = await this.read(XERO_SECRET_NAMES.accessToken);
      if (stored !== null) this.current = { token: stored, expiresAt: accessTokenClaims(stored).expiresAt };
    }
    const current = this.current;
    if (current === undefined) return this.refresh(undefined);
    const expiresAt = current.expiresAt;
    if (expiresAt !== undefined && expiresAt - this.options.settings.refreshLeewayMs <= this.clock.now()) {
      return this.refresh(current.token);
    }
    return current.token;
  }

  /** The scopes the current access token carries, when it says (Xero's tokens are JWTs). */
  async grantedScopes(): Promise<readonly string[] | undefined> {
    return accessTokenClaims(await this.accessToken()).scopes;
  }

  /**
   * Refreshes because `stale` was refused (or is expiring). When another caller has already replaced it, its
   * successor is returned without a second refresh.
   */
  async refresh(stale: string | undefined): Promise<string> {
    if (this.current !== undefined && this.current.token !== stale) return this.current.token;
    this.refreshing ??= this.rotate().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  /** Keeps a fresh grant (after consent): refresh token first, then the access token. */
  async keep(grant: XeroTokenGrant): Promise<void> {
    const { secrets, connectionId } = this.options;
    await secrets.store(secretReference(connectionId, XERO_SECRET_NAMES.refreshToken), grant.refreshToken);
    await secrets.store(secretReference(connectionId, XERO_SECRET_NAMES.accessToken), grant.accessToken);
    this.current = { token: grant.accessToken, expiresAt: grant.expiresAt };
  }

  /** Revokes the consent at Xero and removes the tokens from the keychain. */
  async revoke(): Promise<void> {
    const refreshToken = await this.read(XERO_SECRET_NAMES.refreshToken);
    if (refreshToken !== null) await (await this.oauthClient()).revoke(refreshToken);
    for (const name of [XERO_SECRET_NAMES.accessToken, XERO_SECRET_NAMES.refreshToken]) {
      await this.options.secrets.remove(secretReference(this.options.connectionId, name));
    }
    this.current = undefined;
  }

  private async rotate(): Promise<string> {
    const refreshToken = await this.read(XERO_SECRET_NAMES.refreshToken);
    if (refreshToken === null) {
      throw new ConnectorError({
        kind: 'authentication',
        system: 'xero',
        message:
          'This Xero connection has no refresh token in the OS keychain: reconnect the connection to Xero to sign in again.',
        context: { connection: this.options.connectionId, secret: XERO_SECRET_NAMES.refreshToken },
      });
    }
    const oauth = await this.oauthClient();
    // Safe to repeat: Xero honours the replaced refresh token for a grace period if an answer was lost.
    const grant = await withRetries(() => oauth.refresh(refreshToken), {
      maxAttempts: this.options.settings.maxAttempts,
      clock: this.clock,
      ...this.options.retry,
    });
    await this.keep(grant);
    return grant.accessToken;
  }

  private async oauthClient(): Promise<XeroOAuth> {
    if (this.oauth === undefined) {
      const clientSecret = await this.read(XERO_SECRET_NAMES.clientSecret);
      this.oauth = new XeroOAuth(this.options.settings, clientSecret === null ? {} : { clientSecret });
    }
    return this.oauth;
  }

  private read(name: string): Promise<string | null> {
    return this.options.secrets.read(secretReference(this.options.connectionId, name));
  }
}
