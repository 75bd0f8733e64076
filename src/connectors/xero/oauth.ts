import { type BaseClient, custom, errors, generators, Issuer, type TokenSet } from 'openid-client';
import { z } from 'zod';
import { ConnectorError } from '../shared/connectorError.js';
import { classifyHttpFailure, classifyTransportError } from '../shared/httpFailure.js';
import type { XeroConnectionSettings } from './settings.js';

/** What Counterpart keeps of a token response: the two tokens go to the keychain, the rest is derived. */
export interface XeroTokenGrant {
  readonly accessToken: string;
  readonly refreshToken: string;
  /** When the access token expires, epoch milliseconds; from `expires_in` or the token's own `exp`. */
  readonly expiresAt: number | undefined;
  readonly scopes: readonly string[];
}

/** One authorisation in progress: the values the callback is checked against, never stored anywhere. */
export interface PendingAuthorization {
  readonly url: string;
  readonly state: string;
  readonly codeVerifier: string;
  readonly redirectUri: string;
}

/**
 * Xero's OAuth 2.0 authorization-code flow with PKCE (S256), refresh with rotation and revocation, through
 * openid-client 5 — the client xero-node itself uses, and the one its own OAuth methods cannot drive with PKCE or a
 * configurable issuer. The issuer is built from the settings rather than discovered: Xero's WAF is reported to block
 * repeated discovery, and the sandbox and the real service then differ only by settings.
 */
export class XeroOAuth {
  private readonly client: BaseClient;

  constructor(
    private readonly settings: XeroConnectionSettings,
    options: { clientSecret?: string | undefined } = {},
  ) {
    const issuer = new Issuer({
      issuer: settings.issuer,
      authorization_endpoint: settings.authorizeUrl,
      token_endpoint: settings.tokenUrl,
      revocation_endpoint: settings.revokeUrl,
      jwks_uri: settings.jwksUrl,
    });
    const httpOptions = () => ({ timeout: settings.timeoutMs });
    issuer[custom.http_options] = httpOptions;
    this.client = new issuer.Client({
      client_id: settings.clientId,
      ...(options.clientSecret === undefined
        ? { token_endpoint_auth_method: 'none' }
        : { client_secret: options.clientSecret, token_endpoint_auth_method: 'client_secret_basic' }),
      redirect_uris: [settings.redirectUri],
      response_types: ['code'],
      id_token_signed_response_alg: 'RS256',
    });
    this.client[custom.http_options] = httpOptions;
    // Xero and the sandbox sign with the clock of another machine.
    this.client[custom.clock_tolerance] = 30;
  }

