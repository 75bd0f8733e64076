import { SignJWT } from 'jose';
import { type SecretVault, secretReference } from '../../secrets/keychain.js';
import { type Clock, systemClock } from '../shared/clock.js';
import { ConnectorError } from '../shared/connectorError.js';
import { SAGEX3_SECRET_NAMES, type SageX3ConnectionSettings } from './settings.js';

interface SignedToken {
  readonly value: string;
  /** Epoch milliseconds after which a new token is signed. */
  readonly renewAt: number;
}

/**
 * The `Authorization` header of every call. Basic sends the X3 login and its password; JWT signs a short-lived HS256
 * token with the connected app's client secret (on premises there is no token endpoint: the client is its own issuer)
 * and signs a new one before it expires. Secrets are read from the keychain once per connector and kept only in memory.
 */
export class SageX3Auth {
  private secret: Promise<string> | undefined;
  private token: SignedToken | undefined;

  constructor(
    private readonly connectionId: string,
    private readonly settings: SageX3ConnectionSettings,
    private readonly vault: SecretVault,
    private readonly clock: Clock = systemClock,
  ) {}

  get mode(): SageX3ConnectionSettings['authMode'] {
    return this.settings.authMode;
  }

  async header(): Promise<string> {
    const secret = await this.readSecret();
    if (this.settings.authMode === 'basic') {
      return `Basic ${Buffer.from(`${this.settings.user}:${secret}`, 'utf8').toString('base64')}`;
    }
    const now = this.clock.now();
    if (this.token === undefined || now >= this.token.renewAt) this.token = await this.sign(secret, now);
    return `Bearer ${this.token.value}`;
  }

  /** Forgets the current token (X3 refused it: expired early, clock skew), so the next call signs a new one. */
  renew(): void {
    this.token = undefined;
  }

  private async sign(secret: string, now: number): Promise<SignedToken> {
    const iat = Math.floor(now / 1000);
    const lifetime = this.settings.jwtLifetimeSeconds;
    const value = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(this.settings.clientId ?? '')
      .setSubject(this.settings.user)
      .setAudience(this.settings.jwtAudience)
      .setIssuedAt(iat)
      .setExpirationTime(iat + lifetime)
      .sign(new TextEncoder().encode(secret));
    const renewAfter = Math.max(1, lifetime - this.settings.jwtRenewBeforeSeconds);
    return { value, renewAt: iat * 1000 + renewAfter * 1000 };
  }

  private readSecret(): Promise<string> {
    this.secret ??= this.fetchSecret().catch((error: unknown) => {
      this.secret = undefined;
      throw error;
    });
    return this.secret;
  }

  private async fetchSecret(): Promise<string> {
    const name = this.settings.authMode === 'basic' ? SAGEX3_SECRET_NAMES.password : SAGEX3_SECRET_NAMES.clientSecret;
    const value = await this.vault.read(secretReference(this.connectionId, name));
    if (value === null || value === '') {
      const what = this.settings.authMode === 'basic' ? 'X3 password' : "connected app's client secret";
      throw new ConnectorError({
        kind: 'authentication',
        system: 'sagex3',
        message: `The ${what} of this Sage X3 connection is not in the OS keychain: reconnect the connection to enter it again.`,
        context: { connection: this.connectionId, secret: name },
      });
    }
    return value;
  }
}
