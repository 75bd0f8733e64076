import { CounterpartError } from '../../errors.js';
import { type SecretVault, secretReference } from '../../secrets/keychain.js';
import { ConnectorError } from '../shared/connectorError.js';
import { type KashFlowFailure, KashFlowHttp } from './http.js';
import { KASHFLOW_SECRET_NAMES, type KashFlowConnectionSettings } from './settings.js';
import { SessionToken, TemporaryToken } from './wire.js';

export interface LoginResult {
  readonly companyName: string | undefined;
  readonly subscriptionExpiry: string | undefined;
}

/**
 * KashFlow's two-step login and the session token it buys. Step 1 sends the user name and password for a temporary
 * token and 1-based memorable-word positions; step 2 answers the characters at those positions. The token lives in
 * memory (and, when the settings ask, in the OS keychain so a restart within KashFlow's idle window skips the login);
 * it never reaches a log, a URL kept in an error, or the database.
 */
export class KashFlowSession {
  private token: string | undefined;
  private pending: Promise<string> | undefined;
  private lastLogin: LoginResult | undefined;
  private restored = false;
  private acceptedToken: string | undefined;

  constructor(
    private readonly http: KashFlowHttp,
    private readonly options: {
      readonly connectionId: string;
      readonly settings: KashFlowConnectionSettings;
      readonly secrets: SecretVault;
    },
  ) {}

  /** The current session token, logging in (once, however many callers wait) when there is none. */
  async current(signal?: AbortSignal): Promise<string> {
    if (this.token !== undefined) return this.token;
    if (!this.restored) {
      this.restored = true;
      const kept = await this.keptToken();
      if (kept !== undefined) {
        this.token = kept;
        return kept;
      }
    }
    this.pending ??= this.login(signal)
      .then(() => this.token as string)
      .finally(() => {
        this.pending = undefined;
      });
    return this.pending;
  }

  /** Notes that KashFlow accepted the token, so a later refusal means it lapsed rather than never worked. */
  accepted(token: string): void {
    this.acceptedToken = token;
  }

  wasAccepted(token: string): boolean {
    return this.acceptedToken === token;
  }

  /** Forgets a token KashFlow refused, unless a newer one has already replaced it. */
  async invalidate(token: string): Promise<void> {
    if (this.token !== token) return;
    this.token = undefined;
    if (this.options.settings.keepSessionInKeychain) await this.options.secrets.remove(this.sessionReference());
  }

  /** Both login steps, replacing any current token. */
  async login(signal?: AbortSignal): Promise<LoginResult> {
    const password = await this.secret(KASHFLOW_SECRET_NAMES.password, 'password');
    const memorableWord = await this.secret(KASHFLOW_SECRET_NAMES.memorableWord, 'memorable word');
    let result: { token: string; login: LoginResult } | undefined;
    for (let attempt = 1; result === undefined; attempt += 1) {
      const temporary = await this.stepOne(password, signal);
      try {
        result = await this.stepTwo(temporary, memorableWord, signal);
      } catch (error) {
        // A temporary token spent by a step 2 whose answer was lost: start again from step 1, once.
        if (!(error instanceof StaleTemporaryToken) || attempt >= 2) throw unwrapStale(error);
      }
    }
    this.token = result.token;
    this.lastLogin = result.login;
    if (this.options.settings.keepSessionInKeychain) {
      await this.options.secrets.store(this.sessionReference(), result.token);
    }
    return result.login;
  }

  get company(): string | undefined {
    return this.lastLogin?.companyName;
  }

  /** Ends the session at KashFlow (`DELETE /sessiontoken/{token}`) and forgets it. */
  async logout(): Promise<void> {
    const token = this.token;
    if (token === undefined) return;
    this.token = undefined;
    if (this.options.settings.keepSessionInKeychain) await this.options.secrets.remove(this.sessionReference());
    try {
      await this.http.exchange({
        method: 'DELETE',
        url: `${this.options.settings.baseUrl}/sessiontoken/${encodeURIComponent(token)}`,
        endpoint: 'DELETE /sessiontoken/{token}',
        operation: 'log out',
        token,
      });
    } catch {
      // A session that has already lapsed cannot be ended; either way it is gone.
    }
  }

  private async stepOne(password: string, signal: AbortSignal | undefined) {
    const body = await this.http.exchange({
      method: 'POST',
      url: `${this.options.settings.baseUrl}/sessiontoken`,
      endpoint: 'POST /sessiontoken',
      operation: 'log in (user name and password)',
      body: { UserName: this.options.settings.userName, Password: password },
      signal,
      refine: (failure) => loginFailure(failure, this.options.settings.userName),
    });
    return KashFlowHttp.parse(TemporaryToken, body, 'POST /sessiontoken');
  }

