import { createHash, X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import { Agent, type Dispatcher, fetch, type RequestInit, type Response } from 'undici';
import { CounterpartError, describeError } from '../../errors.js';
import type { SystemName } from '../../model/index.js';
import { ConnectorError } from './connectorError.js';
import { displayName } from './systemNames.js';

/** What went wrong below HTTP, for callers (Test connection) that word their advice by cause. */
export type TransportFailure =
  | 'host_unreachable'
  | 'connection_interrupted'
  | 'tls_untrusted'
  | 'aborted'
  | 'port_refused';

const UNREACHABLE = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
]);
const INTERRUPTED = new Set([
  'ECONNRESET',
  'EPIPE',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);
const CERTIFICATE_EXPIRED = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);
const CERTIFICATE_UNTRUSTED = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'CERT_REJECTED',
  'INVALID_CA',
]);
const CERTIFICATE_WRONG_HOST = new Set(['ERR_TLS_CERT_ALTNAME_INVALID', 'HOSTNAME_MISMATCH']);
const KNOWN_CODES = new Set([
  ...UNREACHABLE,
  ...INTERRUPTED,
  ...CERTIFICATE_EXPIRED,
  ...CERTIFICATE_UNTRUSTED,
  ...CERTIFICATE_WRONG_HOST,
]);

export interface FailureContext {
  /** The address called; only its origin and path are kept (query strings can carry credentials). */
  readonly url?: string | URL | undefined;
  /** What Counterpart was doing, e.g. "read invoices". */
  readonly operation?: string | undefined;
}

/**
 * Turns a failure below HTTP (DNS, refused or timed-out connection, TLS verification, dropped socket) into a
 * classified `ConnectorError` whose message tells the user what to check. TLS advice never suggests turning
 * verification off: the remedy is the company's CA bundle in the connection settings.
 */
export function classifyTransportError(system: SystemName, error: unknown, where: FailureContext = {}): ConnectorError {
  if (error instanceof ConnectorError) return error;
  const name = displayName(system);
  const target = where.url === undefined ? '' : ` at ${hostOf(where.url)}`;
  const code = errorCode(error);
  const context = { ...describeWhere(where), code: code ?? null };
  const make = (kind: ConnectorError['kind'], failure: TransportFailure, message: string) =>
    new ConnectorError({
      kind,
      system,
      message,
      systemMessage: describeError(innermost(error)),
      context: { ...context, failure },
      cause: error,
    });

  if (isNamed(error, 'AbortError')) return make('transient', 'aborted', `The call to ${name} was cancelled.`);
  // fetch refuses ports browsers block (6000, 6667, …) before connecting: the address is wrong, retrying cannot help.
  if (describeError(innermost(error)) === 'bad port') {
    return make(
      'configuration',
      'port_refused',
      `Counterpart will not call ${name}${target}: its port is one that web clients refuse to use — check the port in the connection's address.`,
    );
  }
  if (isNamed(error, 'TimeoutError') || (code !== undefined && UNREACHABLE.has(code))) {
    const why = code === undefined ? 'no answer in time' : code;
    return make(
      'transient',
      'host_unreachable',
      `Could not reach ${name}${target} (${why}): the host is unreachable on the network or LAN — check the address and port, that the VPN is connected, and that no firewall blocks it.`,
    );
  }
  if (code !== undefined && CERTIFICATE_EXPIRED.has(code)) {
    return make(
      'configuration',
      'tls_untrusted',
      `The certificate of ${name}${target} is not trusted because it has expired or is not yet valid (${code}): ask the server's administrator to renew it.`,
    );
  }
  if (code !== undefined && CERTIFICATE_WRONG_HOST.has(code)) {
    return make(
      'configuration',
      'tls_untrusted',
      `The certificate of ${name}${target} is not trusted because it was issued for a different host name (${code}): use the host name the certificate names in the connection's address.`,
    );
  }
  if (code !== undefined && CERTIFICATE_UNTRUSTED.has(code)) {
    return make(
      'configuration',
      'tls_untrusted',
      `The server's certificate for ${name}${target} is not trusted (${code}): add your company's CA bundle in the connection settings.`,
    );
  }
  if (code !== undefined && INTERRUPTED.has(code)) {
    return make(
      'transient',
      'connection_interrupted',
      `The connection to ${name}${target} was interrupted (${code}); it will be retried.`,
    );
  }
  return new ConnectorError({
    kind: 'transient',
    system,
    message: `The call to ${name}${target} failed (${describeError(innermost(error))}); it will be retried.`,
    systemMessage: describeError(innermost(error)),
    context,
    cause: error,
  });
}

