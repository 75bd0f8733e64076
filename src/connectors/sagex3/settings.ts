import { z } from 'zod';
import { CurrencyCode, LedgerAccountType } from '../../model/index.js';
import { certificatesIn } from '../shared/httpFailure.js';

/** A class and the representation that serves it (`/{CLASS}?representation={REPRESENTATION}.$query`). */
const ClassBinding = (className: string) =>
  z
    .object({
      className: z.string().regex(/^[A-Z0-9_]+$/, 'an X3 class code such as BPCUSTOMER'),
      representation: z.string().regex(/^[A-Z0-9_]+$/, 'an X3 representation code such as BPCUSTOMER'),
    })
    .default({ className, representation: className });

const FieldName = z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'an X3 field code such as ZEXTKEY');
/** A local menu (integer) → canonical value table; keys are the integers written as text. */
const menu = <T extends z.ZodType>(value: T, defaults: Record<string, z.infer<T>>) =>
  z.record(z.string().regex(/^\d+$/), value).default(defaults);

/**
 * The non-secret settings of a Sage X3 connection, as stored in the connections table. The Basic-auth password and
 * the connected-app client secret are never here: they live in the OS keychain under `secretReference(connectionId,
 * 'password')` and `secretReference(connectionId, 'client_secret')`. Everything the X3 reference marks UNCONFIRMED
 * (representation names, child arrays, local-menu values, the date-literal form, JWT error codes) is a setting whose
 * default is what the sandbox was tested with.
 */
