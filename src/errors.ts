/**
 * The one error type Counterpart raises on purpose. `code` is stable and machine-readable (the console API and the
 * CLI's `--json` output carry it); `message` is one sentence a person can act on; `context` names what and where
 * (file and line, system and record id, operation name) so that no error has to be re-investigated from scratch.
 */
export type ErrorContext = Readonly<Record<string, string | number | boolean | null | undefined>>;

export class CounterpartError extends Error {
  readonly code: string;
  readonly context: ErrorContext;

  constructor(code: string, message: string, context: ErrorContext = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CounterpartError';
    this.code = code;
    this.context = context;
  }
}

/** The message of anything thrown, for wrapping foreign errors without losing what they said. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
