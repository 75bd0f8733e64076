/**
 * Keeps secrets out of the logs, in two layers: pino's `redact` paths for the field names secrets travel under,
 * and a value scanner for secrets that turn up inside other text (a URL's query, an error message, a header dump).
 * Like the test suite's secret scanner (test/support/secretScanner.ts), a known secret is looked for in its plain,
 * JSON-escaped, URL-encoded and base64 forms.
 */

export const REDACTED = '[redacted]';

/** Field names whose values are secrets wherever they appear. */
const SECRET_KEY = /pass(word)?|secret|token|authori[sz]ation|cookie|api[-_]?key|memorable|private[-_]?key|signature/i;

/** pino `redact` paths: the same names at the top level and one level down. */
export const REDACT_PATHS = [
  'password',
  'secret',
  'token',
  'accessToken',
  'refreshToken',
  'clientSecret',
  'authorization',
  'headers.authorization',
  'headers.cookie',
  '*.password',
  '*.secret',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.clientSecret',
  '*.authorization',
];

/** Secret shapes recognisable without knowing the secret: bearer tokens, JWTs, credentials in a query string. */
const SECRET_PATTERNS: readonly [RegExp, string][] = [
  [/\bBearer\s+[A-Za-z0-9._~+/=-]+/g, `Bearer ${REDACTED}`],
  [/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, REDACTED],
  [
    /\b(password|passwd|secret|token|access_token|refresh_token|client_secret|code_verifier)=([^&\s"']+)/gi,
    `$1=${REDACTED}`,
  ],
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g, REDACTED],
];

export class SecretRedactor {
  private readonly known = new Set<string>();

  /** A secret value to look for in every log line from now on (e.g. one just read from the keychain). */
  remember(secret: string): void {
    if (secret.length < 4) return;
    for (const form of formsOf(secret)) this.known.add(form);
  }

  /** The value with secret-named fields and secret-shaped text replaced; other values are left as they are. */
  scrub(value: unknown, depth = 0): unknown {
    if (typeof value === 'string') return this.scrubText(value);
    if (depth > 8 || value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map((item) => this.scrub(item, depth + 1));
    const entries = Object.entries(value as Record<string, unknown>).map(([key, inner]) => [
      key,
      SECRET_KEY.test(key) && (typeof inner === 'string' || typeof inner === 'number')
        ? REDACTED
        : this.scrub(inner, depth + 1),
    ]);
    return Object.fromEntries(entries);
  }

  scrubText(text: string): string {
    let scrubbed = text;
    for (const [pattern, replacement] of SECRET_PATTERNS) scrubbed = scrubbed.replace(pattern, replacement);
    for (const form of this.known) scrubbed = scrubbed.split(form).join(REDACTED);
    return scrubbed;
  }
}

function formsOf(secret: string): string[] {
  const jsonEscaped = JSON.stringify(secret).slice(1, -1);
  const base64 = Buffer.from(secret, 'utf8').toString('base64').replace(/=+$/, '');
  return [...new Set([secret, jsonEscaped, encodeURIComponent(secret), base64])];
}