export const SageX3ConnectionSettings = z
  .object({
    /** The Syracuse server, e.g. `https://x3.example.local:8124`; `/api1/x3/erp/{folder}` is appended. */
    baseUrl: z
      .url({ protocol: /^https?$/, message: 'an http(s) address such as https://x3server:8124' })
      .transform((url) => url.replace(/\/+$/, '')),
    /** The Syracuse endpoint (bound to an X3 folder): SEED in the demo folder. */
    folder: z
      .string()
      .regex(/^[A-Za-z0-9_]+$/, 'an endpoint name such as SEED')
      .default('SEED'),
    /** Basic (an X3 login and password) or the on-premises connected-app JWT (HS256, signed with the client secret). */
    authMode: z.enum(['basic', 'jwt']).default('basic'),
    /** The X3 login: the Basic user, or the JWT `sub` (a user the connected app allows). */
    user: z.string().trim().min(1, 'the X3 user is required'),
    /** The connected application's client ID (JWT `iss`); required for `jwt`. */
    clientId: z.string().trim().min(1).optional(),
    /** JWT `aud`: must equal the connected app's audience exactly ("" in Sage's PHP sample; some sites use the URL). */
    jwtAudience: z.string().default(''),
    /** Lifetime of each signed JWT; at most the token validity configured on the connected app (Sage's sample: 60). */
    jwtLifetimeSeconds: z.number().int().min(5).max(3_600).default(60),
    /** A token is signed afresh this long before it expires, so no call goes out with a token about to lapse. */
    jwtRenewBeforeSeconds: z.number().int().min(0).max(600).default(10),
    /** `Error NN: Invalid token` codes X3 answers a refused JWT with (UNCONFIRMED numbers from third-party sources). */
    jwtErrorCodes: z
      .object({
        unknownClient: z.number().int().default(41),
        userNotAllowed: z.number().int().default(42),
        audienceMismatch: z.number().int().default(45),
        badSignatureOrExpired: z.number().int().default(50),
        issuedInFuture: z.number().int().default(21),
      })
      .prefault({}),
    /** PEM certificates of the company CA that issued the server's certificate, trusted beside the system roots. */
    caBundlePem: z
      .string()
      .optional()
      .superRefine((pem, ctx) => {
        if (pem === undefined) return;
        try {
          certificatesIn(pem);
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
        }
      }),
    /** Records per `$query` page (`count`); X3 may cap it and reports the size used in `$itemsPerPage`. */
    pageSize: z.number().int().min(1).max(1_000).default(100),
    /** Keys per `where KEY in (…)` lookup (search before create, resolving parties and invoices): bounds URL length. */
    lookupBatchSize: z.number().int().min(1).max(200).default(50),
    classes: z
      .object({
        customer: ClassBinding('BPCUSTOMER'),
        supplier: ClassBinding('BPSUPPLIER'),
        product: ClassBinding('ITMMASTER'),
        salesOrder: ClassBinding('SORDER'),
        invoice: ClassBinding('SINVOICE'),
        payment: ClassBinding('PAYMENTH'),
        openItem: ClassBinding('GACCDUDATE'),
        ledgerAccount: ClassBinding('GACCOUNT'),
        taxRate: ClassBinding('TABVAT'),
      })
      .prefault({}),
    /** Names of the child arrays in `$details` (representation-specific in X3, so UNCONFIRMED). */
    childArrays: z
      .object({
        customer: FieldName.default('BPADDRESS'),
        supplier: FieldName.default('BPADDRESS'),
        salesOrder: FieldName.default('SOHSOP'),
        invoice: FieldName.default('SIHSID'),
        payment: FieldName.default('PYHPYD'),
      })
      .prefault({}),
    /**
     * The user field holding the key other systems know a customer, supplier, order or invoice by (ZEXTKEY in the
     * demo). Empty: the X3 code itself is the shared key. Payments use `paymentReferenceField` instead.
     */
    externalKeyField: z.union([FieldName, z.literal('')]).default('ZEXTKEY'),
    /** The payment field holding its shared reference (searched before a payment is created). */
    paymentReferenceField: FieldName.default('REF'),
    /** Technical change stamp filtered and sorted on for incremental reads, and the revision counter beside it. */
    updateStampField: FieldName.default('UPDDATTIM'),
    versionField: z.union([FieldName, z.literal('')]).default('UPDTICK'),
    /**
     * Sort incremental reads by the update stamp (`orderBy=UPDDATTIM asc`), so the cursor moves page by page; `key`
     * sorts by the class key instead, for a server whose `$next` links page by key only (UNCONFIRMED which X3 does:
     * the sandbox pages on the whole sort tuple). With `key` the cursor moves only once a read is complete.
     */
    incrementalOrder: z.enum(['stamp', 'key']).default('stamp'),
    /** How `where` writes an instant: SData `@2024-01-01T10:00:00Z@` or quoted `'2024-01-01T10:00:00Z'` (UNCONFIRMED). */
    dateLiteral: z.enum(['sdata', 'quoted']).default('sdata'),
    /**
     * Classes whose `$query` rows lack what the canonical record needs (lines, addresses, allocations), so each row
     * read costs one `$details` call too. Switch one off for summary reads (documents then come without lines).
     */
    readDetails: z
      .object({
        party: z.boolean().default(true),
        salesOrder: z.boolean().default(true),
        invoice: z.boolean().default(true),
        payment: z.boolean().default(true),
      })
      .prefault({}),
    /** The organisation's home currency, for product prices (ITMMASTER has no currency). */
    baseCurrency: CurrencyCode.default('GBP'),
    /** GL accounts of this chart only (GACCOUNT key COA~ACC); all charts when absent. */
    chartOfAccounts: z.string().min(1).optional(),
    /** Local-menu integers → canonical values. Menu numbers are confirmed; several values are UNCONFIRMED. */
    menus: z
      .object({
        /** Menu 1: 1 = No, 2 = Yes (BPCSTA, ENAFLG, BPAADDFLG). */
        yes: z.number().int().default(2),
        no: z.number().int().default(1),
        /** SORDER ORDSTA (menu 415). */
        orderStatus: menu(z.enum(['draft', 'open', 'closed', 'cancelled']), { '1': 'open', '2': 'closed' }),
        /** SORDER DLVSTA / INVSTA (menus 417/418). */
        fulfilment: menu(z.enum(['none', 'partly', 'fully']), { '1': 'none', '2': 'partly', '3': 'fully' }),
        /** SINVOICE STA (values UNCONFIRMED): paid is derived from the open item, not from STA. */
        invoiceStatus: menu(z.enum(['draft', 'submitted', 'authorised', 'voided', 'deleted']), {
          '1': 'draft',
          '2': 'draft',
          '3': 'authorised',
        }),
        /** SINVOICE INVTYP of credit notes (community SQL treats 2 as a credit note); excluded from invoice reads. */
        creditNoteInvoiceType: z.number().int().default(2),
        /** ITMMASTER ITMSTA (menu 246) values that mean active; others read as archived. */
        activeProductStatuses: z.array(z.number().int()).default([1]),
        /** ITMSTA written for an archived product. */
        archivedProductStatus: z.number().int().default(6),
        /** GACCOUNT ACCTYP (menu 2511) → canonical account type. */
        accountType: menu(LedgerAccountType, {
          '1': 'currentAsset',
          '2': 'currentLiability',
          '3': 'equity',
          '4': 'sales',
          '5': 'expense',
        }),
      })
      .prefault({}),
    /**
     * Reads through the Xtrem GraphQL API (`POST {baseUrl}{path}`, header `x-xtrem-endpoint`) where configured:
     * customers come with their addresses in the page itself (no `$details` per record). Node names are UNCONFIRMED
     * beyond `x3MasterData.customer`; the schema is installation-specific, so every name is a setting.
     */
    graphql: z
      .object({
        /** Entities read through GraphQL: `party` (its customers; suppliers stay on api1) and `product`. */
        entities: z.array(z.enum(['party', 'product'])).default([]),
        path: z.string().startsWith('/').default('/xtrem/api'),
        root: z
          .string()
          .regex(/^[_A-Za-z]\w*$/)
          .default('x3MasterData'),
        customerNode: z
          .string()
          .regex(/^[_A-Za-z]\w*$/)
          .default('customer'),
        productNode: z
          .string()
          .regex(/^[_A-Za-z]\w*$/)
          .default('product'),
        /** Customer field holding the shared key (the api1 user field is not in the standard schema); none: X3 code. */
        externalKeyField: z
          .string()
          .regex(/^[_A-Za-z]\w*$/)
          .optional(),
        /** Product statuses (camelCase enum) → ITMSTA menu 246 integers. */
        productStatuses: z
          .record(z.string(), z.number().int())
          .default({ active: 1, inDevelopment: 2, onShortage: 3, notRenewed: 4, obsolete: 5, notUsable: 6 }),
      })
      .prefault({}),
    /** Calls in flight at once: Syracuse web-service pools are small (the reference advises 1–4). */
    concurrency: z.number().int().min(1).max(8).default(2),
    /** Per-call timeout in milliseconds. */
    timeoutMs: z.number().int().min(100).max(600_000).default(30_000),
    /** Attempts per call for transient failures and rate limits, the first included. */
    maxAttempts: z.number().int().min(1).max(10).default(5),
  })
  .superRefine((settings, ctx) => {
    if (settings.authMode === 'jwt' && settings.clientId === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['clientId'],
        message: "the connected app's client ID is required for JWT authentication",
      });
    }
  });
export type SageX3ConnectionSettings = z.infer<typeof SageX3ConnectionSettings>;
export type SageX3ConnectionSettingsInput = z.input<typeof SageX3ConnectionSettings>;

/** The keychain names of a Sage X3 connection's secrets. */
export const SAGEX3_SECRET_NAMES = {
  /** The X3 user's password (Basic). */
  password: 'password',
  /** The connected application's client secret (JWT). */
  clientSecret: 'client_secret',
} as const;
