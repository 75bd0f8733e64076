import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CounterpartError } from '../../errors.js';
import type { ProgressListener } from '../engine.js';
import type { ReconResult } from '../result.js';
import type { WorkerMessage, WorkerRequest } from './protocol.js';

export interface RunningRecon {
  readonly result: Promise<ReconResult>;
  /** Stops the worker; the result promise then rejects with recon.cancelled. */
  cancel(): Promise<void>;
}

/**
 * Runs a reconciliation in a worker thread so the app's main process (and its UI) never waits on it, reporting
 * progress as it goes. From compiled code the worker is entry.js beside this file; from TypeScript sources (tests,
 * tsx) it is entry.ts, loaded through tsx.
 */
export function runReconInWorker(request: WorkerRequest, onProgress: ProgressListener = () => {}): RunningRecon {
  const compiled = new URL('./entry.js', import.meta.url);
  const source = new URL('./entry.ts', import.meta.url);
  const fromSource = !existsSync(fileURLToPath(compiled)) && existsSync(fileURLToPath(source));
  const worker = fromSource
    ? new Worker(
        `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(source.href)}); });`,
        { eval: true, workerData: request },
      )
    : new Worker(compiled, { workerData: request });
  let settled = false;
  const result = new Promise<ReconResult>((resolve, reject) => {
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'progress') onProgress(message.stage, message.fraction);
      else if (message.type === 'result') {
        settled = true;
        resolve(message.result);
      } else {
        settled = true;
        reject(new CounterpartError(message.code, message.message, message.context));
      }
    });
    worker.on('error', (error) => {
      settled = true;
      reject(new CounterpartError('recon.failed', `The reconciliation worker failed: ${error.message}.`));
    });
    worker.on('exit', (code) => {
      if (settled) return;
      settled = true;
      reject(
        new CounterpartError(
          'recon.cancelled',
          `The reconciliation was stopped before it finished (exit code ${code}).`,
        ),
      );
    });
  });
  return {
    result,
    async cancel() {
      await worker.terminate();
    },
  };
}
