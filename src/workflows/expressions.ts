import { CounterpartError, describeError } from '../errors.js';
import { compileExpression } from '../mapping/expressions.js';

/** What a workflow expression sees: the record that started the run and the outputs of the steps done so far. */
export interface RunData {
  readonly trigger: unknown;
  readonly steps: Readonly<Record<string, unknown>>;
  /** The record a wait re-read, for its condition. */
  readonly record?: unknown;
}

/** Evaluates a JSONata expression (the mapping documents' language) over the run's data (or a record). */
export async function evaluate(
  text: string,
  data: unknown,
  where: { step: string | null; field: string },
): Promise<unknown> {
  const expression = compileExpression(text);
  try {
    const value = await expression.evaluate(JSON.parse(JSON.stringify(data)));
    return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
  } catch (error) {
    throw new CounterpartError(
      'workflows.expression_failed',
      `${where.step === null ? 'The trigger' : `Step "${where.step}"`} cannot compute ${where.field}: ${text} failed: ${describeError(error)}.`,
      { step: where.step, field: where.field, expression: text },
    );
  }
}

export async function holds(
  text: string,
  data: unknown,
  where: { step: string | null; field: string },
): Promise<boolean> {
  return Boolean(await evaluate(text, data, where));
}

/** An expression that must give a record id (text or a number). */
export async function evaluateId(text: string, data: RunData, where: { step: string; field: string }): Promise<string> {
  const value = await evaluate(text, data, where);
  if (typeof value === 'string' && value.length > 0) return value;
  if (typeof value === 'number') return String(value);
  throw new CounterpartError(
    'workflows.no_record_id',
    `Step "${where.step}" needs a record id from ${where.field} (${text}), and it gave ${value === undefined ? 'nothing' : JSON.stringify(value)}.`,
    { step: where.step, field: where.field, expression: text },
  );
}
