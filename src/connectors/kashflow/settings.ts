import { z } from 'zod';
import { CurrencyCode } from '../../model/index.js';

/**
 * The non-secret settings of a KashFlow connection, as stored in the connections table. The password and the
 * memorable word are never here: they live in the OS keychain under `secretReference(connectionId, 'password')`
 * and `secretReference(connectionId, 'memorable_word')`. Everything the KashFlow reference marks UNCONFIRMED about
 * the real API is a setting with the sandbox-tested behaviour as its default.
 */
export const KashFlowConnectionSettings = z.object({
  /** KashFlow REST v2 root; paths are appended to it (`${baseUrl}/customers`). */
  baseUrl: z
    .url({ protocol: /^https?$/, message: 'an http(s) address such as https://api.kashflow.com/v2' })
    .default('https://api.kashflow.com/v2')
    .transform((url) => url.replace(/\/+$/, '')),
  /** The KashFlow user name (step 1 of the login). */
  userName: z.string().trim().min(1, 'the KashFlow user name is required'),
  /** The IANA zone KashFlow's zone-less "YYYY-MM-DD HH:mm:ss" timestamps are read in (UK local time). */
  timezone: z.string().refine(isTimeZone, 'an IANA time zone such as Europe/London').default('Europe/London'),
  /** The organisation's home currency, used where a record carries no currency of its own. */
  baseCurrency: CurrencyCode.default('GBP'),
  /** Rows per list call; KashFlow clamps it per list (products at most 100; others UNCONFIRMED). */
  pageSize: z.number().int().min(1).max(1000).default(500),
  /** Largest `perpage` for `/products/list` (documented maximum 100). */
  productPageSize: z.number().int().min(1).max(1000).default(100),
  /**
   * Whether list rows are summaries (invoice rows lack LineItems and PaymentLines; customer rows lack addresses), so
   * each changed record is fetched in full. Documented for invoices; UNCONFIRMED for customers and suppliers.
   */
  listRowsAreSummaries: z.boolean().default(true),
  /** Allocations per `POST /invoices/bulk/payments` call (no maximum is documented). */
  bulkPaymentBatchSize: z.number().int().min(1).max(1000).default(100),
  /** Nominal code new products are filed under when the record names no sales account. */
  defaultProductNominalCode: z.number().int().positive().default(4000),
  /** Payment method id used when a payment names none (KashFlow's BACS is 3 in a new account). */
  defaultPaymentMethodId: z.number().int().positive().default(3),
  /** KashFlow `Status` strings → canonical document status; unknown strings fall back to the amounts. */
  statusMap: z.record(z.string(), z.enum(['draft', 'submitted', 'authorised', 'paid', 'voided', 'deleted'])).default({
    Draft: 'draft',
    Outstanding: 'authorised',
    Unpaid: 'authorised',
    Overdue: 'authorised',
    Paid: 'paid',
    Cancelled: 'voided',
    Credited: 'voided',
  }),
  /** Also keep the session token in the OS keychain, so a restart within the idle window skips the login. */
  keepSessionInKeychain: z.boolean().default(false),
  /** Calls in flight at once (no limit is documented; the reference advises one or two). */
  concurrency: z.number().int().min(1).max(8).default(2),
  /** Per-call timeout in milliseconds. */
  timeoutMs: z.number().int().min(100).max(600_000).default(30_000),
  /** Attempts per call for transient failures and rate limits, the first included. */
  maxAttempts: z.number().int().min(1).max(10).default(5),
  /** PEM certificates to trust beside the system roots (a proxy that inspects TLS). */
  caBundlePem: z.string().optional(),
});
export type KashFlowConnectionSettings = z.infer<typeof KashFlowConnectionSettings>;
export type KashFlowConnectionSettingsInput = z.input<typeof KashFlowConnectionSettings>;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The keychain names of a KashFlow connection's secrets. */
export const KASHFLOW_SECRET_NAMES = {
  password: 'password',
  memorableWord: 'memorable_word',
  sessionToken: 'session_token',
} as const;
