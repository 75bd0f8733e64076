import type { z } from 'zod';
import { CounterpartError } from '../errors.js';

/** The error body every transport returns; `code` is stable, `message` is for people. */
export interface ApiErrorBody {
  readonly code: string;
  readonly message: string;
  readonly context?: Readonly<Record<string, unknown>>;
  /** For invalid input: each problem with the path of the field it concerns, so a form can show it in place. */
  readonly issues?: readonly InputIssue[];
}

export interface InputIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** Input that failed its operation's schema; carries the issues field by field. */
export class InvalidInputError extends CounterpartError {
  constructor(
    operation: string,
    readonly issues: readonly InputIssue[],
  ) {
    const summary = issues.map((issue) => `${issue.path.length ? issue.path.join('.') : 'input'}: ${issue.message}`);
    super('api.invalid_input', `${operation}: ${summary.join('; ')}`, { operation });
  }
}

export type ApiResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: ApiErrorBody };

export function invalidInput(operation: string, error: z.ZodError): InvalidInputError {
  return new InvalidInputError(
    operation,
    error.issues.map((issue) => ({
      path: issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part)),
      message: issue.message,
    })),
  );
}

export function toErrorBody(error: unknown): ApiErrorBody {
  if (error instanceof InvalidInputError) {
    return { code: error.code, message: error.message, context: error.context, issues: error.issues };
  }
  if (error instanceof CounterpartError) return { code: error.code, message: error.message, context: error.context };
  // Unexpected failures keep their message (useful in support logs) but no stack or internals reach the UI.
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}
