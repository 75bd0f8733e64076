import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, type JWK, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';

type SigningKey = Awaited<ReturnType<typeof importJWK>>;

import type { SandboxClock } from '../shared/clock.js';
import type { XeroSandboxSettings } from './settings.js';

/**
 * The fake Xero identity service: an app registry, consented grants, the connections they created, authorization
 * codes (with PKCE), rotating refresh tokens and RS256 JWT access and ID tokens. Lifetimes go through the sandbox
 * clock so `--time-scale` shortens them.
 */
export interface OAuthClient {
  readonly clientId: string;
  /** Absent for PKCE apps ("Auth Code with PKCE" apps get no secret). */
  readonly clientSecret?: string;
}

export interface Connection {
  readonly id: string;
  readonly authEventId: string;
  readonly tenantId: string;
  readonly tenantType: 'ORGANISATION';
  readonly tenantName: string;
  readonly createdDateUtc: string;
  readonly updatedDateUtc: string;
}

interface Grant {
  readonly id: string;
  readonly clientId: string;
  readonly scopes: readonly string[];
  readonly authTime: number;
}

interface RefreshToken {
  readonly grantId: string;
  /** Real ms after which an unused token dies. */
  readonly expiresAt: number;
  /** Set when rotated out: the token still works until this real time (the grace period). */
  readonly graceUntil?: number;
}

interface AuthorizationCode {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly scopes: readonly string[];
  readonly challenge?: string;
  readonly nonce?: string;
  readonly expiresAt: number;
}

/** A type alias rather than an interface so it fits token-set parameter types with index signatures. */
export type TokenResponse = {
  readonly access_token: string;
  readonly expires_in: number;
  readonly token_type: 'Bearer';
  readonly scope: string;
  readonly refresh_token?: string;
  readonly id_token?: string;
};

export class OAuthError extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
    readonly status = 400,
  ) {
    super(description);
  }
}

export const SANDBOX_USER = {
  userId: '5c6b9b0c-7e61-4b8f-9d0c-4a1e6c2f1a10',
  email: 'sandbox.user@counterpart.example',
  givenName: 'Sandy',
  familyName: 'Box',
} as const;

export const IdentitySnapshot = z.object({
  privateJwk: z.record(z.string(), z.unknown()),
  grants: z.array(
    z.object({ id: z.string(), clientId: z.string(), scopes: z.array(z.string()), authTime: z.number() }),
  ),
  refreshTokens: z.array(
    z.object({ token: z.string(), grantId: z.string(), expiresAt: z.number(), graceUntil: z.number().optional() }),
  ),
  connections: z.array(
    z.object({
      clientId: z.string(),
      connection: z.object({
        id: z.string(),
        authEventId: z.string(),
        tenantId: z.string(),
        tenantType: z.literal('ORGANISATION'),
        tenantName: z.string(),
        createdDateUtc: z.string(),
        updatedDateUtc: z.string(),
      }),
    }),
  ),
});
export type IdentitySnapshot = z.infer<typeof IdentitySnapshot>;

export interface AccessClaims {
  readonly clientId: string;
  readonly grantId: string;
  readonly scopes: readonly string[];
}

