import type { CustomFieldSpec } from './schema.js';

/**
 * Everything about the sandbox org that a test or the demo may want to change. Items the reference marks
 * UNCONFIRMED live here rather than in the code, with the sandbox's best guess as the default.
 */
export interface SalesforceSettings {
  /** Newest API version the org announces at `/services/data/` (Summer '26 = 67.0). Any `vNN.N` is served. */
  readonly latestVersion: string;
  readonly orgId: string;
  readonly userId: string;
  readonly username: string;
  readonly password: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Exact callback URLs of the connected app; empty accepts any `http://localhost` / `http://127.0.0.1` URL. */
  readonly callbackUrls: readonly string[];
  /** Session timeout of an access token, simulated ms (org default 2 h; UNCONFIRMED for a given org). */
  readonly sessionLifetimeMs: number;
  /** Refresh-token rotation of the connected app (off by default, as on a new app). */
  readonly rotateRefreshTokens: boolean;
  readonly scope: string;
  /** DailyApiRequests allocation (edition-dependent; third-party figures — UNCONFIRMED). */
  readonly dailyApiRequests: number;
  /** Status of REQUEST_LIMIT_EXCEEDED when the allocation is used up (docs: 403). */
  readonly limitExceededStatus: number;
  /** `Retry-After` seconds sent with an injected 429, or null for none (UNCONFIRMED: Salesforce's REST API rarely sends 429). */
  readonly retryAfterSeconds: number | null;
  /** Org time zone as a fixed offset from UTC, for date literals such as TODAY or LAST_N_DAYS:n. */
  readonly utcOffsetMinutes: number;
  /** Rows per query page when no `Sforce-Query-Options: batchSize` is sent (API default 2,000). */
  readonly defaultBatchSize: number;
  readonly minBatchSize: number;
  readonly maxOffset: number;
  /** sObject Collections: records per call and the error over the limit (code and wording UNCONFIRMED). */
  readonly collectionLimit: number;
  readonly collectionLimitError: { readonly errorCode: string; readonly message: string };
  /** sObject Collections naming an unknown field: fail the whole call or only that record (UNCONFIRMED which). */
  readonly collectionUnknownField: 'request' | 'record';
  readonly compositeLimit: number;
  /** Idle time after which a query locator expires (simulated ms; UNCONFIRMED, 15 min). */
  readonly cursorIdleMs: number;
  /** Objects selected for Change Data Capture; empty selects all. */
  readonly cdcEntities: readonly string[];
  /** Replay window of change events (72 h, simulated). */
  readonly cdcRetentionMs: number;
  /** How long a CometD `/meta/connect` is held before it is answered empty (simulated ms; advice.timeout 110 s). */
  readonly longPollTimeoutMs: number;
  /** Real ms a Bulk API 2.0 job stays UploadComplete/InProgress before it is processed. */
  readonly bulkProcessingDelayMs: number;
  /** Bulk 2.0 CSV columns that name no field: 'ignore' (tolerate jsforce's extra columns) or 'fail' the job. */
  readonly bulkUnknownColumns: 'ignore' | 'fail';
  /** Rows per Bulk 2.0 query result page; null returns one page (jsforce 3.10.16 crashes on several pages). */
  readonly bulkQueryPageSize: number | null;
  /** Extra custom fields per object, e.g. { Account: [{ name: 'KashFlow_Code__c', type: 'string', externalId: true }] }. */
  readonly customFields: Readonly<Record<string, readonly CustomFieldSpec[]>>;
  /** Key prefixes per object (the well-known 001/003/006… are UNCONFIRMED by docs). */
  readonly keyPrefixes: Readonly<Record<string, string>>;
}

export const DEFAULT_SETTINGS: SalesforceSettings = {
  latestVersion: '67.0',
  orgId: '00DDx0000000001EAA',
  userId: '005Dx0000000001AAA',
  username: 'integration@counterpart-sandbox.example',
  password: 'sandbox-password',
  clientId: '3MVG9CounterpartSandboxConsumerKey',
  clientSecret: 'CounterpartSandboxConsumerSecret',
  callbackUrls: [],
  sessionLifetimeMs: 2 * 60 * 60_000,
  rotateRefreshTokens: false,
  scope: 'api refresh_token id',
  dailyApiRequests: 100_000,
  limitExceededStatus: 403,
  retryAfterSeconds: 30,
  utcOffsetMinutes: 0,
  defaultBatchSize: 2000,
  minBatchSize: 200,
  maxOffset: 2000,
  collectionLimit: 200,
  collectionLimitError: {
    errorCode: 'EXCEEDED_ID_LIMIT',
    message: 'record limit reached. cannot submit more than 200 records into this call',
  },
  collectionUnknownField: 'request',
  compositeLimit: 25,
  cursorIdleMs: 15 * 60_000,
  cdcEntities: [],
  cdcRetentionMs: 72 * 60 * 60_000,
  longPollTimeoutMs: 110_000,
  bulkProcessingDelayMs: 100,
  bulkUnknownColumns: 'ignore',
  bulkQueryPageSize: null,
  customFields: {},
  keyPrefixes: {},
};
