import { randomInt, randomUUID } from 'node:crypto';
import type { SandboxClock } from '../shared/clock.js';
import { ukLocalTimestamp } from './dates.js';
import { invalidSession, KashFlowHttpError } from './errors.js';
import type { KashFlowSettings } from './settings.js';

interface TemporaryLogin {
  readonly positions: readonly number[];
  readonly expiresAt: number;
}

interface Session {
  lastUsed: number;
}

export interface MemorableCharacter {
  readonly Position: number;
  readonly Value: string;
}

/**
 * KashFlow's two-step login: user name and password buy a temporary token and a few 1-based memorable-word
 * positions; the characters at those positions buy a session token, which then goes in `Authorization: KfToken …`
 * and lapses after a spell of inactivity. There is no refresh token: clients log in again.
 */
export class KashFlowSessions {
  private readonly temporary = new Map<string, TemporaryLogin>();
  private readonly sessions = new Map<string, Session>();
  private failedLogins = 0;

  constructor(
    private readonly settings: () => KashFlowSettings,
    private readonly clock: SandboxClock,
  ) {}

  /** Step 1: `POST /sessiontoken`. */
  begin(userName: string | undefined, password: string | undefined) {
    const settings = this.settings();
    this.refuseWhenLocked();
    if (userName?.toLowerCase() !== settings.userName.toLowerCase() || password !== settings.password) {
      this.failed();
      throw new KashFlowHttpError(settings.loginFailureStatus, 'InvalidCredentials', 'Invalid username or password.');
    }
    const now = Date.now();
    // Abandoned step-1 logins would otherwise pile up in a long-running sandbox.
    for (const [stale, login] of this.temporary) if (login.expiresAt <= now) this.temporary.delete(stale);
    const token = randomUUID();
    const positions = pickPositions(settings.memorableWord.length, settings.memorableWordCharacters);
    this.temporary.set(token, {
      positions,
      expiresAt: now + this.clock.realDuration(settings.temporaryTokenTtlMs),
    });
    return {
      TemporaryToken: token,
      MemorableWordList: positions.map((Position) => ({ Position, Value: '' })),
      IsAdmin: true,
      PackageName: 'Sandbox',
      PartnerId: 0,
      SubscriptionExpired: false,
      HasTemporaryPassword: false,
      PartnerBrandingOptOut: false,
    };
  }

  /** Step 2: `PUT /sessiontoken`. Characters compare case-insensitively. */
  complete(temporaryToken: string | undefined, characters: readonly MemorableCharacter[]) {
    const settings = this.settings();
    this.refuseWhenLocked();
    const login = temporaryToken ? this.temporary.get(temporaryToken) : undefined;
    if (!temporaryToken || !login || login.expiresAt <= Date.now()) {
      if (temporaryToken) this.temporary.delete(temporaryToken);
      throw new KashFlowHttpError(
        settings.loginFailureStatus,
        'InvalidTemporaryToken',
        'Temporary token provided is invalid or has expired.',
      );
    }
    const word = settings.memorableWord.toLowerCase();
    const answered = new Map(characters.map((c) => [c.Position, c.Value.toLowerCase()]));
    const correct = login.positions.every((position) => answered.get(position) === word.charAt(position - 1));
    if (!correct) {
      if (settings.temporaryTokenSingleUse) this.temporary.delete(temporaryToken);
      this.failed();
      throw new KashFlowHttpError(
        settings.loginFailureStatus,
        'InvalidMemorableWord',
        'The memorable word characters provided are incorrect.',
      );
    }
    this.temporary.delete(temporaryToken);
    this.failedLogins = 0;
    const sessionToken = randomUUID();
    this.sessions.set(sessionToken, { lastUsed: Date.now() });
    const expiry = new Date(this.clock.now().getTime() + 365 * 24 * 3_600_000);
    return {
      SessionToken: sessionToken,
      CompanyName: settings.companyName,
      StartPageUrl: '/dashboard',
      SubscriptionExpiryDate: ukLocalTimestamp(expiry),
      IsAdmin: true,
      PartnerId: 0,
    };
  }

  /** Checks `Authorization: KfToken <token>` and keeps the session alive; throws InvalidSessionToken otherwise. */
  authenticate(authorization: string | undefined): string {
    const match = /^(\w+)\s+(\S+)\s*$/.exec(authorization ?? '');
    const scheme = match?.[1]?.toLowerCase();
    const token = match?.[2];
    const schemeAccepted = scheme === 'kftoken' || (scheme === 'bearer' && this.settings().acceptBearerScheme);
    if (!token || !schemeAccepted) throw invalidSession();
    const session = this.sessions.get(token);
    if (!session) throw invalidSession();
    const now = Date.now();
    if (now - session.lastUsed > this.clock.realDuration(this.settings().sessionIdleMs)) {
      this.sessions.delete(token);
      throw invalidSession();
    }
    session.lastUsed = now;
    return token;
  }

  /** `DELETE /sessiontoken/{token}`; false when the token was unknown. */
  end(token: string): boolean {
    return this.sessions.delete(token);
  }

  /** Ends every session, as if they had all been idle too long (for tests of re-login). */
  expireAll(): void {
    this.sessions.clear();
  }

  private failed(): void {
    this.failedLogins += 1;
  }

  private refuseWhenLocked(): void {
    const limit = this.settings().lockAfterFailedLogins;
    if (limit > 0 && this.failedLogins >= limit) {
      throw new KashFlowHttpError(
        this.settings().loginFailureStatus,
        'AccountLocked',
        'Your account has been locked after too many failed login attempts.',
      );
    }
  }
}

/** Distinct 1-based positions in ascending order. */
function pickPositions(length: number, count: number): number[] {
  const wanted = Math.min(count, length);
  const chosen = new Set<number>();
  while (chosen.size < wanted) chosen.add(randomInt(1, length + 1));
  return [...chosen].sort((a, b) => a - b);
}
