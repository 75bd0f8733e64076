import { z } from 'zod';

/**
 * Behaviour the reference could not confirm first-hand (tagged UNCONFIRMED or third-party in
 * shared/reference/xero.md) is a setting here, never a hard-wired fact. Defaults follow the best available source.
 * Durations are simulated milliseconds; the sandbox clock shrinks them under `--time-scale`.
 */
export const XeroSandboxSettings = z.object({
  paging: z
    .object({
      /** Whether `pagination` appears when the client sent no `page` (UNCONFIRMED). */
      paginationWhenUnpaged: z.boolean().default(false),
      /** Unpaged invoice/credit-note lists leave out line items (Xero docs as quoted in xero-node#270). */
      unpagedListsOmitLineItems: z.boolean().default(true),
      defaultPageSize: z.number().int().positive().default(100),
      /** Largest `pageSize` honoured; larger values are clamped (quoted Xero email in xero-php#915). */
      maxPageSize: z.number().int().positive().default(1000),
    })
    .prefault({}),
  writes: z
    .object({
      /** With summarised errors, whether the valid elements of a failing batch are still saved (StackOverflow 52706101). */
      saveValidElementsOfFailedBatch: z.boolean().default(true),
    })
    .prefault({}),
  idempotency: z
    .object({
      /** How long a response is replayed for the same key (third-party summary: 6 minutes). */
      replayWindowMs: z
        .number()
        .int()
        .positive()
        .default(6 * 60_000),
      maxKeyLength: z.number().int().positive().default(128),
      /** Status for a key reused with a different request (UNCONFIRMED). */
      conflictStatus: z.number().int().min(400).max(499).default(400),
    })
    .prefault({}),
  rateLimits: z
    .object({
      perMinute: z.number().int().positive().default(60),
      /** 5,000 on most tiers; third-party notes say 1,000 on "Starter" since March 2026 (UNCONFIRMED). */
      perDay: z.number().int().positive().default(5000),
      concurrent: z.number().int().positive().default(5),
      appPerMinute: z.number().int().positive().default(10_000),
      /** What a concurrency breach looks like is UNCONFIRMED: the problem name sent in X-Rate-Limit-Problem. */
      concurrentProblem: z.string().default('concurrent'),
      /** Body of a rate-limit 429 (UNCONFIRMED): a problem+json object or nothing. */
      body: z.enum(['problem', 'empty']).default('problem'),
    })
    .prefault({}),
  tokens: z
    .object({
      accessTokenLifetimeMs: z
        .number()
        .int()
        .positive()
        .default(30 * 60_000),
      refreshTokenIdleLifetimeMs: z
        .number()
        .int()
        .positive()
        .default(60 * 24 * 60 * 60_000),
      /** A rotated-out refresh token still works this long, in case the client lost the response. */
      refreshGraceMs: z
        .number()
        .int()
        .min(0)
        .default(30 * 60_000),
      /** Third-party notes say 30 seconds (UNCONFIRMED); not shortened by the time scale. */
      authorizationCodeLifetimeMs: z.number().int().positive().default(30_000),
    })
    .prefault({}),
  scopes: z
    .object({
      /** Refuse calls the token's scopes do not cover (off by default: the status Xero uses is UNCONFIRMED). */
      enforce: z.boolean().default(false),
      /** Status for a missing scope; Xero names `insufficient_scope` in WWW-Authenticate either way. */
      status: z.union([z.literal(401), z.literal(403)]).default(403),
    })
    .prefault({}),
  query: z
    .object({
      /** Whether `where` string comparisons ignore case (UNCONFIRMED; Xero's store is believed case-insensitive). */
      caseInsensitiveStrings: z.boolean().default(true),
    })
    .prefault({}),
  wire: z
    .object({
      /** Xero writes `"\/Date(…)\/"`; both decode to the same string. */
      escapeDateSlashes: z.boolean().default(true),
      /** Real milliseconds every API call spends holding its concurrency slot (makes the concurrent limit reachable). */
      processingDelayMs: z.number().int().min(0).default(0),
      /** `ProviderName` in every envelope: the app's name in real Xero. */
      providerName: z.string().default('Counterpart Sandbox'),
    })
    .prefault({}),
  webhooks: z
    .object({
      /** Receiver on 127.0.0.1; no deliveries when absent. */
      url: z.url().optional(),
      signingKey: z.string().min(1).default('counterpart-sandbox-webhook-key'),
      timeoutMs: z.number().int().positive().default(5000),
      /** Delay before sending, so events written together arrive in one payload. */
      batchDelayMs: z.number().int().min(0).default(200),
      /** Retry delays after a failed delivery (simulated ms); Xero retries with decreasing frequency for 24 h. */
      retryDelaysMs: z.array(z.number().int().positive()).default([60_000, 5 * 60_000, 30 * 60_000, 3 * 3600_000]),
      /** Whether events flow only after the receiver has passed intent-to-receive. */
      requireIntentToReceive: z.boolean().default(true),
    })
    .prefault({}),
});
export type XeroSandboxSettings = z.infer<typeof XeroSandboxSettings>;
export type XeroSandboxSettingsInput = z.input<typeof XeroSandboxSettings>;
