/**
 * A tiny typed KashFlow v2 client for the sandbox tests: the two-step login, `Authorization: KfToken …`, JSON in
 * and out, and paging by `MetaData.NextPageUrl`. Not the product's connector (that comes later); it only does what
 * the tests need and re-logs in once on `InvalidSessionToken`, as a connector would.
 */
export interface KashFlowCredentials {
  readonly baseUrl: string;
  readonly userName: string;
  readonly password: string;
  readonly memorableWord: string;
}

export interface KfResponse<T> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

export interface KfError {
  readonly Message: string;
  readonly Error: string;
}

export interface KfList<T> {
  readonly MetaData: {
    readonly TotalRecords: number;
    readonly FirstPageUrl: string;
    readonly LastPageUrl: string;
    readonly PreviousPageUrl: string | null;
    readonly NextPageUrl: string | null;
    readonly TotalAmount?: number;
    readonly InvoiceLimitReached?: boolean;
  };
  readonly Data: T[];
}

export interface TemporaryTokenResponse {
  readonly TemporaryToken: string;
  readonly MemorableWordList: { readonly Position: number; readonly Value: string }[];
}

export class KashFlowTestClient {
  token: string | undefined;
  /** How many times the client logged in (tests of re-login read it). */
  logins = 0;

  constructor(
    private readonly credentials: KashFlowCredentials,
    private readonly options: { readonly reloginOnInvalidSession?: boolean } = {},
  ) {}

  /** Step 1 and step 2, answering the requested memorable-word positions (1-based). */
  async login(): Promise<string> {
    const step1 = await this.raw<TemporaryTokenResponse>('POST', '/sessiontoken', {
      UserName: this.credentials.userName,
      Password: this.credentials.password,
    });
    if (step1.status !== 201) throw new Error(`login step 1 failed: ${step1.status} ${JSON.stringify(step1.body)}`);
    const word = this.credentials.memorableWord;
    const step2 = await this.raw<{ SessionToken: string }>('PUT', '/sessiontoken', {
      TemporaryToken: step1.body.TemporaryToken,
      MemorableWordList: step1.body.MemorableWordList.map(({ Position }) => ({
        Position,
        Value: word.charAt(Position - 1),
      })),
      KeepUserLoggedIn: false,
    });
    if (step2.status !== 200) throw new Error(`login step 2 failed: ${step2.status} ${JSON.stringify(step2.body)}`);
    this.token = step2.body.SessionToken;
    this.logins += 1;
    return this.token;
  }

  async logout(): Promise<number> {
    if (!this.token) return 0;
    const response = await this.raw('DELETE', `/sessiontoken/${this.token}`);
    this.token = undefined;
    return response.status;
  }

  /** An authenticated call; logs in first when needed. */
  async call<T>(method: string, path: string, body?: unknown): Promise<KfResponse<T>> {
    if (!this.token) await this.login();
    let response = await this.raw<T>(method, path, body, this.token);
    if (
      response.status === 401 &&
      this.options.reloginOnInvalidSession !== false &&
      (response.body as Partial<KfError>).Error === 'InvalidSessionToken'
    ) {
      await this.login();
      response = await this.raw<T>(method, path, body, this.token);
    }
    return response;
  }

  async get<T>(path: string): Promise<T> {
    return this.expect<T>('GET', path, undefined, 200);
  }

  /** Calls and insists on a status, returning the body. */
  async expect<T>(method: string, path: string, body: unknown, status: number): Promise<T> {
    const response = await this.call<T>(method, path, body);
    if (response.status !== status) {
      throw new Error(`${method} ${path}: expected ${status}, got ${response.status} ${JSON.stringify(response.body)}`);
    }
    return response.body;
  }

  /** Every row of a paged list, following NextPageUrl. */
  async all<T>(path: string): Promise<T[]> {
    const rows: T[] = [];
    let next: string | null = path;
    while (next) {
      const page: KfList<T> = await this.get<KfList<T>>(next);
      rows.push(...page.Data);
      next = page.MetaData.NextPageUrl;
    }
    return rows;
  }

  /** One HTTP exchange. `path` is below the base URL, or an absolute URL (NextPageUrl). */
  async raw<T = unknown>(method: string, path: string, body?: unknown, token?: string): Promise<KfResponse<T>> {
    const url = /^https?:/.test(path) ? path : `${this.credentials.baseUrl}${path}`;
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (token) headers.Authorization = `KfToken ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(url, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : undefined) as T };
  }
}
