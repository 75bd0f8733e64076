import { z } from 'zod';
import { CurrencyCode } from '../../model/index.js';

/** Salesforce's two login hosts; a My Domain (`https://acme.my.salesforce.com`) is given as the login URL itself. */
export const SALESFORCE_LOGIN_URLS = {
  production: 'https://login.salesforce.com',
  sandbox: 'https://test.salesforce.com',
} as const;

const origin = (what: string) =>
  z
    .url({ protocol: /^https?$/, message: `${what} must be an http(s) address such as https://acme.my.salesforce.com` })
    .transform((url) => url.replace(/\/+$/, ''))
    // jsforce's Bulk 2.0 code drops any path after the host, so only a bare origin works.
    .refine((url) => new URL(url).pathname === '/', `${what} must be a bare address without a path`);

/**
 * The non-secret settings of a Salesforce connection, as stored in the connections table. The client secret and the
 * access and refresh tokens are never here: they live in the OS keychain under
 * `secretReference(connectionId, SALESFORCE_SECRET_NAMES.…)`. What the reference marks UNCONFIRMED is a setting.
 */
export const SalesforceConnectionSettings = z.object({
  /** Where users sign in: production, sandbox (test.salesforce.com) or the org's My Domain address. */
  loginUrl: origin('The login URL').default(SALESFORCE_LOGIN_URLS.production),
  /** The org's API host, learnt from the token response when the connection is authorised. */
  instanceUrl: origin('The instance URL').optional(),
  apiVersion: z
    .string()
    .regex(/^\d{2,3}\.0$/, 'an API version such as 62.0')
    .default('62.0'),
  /** The connected app's consumer key (not secret; its consumer secret is in the keychain when the app needs one). */
  clientId: z.string().trim().min(1, 'the connected app consumer key is required'),
  /** The redirect URI registered on the connected app; it must be a loopback address (the desktop flow). */
  redirectUri: z
    .url({ protocol: /^http$/, message: 'a loopback address such as http://localhost:1717/OauthRedirect' })
    .refine((url) => ['localhost', '127.0.0.1'].includes(new URL(url).hostname), 'the redirect URI must be loopback')
    .default('http://localhost:1717/OauthRedirect'),
  scopes: z.array(z.string().min(1)).min(1).default(['api', 'refresh_token']),
  /** The custom External ID field Counterpart upserts by on every object it writes. */
  externalIdField: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_]*__c$/, 'a custom field API name ending in __c')
    .default('Counterpart_External_Id__c'),
  /**
   * Sent as `Sforce-Call-Options: client=<id>` on every call; Salesforce copies it into CDC `changeOrigin`, which is
   * how Counterpart recognises (and ignores) change events caused by its own writes.
   */
  callOptionsClient: z
    .string()
    .regex(/^[A-Za-z0-9_]{1,40}$/, 'letters, digits and _ only')
    .default('Counterpart'),
  /** Writes of more records than this (per object) go through Bulk API 2.0 instead of sObject Collections. */
  bulkThreshold: z.number().int().min(1).default(2_000),
  /** Records per sObject Collections call (Salesforce allows 200). */
  collectionSize: z.number().int().min(1).max(200).default(200),
  /** Rows per query page asked with `Sforce-Query-Options: batchSize` (200–2,000; Salesforce may send fewer). */
  queryBatchSize: z.number().int().min(200).max(2_000).default(2_000),
  /** Salesforce objects the canonical sales order is read from: orders, or opportunities with their products. */
  salesOrderObject: z.enum(['Order', 'Opportunity']).default('Order'),
  /**
   * The Opportunity stage each canonical order status is written as when Counterpart creates or upserts an
   * opportunity. Stage names are each org's own picklist, so they are settings, with Salesforce's defaults.
   */
  opportunityStages: z
    .object({
      draft: z.string().min(1).default('Prospecting'),
      open: z.string().min(1).default('Closed Won'),
      closed: z.string().min(1).default('Closed Won'),
      cancelled: z.string().min(1).default('Closed Lost'),
    })
    .prefault({}),
  /** The org's currency (amounts carry none without multi-currency). */
  currency: CurrencyCode.default('GBP'),
  /** Custom fields read per object; when absent for an object, its `__c` fields are found with one describe call. */
  customFields: z.record(z.string(), z.array(z.string().regex(/__c$/))).optional(),
  /** API calls per day left for other integrations of the org: Counterpart stops that many calls short. */
  dailyReserve: z.number().int().min(0).default(0),
  /** Calls in flight at once (Salesforce caps long-running calls at 25 per org). */
  concurrency: z.number().int().min(1).max(25).default(4),
  /** Per-call timeout in milliseconds. */
  timeoutMs: z.number().int().min(100).max(600_000).default(120_000),
  /** Attempts per call for transient failures and rate limits, the first included. */
  maxAttempts: z.number().int().min(1).max(10).default(5),
  bulkPollIntervalMs: z.number().int().min(10).default(2_000),
  bulkPollTimeoutMs: z
    .number()
    .int()
    .min(1_000)
    .default(15 * 60_000),
  /** PEM certificates to trust beside the system roots (a proxy that inspects TLS). */
  caBundlePem: z.string().optional(),
});
export type SalesforceConnectionSettings = z.infer<typeof SalesforceConnectionSettings>;
export type SalesforceConnectionSettingsInput = z.input<typeof SalesforceConnectionSettings>;

/** The keychain names of a Salesforce connection's secrets. */
export const SALESFORCE_SECRET_NAMES = {
  clientSecret: 'client_secret',
  accessToken: 'access_token',
  refreshToken: 'refresh_token',
} as const;
