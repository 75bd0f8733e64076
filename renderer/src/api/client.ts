import { z } from 'zod';
import type { ApiErrorBody, ApiResult, InputIssue } from '../../../src/api/apiError';
import type { CounterpartBridge } from '../../../src/api/bridge';
import {
  type ConsoleEvent,
  type EventName,
  events,
  type OperationInput,
  type OperationName,
  type OperationOutput,
  operations,
} from '../../../src/api/contract';
import { storedToken } from './fragment';

declare global {
  interface Window {
    /** Present only inside the desktop app, where the preload exposes the console API over IPC. */
    readonly counterpart?: CounterpartBridge;
  }
}

/** A failed console call: `code` is the API's stable code, `message` a sentence for the person using the console. */
export class ConsoleApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly context: Readonly<Record<string, unknown>> = {},
    /** For invalid input: each problem with the field it concerns. */
    readonly issues: readonly InputIssue[] = [],
  ) {
    super(message);
    this.name = 'ConsoleApiError';
  }
}

/** A pushed event whose `name` narrows its `payload`. */
export type AnyConsoleEvent = { [E in EventName]: ConsoleEvent<E> }[EventName];

/** Whether pushed events are arriving: the web host's socket can drop (sleep, restart) and reconnects on its own. */
export type LiveState = 'connecting' | 'live' | 'reconnecting';

export interface ConsoleClient {
  readonly transport: 'ipc' | 'web';
  call<N extends OperationName>(name: N, input: OperationInput<N>): Promise<OperationOutput<N>>;
  subscribe(listener: (event: AnyConsoleEvent) => void): () => void;
  onLiveState(listener: (state: LiveState) => void): () => void;
}

/** What a transport does: deliver one call and its raw result envelope, and deliver raw pushed messages. */
interface Transport {
  readonly kind: 'ipc' | 'web';
  invoke(name: OperationName, input: unknown): Promise<unknown>;
  listen(onMessage: (message: unknown) => void, onState: (state: LiveState) => void): () => void;
}

export type ClientStart =
  | { readonly ok: true; readonly client: ConsoleClient }
  | { readonly ok: false; readonly reason: 'missingToken' };

const ErrorBody = z.object({
  code: z.string(),
  message: z.string(),
  context: z.record(z.string(), z.unknown()).optional(),
  issues: z.array(z.object({ path: z.array(z.union([z.string(), z.number()])), message: z.string() })).optional(),
});
const Envelope = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: ErrorBody }),
]);
const EventMessage = z.object({ name: z.string(), payload: z.unknown() });

/**
 * Picks the transport once at start-up: the desktop preload's IPC bridge when it exists, otherwise the web host of
 * `counterpart serve`, which needs the token from the address it printed.
 */
export function startClient(onUnauthorized: () => void): ClientStart {
  const bridge = window.counterpart;
  if (bridge !== undefined) return { ok: true, client: createClient(ipcTransport(bridge), onUnauthorized) };
  const token = storedToken();
  if (token === undefined) return { ok: false, reason: 'missingToken' };
  return { ok: true, client: createClient(webTransport(token), onUnauthorized) };
}

