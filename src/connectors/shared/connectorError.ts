import { CounterpartError } from '../../errors.js';
import type { SystemName } from '../../model/index.js';

/**
 * How the sync engine should treat a failure: retry it (transient, rate_limit), ask the user (authentication,
 * permission, validation, duplicate, conflict), or look elsewhere (not_found).
 */
export type ConnectorErrorKind =
  | 'authentication'
  | 'permission'
  | 'rate_limit'
  | 'transient'
  | 'validation'
  | 'duplicate'
  | 'not_found'
  | 'configuration';

const RETRYABLE: ReadonlySet<ConnectorErrorKind> = new Set(['transient', 'rate_limit']);

/** A classified failure from a system, keeping the system's own words next to ours. */
export class ConnectorError extends CounterpartError {
  readonly kind: ConnectorErrorKind;
  readonly system: SystemName;
  /** What the system itself said (message, error code), verbatim. */
  readonly systemMessage: string | undefined;
  /** When the system said to come back (Retry-After), in milliseconds from now. */
  readonly retryAfterMs: number | undefined;

  constructor(options: {
    kind: ConnectorErrorKind;
    system: SystemName;
    message: string;
    systemMessage?: string | undefined;
    retryAfterMs?: number | undefined;
    context?: Readonly<Record<string, string | number | boolean | null | undefined>>;
    cause?: unknown;
  }) {
    super(
      `connector.${options.kind}`,
      options.message,
      { system: options.system, ...options.context },
      {
        cause: options.cause,
      },
    );
    this.name = 'ConnectorError';
    this.kind = options.kind;
    this.system = options.system;
    this.systemMessage = options.systemMessage;
    this.retryAfterMs = options.retryAfterMs;
  }

  get retryable(): boolean {
    return RETRYABLE.has(this.kind);
  }
}
