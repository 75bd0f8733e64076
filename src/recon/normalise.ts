/**
 * Normalisation makes cosmetic differences disappear before anything is compared: case, spacing, punctuation,
 * document-type prefixes and leading zeros in ids, accents in names, and the many ways systems write dates and
 * statuses.
 */

const DOCUMENT_PREFIX =
  /^(?:INVOICE|INV|SINV|PINV|BILL|CREDIT|CRN|CN|SCN|PAY|PMT|PYMT|RCPT|REC|TXN|TRN|ORD|SO|PO|DOC)(?=[-_/#. ]?\d)/;

const DOCUMENT_PREFIXES = new Set(DOCUMENT_PREFIX.source.slice(4, DOCUMENT_PREFIX.source.indexOf(')')).split('|'));

/** Canonical form of an id or document number: "INV-000123", "inv 123" and "#123" all become "123". */
export function normaliseKey(text: string): string {
  return plainKey(text) ?? normaliseKeyByPattern(text);
}

/**
 * normaliseKey of the shapes nearly every export uses — letters, at most one separator, digits ("INV-0000123",
 * "123") — from character codes, without the four regular expressions; undefined for anything else.
 */
function plainKey(text: string): string | undefined {
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i) | 32;
    if (c < 97 || c > 122) break;
    i++;
  }
  const letters = i;
  if (i < n) {
    const c = text.charCodeAt(i);
    // - _ / # . and space: the separators a document prefix may have before its number.
    if (c === 45 || c === 95 || c === 47 || c === 35 || c === 46 || c === 32) i++;
  }
  const digitsStart = i;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  if (digitsStart === n) return undefined;
  if (letters > 0) {
    const prefix = text.slice(0, letters).toUpperCase();
    if (!DOCUMENT_PREFIXES.has(prefix)) return prefix + text.slice(digitsStart);
  }
  // A running number: leading zeros go, but not the last digit.
  let first = digitsStart;
  while (first < n - 1 && text.charCodeAt(first) === 48) first++;
  return first === 0 ? text : text.slice(first);
}

/** normaliseKey by its definition: every shape, through regular expressions. */
export function normaliseKeyByPattern(text: string): string {
  let key = text.toUpperCase().trim();
  key = key.replace(DOCUMENT_PREFIX, '');
  key = key.replace(/[^0-9A-Z]/g, '');
  // Leading zeros of a running number; letters that are not a known document type ("AB0123") are kept.
  return key.replace(/^0+(?=\d)/, '');
}

/** Folds accents, case, punctuation and runs of spaces: "  Étienne-Hippolyte  G. " → "ETIENNE HIPPOLYTE G". */
export function normaliseText(text: string): string {
  if (text === '') return '';
  let folded = text;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ASCII fast path test
  if (!/^[\x00-\x7f]*$/.test(folded)) folded = folded.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  return folded
    .toUpperCase()
    .replace(/[^0-9A-Z]+/g, ' ')
    .trim();
}

/** Words of a normalised text. */
export function tokensOf(normalised: string): string[] {
  return normalised === '' ? [] : normalised.split(' ');
}

const LEGAL_SUFFIX =
  /\b(?:LTD|LIMITED|PLC|LLP|LLC|INC|INCORPORATED|CO|CORP|CORPORATION|GMBH|SA|SAS|SARL|BV|NV|AG|THE|AND)\b/g;

/** A party name with legal forms dropped, so "Acme Ltd" and "ACME Limited" agree. */
export function normalisePartyName(text: string): string {
  return normaliseText(text).replace(LEGAL_SUFFIX, ' ').replace(/\s+/g, ' ').trim();
}

const DAY_MS = 86_400_000;

function dayOf(year: number, month: number, day: number): number | undefined {
  if (month < 1 || month > 12 || day < 1 || day > 31 || year < 1900 || year > 2200) return undefined;
  const time = Date.UTC(year, month - 1, day);
  const check = new Date(time);
  if (check.getUTCDate() !== day) return undefined;
  return time / DAY_MS;
}

/**
 * Parses a date as exports write it into a day number (days since 1970-01-01): ISO "2024-03-31" (with or without a
 * time), "31/03/2024" (day first, as UK systems write it, unless `monthFirst`), "31-Mar-2024", "20240331",
 * Xero's "/Date(1711843200000+0000)/". Returns undefined when the text is not a date.
 */
export function parseDay(text: string, monthFirst = false): number | undefined {
  const s = text.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(s);
  if (m) return dayOf(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/.exec(s);
  if (m) return dayOf(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})(?:[ T].*)?$/.exec(s);
  if (m) {
    const year = m[3]!.length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
    const a = Number(m[1]);
    const b = Number(m[2]);
    return monthFirst ? dayOf(year, a, b) : dayOf(year, b, a);
  }
  m = /^(\d{1,2})[ -]([A-Za-z]{3})[A-Za-z]*[ -](\d{4})$/.exec(s);
  if (m) {
    const month = MONTHS.indexOf(m[2]!.toUpperCase()) + 1;
    return month > 0 ? dayOf(Number(m[3]), month, Number(m[1])) : undefined;
  }
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) return dayOf(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/.exec(s);
  if (m) return Math.floor(Number(m[1]) / DAY_MS);
  return undefined;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

/** The day number of a JavaScript Date (spreadsheet cells), taken in UTC as exceljs writes them. */
export function dayOfDate(date: Date): number | undefined {
  const time = date.getTime();
  return Number.isFinite(time) ? Math.floor(time / DAY_MS) : undefined;
}

/** "2024-03-31" for a day number (Hinnant's civil_from_days, without allocating a Date). */
export function formatDay(day: number): string {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/** First and last day of a "YYYY-MM" period. */
export function periodDays(period: string): { start: number; end: number } | undefined {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  if (month < 1 || month > 12) return undefined;
  const start = Date.UTC(year, month - 1, 1) / DAY_MS;
  const end = Date.UTC(year, month, 1) / DAY_MS - 1;
  return { start, end };
}

export type CanonicalStatus = 'draft' | 'open' | 'paid' | 'void' | '';

const STATUS_WORDS: ReadonlyArray<[RegExp, CanonicalStatus]> = [
  [/^(DRAFT|SUBMITTED|PENDING|NEW)$/, 'draft'],
  [/^(PAID|SETTLED|CLOSED|FULLY PAID|COMPLETE|COMPLETED|CLEARED|RECONCILED)$/, 'paid'],
  [/^(VOID|VOIDED|DELETED|CANCELLED|CANCELED|REVERSED)$/, 'void'],
  [
    /^(OPEN|AUTHORISED|AUTHORIZED|APPROVED|UNPAID|OUTSTANDING|DUE|OVERDUE|POSTED|PARTIALLY PAID|PART PAID|SENT|ISSUED|VALIDATED)$/,
    'open',
  ],
];

/** Maps each system's status words onto draft/open/paid/void so "AUTHORISED" and "Open" agree. */
export function normaliseStatus(text: string): CanonicalStatus {
  const s = normaliseText(text);
  if (s === '') return '';
  for (const [pattern, status] of STATUS_WORDS) if (pattern.test(s)) return status;
  return '';
}

/** Folds a header for comparison with the synonyms: case, spaces, punctuation and underscores do not matter. */
export function foldHeader(header: string): string {
  return header
    .replace(/^\uFEFF/, '')
    .toLowerCase()
    .replace(/[^0-9a-z#]+/g, '');
}