function createClient(transport: Transport, onUnauthorized: () => void): ConsoleClient {
  const eventListeners = new Set<(event: AnyConsoleEvent) => void>();
  const stateListeners = new Set<(state: LiveState) => void>();
  let stopListening: (() => void) | undefined;

  function deliver(message: unknown): void {
    const event = toConsoleEvent(message);
    if (event === undefined) return;
    for (const listener of eventListeners) listener(event);
  }

  let liveState: LiveState = 'connecting';
  function announce(state: LiveState): void {
    liveState = state;
    for (const listener of stateListeners) listener(state);
  }

  return {
    transport: transport.kind,
    async call(name, input) {
      let raw: unknown;
      try {
        raw = await transport.invoke(name, input);
      } catch (error) {
        if (error instanceof ConsoleApiError) throw error;
        throw new ConsoleApiError(
          'api.unreachable',
          transport.kind === 'web'
            ? 'Counterpart is not answering. Check that “counterpart serve” is still running, then try again.'
            : 'The Counterpart engine is not answering. Restart the app if this persists.',
          { operation: name },
        );
      }
      const value = unwrap(name, raw);
      const output = operations[name].output.safeParse(value);
      if (!output.success) {
        throw new ConsoleApiError('api.bad_output', `Counterpart sent an unexpected answer to ${name}.`, {
          operation: name,
        });
      }
      return output.data as OperationOutput<typeof name>;
    },
    subscribe(listener) {
      // One socket (or IPC listener) while anything on screen wants events; closed when the last one leaves.
      eventListeners.add(listener);
      stopListening ??= transport.listen(deliver, announce);
      return () => {
        eventListeners.delete(listener);
        if (eventListeners.size === 0) {
          stopListening?.();
          stopListening = undefined;
        }
      };
    },
    onLiveState(listener) {
      // A late listener learns the current state at once (IPC is live before any component asks).
      stateListeners.add(listener);
      listener(liveState);
      return () => {
        stateListeners.delete(listener);
      };
    },
  };

  function unwrap(name: OperationName, raw: unknown): unknown {
    const envelope = Envelope.safeParse(raw);
    if (!envelope.success) {
      throw new ConsoleApiError('api.bad_response', `Counterpart sent an unreadable answer to ${name}.`, {
        operation: name,
      });
    }
    if (envelope.data.ok) return envelope.data.value;
    const { code, message, context, issues } = envelope.data.error satisfies ApiErrorBody;
    if (code === 'api.unauthorized') {
      // The token is dead (server restarted): stop the socket retrying with it and ask for the new address.
      stopListening?.();
      stopListening = undefined;
      onUnauthorized();
    }
    throw new ConsoleApiError(code, message, context, issues);
  }
}

function toConsoleEvent(message: unknown): AnyConsoleEvent | undefined {
  const parsed = EventMessage.safeParse(message);
  if (!parsed.success || !Object.hasOwn(events, parsed.data.name)) return undefined;
  const name = parsed.data.name as EventName;
  const payload = events[name].safeParse(parsed.data.payload);
  if (!payload.success) {
    console.warn(`Ignored a malformed "${name}" event from Counterpart.`, payload.error.issues);
    return undefined;
  }
  return { name, payload: payload.data } as AnyConsoleEvent;
}

function ipcTransport(bridge: CounterpartBridge): Transport {
  return {
    kind: 'ipc',
    invoke(name, input) {
      // The bridge has one typed function per operation; the client has already typed `input` for `name`.
      const call = bridge[name] as (input: unknown) => Promise<ApiResult<unknown>>;
      return call(input);
    },
    listen(onMessage, onState) {
      onState('live');
      return bridge.onEvent(onMessage);
    },
  };
}

function webTransport(token: string): Transport {
  return {
    kind: 'web',
    async invoke(name, input) {
      const response = await fetch(`/api/${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify(input),
        cache: 'no-store',
      });
      try {
        return (await response.json()) as unknown;
      } catch {
        throw new ConsoleApiError(
          'api.bad_response',
          `Counterpart answered ${name} with HTTP ${response.status} and no readable result.`,
          { operation: name, status: response.status },
        );
      }
    },
    listen(onMessage, onState) {
      return openEventSocket(token, onMessage, onState);
    },
  };
}

const RECONNECT_DELAYS_MS = [500, 1000, 2000, 5000, 10_000];

/** The web host's event socket, reopened with growing pauses when it drops (laptop sleep, server restart). */
function openEventSocket(
  token: string,
  onMessage: (message: unknown) => void,
  onState: (state: LiveState) => void,
): () => void {
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  const address = `${scheme}://${window.location.host}/api/events?token=${encodeURIComponent(token)}`;
  let socket: WebSocket | undefined;
  let attempts = 0;
  let timer: number | undefined;
  let stopped = false;

  function connect(): void {
    onState(attempts === 0 ? 'connecting' : 'reconnecting');
    socket = new WebSocket(address);
    socket.addEventListener('open', () => {
      attempts = 0;
      onState('live');
    });
    socket.addEventListener('message', (message: MessageEvent<unknown>) => {
      if (typeof message.data !== 'string') return;
      try {
        onMessage(JSON.parse(message.data) as unknown);
      } catch {
        console.warn('Ignored an unreadable event from Counterpart.');
      }
    });
    socket.addEventListener('close', () => {
      if (stopped) return;
      const delay = RECONNECT_DELAYS_MS[Math.min(attempts, RECONNECT_DELAYS_MS.length - 1)];
      attempts += 1;
      onState('reconnecting');
      timer = window.setTimeout(connect, delay);
    });
  }

  connect();
  return () => {
    stopped = true;
    window.clearTimeout(timer);
    socket?.close();
  };
}
