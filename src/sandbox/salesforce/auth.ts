import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { SandboxClock } from '../shared/clock.js';

export interface OAuthClient {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Registered callback URLs; empty accepts any loopback (`http://localhost…`, `http://127.0.0.1…`) redirect. */
  readonly callbackUrls: readonly string[];
}

export interface AuthSettings {
  readonly orgId: string;
  readonly userId: string;
  readonly username: string;
  readonly password: string;
  readonly client: OAuthClient;
  /** Simulated lifetime of an access token (the org's session timeout). */
  readonly sessionLifetimeMs: number;
  /** Refresh-token rotation (a per-app setting): each refresh returns a new refresh token and revokes the old one. */
  readonly rotateRefreshTokens: boolean;
  readonly scope: string;
}

export interface Session {
  readonly accessToken: string;
  readonly clientId: string;
  readonly userId: string;
  readonly expiresAt: number;
  /** The refresh token this session came from; revoking that token ends the session too. */
  readonly grant: string | null;
}

export class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
  }
}

interface PendingCode {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly challenge: string | null;
  readonly method: string;
  readonly expiresAt: number;
}

/** Access and refresh tokens, authorization codes with PKCE, revocation — the org's OAuth 2.0 server. */
export class TokenAuthority {
  private readonly sessions = new Map<string, Session>();
  private readonly refreshTokens = new Map<string, { clientId: string; userId: string }>();
  private readonly codes = new Map<string, PendingCode>();

  constructor(
    readonly settings: AuthSettings,
    private readonly clock: SandboxClock,
    private readonly instanceUrl: () => string,
  ) {}

  identityUrl(): string {
    return `${this.instanceUrl()}/id/${this.settings.orgId}/${this.settings.userId}`;
  }

  /** A ready token set for the start-up contract (as if the user had already connected). */
  issueInitial(): Record<string, string> {
    const refreshToken = this.newRefreshToken(this.settings.client.clientId);
    return this.tokenResponse(refreshToken);
  }

  /** `GET /services/oauth2/authorize`: the sandbox approves at once and returns where to redirect. */
  authorize(query: Readonly<Record<string, string | undefined>>): string {
    const { client } = this.settings;
    if (query.response_type !== 'code')
      throw new OAuthError(400, 'unsupported_response_type', 'response type not supported');
    if (query.client_id !== client.clientId)
      throw new OAuthError(400, 'invalid_client_id', 'client identifier invalid');
    const redirectUri = query.redirect_uri ?? '';
    if (!this.callbackAllowed(redirectUri))
      throw new OAuthError(400, 'redirect_uri_mismatch', 'redirect_uri must match configuration');
    const code = `aPrx${randomBytes(24).toString('base64url')}`;
    this.codes.set(code, {
      clientId: client.clientId,
      redirectUri,
      challenge: query.code_challenge ?? null,
      // jsforce sends no code_challenge_method; Salesforce treats the challenge as S256.
      method: query.code_challenge_method ?? 'S256',
      expiresAt: Date.now() + this.clock.realDuration(15 * 60_000),
    });
    const target = new URL(redirectUri);
    target.searchParams.set('code', code);
    if (query.state !== undefined) target.searchParams.set('state', query.state);
    return target.toString();
  }

  private callbackAllowed(uri: string): boolean {
    const { callbackUrls } = this.settings.client;
    if (callbackUrls.length > 0) return callbackUrls.includes(uri);
    return /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?(\/|$)/.test(uri);
  }

  /** `POST /services/oauth2/token` for every grant the sandbox supports. */
  token(form: Readonly<Record<string, string | undefined>>): Record<string, string> {
    switch (form.grant_type) {
      case 'authorization_code':
        return this.exchangeCode(form);
      case 'refresh_token':
        return this.refresh(form);
      case 'password':
        this.checkClient(form, true);
        if (form.username !== this.settings.username || form.password !== this.settings.password) {
          throw new OAuthError(400, 'invalid_grant', 'authentication failure');
        }
        return this.tokenResponse(this.newRefreshToken(this.settings.client.clientId));
      case 'client_credentials':
        this.checkClient(form, true);
        return this.tokenResponse(null);
      default:
        throw new OAuthError(400, 'unsupported_grant_type', 'grant type not supported');
    }
  }

