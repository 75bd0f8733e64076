import type { z } from 'zod';
import { CounterpartError, type ErrorContext } from '../errors.js';

/**
 * Validates data arriving at a boundary against a model schema, and turns a failure into one CounterpartError whose
 * message names the record kind and each failing field ("Invoice is not valid: totals.gross: …").
 */
export function parseRecord<Schema extends z.ZodType>(
  schema: Schema,
  data: unknown,
  what: string,
  context: ErrorContext = {},
): z.infer<Schema> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  throw new CounterpartError('model.invalid_record', `${what} is not valid: ${describeIssues(result.error)}.`, {
    ...context,
    record: what,
    fields: result.error.issues.map((issue) => issue.path.join('.') || '(record)').join(', '),
  });
}

/** "totals.gross: totals.gross is 120.00 GBP but …; dueDate: …" — one phrase per issue, field first. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => {
      const path = issue.path.map(String).join('.');
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

/**
 * Options for cross-field refinements: run them only once every field parsed, so a check never reads a malformed
 * amount or rate (zod 4 otherwise runs object refinements after non-fatal field issues).
 */
export const onlyWhenFieldsValid = { when: (payload: { issues: readonly unknown[] }) => payload.issues.length === 0 };
