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
  listReconciliations: call('listReconciliations'),
  getReconciliation: call('getReconciliation'),
  getReconciliationRows: call('getReconciliationRows'),
  getMatchDetail: call('getMatchDetail'),
  listReconDecisions: call('listReconDecisions'),
  listPendingApprovals: call('listPendingApprovals'),
  startReconciliation: call('startReconciliation'),
  cancelReconciliation: call('cancelReconciliation'),
  acceptMatch: call('acceptMatch'),
  rejectMatch: call('rejectMatch'),
  matchManually: call('matchManually'),
  bulkAcceptMatches: call('bulkAcceptMatches'),
  explainDifference: call('explainDifference'),
  proposeCorrection: call('proposeCorrection'),
  decideCorrection: call('decideCorrection'),
  signOffPeriod: call('signOffPeriod'),
  exportReconciliation: call('exportReconciliation'),
  listSyncPairs: call('listSyncPairs'),
  listSyncRuns: call('listSyncRuns'),
  listDeadLetters: call('listDeadLetters'),
  listSyncConflicts: call('listSyncConflicts'),
  ensureSyncPair: call('ensureSyncPair'),
  runSync: call('runSync'),
  cancelSync: call('cancelSync'),
  replayDeadLetter: call('replayDeadLetter'),
  replayAllDeadLetters: call('replayAllDeadLetters'),
  resolveDeadLetter: call('resolveDeadLetter'),
  resolveSyncConflict: call('resolveSyncConflict'),
  listMappings: call('listMappings'),
  getMapping: call('getMapping'),
  previewMapping: call('previewMapping'),
  suggestMappingFields: call('suggestMappingFields'),
  saveMapping: call('saveMapping'),
  listWorkflows: call('listWorkflows'),
  getWorkflow: call('getWorkflow'),
  listWorkflowTemplates: call('listWorkflowTemplates'),
  listWorkflowRuns: call('listWorkflowRuns'),
  getWorkflowRun: call('getWorkflowRun'),
  validateWorkflow: call('validateWorkflow'),
  saveWorkflow: call('saveWorkflow'),
  setWorkflowEnabled: call('setWorkflowEnabled'),
  copyWorkflowTemplate: call('copyWorkflowTemplate'),
  dryRunWorkflow: call('dryRunWorkflow'),
  startWorkflowRun: call('startWorkflowRun'),
  decideWorkflowApproval: call('decideWorkflowApproval'),
  retryWorkflowStep: call('retryWorkflowStep'),
  getHealthSummary: call('getHealthSummary'),
  listSyncHistory: call('listSyncHistory'),
  listAlertRules: call('listAlertRules'),
  saveAlertRule: call('saveAlertRule'),
  listAlerts: call('listAlerts'),
  acknowledgeAlert: call('acknowledgeAlert'),
  searchLogs: call('searchLogs'),
  exportLogs: call('exportLogs'),
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