  private exchangeCode(form: Readonly<Record<string, string | undefined>>): Record<string, string> {
    this.checkClient(form, false);
    const code = this.codes.get(form.code ?? '');
    if (code) this.codes.delete(form.code ?? '');
    if (!code || code.expiresAt < Date.now()) throw new OAuthError(400, 'invalid_grant', 'invalid authorization code');
    if (code.redirectUri !== form.redirect_uri)
      throw new OAuthError(400, 'invalid_grant', 'redirect_uri must match configuration');
    if (code.challenge !== null) {
      const verifier = form.code_verifier;
      if (!verifier) throw new OAuthError(400, 'invalid_grant', 'invalid code verifier');
      const expected = code.method === 'plain' ? verifier : createHash('sha256').update(verifier).digest('base64url');
      if (expected !== code.challenge) throw new OAuthError(400, 'invalid_request', 'invalid code verifier');
    } else if (!form.client_secret) {
      throw new OAuthError(400, 'invalid_client', 'invalid client credentials');
    }
    return this.tokenResponse(this.newRefreshToken(code.clientId));
  }

  private refresh(form: Readonly<Record<string, string | undefined>>): Record<string, string> {
    this.checkClient(form, false);
    const token = form.refresh_token ?? '';
    const grant = this.refreshTokens.get(token);
    if (!grant || grant.clientId !== form.client_id)
      throw new OAuthError(400, 'invalid_grant', 'expired access/refresh token');
    if (!this.settings.rotateRefreshTokens) return this.tokenResponse(null, token);
    this.refreshTokens.delete(token);
    return this.tokenResponse(this.newRefreshToken(grant.clientId));
  }

  private checkClient(form: Readonly<Record<string, string | undefined>>, secretRequired: boolean): void {
    const { client } = this.settings;
    if (form.client_id !== client.clientId) throw new OAuthError(400, 'invalid_client_id', 'client identifier invalid');
    const secret = form.client_secret;
    if ((secretRequired || secret !== undefined) && secret !== client.clientSecret) {
      throw new OAuthError(400, 'invalid_client', 'invalid client credentials');
    }
  }

  private newRefreshToken(clientId: string): string {
    const token = `5Aep861${randomBytes(40).toString('base64url')}`;
    this.refreshTokens.set(token, { clientId, userId: this.settings.userId });
    return token;
  }

  private tokenResponse(refreshToken: string | null, grant: string | null = refreshToken): Record<string, string> {
    const accessToken = `${this.settings.orgId.slice(0, 15)}!AQ${randomBytes(48).toString('base64url')}`;
    const issuedAt = String(Date.now());
    this.sessions.set(accessToken, {
      accessToken,
      clientId: this.settings.client.clientId,
      userId: this.settings.userId,
      expiresAt: Date.now() + this.clock.realDuration(this.settings.sessionLifetimeMs),
      grant,
    });
    const id = this.identityUrl();
    const signature = createHmac('sha256', this.settings.client.clientSecret)
      .update(`${id}${issuedAt}`)
      .digest('base64');
    return {
      access_token: accessToken,
      ...(refreshToken ? { refresh_token: refreshToken } : {}),
      signature,
      scope: this.settings.scope,
      instance_url: this.instanceUrl(),
      id,
      token_type: 'Bearer',
      issued_at: issuedAt,
    };
  }

  /** The live session behind an `Authorization` header (`Bearer x` or `OAuth x`), or undefined. */
  session(authorization: string | undefined): Session | undefined {
    const match = /^(?:Bearer|OAuth)\s+(\S+)$/i.exec(authorization ?? '');
    const session = match?.[1] ? this.sessions.get(match[1]) : undefined;
    if (!session) return undefined;
    if (session.expiresAt < Date.now()) {
      this.sessions.delete(session.accessToken);
      return undefined;
    }
    return session;
  }

  /** `POST /services/oauth2/revoke`: an access token ends its session; a refresh token also ends its sessions. */
  revoke(token: string): boolean {
    if (this.sessions.delete(token)) return true;
    if (!this.refreshTokens.delete(token)) return false;
    for (const session of [...this.sessions.values()]) {
      if (session.grant === token) this.sessions.delete(session.accessToken);
    }
    return true;
  }

  /** Ends every session (tests use it to make clients refresh). */
  expireAllSessions(): void {
    this.sessions.clear();
  }
}
