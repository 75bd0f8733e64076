/**
 * A Salesforce API error: the HTTP status plus the `[{message, errorCode, fields}]` element the REST API returns.
 * Thrown anywhere in the sandbox's request handling and turned into the wire shape at the edge.
 */
export class SalesforceApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
    readonly fields: readonly string[] = [],
  ) {
    super(message);
    this.name = 'SalesforceApiError';
  }

  /** The REST error-array element. */
  toWire(): { message: string; errorCode: string; fields: string[] } {
    return { message: this.message, errorCode: this.errorCode, fields: [...this.fields] };
  }

  /** The per-record error of sObject Collections and composite results, which say `statusCode`. */
  toRecordError(): { statusCode: string; message: string; fields: string[] } {
    return { statusCode: this.errorCode, message: this.message, fields: [...this.fields] };
  }
}

export function notFound(): SalesforceApiError {
  return new SalesforceApiError(404, 'NOT_FOUND', 'The requested resource does not exist');
}

export function invalidType(name: string): SalesforceApiError {
  return new SalesforceApiError(
    404,
    'NOT_FOUND',
    `The requested resource does not exist: sObject type '${name}' is not supported.`,
  );
}

export function badRequest(errorCode: string, message: string, fields: readonly string[] = []): SalesforceApiError {
  return new SalesforceApiError(400, errorCode, message, fields);
}

export function asApiError(error: unknown): SalesforceApiError {
  if (error instanceof SalesforceApiError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new SalesforceApiError(500, 'UNKNOWN_EXCEPTION', `An unexpected error occurred: ${message}`);
}
