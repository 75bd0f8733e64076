import type { ApiResult } from './apiError.js';
import type { ConsoleEvent, OperationInput, OperationName, OperationOutput } from './contract.js';

/**
 * What the desktop preload exposes on `window.counterpart`: one named function per console operation (never a
 * generic invoke), each resolving to the same result envelope the web host returns, plus an event subscription.
 */
export type CounterpartBridge = {
  readonly [N in OperationName]: (input: OperationInput<N>) => Promise<ApiResult<OperationOutput<N>>>;
} & {
  readonly onEvent: (listener: (event: ConsoleEvent) => void) => () => void;
};

/** IPC channel names, shared by the preload and the main process. */
export const IPC_EVENT_CHANNEL = 'counterpart:event';
export function ipcChannelFor(operation: OperationName): string {
  return `counterpart:call:${operation}`;
}