  private async stepTwo(
    temporary: { TemporaryToken: string; MemorableWordList: { Position: number }[] },
    memorableWord: string,
    signal: AbortSignal | undefined,
  ): Promise<{ token: string; login: LoginResult }> {
    const characters = [...memorableWord];
    const answers = temporary.MemorableWordList.map(({ Position }) => {
      const character = characters[Position - 1];
      if (character === undefined) {
        throw new ConnectorError({
          kind: 'authentication',
          system: 'kashflow',
          message: `KashFlow asked for character ${Position} of the memorable word, but the stored memorable word is shorter: enter the memorable word again in the connection settings.`,
          context: { connection: this.options.connectionId, position: Position },
        });
      }
      return { Position, Value: character };
    });
    const body = await this.http.exchange({
      method: 'PUT',
      url: `${this.options.settings.baseUrl}/sessiontoken`,
      endpoint: 'PUT /sessiontoken',
      operation: 'log in (memorable word)',
      body: { TemporaryToken: temporary.TemporaryToken, MemorableWordList: answers, KeepUserLoggedIn: false },
      signal,
      refine: (failure) =>
        failure.code === 'InvalidTemporaryToken'
          ? new StaleTemporaryToken(loginFailure(failure, this.options.settings.userName))
          : loginFailure(failure, this.options.settings.userName),
    });
    const session = KashFlowHttp.parse(SessionToken, body, 'PUT /sessiontoken');
    return {
      token: session.SessionToken,
      login: {
        companyName: session.CompanyName ?? undefined,
        subscriptionExpiry: session.SubscriptionExpiryDate ?? undefined,
      },
    };
  }

  private async secret(name: string, words: string): Promise<string> {
    const value = await this.options.secrets.read(secretReference(this.options.connectionId, name));
    if (value === null || value === '') {
      throw new ConnectorError({
        kind: 'configuration',
        system: 'kashflow',
        message: `The KashFlow ${words} for this connection is not in the OS keychain: reconnect the connection to enter it again.`,
        context: { connection: this.options.connectionId, secret: name },
      });
    }
    return value;
  }

  private async keptToken(): Promise<string | undefined> {
    if (!this.options.settings.keepSessionInKeychain) return undefined;
    try {
      return (await this.options.secrets.read(this.sessionReference())) ?? undefined;
    } catch (error) {
      if (error instanceof CounterpartError) return undefined;
      throw error;
    }
  }

  private sessionReference(): string {
    return secretReference(this.options.connectionId, KASHFLOW_SECRET_NAMES.sessionToken);
  }
}

class StaleTemporaryToken extends Error {
  constructor(readonly error: Error | undefined) {
    super('KashFlow temporary token expired');
  }
}

function unwrapStale(error: unknown): unknown {
  return error instanceof StaleTemporaryToken ? (error.error ?? error) : error;
}

/** Login refusals worded so the user knows which credential to fix. */
function loginFailure(failure: KashFlowFailure, userName: string): ConnectorError | undefined {
  if (failure.status >= 500 || failure.status === 429) return undefined;
  const said = failure.message ? ` KashFlow said: "${failure.message}"` : '';
  const make = (message: string) =>
    new ConnectorError({
      kind: 'authentication',
      system: 'kashflow',
      message: `${message}${said}`,
      systemMessage: failure.message,
      context: { status: failure.status, kashflowError: failure.code, userName },
    });
  switch (failure.code) {
    case 'InvalidCredentials':
      return make(
        `KashFlow did not accept the user name "${userName}" with the stored password: check both in the connection settings (the password is case-sensitive).`,
      );
    case 'InvalidMemorableWord':
      return make(
        'KashFlow accepted the password but not the memorable-word characters: enter the memorable word again in the connection settings.',
      );
    case 'AccountLocked':
      return make(
        'KashFlow has locked the account after too many failed logins: unlock it in KashFlow (or ask KashFlow support), then test the connection again.',
      );
    case 'InvalidTemporaryToken':
      return make('KashFlow let the login lapse between its two steps: test the connection again.');
    default:
      return failure.status === 400 || failure.status === 401 || failure.status === 403
        ? make(
            `KashFlow refused the login for "${userName}" (HTTP ${failure.status}): check the user name, password and memorable word, and that API access is enabled in KashFlow (Settings › API).`,
          )
        : undefined;
  }
}
