import type { SecretVault } from '../../secrets/keychain.js';
import type { RateGovernor } from '../shared/rateGovernor.js';
import type { RetryOptions } from '../shared/retryPolicy.js';
import type { FetchLike } from './http.js';
import { KashFlowConnector } from './kashflowConnector.js';
import { KashFlowConnectionSettings, type KashFlowConnectionSettingsInput } from './settings.js';

export { KASHFLOW_INCREMENTAL_STRATEGY, KashFlowConnector } from './kashflowConnector.js';
export {
  KASHFLOW_SECRET_NAMES,
  KashFlowConnectionSettings,
  type KashFlowConnectionSettingsInput,
} from './settings.js';

/**
 * A KashFlow connector for one connection. `settings` are the non-secret settings (validated here, defaults
 * filled in); the password and memorable word are read from `secrets` under `secretReference(connectionId,
 * 'password')` and `secretReference(connectionId, 'memorable_word')` when the first call needs a session.
 */
export function createKashFlowConnector(options: {
  connectionId: string;
  settings: KashFlowConnectionSettingsInput | KashFlowConnectionSettings;
  secrets: SecretVault;
  governor?: RateGovernor;
  fetch?: FetchLike | typeof fetch;
  retry?: Omit<RetryOptions, 'statistics' | 'signal'>;
}): KashFlowConnector {
  const settings = KashFlowConnectionSettings.parse(options.settings);
  return new KashFlowConnector({
    connectionId: options.connectionId,
    settings,
    secrets: options.secrets,
    governor: options.governor,
    fetch: options.fetch as FetchLike | undefined,
    retry: options.retry,
  });
}
