import type { ErrorResponder } from '../shared/server.js';

/**
 * A failure a route reports with an HTTP status; the shared server's error handler turns it into the X3 body.
 * `statusCode` is what Fastify's error handler reads; several diagnoses travel as lines of the message.
 */
export class X3Error extends Error {
  constructor(
    readonly statusCode: number,
    messages: string | readonly string[],
  ) {
    super(typeof messages === 'string' ? messages : messages.join('\n'));
    this.name = 'X3Error';
  }
}

/**
 * Syracuse answers errors with a `$diagnoses` array of `{ $severity, $message }` (seen in UI responses; UNCONFIRMED
 * for api1, but the most plausible shape).
 */
export function diagnosesBody(messages: readonly string[]): { $diagnoses: { $severity: string; $message: string }[] } {
  return { $diagnoses: messages.map((message) => ({ $severity: 'error', $message: message })) };
}

export const x3ErrorResponse: ErrorResponder = (status, reason) => {
  const message =
    status === 503
      ? `Service unavailable: ${reason}`
      : status === 429
        ? `Too many requests: ${reason}`
        : status >= 500
          ? `Internal server error: ${reason}`
          : reason;
  const headers: Record<string, string> = status === 429 || status === 503 ? { 'retry-after': '1' } : {};
  return {
    headers,
    body: diagnosesBody(message.split('\n')),
  };
};