export type HeaderSource =
  | { get(name: string): string | null }
  | Readonly<Record<string, string | string[] | undefined>>;

export interface HttpFailure extends FailureContext {
  readonly status: number;
  readonly headers?: HeaderSource | undefined;
  /** The response body as text; its message is kept as the system's own words. */
  readonly body?: string | undefined;
  /** The system's message when the connector has already extracted it from its own error format. */
  readonly systemMessage?: string | undefined;
  /**
   * The connector's own advice when it knows better than the status alone, e.g. Xero's 403 for a tenant that is no
   * longer connected: "Xero no longer knows organisation X: reconnect and choose it again".
   */
  readonly advice?: string | undefined;
}

/**
 * Classifies an HTTP error status into the kinds the sync engine acts on, keeping the system's message and, for 429
 * and 503, the Retry-After it asked for.
 */
export function classifyHttpFailure(
  system: SystemName,
  failure: HttpFailure,
  now: number = Date.now(),
): ConnectorError {
  const name = displayName(system);
  const systemMessage = failure.systemMessage ?? systemMessageFromBody(failure.body);
  const said = systemMessage === undefined ? '' : ` ${name} said: "${systemMessage}".`;
  const retryAfterMs = parseRetryAfter(headerValue(failure.headers, 'retry-after'), now);
  const classified = statusKind(failure.status, name, systemMessage);
  const kind = classified.kind;
  const advice = failure.advice ?? classified.advice;
  return new ConnectorError({
    kind,
    system,
    message: `${advice} (HTTP ${failure.status}).${said}`,
    systemMessage,
    retryAfterMs: kind === 'rate_limit' || kind === 'transient' ? retryAfterMs : undefined,
    context: { ...describeWhere(failure), status: failure.status },
  });
}

function statusKind(
  status: number,
  name: string,
  systemMessage: string | undefined,
): { kind: ConnectorError['kind']; advice: string } {
  if (status === 401) {
    return /invalid_grant|expired|revoked/i.test(systemMessage ?? '')
      ? { kind: 'authentication', advice: `${name}'s consent has expired or was revoked: reconnect the connection` }
      : {
          kind: 'authentication',
          advice: `${name} did not accept the credentials: check them in the connection settings, or reconnect if the sign-in has expired`,
        };
  }
  if (status === 403) {
    return {
      kind: 'permission',
      advice: `${name} refused the call: the connected user or app lacks the API permission it needs — grant it in ${name} and test the connection again`,
    };
  }
  if (status === 404) return { kind: 'not_found', advice: `${name} has no such record or address` };
  if (status === 409) return { kind: 'duplicate', advice: `${name} reports a duplicate or a conflicting change` };
  if (status === 429) {
    return { kind: 'rate_limit', advice: `${name}'s rate limit was reached; the call will be retried when it allows` };
  }
  if (status === 408 || status >= 500) {
    return { kind: 'transient', advice: `${name} had a temporary problem; the call will be retried` };
  }
  return { kind: 'validation', advice: `${name} rejected the data` };
}

/** Milliseconds to wait from a Retry-After header: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/** Reads one header from a Fetch `Headers` or a Node-style header object, case-insensitively. */
export function headerValue(headers: HeaderSource | undefined, name: string): string | undefined {
  if (headers === undefined) return undefined;
  if (typeof headers.get === 'function') return headers.get(name) ?? undefined;
  const record = headers as Readonly<Record<string, string | string[] | undefined>>;
  const key = Object.keys(record).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  const value = key === undefined ? undefined : record[key];
  return Array.isArray(value) ? value.join(', ') : value;
}

const MESSAGE_FIELDS = ['message', 'Message', 'error_description', 'Detail', 'detail', 'title', 'Title', 'error'];
const MAX_SYSTEM_MESSAGE = 500;

/**
 * The message of the common error body shapes (OAuth, Xero, Salesforce, problem+json, Syracuse `$diagnoses`,
 * GraphQL `errors`), else the text itself.
 */
export function systemMessageFromBody(body: string | undefined): string | undefined {
  if (body === undefined || body.trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return clip(body.trim());
  }
  const found = messageIn(Array.isArray(parsed) ? parsed[0] : parsed) ?? listedMessages(parsed);
  return clip(found ?? body.trim());
}

function messageIn(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  for (const field of MESSAGE_FIELDS) {
    const candidate = record[field];
    if (typeof candidate === 'string' && candidate.trim() !== '') return candidate.trim();
    const nested = messageIn(candidate);
    if (nested !== undefined) return nested;
  }
  return undefined;
}

