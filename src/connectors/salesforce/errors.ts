import { describeError } from '../../errors.js';
import { ConnectorError, type ConnectorErrorKind } from '../shared/connectorError.js';
import { classifyHttpFailure, type HeaderSource } from '../shared/httpFailure.js';

/** Salesforce error codes whose kind the HTTP status alone gets wrong, with what the user should do. */
const BY_ERROR_CODE: Readonly<Record<string, { kind: ConnectorErrorKind; advice: string }>> = {
  INVALID_SESSION_ID: {
    kind: 'authentication',
    advice: "Salesforce's session has ended and could not be renewed: reconnect the connection",
  },
  API_DISABLED_FOR_ORG: {
    kind: 'permission',
    advice: 'The Salesforce org does not allow API access (its edition lacks it): use an edition with API access',
  },
  API_CURRENTLY_DISABLED: {
    kind: 'permission',
    advice:
      "The connected Salesforce user lacks the 'API Enabled' permission: grant it in the user's profile or a permission set, then test the connection again",
  },
  INSUFFICIENT_ACCESS: {
    kind: 'permission',
    advice: 'The connected Salesforce user may not do this: grant access to the object in Salesforce',
  },
  INSUFFICIENT_ACCESS_OR_READONLY: {
    kind: 'permission',
    advice: 'The connected Salesforce user may not change this record: grant edit access in Salesforce',
  },
  INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY: {
    kind: 'permission',
    advice: 'The connected Salesforce user may not use a record this one points at: grant access in Salesforce',
  },
  REQUEST_LIMIT_EXCEEDED: {
    kind: 'rate_limit',
    advice: "Salesforce's API request limit was reached; the call will be retried when it allows",
  },
  NOT_FOUND: { kind: 'not_found', advice: 'Salesforce has no such record or address' },
  ENTITY_IS_DELETED: { kind: 'not_found', advice: 'The Salesforce record has been deleted' },
  DUPLICATE_VALUE: { kind: 'duplicate', advice: 'Salesforce already holds a record with this unique value' },
  DUPLICATES_DETECTED: { kind: 'duplicate', advice: "Salesforce's duplicate rules flagged this record" },
  DUPLICATE_EXTERNAL_ID: {
    kind: 'duplicate',
    advice: 'Several Salesforce records (or batch rows) share this external id',
  },
  MULTIPLE_CHOICES: { kind: 'duplicate', advice: 'Several Salesforce records share this external id' },
  INVALID_FIELD: {
    kind: 'configuration',
    advice:
      'Salesforce does not know a field Counterpart uses (or the user cannot see it): check the external-id and custom field names in the connection settings',
  },
  INVALID_TYPE: {
    kind: 'configuration',
    advice: 'Salesforce does not know an object Counterpart uses, or the user cannot see it',
  },
  SERVER_UNAVAILABLE: { kind: 'transient', advice: 'Salesforce is temporarily unavailable; the call will be retried' },
  UNABLE_TO_LOCK_ROW: { kind: 'transient', advice: 'The Salesforce record was locked by another change; retry' },
};

/** OAuth `error` values from the token endpoint, worded for the person who must fix them. */
const OAUTH_ERRORS: Readonly<Record<string, { kind: ConnectorErrorKind; advice: string }>> = {
  invalid_grant: {
    kind: 'authentication',
    advice: "Salesforce's consent for Counterpart has expired or was revoked: reconnect the connection",
  },
  invalid_client_id: {
    kind: 'authentication',
    advice: 'Salesforce does not know the connected app consumer key: check the client id in the connection settings',
  },
  invalid_client: {
    kind: 'authentication',
    advice:
      'Salesforce did not accept the connected app consumer secret: enter it again in the connection settings (it is kept in the OS keychain)',
  },
  invalid_client_credentials: {
    kind: 'authentication',
    advice: 'Salesforce did not accept the connected app credentials: enter the consumer key and secret again',
  },
  inactive_user: {
    kind: 'authentication',
    advice: 'The connected Salesforce user is inactive: reconnect as an active user',
  },
  inactive_org: { kind: 'permission', advice: 'The Salesforce org is locked, closed or has no API access' },
  access_denied: {
    kind: 'authentication',
    advice: 'Access to Salesforce was declined on the consent screen: connect again and choose Allow',
  },
  redirect_uri_mismatch: {
    kind: 'configuration',
    advice:
      "The redirect URI is not a Callback URL of the connected app: add it to the app's callback URLs or change it in the connection settings",
  },
};

interface SalesforceErrorBody {
  readonly errorCode: string | undefined;
  readonly message: string | undefined;
  readonly fields: readonly string[];
}

/** The first element of Salesforce's `[{message, errorCode, fields}]` or the OAuth `{error, error_description}`. */
export function readErrorBody(body: string): SalesforceErrorBody {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { errorCode: undefined, message: body.trim() === '' ? undefined : body.trim().slice(0, 500), fields: [] };
  }
  const first = (Array.isArray(parsed) ? parsed[0] : parsed) as Record<string, unknown> | undefined;
  if (typeof first !== 'object' || first === null) return { errorCode: undefined, message: undefined, fields: [] };
  const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);
  const fields = Array.isArray(first.fields) ? first.fields.filter((f): f is string => typeof f === 'string') : [];
  return {
    errorCode: text(first.errorCode) ?? text(first.statusCode) ?? text(first.error),
    message: text(first.message) ?? text(first.error_description),
    fields,
  };
}

