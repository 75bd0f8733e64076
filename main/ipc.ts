import { type BrowserWindow, ipcMain } from 'electron';
import { IPC_EVENT_CHANNEL, ipcChannelFor } from '../src/api/bridge.js';
import type { OperationName } from '../src/api/contract.js';
import { operations } from '../src/api/contract.js';
import type { EngineClient } from '../src/api/transports/engineClient.js';
import { APP_ORIGIN } from './appProtocol.js';

/**
 * Binds each console operation to its own IPC channel and relays it to the engine thread, which validates the
 * input. Calls from any frame other than the console's own pages are refused.
 */
export function bindConsoleApi(engine: EngineClient, window: BrowserWindow): void {
  for (const operation of Object.keys(operations) as OperationName[]) {
    ipcMain.handle(ipcChannelFor(operation), (event, input: unknown) => {
      if (!event.senderFrame?.url.startsWith(`${APP_ORIGIN}/`)) {
        return { ok: false, error: { code: 'api.forbidden_origin', message: 'Calls from other pages are refused.' } };
      }
      return engine.call(operation, input);
    });
  }
  engine.onEvent((event) => {
    if (!window.isDestroyed()) window.webContents.send(IPC_EVENT_CHANNEL, event);
  });
}
