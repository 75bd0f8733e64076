import { Worker } from 'node:worker_threads';
import { CounterpartError } from '../../errors.js';
import type { ApiResult } from '../apiError.js';
import type { ConsoleEvent } from '../contract.js';
import type { EngineMessage, EngineRequest } from './engineProtocol.js';

export interface EngineClient {
  call(operation: string, input: unknown): Promise<ApiResult<unknown>>;
  onEvent(listener: (event: ConsoleEvent) => void): () => void;
  stop(): Promise<void>;
}

/** Starts the engine thread over a workspace and resolves once its database is open (or rejects saying why not). */
export function startEngine(options: { dataDirectory: string; workspace: string }): Promise<EngineClient> {
  const worker = new Worker(new URL('./engineWorker.js', import.meta.url), { workerData: options });
  const pending = new Map<number, (result: ApiResult<unknown>) => void>();
  const listeners = new Set<(event: ConsoleEvent) => void>();
  let nextId = 1;
  const send = (request: EngineRequest) => worker.postMessage(request);

  const client: EngineClient = {
    call: (operation, input) =>
      new Promise((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        send({ type: 'call', id, operation, input });
      }),
    onEvent: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop: async () => {
      send({ type: 'stop' });
      await worker.terminate();
    },
  };

  return new Promise((resolve, reject) => {
    worker.on('message', (message: EngineMessage) => {
      if (message.type === 'ready') resolve(client);
      else if (message.type === 'failed') reject(new CounterpartError(message.error.code, message.error.message));
      else if (message.type === 'event') for (const listener of listeners) listener(message.event);
      else {
        pending.get(message.id)?.(message.result);
        pending.delete(message.id);
      }
    });
    worker.on('error', (error) => {
      const failure = {
        ok: false as const,
        error: { code: 'engine.crashed', message: `The engine stopped: ${error.message}` },
      };
      for (const settle of pending.values()) settle(failure);
      pending.clear();
      reject(error);
    });
  });
}
