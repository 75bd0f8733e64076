import { z } from 'zod';

const graphqlName = z.string().regex(/^[_A-Za-z][_0-9A-Za-z]*$/, 'a GraphQL name such as x3MasterData');

/**
 * Everything about the X3 sandbox that the reference marks UNCONFIRMED (or that varies per site) is a setting here,
 * never a constant in the code. Defaults follow the reference's best guess; a test or the CLI can change any of them.
 */
export const SageX3Settings = z
  .object({
    /** Syracuse endpoint name in `/api1/x3/erp/{ENDPOINT}/…` and in `x-xtrem-endpoint` (SEED is the demo folder). */
    folder: z.string().min(1).default('SEED'),
    /** `https` (default: sites use internal CAs), `http`, or `both` (HTTPS on `port`, HTTP on `httpPort`). */
    transport: z.enum(['https', 'http', 'both']).default('https'),
    /** Port of the extra plain-HTTP listener when `transport` is `both`; 0 picks a free one. */
    httpPort: z.number().int().min(0).max(65_535).default(0),
    /** Basic-auth users (X3 login → password). */
    users: z.record(z.string().min(1), z.string()).default({ ADMIN: 'sandbox-x3-password' }),
    /** Which authentication methods Syracuse accepts (`nodelocal.js` `session.auth`). */
    auth: z.array(z.enum(['basic', 'bearer'])).default(['basic', 'bearer']),
    connectedApp: z
      .object({
        clientId: z.string().min(1).default('counterpart-sandbox'),
        clientSecret: z.string().min(16).default('sandbox-x3-connected-app-secret-0123456789'),
        /** Must equal the JWT `aud` exactly; the official PHP sample uses "" (UNCONFIRMED what a site configures). */
        audience: z.string().default(''),
        /** Token validity configured on the connected app: `exp - iat` may not exceed it (simulated seconds). */
        tokenValiditySeconds: z.number().int().positive().default(600),
        /** X3 logins the connected app may act as (`sub`). */
        allowedUsers: z.array(z.string().min(1)).default(['ADMIN']),
        /** Tolerated clock skew for `iat` in the future, seconds (UNCONFIRMED). */
        clockSkewSeconds: z.number().int().min(0).default(5),
        /** `Error NN: Invalid token` codes (UNCONFIRMED numbers, from third-party sources). */
        errorCodes: z
          .object({
            unknownClient: z.number().int().default(41),
            userNotAllowed: z.number().int().default(42),
            audienceMismatch: z.number().int().default(45),
            badSignatureOrExpired: z.number().int().default(50),
            issuedInFuture: z.number().int().default(21),
          })
          .prefault({}),
        /** Body of a JWT 401: the bare text `Error NN: Invalid token`, or that text inside `$diagnoses`. */
        errorBody: z.enum(['text', 'diagnoses']).default('text'),
      })
      .prefault({}),
    query: z
      .object({
        defaultPageSize: z.number().int().positive().default(20),
        /** The server may cap `count`; `$itemsPerPage` reports the size used (cap value UNCONFIRMED). */
        maxPageSize: z.number().int().positive().default(200),
        /** `$totalResults` / `$startIndex` on feeds (seen on collaboration endpoints, UNCONFIRMED on api1). */
        feedTotals: z.boolean().default(true),
        /** Accept SData offset paging `startIndex=N` (1-based; UNCONFIRMED for api1, ignored when off). */
        startIndexPaging: z.boolean().default(false),
        /** `$previous` / `$first` links (SData convention, UNCONFIRMED in an X3 sample). */
        previousLinks: z.boolean().default(false),
        /** Per-resource meta on `$query` rows (version-dependent). */
        resourceMeta: z.array(z.enum(['$uuid', '$key', '$url', '$etag'])).default(['$uuid', '$key', '$url', '$etag']),
        /**
         * Date literal forms accepted in `where`: `sdata` is `@2024-01-01@` / `@2024-01-01T10:00:00Z@` (UNCONFIRMED for
         * X3), `quoted` is `'2024-01-01'` compared to a date field.
         */
        dateLiterals: z
          .array(z.enum(['sdata', 'quoted']))
          .min(1)
          .default(['sdata', 'quoted']),
        /** Separator between orderBy items: SData uses `,`; one X3 page writes `;`. Both are accepted by default. */
        orderBySeparators: z
          .array(z.enum([',', ';']))
          .min(1)
          .default([',', ';']),
      })
      .prefault({}),
    /** HTTP statuses for each kind of failure (the documented one is unknown property → 500). */
    statuses: z
      .object({
        unknownProperty: z.number().int().default(500),
        badWhere: z.number().int().default(400),
        badRepresentation: z.number().int().default(400),
        notFound: z.number().int().default(404),
        validation: z.number().int().default(400),
        duplicateKey: z.number().int().default(400),
        etagMismatch: z.number().int().default(412),
        poolExhausted: z.number().int().default(503),
      })
      .prefault({}),
    /** Enforce `If-Match: {$etag}` on update/delete (SData standard, UNCONFIRMED whether X3 api1 enforces it). */
    enforceIfMatch: z.boolean().default(false),
    /** Fields in a write body that the class does not have: `reject` with 400 or `ignore` them (UNCONFIRMED). */
    unknownFields: z.enum(['reject', 'ignore']).default('reject'),
    /** Whether REST create/update/delete are allowed per class (some sites say classic objects are read-only). */
    readOnlyClasses: z.array(z.string()).default([]),
    /** Extra representation names per class (custom representations from GESAWR), e.g. `{ "YBPC": "BPCUSTOMER" }`. */
    representations: z.record(z.string().min(1), z.string().min(1)).default({}),
    /** Names of the embedded child arrays per class (representation-specific in X3, so UNCONFIRMED). */
    childArrayNames: z
      .object({
        BPCUSTOMER: z.string().default('BPADDRESS'),
        BPSUPPLIER: z.string().default('BPADDRESS'),
        SORDER: z.string().default('SOHSOP'),
        SDELIVERY: z.string().default('SDHSDD'),
        SINVOICE: z.string().default('SIHSID'),
        PAYMENTH: z.string().default('PYHPYD'),
      })
      .prefault({}),
    /** Technical change stamps: UPDDATTIM precision (X3 datetimes have whole seconds, UNCONFIRMED for the REST layer). */
    timestampPrecision: z.enum(['second', 'millisecond']).default('second'),
    /** Number prefixes for documents the sandbox numbers itself (X3 uses site/sequence-specific counters). */
    numbering: z
      .object({
        BPCUSTOMER: z.string().default('C'),
        BPSUPPLIER: z.string().default('S'),
        SORDER: z.string().default('SON'),
        SDELIVERY: z.string().default('SDH'),
        SINVOICE: z.string().default('SIH'),
        PAYMENTH: z.string().default('PAY'),
      })
      .prefault({}),
    /** Local-menu values that the reference marks UNCONFIRMED. */
    enums: z
      .object({
        /** SINVOICE.STA given to a newly created invoice (1 = not validated, 3 = validated — UNCONFIRMED). */
        invoiceStatusOnCreate: z.number().int().default(1),
        /** SINVOICE.STA of a posted invoice, as demo invoices are loaded (UNCONFIRMED). */
        invoiceStatusPosted: z.number().int().default(3),
        /** PAYMENTH.STA given to a new payment (UNCONFIRMED). */
        paymentStatusOnCreate: z.number().int().default(1),
        /** GACCDUDATE.FLGCLE: open / fully paid (UNCONFIRMED; community SQL treats 1 as "still open"). */
        openItemOpen: z.number().int().default(1),
        openItemClosed: z.number().int().default(2),
        /** ORDSTA becomes Closed (2) once every line is delivered, or only once delivered and invoiced. */
        closeOrderWhen: z.enum(['delivered', 'deliveredAndInvoiced']).default('deliveredAndInvoiced'),
      })
      .prefault({}),
    /**
     * Web-service session pool: at most `size` requests run at once (0 = unlimited), others wait up to
     * `queueTimeoutMs` (simulated) and then fail with `statuses.poolExhausted`.
     */
    pool: z
      .object({
        size: z.number().int().min(0).default(0),
        queueTimeoutMs: z.number().int().min(0).default(30_000),
        /** Real milliseconds each request holds its session (X3 work time), so a small pool fills up. */
        holdMs: z.number().int().min(0).max(60_000).default(0),
      })
      .prefault({}),
    graphql: z
      .object({
        /** Root holding customer and product (x3MasterData is confirmed for customer). */
        masterDataRoot: graphqlName.default('x3MasterData'),
        /** Node name of customers (`customer` in the official sample and a schema export). */
        customerNode: graphqlName.default('customer'),
        /** Node name of products (UNCONFIRMED). */
        productNode: graphqlName.default('product'),
        /** A filter given as an array: AND (as in the official sample) or OR (UNCONFIRMED). */
        arrayFilterMeans: z.enum(['and', 'or']).default('and'),
        defaultPageSize: z.number().int().positive().default(20),
      })
      .prefault({}),
  })
  .strict();
export type SageX3Settings = z.infer<typeof SageX3Settings>;
export type SageX3SettingsInput = z.input<typeof SageX3Settings>;
