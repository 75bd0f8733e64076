import { z } from 'zod';
import type { ApiErrorBody, ApiResult } from '../apiError.js';
import type { ConsoleEvent } from '../contract.js';

/** Messages from the main process to the engine thread. */
export const EngineRequest = z.discriminatedUnion('type', [
  z.object({ type: z.literal('call'), id: z.number().int(), operation: z.string(), input: z.unknown() }),
  z.object({ type: z.literal('stop') }),
]);
export type EngineRequest = z.infer<typeof EngineRequest>;

/** Messages from the engine thread back to the main process. */
export type EngineMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'failed'; readonly error: ApiErrorBody }
  | { readonly type: 'result'; readonly id: number; readonly result: ApiResult<unknown> }
  | { readonly type: 'event'; readonly event: ConsoleEvent };