/** `/connections` dates are ISO without a zone and with 7 fraction digits. */
function connectionDate(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 23)}0000`;
}

function base64Url(buffer: Buffer): string {
  return buffer.toString('base64url');
}

let sharedKey: Promise<JWK> | undefined;

/**
 * One RSA key per process, generated on libuv's thread pool: key generation takes a few hundred milliseconds, so
 * sandboxes started together (tests, `counterpart sandbox`) share it and start-up overlaps it with seeding.
 */
export function processSigningKey(): Promise<JWK> {
  sharedKey ??= generateKeyPair('RS256', { extractable: true }).then((pair) => exportJWK(pair.privateKey));
  return sharedKey;
}

export class IdentityService {
  private readonly grants = new Map<string, Grant>();
  private readonly refreshTokens = new Map<string, RefreshToken>();
  private readonly codes = new Map<string, AuthorizationCode>();
  /** Connections per client id (the sandbox has one user). */
  private readonly connections = new Map<string, Connection[]>();
  readonly keyId = 'counterpart-sandbox-1';

  private constructor(
    private readonly privateKey: SigningKey,
    private readonly publicKey: SigningKey,
    readonly publicJwk: JWK,
    private readonly privateJwk: JWK,
    public issuer: string,
    readonly clients: readonly OAuthClient[],
    private readonly tenants: () => readonly { tenantId: string; tenantName: string }[],
    private readonly clock: SandboxClock,
    private readonly settings: () => XeroSandboxSettings,
  ) {}

  static async create(options: {
    issuer: string;
    clients: readonly OAuthClient[];
    tenants: () => readonly { tenantId: string; tenantName: string }[];
    clock: SandboxClock;
    settings: () => XeroSandboxSettings;
    state?: IdentitySnapshot | undefined;
  }): Promise<IdentityService> {
    const privateJwk = options.state ? (options.state.privateJwk as JWK) : await processSigningKey();
    const privateKey = (await importJWK(privateJwk, 'RS256')) as SigningKey;
    const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = privateJwk;
    const publicKey = (await importJWK(publicJwk, 'RS256')) as SigningKey;
    const service = new IdentityService(
      privateKey,
      publicKey,
      { ...publicJwk, kid: 'counterpart-sandbox-1', alg: 'RS256', use: 'sig' },
      privateJwk,
      options.issuer,
      options.clients,
      options.tenants,
      options.clock,
      options.settings,
    );
    if (options.state) service.load(options.state);
    return service;
  }

  client(clientId: string | undefined): OAuthClient | undefined {
    return this.clients.find((c) => c.clientId === clientId);
  }

  /** Consent, auto-approved for the sandbox user: every organisation gets connected to the app. */
  authorize(params: {
    clientId: string;
    redirectUri: string;
    scopes: readonly string[];
    challenge?: string | undefined;
    challengeMethod?: string | undefined;
    nonce?: string | undefined;
  }): string {
    const client = this.client(params.clientId);
    if (!client) throw new OAuthError('unauthorized_client', 'Unknown client or client not enabled');
    if (params.scopes.length === 0) throw new OAuthError('invalid_scope', 'Invalid scope');
    if (params.challenge !== undefined && params.challengeMethod !== 'S256') {
      throw new OAuthError('invalid_request', 'Transform algorithm not supported');
    }
    if (!client.clientSecret && params.challenge === undefined) {
      throw new OAuthError('invalid_request', 'code challenge required');
    }
    const code = base64Url(randomBytes(32));
    this.codes.set(code, {
      clientId: params.clientId,
      redirectUri: params.redirectUri,
      scopes: params.scopes,
      ...(params.challenge !== undefined ? { challenge: params.challenge } : {}),
      ...(params.nonce !== undefined ? { nonce: params.nonce } : {}),
      expiresAt: Date.now() + this.settings().tokens.authorizationCodeLifetimeMs,
    });
    return code;
  }

  authenticateClient(clientId: string | undefined, secret: string | undefined, pkce: boolean): OAuthClient {
    const client = this.client(clientId);
    if (!client) throw new OAuthError('invalid_client', 'Unknown client');
    if (client.clientSecret !== undefined) {
      if (secret !== client.clientSecret) throw new OAuthError('invalid_client', 'Invalid client secret');
    } else if (!pkce && secret !== undefined) {
      throw new OAuthError('invalid_client', 'Invalid client secret');
    }
    return client;
  }

  async exchangeCode(
    client: OAuthClient,
    code: string,
    redirectUri: string | undefined,
    verifier: string | undefined,
  ): Promise<TokenResponse> {
    const stored = this.codes.get(code);
    this.codes.delete(code);
    if (!stored || stored.expiresAt < Date.now() || stored.clientId !== client.clientId) {
      throw new OAuthError('invalid_grant', 'Invalid or expired authorization code');
    }
    if (redirectUri !== stored.redirectUri) throw new OAuthError('invalid_grant', 'redirect_uri does not match');
    if (stored.challenge !== undefined) {
      const computed = verifier && base64Url(createHash('sha256').update(verifier).digest());
      if (!verifier || !/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier) || computed !== stored.challenge) {
        throw new OAuthError('invalid_grant', 'Invalid code_verifier');
      }
    }
    const grant = this.newGrant(client.clientId, stored.scopes);
    return this.issue(grant, stored.nonce);
  }

  async refresh(client: OAuthClient, token: string): Promise<TokenResponse> {
    const stored = this.refreshTokens.get(token);
    const now = Date.now();
    const grant = stored && this.grants.get(stored.grantId);
    if (!stored || !grant || grant.clientId !== client.clientId || stored.expiresAt < now) {
      throw new OAuthError('invalid_grant', 'invalid_grant');
    }
    if (stored.graceUntil !== undefined && stored.graceUntil < now)
      throw new OAuthError('invalid_grant', 'invalid_grant');
    if (stored.graceUntil === undefined) {
      this.refreshTokens.set(token, {
        ...stored,
        graceUntil: now + this.clock.realDuration(this.settings().tokens.refreshGraceMs),
      });
    }
    return this.issue(grant, undefined);
  }

  /** Custom connections (client_credentials): an app-level token for every organisation. */
  async clientCredentials(client: OAuthClient, scopes: readonly string[]): Promise<TokenResponse> {
    if (!client.clientSecret) throw new OAuthError('unauthorized_client', 'Client is not a custom connection');
    const grant = this.newGrant(
      client.clientId,
      scopes.filter((s) => s !== 'offline_access'),
    );
    return this.issue(grant, undefined);
  }

  /** Revoking a refresh token ends the grant and removes the app's connections, as in Xero. */
  revoke(client: OAuthClient, token: string): void {
    const stored = this.refreshTokens.get(token);
    if (!stored) return;
    const grant = this.grants.get(stored.grantId);
    if (!grant || grant.clientId !== client.clientId) return;
    for (const [value, entry] of this.refreshTokens) if (entry.grantId === grant.id) this.refreshTokens.delete(value);
    this.grants.delete(grant.id);
    this.connections.set(client.clientId, []);
  }

  /** A grant created without a browser: used for the token set printed at start-up. */
  async issueInitial(clientId: string, scopes: readonly string[]): Promise<TokenResponse> {
    return this.issue(this.newGrant(clientId, scopes), undefined);
  }

  connectionsOf(clientId: string): readonly Connection[] {
    return this.connections.get(clientId) ?? [];
  }

  disconnect(clientId: string, connectionId: string): boolean {
    const list = this.connections.get(clientId) ?? [];
    const remaining = list.filter((c) => c.id !== connectionId);
    this.connections.set(clientId, remaining);
    return remaining.length !== list.length;
  }

  /**
   * Verifies a bearer token by signature and expiry. The issuer is not checked: a sandbox restored from a saved
   * state may listen on another port, and its tokens should keep working as they would against real Xero.
   * Throws OAuthError('TokenExpired: …') or ('AuthenticationUnsuccessful'). */
  async verifyAccessToken(token: string): Promise<AccessClaims> {
    try {
      const { payload } = await jwtVerify(token, this.publicKey, { algorithms: ['RS256'] });
      const scopes = Array.isArray(payload.scope) ? payload.scope.map(String) : [];
      return {
        clientId: String(payload.client_id),
        grantId: String(payload.authentication_event_id),
        scopes,
      };
    } catch (error) {
      if (error instanceof Error && 'code' in error && error.code === 'ERR_JWT_EXPIRED') {
        const exp = (error as unknown as { payload?: { exp?: number } }).payload?.exp ?? 0;
        throw new OAuthError('TokenExpired', `TokenExpired: token expired at ${expiryText(exp)}`, 401);
      }
      throw new OAuthError('AuthenticationUnsuccessful', 'AuthenticationUnsuccessful', 401);
    }
  }

  discovery(): Record<string, unknown> {
    return {
      issuer: this.issuer,
      jwks_uri: `${this.issuer}/.well-known/openid-configuration/jwks`,
      authorization_endpoint: `${this.issuer}/identity/connect/authorize`,
      token_endpoint: `${this.issuer}/connect/token`,
      userinfo_endpoint: `${this.issuer}/connect/userinfo`,
      end_session_endpoint: `${this.issuer}/connect/endsession`,
      revocation_endpoint: `${this.issuer}/connect/revocation`,
      introspection_endpoint: `${this.issuer}/connect/introspect`,
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      claims_supported: ['sub', 'xero_userid', 'email', 'given_name', 'family_name', 'name', 'preferred_username'],
      grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
      response_types_supported: ['code'],
      response_modes_supported: ['form_post', 'query', 'fragment'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      code_challenge_methods_supported: ['plain', 'S256'],
    };
  }

  snapshot(): IdentitySnapshot {
    return {
      privateJwk: this.privateJwk as Record<string, unknown>,
      grants: [...this.grants.values()].map((g) => ({ ...g, scopes: [...g.scopes] })),
      refreshTokens: [...this.refreshTokens].map(([token, entry]) => ({ token, ...entry })),
      connections: [...this.connections].flatMap(([clientId, list]) =>
        list.map((connection) => ({ clientId, connection })),
      ),
    };
  }

  private load(state: IdentitySnapshot): void {
    for (const grant of state.grants) this.grants.set(grant.id, grant);
    for (const { token, ...entry } of state.refreshTokens) this.refreshTokens.set(token, entry);
    for (const { clientId, connection } of state.connections) {
      this.connections.set(clientId, [...(this.connections.get(clientId) ?? []), connection]);
    }
  }

  private newGrant(clientId: string, scopes: readonly string[]): Grant {
    const grant: Grant = { id: randomUUID(), clientId, scopes, authTime: Math.floor(Date.now() / 1000) };
    this.grants.set(grant.id, grant);
    // Consent connects every organisation not yet connected; existing connections keep their ids.
    const now = Date.now();
    const existing = this.connections.get(clientId) ?? [];
    const added = this.tenants()
      .filter((t) => !existing.some((c) => c.tenantId === t.tenantId))
      .map(
        (t): Connection => ({
          id: randomUUID(),
          authEventId: grant.id,
          tenantId: t.tenantId,
          tenantType: 'ORGANISATION',
          tenantName: t.tenantName,
          createdDateUtc: connectionDate(now),
          updatedDateUtc: connectionDate(now),
        }),
      );
    this.connections.set(clientId, [...existing, ...added]);
    return grant;
  }

  private async issue(grant: Grant, nonce: string | undefined): Promise<TokenResponse> {
    const lifetimeMs = this.clock.realDuration(this.settings().tokens.accessTokenLifetimeMs);
    const nowSeconds = Math.floor(Date.now() / 1000);
    const expiresIn = Math.max(1, Math.round(lifetimeMs / 1000));
    const access = await new SignJWT({
      client_id: grant.clientId,
      sub: SANDBOX_USER.userId,
      auth_time: grant.authTime,
      idp: 'Xero',
      xero_userid: SANDBOX_USER.userId,
      global_session_id: grant.id,
      authentication_event_id: grant.id,
      scope: [...grant.scopes],
      amr: ['pwd'],
    })
      .setProtectedHeader({ alg: 'RS256', kid: this.keyId, typ: 'JWT' })
      .setIssuer(this.issuer)
      .setAudience(`${this.issuer}/resources`)
      .setNotBefore(nowSeconds)
      .setIssuedAt(nowSeconds)
      .setExpirationTime(nowSeconds + expiresIn)
      .setJti(randomUUID())
      .sign(this.privateKey);
    const response: { -readonly [K in keyof TokenResponse]: TokenResponse[K] } = {
      access_token: access,
      expires_in: expiresIn,
      token_type: 'Bearer',
      scope: grant.scopes.join(' '),
    };
    if (grant.scopes.includes('offline_access')) {
      const refresh = base64Url(randomBytes(32));
      this.refreshTokens.set(refresh, {
        grantId: grant.id,
        expiresAt: Date.now() + this.clock.realDuration(this.settings().tokens.refreshTokenIdleLifetimeMs),
      });
      response.refresh_token = refresh;
    }
    if (grant.scopes.includes('openid')) {
      response.id_token = await new SignJWT({
        ...(nonce !== undefined ? { nonce } : {}),
        auth_time: grant.authTime,
        xero_userid: SANDBOX_USER.userId,
        global_session_id: grant.id,
        sid: grant.id,
        preferred_username: SANDBOX_USER.email,
        email: SANDBOX_USER.email,
        given_name: SANDBOX_USER.givenName,
        family_name: SANDBOX_USER.familyName,
        name: `${SANDBOX_USER.givenName} ${SANDBOX_USER.familyName}`,
      })
        .setProtectedHeader({ alg: 'RS256', kid: this.keyId, typ: 'JWT' })
        .setSubject(SANDBOX_USER.userId)
        .setIssuer(this.issuer)
        .setAudience(grant.clientId)
        .setIssuedAt(nowSeconds)
        .setNotBefore(nowSeconds)
        .setExpirationTime(nowSeconds + 300)
        .sign(this.privateKey);
    }
    return response;
  }
}

/** Xero words expiry as `token expired at 04/09/2023 05:16:59` (month/day/year, UTC). */
function expiryText(expSeconds: number): string {
  const d = new Date(expSeconds * 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getUTCMonth() + 1)}/${two(d.getUTCDate())}/${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}