/** Syracuse's `{"$diagnoses": [{"$message": …}]}` and GraphQL's `{"errors": [{"message": …}]}`, all messages joined. */
function listedMessages(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const pick = (list: unknown, field: string) =>
    (Array.isArray(list) ? list : [])
      .map((item: unknown) =>
        typeof item === 'object' && item !== null ? (item as Record<string, unknown>)[field] : undefined,
      )
      .filter((message): message is string => typeof message === 'string' && message.trim() !== '')
      .map((message) => message.trim());
  const messages = [...pick(record.$diagnoses, '$message'), ...pick(record.errors, 'message')];
  return messages.length === 0 ? undefined : messages.join(' ');
}

function clip(text: string): string {
  return text.length > MAX_SYSTEM_MESSAGE ? `${text.slice(0, MAX_SYSTEM_MESSAGE)}…` : text;
}

export interface TrustOptions {
  /** PEM certificates to trust in addition to the system roots (a company CA for a LAN Sage X3). */
  readonly caBundlePem?: string | undefined;
  readonly timeoutMs: number;
}

const agents = new Map<string, Agent>();

/**
 * `fetch` that also trusts a user-supplied CA bundle. Verification stays on; the bundle is added to Node's roots, not
 * substituted for them. Failures are undici's own errors: pass them to `classifyTransportError`.
 */
export async function fetchWithTrust(url: string | URL, init: RequestInit, options: TrustOptions): Promise<Response> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
  const dispatcher: Dispatcher | undefined =
    options.caBundlePem === undefined ? undefined : agentTrusting(options.caBundlePem);
  return fetch(url, { ...init, signal, ...(dispatcher ? { dispatcher } : {}) });
}

/** Closes the connection pools kept for CA bundles (at shutdown, or in tests). */
export async function closeTrustedAgents(): Promise<void> {
  const open = [...agents.values()];
  agents.clear();
  await Promise.all(open.map((agent) => agent.close()));
}

function agentTrusting(caBundlePem: string): Agent {
  const key = createHash('sha256').update(caBundlePem).digest('hex');
  let agent = agents.get(key);
  if (!agent) {
    agent = new Agent({ connect: { ca: [...rootCertificates, ...certificatesIn(caBundlePem)] } });
    agents.set(key, agent);
  }
  return agent;
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** The certificates of a PEM bundle, each checked, so a wrong file is reported here rather than as an untrusted server. */
export function certificatesIn(caBundlePem: string): string[] {
  const certificates = caBundlePem.match(PEM_CERTIFICATE) ?? [];
  if (certificates.length === 0) {
    throw new CounterpartError(
      'connector.bad_ca_bundle',
      'The CA bundle holds no PEM certificate ("-----BEGIN CERTIFICATE-----"): export your company CA as PEM (Base-64) and add it again.',
    );
  }
  certificates.forEach((pem, index) => {
    try {
      new X509Certificate(pem);
    } catch (error) {
      throw new CounterpartError(
        'connector.bad_ca_bundle',
        `Certificate ${index + 1} of the CA bundle cannot be read (${describeError(error)}): export your company CA as PEM and add it again.`,
        { certificate: index + 1 },
      );
    }
  });
  return certificates;
}

function errorCode(error: unknown): string | undefined {
  let fallback: string | undefined;
  for (const candidate of causeChain(error)) {
    const code = (candidate as { code?: unknown }).code;
    if (typeof code !== 'string') continue;
    if (KNOWN_CODES.has(code)) return code;
    fallback ??= code;
  }
  return fallback;
}

/** The error, its causes, and the errors of an AggregateError (happy-eyeballs connects), breadth first. */
function causeChain(error: unknown): object[] {
  const seen: object[] = [];
  const queue: unknown[] = [error];
  while (queue.length > 0 && seen.length < 20) {
    const next = queue.shift();
    if (typeof next !== 'object' || next === null || seen.includes(next)) continue;
    seen.push(next);
    queue.push((next as { cause?: unknown }).cause);
    if (next instanceof AggregateError) queue.push(...next.errors);
  }
  return seen;
}

function innermost(error: unknown): unknown {
  const chain = causeChain(error);
  return chain.at(-1) ?? error;
}

function isNamed(error: unknown, name: string): boolean {
  return causeChain(error).some((candidate) => (candidate as { name?: unknown }).name === name);
}

function hostOf(url: string | URL): string {
  try {
    return new URL(url).host;
  } catch {
    return String(url);
  }
}

function describeWhere(where: FailureContext): Record<string, string> {
  const context: Record<string, string> = {};
  if (where.url !== undefined) context.url = withoutSecrets(where.url);
  if (where.operation !== undefined) context.operation = where.operation;
  return context;
}

function withoutSecrets(url: string | URL): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '(an address that could not be read)';
  }
}
