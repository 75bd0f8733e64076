import type { SystemName } from '../../model/index.js';
import { ConnectorError } from './connectorError.js';
import { fetchWithTrust, type HeaderSource, type TrustOptions } from './httpFailure.js';
import { displayName } from './systemNames.js';

/** The part of `fetch` a connector uses, so tests and callers may inject their own. */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal },
) => Promise<{ status: number; headers: HeaderSource; text(): Promise<string> }>;

/** An answer whose body has been read, so a failure to read it is a transport failure like a dropped socket. */
export interface TextAnswer {
  readonly status: number;
  readonly headers: HeaderSource;
  readonly body: string;
  text(): Promise<string>;
}

/**
 * The connection's transport: the injected one bounded by the connection's timeout (combined with the caller's
 * signal), else `fetch` trusting the connection's CA bundle.
 */
export function transportOf(injected: FetchLike | undefined, trust: TrustOptions): FetchLike {
  if (injected === undefined) return (url, init) => fetchWithTrust(url, init, trust);
  return (url, init) => {
    const timeout = AbortSignal.timeout(trust.timeoutMs);
    return injected(url, { ...init, signal: init.signal ? AbortSignal.any([init.signal, timeout]) : timeout });
  };
}

/** Sends once and reads the whole body. */
export async function sendForText(
  transport: FetchLike,
  url: string,
  init: Parameters<FetchLike>[1],
): Promise<TextAnswer> {
  const response = await transport(url, init);
  const body = await response.text();
  return { status: response.status, headers: response.headers, body, text: () => Promise.resolve(body) };
}

/** The body as JSON; undefined when it is not JSON. */
export function jsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * A successful answer's body as JSON (undefined when empty). A body that is not JSON means something else answered
 * — a proxy, a login page, another server — so it is a configuration error: "`{System} answered {what} with
 * something that is not JSON (…): {advice}`".
 */
export function jsonAnswer(
  system: SystemName,
  text: string,
  what: string,
  advice: string,
  context: Readonly<Record<string, string>>,
): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new ConnectorError({
      kind: 'configuration',
      system,
      message: `${displayName(system)} answered ${what} with something that is not JSON ("${text.slice(0, 60).replace(/\s+/g, ' ')}…"): ${advice}.`,
      systemMessage: text.slice(0, 200),
      context,
    });
  }
}
