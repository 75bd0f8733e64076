import type { ErrorResponder } from '../shared/server.js';

/** KashFlow's error body: `{ "Message": "...", "Error": "..." }` (the Swagger error model). */
export interface KashFlowErrorBody {
  readonly Message: string;
  readonly Error: string;
}

/** Thrown by routes; the KashFlow error handler turns it into the status, body and headers. */
export class KashFlowHttpError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'KashFlowHttpError';
  }

  get body(): KashFlowErrorBody {
    return { Message: this.message, Error: this.errorCode };
  }
}

export const invalidSession = () =>
  new KashFlowHttpError(401, 'InvalidSessionToken', 'Session token provided is invalid.');

export const notFound = (what: string) => new KashFlowHttpError(404, 'NotFound', `${what} was not found.`);

export const validation = (message: string, code = 'ValidationError') => new KashFlowHttpError(400, code, message);

const errorNames: Readonly<Record<number, string>> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  413: 'RequestEntityTooLarge',
  415: 'UnsupportedMediaType',
  429: 'TooManyRequests',
  500: 'InternalServerError',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
};

const messages: Readonly<Record<number, string>> = {
  429: 'Too many requests. Please retry later.',
  500: 'An error has occurred.',
  502: 'The server received an invalid response from an upstream server.',
  503: 'The service is unavailable. Please try again later.',
};

/** Shapes injected faults, parse failures and unknown routes like KashFlow's own errors. */
export const kashflowErrorResponse: ErrorResponder = (status, reason) => ({
  headers: status === 429 ? { 'Retry-After': '1' } : ({} as Record<string, string>),
  body: {
    Message: messages[status] ?? reason,
    Error: errorNames[status] ?? 'Error',
  } satisfies KashFlowErrorBody,
});
