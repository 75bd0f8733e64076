import type { z } from 'zod';
import { CounterpartError } from '../errors.js';

/** The error body every transport returns; `code` is stable, `message` is for people. */
export interface ApiErrorBody {
  readonly code: string;
  readonly message: string;
  readonly context?: Readonly<Record<string, unknown>>;
}

export type ApiResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: ApiErrorBody };

export function invalidInput(operation: string, error: z.ZodError): CounterpartError {
  const issues = error.issues.map((issue) => `${issue.path.length ? issue.path.join('.') : 'input'}: ${issue.message}`);
  return new CounterpartError('api.invalid_input', `${operation}: ${issues.join('; ')}`, { operation });
}

export function toErrorBody(error: unknown): ApiErrorBody {
  if (error instanceof CounterpartError) return { code: error.code, message: error.message, context: error.context };
  // Unexpected failures keep their message (useful in support logs) but no stack or internals reach the UI.
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}
