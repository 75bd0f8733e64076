export { ChangeBatcher, type ChangeBatcherOptions } from './changeBatcher.js';
export { type PollingTriggerOptions, startPollingTrigger } from './pollingTrigger.js';
export { PairRunQueue, type PairRunQueueOptions } from './runQueue.js';
export {
  type ChangeEventSource,
  type SalesforceChangeTriggerOptions,
  startSalesforceChangeTrigger,
} from './salesforceChangeEvents.js';
export type { OwnWriteCheck, SyncRunner, Trigger } from './trigger.js';
export { type Watching, type WatchOptions, WatchSettings, type WatchSettingsInput, watch } from './watch.js';
export { isXeroSignatureValid } from './xeroWebhookSignature.js';
export {
  startXeroWebhookTrigger,
  XERO_WEBHOOK_ENTITIES,
  type XeroWebhookTrigger,
  type XeroWebhookTriggerOptions,
} from './xeroWebhooks.js';
