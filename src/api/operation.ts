import type { z } from 'zod';

/**
 * One entry of the console API: a query reads, a command changes something (and is audited). Both take a
 * validated input and return a validated output; the same definition drives IPC, the web host and the client.
 */
export interface OperationDefinition<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly kind: 'query' | 'command';
  readonly summary: string;
  readonly input: I;
  readonly output: O;
}

export function query<I extends z.ZodType, O extends z.ZodType>(summary: string, input: I, output: O) {
  return { kind: 'query', summary, input, output } as const satisfies OperationDefinition<I, O>;
}

export function command<I extends z.ZodType, O extends z.ZodType>(summary: string, input: I, output: O) {
  return { kind: 'command', summary, input, output } as const satisfies OperationDefinition<I, O>;
}
