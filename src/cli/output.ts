import { CounterpartError } from '../errors.js';
import type { CliContext } from './context.js';

/** Prints a command's result: the value as one JSON line with --json, otherwise the human rendering. */
export function printResult<T>(context: Pick<CliContext, 'json'>, value: T, human: (value: T) => string): void {
  process.stdout.write(context.json ? `${JSON.stringify(value)}\n` : `${human(value)}\n`);
}

/** One clear line on stderr (or a JSON object with --json) and the exit code for the failure. */
export function reportFailure(error: unknown, json: boolean): number {
  const failure =
    error instanceof CounterpartError
      ? { code: error.code, message: error.message, context: error.context }
      : { code: 'internal', message: error instanceof Error ? error.message : String(error), context: {} };
  if (json) process.stderr.write(`${JSON.stringify({ error: failure })}\n`);
  else process.stderr.write(`counterpart: ${failure.message}\n`);
  return failure.code === 'cli.usage' ? 2 : 1;
}