  /** The consent address with a fresh state and an S256 code challenge. */
  authorizationRequest(redirectUri: string = this.settings.redirectUri): PendingAuthorization {
    const codeVerifier = generators.codeVerifier();
    const state = generators.state();
    const url = this.client.authorizationUrl({
      redirect_uri: redirectUri,
      scope: this.settings.scopes.join(' '),
      state,
      code_challenge: generators.codeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url, state, codeVerifier, redirectUri };
  }

  /** Checks the callback against the pending request and exchanges its code for tokens. */
  async exchangeCode(callbackUrl: string, pending: PendingAuthorization): Promise<XeroTokenGrant> {
    const params = this.client.callbackParams(callbackUrl);
    const checks = { state: pending.state, code_verifier: pending.codeVerifier };
    try {
      // With `openid` Xero adds an ID token, which `callback` validates against the JWKS; `oauthCallback` refuses one.
      const tokens = this.settings.scopes.includes('openid')
        ? await this.client.callback(pending.redirectUri, params, checks)
        : await this.client.oauthCallback(pending.redirectUri, params, checks);
      return grantOf(tokens);
    } catch (error) {
      throw classifyOAuthError(error, this.settings.tokenUrl, 'exchange the authorisation code');
    }
  }

  /** A new token set; Xero rotates the refresh token, so the caller must keep the new one before anything else. */
  async refresh(refreshToken: string): Promise<XeroTokenGrant> {
    try {
      return grantOf(await this.client.refresh(refreshToken));
    } catch (error) {
      throw classifyOAuthError(error, this.settings.tokenUrl, 'refresh the access token');
    }
  }

  /** Ends the consent at Xero (its connections go with it). */
  async revoke(refreshToken: string): Promise<void> {
    try {
      await this.client.revoke(refreshToken, 'refresh_token');
    } catch (error) {
      throw classifyOAuthError(error, this.settings.revokeUrl, 'revoke the consent');
    }
  }
}

function grantOf(tokens: TokenSet): XeroTokenGrant {
  if (!tokens.access_token || !tokens.refresh_token) {
    throw new ConnectorError({
      kind: 'configuration',
      system: 'xero',
      message:
        'Xero granted no refresh token: add the offline_access scope to the connection settings and connect again.',
      context: { operation: 'token response' },
    });
  }
  const expiresAt = tokens.expires_at === undefined ? accessTokenExpiry(tokens.access_token) : tokens.expires_at * 1000;
  return {
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token,
    expiresAt,
    scopes: (tokens.scope ?? '').split(/\s+/).filter((scope) => scope !== ''),
  };
}

const AccessTokenClaims = z.object({
  exp: z.number().optional(),
  scope: z.union([z.array(z.string()), z.string()]).optional(),
});

/** The claims of Xero's JWT access token, read without verifying it (only for timing and advice, never for trust). */
export function accessTokenClaims(accessToken: string): { expiresAt?: number; scopes?: string[] } {
  const payload = accessToken.split('.')[1];
  if (payload === undefined) return {};
  try {
    const claims = AccessTokenClaims.parse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
    return {
      ...(claims.exp === undefined ? {} : { expiresAt: claims.exp * 1000 }),
      ...(claims.scope === undefined
        ? {}
        : { scopes: typeof claims.scope === 'string' ? claims.scope.split(' ') : claims.scope }),
    };
  } catch {
    return {};
  }
}

export function accessTokenExpiry(accessToken: string): number | undefined {
  return accessTokenClaims(accessToken).expiresAt;
}

const CONSENT_GONE = new Set(['invalid_grant']);
const BAD_CLIENT = new Set(['invalid_client', 'unauthorized_client']);

/** Turns openid-client's errors into actionable ConnectorErrors, keeping Xero's own `error` code. */
export function classifyOAuthError(error: unknown, url: string, operation: string): ConnectorError {
  if (error instanceof ConnectorError) return error;
  if (error instanceof errors.OPError) {
    const status = (error as { response?: { statusCode?: number } }).response?.statusCode;
    const code = error.error ?? '';
    const systemMessage = error.error_description ? `${code}: ${error.error_description}` : code;
    if (CONSENT_GONE.has(code)) {
      return new ConnectorError({
        kind: 'authentication',
        system: 'xero',
        message: `Xero's consent for this connection has expired or was revoked (${error.error}): reconnect the connection to Xero.`,
        systemMessage,
        context: { operation, url: new URL(url).origin },
      });
    }
    if (BAD_CLIENT.has(code)) {
      return new ConnectorError({
        kind: 'authentication',
        system: 'xero',
        message: `Xero did not accept the app's client id or client secret (${error.error}): check them in the connection settings against the app at developer.xero.com.`,
        systemMessage,
        context: { operation, url: new URL(url).origin },
      });
    }
    if (code === 'access_denied') {
      return new ConnectorError({
        kind: 'authentication',
        system: 'xero',
        message: 'Access to Xero was not granted in the browser: connect again and choose "Allow access".',
        systemMessage,
        context: { operation },
      });
    }
    if (code === 'invalid_scope') {
      return new ConnectorError({
        kind: 'permission',
        system: 'xero',
        message: `Xero refused the scopes asked for (${error.error}): apps created after March 2026 need granular scopes — change the scopes in the connection settings and connect again.`,
        systemMessage,
        context: { operation },
      });
    }
    return classifyHttpFailure('xero', { url, operation, status: status ?? 400, systemMessage });
  }
  if (error instanceof errors.RPError && /timed out/.test(error.message)) {
    return classifyTransportError('xero', Object.assign(new Error(error.message), { name: 'TimeoutError' }), {
      url,
      operation,
    });
  }
  if (error instanceof errors.RPError) {
    return new ConnectorError({
      kind: 'authentication',
      system: 'xero',
      message: `Xero's answer to the sign-in could not be trusted (${error.message}): connect again.`,
      systemMessage: error.message,
      context: { operation },
      cause: error,
    });
  }
  return classifyTransportError('xero', error, { url, operation });
}
