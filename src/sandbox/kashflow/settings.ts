import { z } from 'zod';
import { CounterpartError } from '../../errors.js';

/**
 * Everything about KashFlow's wire behaviour that the reference marks UNCONFIRMED (or knows only from third-party
 * code) is a setting here, so a test or a connector author can flip it when the real server turns out to differ.
 * Durations are simulated milliseconds: the sandbox clock's time scale shrinks them.
 */
const minutes = (n: number) => n * 60_000;

const SortCodes = z.record(z.string().regex(/^\d+$/), z.string().min(1));

export const KashFlowSettings = z
  .object({
    /** The one KashFlow user the sandbox knows. */
    userName: z.string().min(1).default('sandbox@counterpart.test'),
    password: z.string().min(1).default('sandbox-password'),
    memorableWord: z.string().min(3).default('larkspur'),
    companyName: z.string().min(1).default('Counterpart Demo Ltd'),
    /** How many memorable-word characters step 1 asks for (three in every observed response). */
    memorableWordCharacters: z.number().int().min(1).max(10).default(3),
    /** Idle time after which a session token stops working (60 minutes by default in KashFlow). */
    sessionIdleMs: z.number().int().positive().default(minutes(60)),
    /** How long a temporary token from step 1 stays usable: UNCONFIRMED. */
    temporaryTokenTtlMs: z.number().int().positive().default(minutes(5)),
    /** Whether a wrong step-2 answer burns the temporary token (so the client must repeat step 1): UNCONFIRMED. */
    temporaryTokenSingleUse: z.boolean().default(true),
    /** Status for a wrong password or wrong memorable-word characters: UNCONFIRMED (400 or 401). */
    loginFailureStatus: z.union([z.literal(400), z.literal(401)]).default(400),
    /** Failed logins before the account answers AccountLocked; 0 never locks. UNCONFIRMED. */
    lockAfterFailedLogins: z.number().int().min(0).default(0),
    /** Also accept `Authorization: Bearer <token>` (KashFlow wants `KfToken`; some tutorials wrongly say Bearer). */
    acceptBearerScheme: z.boolean().default(false),

    /** JSON property names on input matched case-insensitively, as ASP.NET model binding does: UNCONFIRMED. */
    caseInsensitiveInput: z.boolean().default(true),
    /**
     * How dates are written: `plain` "2024-05-31 12:00:00" (usual), `offset` "2024-05-31 12:00:00 +01:00" (seen in
     * some documentation samples), `iso` "2024-05-31T12:00:00".
     */
    dateStyle: z.enum(['plain', 'offset', 'iso']).default('plain'),
    /** Time printed on date-only values such as IssuedDate and DueDate. */
    dateOnlyTime: z
      .string()
      .regex(/^\d{2}:\d{2}:\d{2}$/)
      .default('12:00:00'),
    /** What an unset date (PaidDate of an unpaid invoice) reads as: null, or a sentinel such as "1970-01-01 12:00:00". */
    unsetDate: z.string().nullable().default(null),

    /** Page size when `perpage` is absent (50 is documented for invoices and quotes; others UNCONFIRMED). */
    defaultPerPage: z.number().int().positive().default(50),
    /** Largest `perpage` per list (100 documented for products/list; others UNCONFIRMED). */
    maxPerPage: z.record(z.string(), z.number().int().positive()).default({ products: 100, default: 500 }),
    /** What a larger `perpage` does: cut to the maximum, or a 400 error. UNCONFIRMED. */
    perPageOverMax: z.enum(['clamp', 'error']).default('clamp'),
    /** Page links in MetaData: absolute URLs or paths. UNCONFIRMED. */
    pageUrlStyle: z.enum(['absolute', 'relative']).default('absolute'),
    /** Put TotalAmount and InvoiceLimitReached on every list, not only invoice-like ones. UNCONFIRMED. */
    metaDataAmountsOnAllLists: z.boolean().default(false),
    /** List rows: summaries (detail arrays null or omitted, as observed) or the full record. */
    listRows: z.enum(['summary', 'full']).default('summary'),
    /** In summary rows, detail arrays (LineItems, PaymentLines, Currency) read null, or are left out. */
    summaryDetail: z.enum(['null', 'omit']).default('null'),
    /** Accept sort field names ("Code", "Number") as well as the documented integer `sortby` codes. */
    acceptSortByNames: z.boolean().default(true),
    /** An unknown `sortby` code: ignore it (default order) or answer 400. UNCONFIRMED. */
    unknownSortBy: z.enum(['ignore', 'error']).default('ignore'),
    /** sortby codes for lists the reference does not cover: UNCONFIRMED guesses, replaceable. */
    sortCodes: z
      .object({
        customers: SortCodes,
        suppliers: SortCodes,
        invoices: SortCodes,
        purchases: SortCodes,
        products: SortCodes,
        bankaccounts: SortCodes,
      })
      .partial()
      .default({}),

    /** Invoice Status strings (full enum UNCONFIRMED). */
    invoiceStatuses: z
      .object({ paid: z.string(), unpaid: z.string(), overdue: z.string() })
      .default({ paid: 'Paid', unpaid: 'Outstanding', overdue: 'Overdue' }),
    /** Purchase Status strings ("Unpaid" seen in a documentation sample). */
    purchaseStatuses: z
      .object({ paid: z.string(), unpaid: z.string(), overdue: z.string() })
      .default({ paid: 'Paid', unpaid: 'Unpaid', overdue: 'Overdue' }),
    /** Serve LastUpdatedDate on invoices and purchases (documented on customers and suppliers only). UNCONFIRMED. */
    documentLastUpdatedDate: z.boolean().default(true),
    /** Whether an unpaid document past its DueDate reads Overdue rather than the unpaid status. */
    overdueStatus: z.boolean().default(true),
    /** Whether payment lines may add up to more than the gross amount. UNCONFIRMED. */
    allowOverpayment: z.boolean().default(false),
    /**
     * Serve `GET/POST /invoices/{n}/payments` and `DELETE /invoices/{n}/payments/{id}` (and for purchases). This
     * endpoint is NOT in KashFlow's Swagger listing; enable it only to test a connector built on that assumption.
     */
    paymentsEndpoint: z.boolean().default(false),
    /** A PUT that carries `PaymentLines` replaces the document's payments (or leaves them alone). UNCONFIRMED. */
    putPaymentLines: z.enum(['replace', 'ignore']).default('replace'),
    /** PUT updates only the fields sent (merge) or resets the rest to defaults (replace). UNCONFIRMED. */
    putSemantics: z.enum(['merge', 'replace']).default('merge'),

    /** No rate limit is documented; set one to make the sandbox answer 429 with Retry-After per session. */
    rateLimit: z
      .object({ requests: z.number().int().positive(), windowMs: z.number().int().positive() })
      .nullable()
      .default(null),
  })
  .strict();
export type KashFlowSettings = z.infer<typeof KashFlowSettings>;
export type KashFlowSettingsInput = z.input<typeof KashFlowSettings>;

export function parseKashFlowSettings(input: KashFlowSettingsInput = {}): KashFlowSettings {
  const parsed = KashFlowSettings.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CounterpartError(
      'sandbox.bad_settings',
      `KashFlow sandbox setting ${issue?.path.join('.') || '(top)'} is invalid: ${issue?.message}.`,
      { system: 'kashflow' },
    );
  }
  return parsed.data;
}
