import type { ErrorContext } from '../../errors.js';
import type { ReconInput, ReconStage } from '../engine.js';
import type { ReconResult } from '../result.js';
import type { FileReconRequest } from '../runFiles.js';

/** What the app asks the worker: two files to read, or record sets already in memory (e.g. a connector snapshot). */
export type WorkerRequest =
  | { readonly kind: 'files'; readonly request: FileReconRequest }
  | { readonly kind: 'input'; readonly input: ReconInput };

/** What the worker reports back, in order: any number of progress messages, then one result or one error. */
export type WorkerMessage =
  | { readonly type: 'progress'; readonly stage: ReconStage; readonly fraction: number }
  | { readonly type: 'result'; readonly result: ReconResult }
  | { readonly type: 'error'; readonly code: string; readonly message: string; readonly context: ErrorContext };
