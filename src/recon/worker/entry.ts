import { parentPort, workerData } from 'node:worker_threads';
import { CounterpartError, describeError } from '../../errors.js';
import { type ReconStage, reconcile } from '../engine.js';
import { reconcileFiles } from '../runFiles.js';
import type { WorkerMessage, WorkerRequest } from './protocol.js';

/** The worker thread's side: runs one reconciliation off the caller's thread and reports progress. */
const port = parentPort;
if (!port) throw new Error('recon worker entry must run in a worker thread');
const post = (message: WorkerMessage) => port.postMessage(message);
const request = workerData as WorkerRequest;
const progress = (stage: ReconStage, fraction: number) => post({ type: 'progress', stage, fraction });

try {
  const result =
    request.kind === 'files' ? await reconcileFiles(request.request, progress) : reconcile(request.input, progress);
  post({ type: 'result', result });
} catch (error) {
  post(
    error instanceof CounterpartError
      ? { type: 'error', code: error.code, message: error.message, context: error.context }
      : {
          type: 'error',
          code: 'recon.failed',
          message: `The reconciliation failed: ${describeError(error)}.`,
          context: {},
        },
  );
}