/** An HTTP failure from Salesforce, classified by its errorCode where that says more than the status. */
export function classifySalesforceResponse(failure: {
  status: number;
  headers: HeaderSource;
  body: string;
  url: string;
  operation: string;
}): ConnectorError {
  const said = readErrorBody(failure.body);
  const systemMessage = describeSaid(said);
  const known =
    said.errorCode === undefined ? undefined : (BY_ERROR_CODE[said.errorCode] ?? OAUTH_ERRORS[said.errorCode]);
  const base = classifyHttpFailure('salesforce', { ...failure, systemMessage, advice: known?.advice });
  const kind = known?.kind ?? base.kind;
  return new ConnectorError({
    kind,
    system: 'salesforce',
    message: base.message,
    systemMessage,
    retryAfterMs: kind === 'rate_limit' || kind === 'transient' ? base.retryAfterMs : undefined,
    context: { ...contextOf(base), errorCode: said.errorCode ?? null, fields: said.fields.join(',') || null },
  });
}

/** A per-record error inside a Collections or Bulk result (`statusCode`, not `errorCode`). */
export function classifyRecordError(
  error: {
    statusCode?: string | undefined;
    errorCode?: string | undefined;
    message?: string | undefined;
    fields?: readonly string[] | undefined;
  },
  context: Readonly<Record<string, string>>,
): ConnectorError {
  const code = error.statusCode ?? error.errorCode ?? 'UNKNOWN_EXCEPTION';
  const known = BY_ERROR_CODE[code];
  const systemMessage = describeSaid({ errorCode: code, message: error.message, fields: error.fields ?? [] });
  const kind: ConnectorErrorKind =
    known?.kind ??
    (code === 'ALL_OR_NONE_OPERATION_ROLLED_BACK' || code === 'UNKNOWN_EXCEPTION' ? 'transient' : 'validation');
  const advice = known?.advice ?? 'Salesforce rejected the record';
  return new ConnectorError({
    kind,
    system: 'salesforce',
    message: `${advice}. Salesforce said: "${systemMessage}".`,
    systemMessage,
    context: { ...context, errorCode: code, fields: (error.fields ?? []).join(',') || null },
  });
}

/**
 * Any error out of a jsforce call as a ConnectorError: ours pass through; jsforce's own (`errorCode` and `data`)
 * are classified by code; "Unable to refresh session" becomes the refresh's own failure when the transport saw it.
 */
export function asSalesforceError(error: unknown, lastTransportFailure?: ConnectorError): ConnectorError {
  if (error instanceof ConnectorError) return error;
  const message = describeError(error);
  const refresh = /^Unable to refresh session due to: ([\s\S]*)$/.exec(error instanceof Error ? error.message : '');
  if (refresh) {
    if (lastTransportFailure && refresh[1] === lastTransportFailure.message) return lastTransportFailure;
    return new ConnectorError({
      kind: 'authentication',
      system: 'salesforce',
      message: `${OAUTH_ERRORS.invalid_grant?.advice}. Salesforce said: "${refresh[1]}".`,
      systemMessage: refresh[1],
      cause: error,
    });
  }
  const code = codeOf(error);
  const known = code === undefined ? undefined : (BY_ERROR_CODE[code] ?? OAUTH_ERRORS[code]);
  if (known) {
    return new ConnectorError({
      kind: known.kind,
      system: 'salesforce',
      message: `${known.advice}. Salesforce said: "${code}: ${message}".`,
      systemMessage: `${code}: ${message}`,
      context: { errorCode: code ?? null },
      cause: error,
    });
  }
  return new ConnectorError({
    kind: 'transient',
    system: 'salesforce',
    message: `The call to Salesforce failed (${message}); it will be retried.`,
    systemMessage: message,
    context: { errorCode: code ?? null },
    cause: error,
  });
}

/** A response Salesforce sent that does not have the shape its API documents. */
export function malformedResponse(what: string, detail: string): ConnectorError {
  return new ConnectorError({
    kind: 'validation',
    system: 'salesforce',
    message: `Salesforce sent a ${what} Counterpart cannot read (${detail}).`,
    systemMessage: detail,
    context: { response: what },
  });
}

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { errorCode, name } = error as { errorCode?: unknown; name?: unknown };
  const code = errorCode ?? name;
  return typeof code === 'string' && code !== 'Error' ? code : undefined;
}

function describeSaid(said: SalesforceErrorBody): string | undefined {
  if (said.errorCode === undefined) return said.message;
  return said.message === undefined ? said.errorCode : `${said.errorCode}: ${said.message}`;
}

function contextOf(error: ConnectorError): Record<string, string | number | boolean | null> {
  const context: Record<string, string | number | boolean | null> = {};
  for (const [key, value] of Object.entries(error.context ?? {})) {
    if (value === undefined || key === 'system') continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null) {
      context[key] = value;
    }
  }
  return context;
}
