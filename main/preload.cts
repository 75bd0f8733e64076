// The renderer's only door to the engine: one named function per console operation (never a generic invoke), and
// an event subscription. Runs sandboxed, so it may use nothing but `electron`; operation names are listed here and
// checked against the contract at compile time.
import electron = require('electron');

import type { CounterpartBridge } from '../src/api/bridge.js' with { 'resolution-mode': 'import' };
import type { ConsoleEvent, OperationName } from '../src/api/contract.js' with { 'resolution-mode': 'import' };

const { contextBridge, ipcRenderer } = electron;

type Call = (input: unknown) => Promise<unknown>;
const call =
  (operation: OperationName): Call =>
  (input) =>
    ipcRenderer.invoke(`counterpart:call:${operation}`, input);

const operations: { readonly [N in OperationName]: Call } = {
  getAppInfo: call('getAppInfo'),
  getSettings: call('getSettings'),
  updateSettings: call('updateSettings'),
  completeFirstRun: call('completeFirstRun'),
  listAuditEntries: call('listAuditEntries'),
  verifyAuditTrail: call('verifyAuditTrail'),
  listConnections: call('listConnections'),
  createConnection: call('createConnection'),
  testConnection: call('testConnection'),
  getDemoStatus: call('getDemoStatus'),
};

const bridge = {
  ...operations,
  onEvent(listener: (event: ConsoleEvent) => void) {
    const relay = (_event: electron.IpcRendererEvent, payload: ConsoleEvent) => listener(payload);
    ipcRenderer.on('counterpart:event', relay);
    return () => {
      ipcRenderer.removeListener('counterpart:event', relay);
    };
  },
} as unknown as CounterpartBridge;

contextBridge.exposeInMainWorld('counterpart', bridge);
