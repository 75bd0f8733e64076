import { parentPort, workerData } from 'node:worker_threads';
import { z } from 'zod';
import { openWorkspace } from '../../store/workspace.js';
import { toErrorBody } from '../apiError.js';
import { createConsoleService } from '../service.js';
import { type EngineMessage, EngineRequest } from './engineProtocol.js';

/**
 * The engine's thread in the desktop app: the workspace database and every handler run here, so a long
 * reconciliation or sync never blocks the window. The Electron main process only relays IPC calls to it.
 */
const options = z.object({ dataDirectory: z.string(), workspace: z.string() }).parse(workerData);
const port = parentPort;
if (!port) throw new Error('engineWorker must run in a worker thread');

const post = (message: EngineMessage) => port.postMessage(message);

try {
  const workspace = openWorkspace({ dataDirectory: options.dataDirectory, name: options.workspace });
  const service = createConsoleService(workspace);
  service.events.subscribe((event) => post({ type: 'event', event }));
  port.on('message', async (raw: unknown) => {
    const request = EngineRequest.safeParse(raw);
    if (!request.success) return;
    if (request.data.type === 'stop') {
      await service.close();
      workspace.close();
      port.close();
      return;
    }
    const result = await service.dispatch(request.data.operation, request.data.input, { transport: 'ipc' });
    post({ type: 'result', id: request.data.id, result });
  });
  post({ type: 'ready' });
} catch (error) {
  post({ type: 'failed', error: toErrorBody(error) });
}
