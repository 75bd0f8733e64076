import { ConnectorError } from '../connectors/shared/connectorError.js';
import { CounterpartError, describeError } from '../errors.js';
import type { MappingFailure } from '../mapping/compiledMapping.js';

/** Why one write did not happen, as the dead-letter queue keeps it. */
export interface WriteFailure {
  /** Worth trying again later (a 5xx, a 429, a timeout, the network). */
  readonly retryable: boolean;
  /** Stops every write to the connection: nothing would succeed until a person reconnects it. */
  readonly haltsConnection: boolean;
  /** The connector's error kind (validation, permission, not_found …), `mapping` or `internal`. */
  readonly errorClass: string;
  readonly errorCode: string;
  /** The system's own words, verbatim; our sentence when the system said nothing. */
  readonly systemMessage: string;
  readonly error: ConnectorError | undefined;
}

export function connectorFailure(error: unknown): WriteFailure {
  if (error instanceof ConnectorError) {
    return {
      retryable: error.retryable,
      haltsConnection: error.kind === 'authentication',
      errorClass: error.kind,
      errorCode: error.code,
      systemMessage: error.systemMessage ?? error.message,
      error,
    };
  }
  return {
    retryable: false,
    haltsConnection: false,
    errorClass: 'internal',
    errorCode: error instanceof CounterpartError ? error.code : 'sync.write_failed',
    systemMessage: describeError(error),
    error: undefined,
  };
}

export function mappingFailure(failure: MappingFailure): WriteFailure {
  return {
    retryable: false,
    haltsConnection: false,
    errorClass: 'mapping',
    errorCode: failure.code,
    systemMessage: failure.message,
    error: undefined,
  };
}

/** A mapped record the target entity's schema refuses: the mapping produced something the system cannot take. */
export function invalidRecordFailure(error: unknown): WriteFailure {
  return {
    retryable: false,
    haltsConnection: false,
    errorClass: 'mapping',
    errorCode: error instanceof CounterpartError ? error.code : 'mapping.invalid_target',
    systemMessage: describeError(error),
    error: undefined,
  };
}
