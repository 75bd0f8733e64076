import { z } from 'zod';
import { CurrencyCode } from '../../model/index.js';

const httpUrl = (example: string) =>
  z
    .url({ protocol: /^https?$/, message: `an http(s) address such as ${example}` })
    .transform((url) => url.replace(/\/+$/, ''));

/**
 * The non-secret settings of a Xero connection, as stored in the connections table. The client secret (absent for a
 * PKCE app) and the access and refresh tokens are never here: they live in the OS keychain under
 * `secretReference(connectionId, XERO_SECRET_NAMES.*)`. Addresses default to the real Xero ones; the sandbox (and
 * anything the reference marks UNCONFIRMED) is reached by changing a setting, never by code.
 */
export const XeroConnectionSettings = z.object({
  /** Accounting API root; xero-node's `accountingApi.basePath` is set to it. */
  apiBasePath: httpUrl('https://api.xero.com/api.xro/2.0').default('https://api.xero.com/api.xro/2.0'),
  /** OAuth 2.0 issuer (the `iss` of ID tokens). */
  issuer: httpUrl('https://identity.xero.com').default('https://identity.xero.com'),
  authorizeUrl: httpUrl('https://login.xero.com/identity/connect/authorize').default(
    'https://login.xero.com/identity/connect/authorize',
  ),
  tokenUrl: httpUrl('https://identity.xero.com/connect/token').default('https://identity.xero.com/connect/token'),
  /** Revocation is not on an official page (the reference); it is a setting so it can follow Xero. */
  revokeUrl: httpUrl('https://identity.xero.com/connect/revocation').default(
    'https://identity.xero.com/connect/revocation',
  ),
  jwksUrl: httpUrl('https://identity.xero.com/.well-known/openid-configuration/jwks').default(
    'https://identity.xero.com/.well-known/openid-configuration/jwks',
  ),
  connectionsUrl: httpUrl('https://api.xero.com/connections').default('https://api.xero.com/connections'),
  /** The Xero app's client id ("Auth Code with PKCE" apps have no secret; web apps keep theirs in the keychain). */
  clientId: z.string().trim().min(1, 'the Xero app client id is required'),
  /** The organisation (tenant) this connection reads and writes; chosen from /connections when connecting. */
  tenantId: z.string().trim().min(1).optional(),
  tenantName: z.string().optional(),
  /**
   * Scopes asked for at consent. Broad scopes by default; apps created after 2 March 2026 must ask for granular ones
   * (`accounting.invoices`, `accounting.payments`, `accounting.banktransactions`) — the reference marks the full list
   * UNCONFIRMED, hence a setting. `offline_access` is needed for a refresh token.
   */
  scopes: z
    .array(z.string().regex(/^[a-z][a-z0-9._]*$/, 'a scope such as accounting.transactions'))
    .min(1)
    .default([
      'openid',
      'profile',
      'email',
      'offline_access',
      'accounting.transactions',
      'accounting.contacts',
      'accounting.settings',
    ]),
  /** The loopback redirect registered with the Xero app; port 0 picks a free port (only where the app allows it). */
  redirectUri: httpUrl('http://localhost:5000/callback')
    .refine((uri) => ['localhost', '127.0.0.1'].includes(new URL(uri).hostname), 'a loopback address (localhost)')
    .default('http://localhost:5000/callback'),
  /** Records per read call (Xero's page: 100 by default, up to 1,000 since July 2024). */
  pageSize: z.number().int().min(1).max(1000).default(100),
  /** Records per write call (Xero recommends about 50). */
  writeBatchSize: z.number().int().min(1).max(100).default(50),
  /** The organisation's base currency, used where a record names none. */
  baseCurrency: CurrencyCode.default('GBP'),
  /** Xero's published per-tenant limits; settable because the 2026 per-tier daily limit is UNCONFIRMED. */
  rateLimits: z
    .object({
      concurrency: z.number().int().min(1).max(50).default(5),
      perMinute: z.number().int().min(1).default(60),
      perDay: z.number().int().min(1).default(5000),
    })
    .default({ concurrency: 5, perMinute: 60, perDay: 5000 }),
  /** Refresh the access token this long before it expires. */
  refreshLeewayMs: z.number().int().min(0).default(60_000),
  /** Per-call timeout (xero-node sets none of its own). */
  timeoutMs: z.number().int().min(100).max(600_000).default(30_000),
  /** Attempts per call for transient failures and rate limits, the first included. */
  maxAttempts: z.number().int().min(1).max(10).default(5),
});
export type XeroConnectionSettings = z.infer<typeof XeroConnectionSettings>;
export type XeroConnectionSettingsInput = z.input<typeof XeroConnectionSettings>;

/** The keychain names of a Xero connection's secrets. */
export const XERO_SECRET_NAMES = {
  clientSecret: 'client_secret',
  accessToken: 'access_token',
  refreshToken: 'refresh_token',
} as const;
