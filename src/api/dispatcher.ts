import { CounterpartError } from '../errors.js';
import { type ApiResult, invalidInput, toErrorBody } from './apiError.js';
import { isOperationName, type OperationName, type OperationOutput, operations, type ParsedInput } from './contract.js';

/** Who is calling: the person's name is taken from the workspace settings by the service, not trusted from input. */
export interface CallContext {
  readonly transport: 'ipc' | 'web' | 'cli';
}

export type OperationHandlers = {
  readonly [N in OperationName]: (
    input: ParsedInput<N>,
    context: CallContext,
  ) => Promise<OperationOutput<N>> | OperationOutput<N>;
};

/**
 * The one entry point every transport calls with untrusted data: an unknown operation or an input that fails its
 * schema is refused before any handler runs, so bad input never changes anything. Outputs are validated too, so a
 * bug cannot leak an unexpected shape to the UI.
 */
export function createDispatcher(handlers: OperationHandlers) {
  return async function dispatch(name: unknown, input: unknown, context: CallContext): Promise<ApiResult<unknown>> {
    try {
      if (!isOperationName(name)) {
        throw new CounterpartError('api.unknown_operation', `Unknown operation "${String(name)}".`, {
          operation: String(name),
        });
      }
      return { ok: true, value: await run(handlers, name, input, context) };
    } catch (error) {
      return { ok: false, error: toErrorBody(error) };
    }
  };
}

export type Dispatch = ReturnType<typeof createDispatcher>;

async function run<N extends OperationName>(
  handlers: OperationHandlers,
  name: N,
  input: unknown,
  context: CallContext,
): Promise<OperationOutput<N>> {
  const definition = operations[name];
  const parsed = definition.input.safeParse(input ?? {});
  if (!parsed.success) throw invalidInput(name, parsed.error);
  const handler = handlers[name] as (input: unknown, context: CallContext) => Promise<unknown> | unknown;
  const output = definition.output.safeParse(await handler(parsed.data, context));
  if (!output.success) {
    throw new CounterpartError('api.bad_output', `${name} produced an invalid result: ${output.error.message}`, {
      operation: name,
    });
  }
  return output.data as OperationOutput<N>;
}
