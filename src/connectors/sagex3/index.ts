import type { SecretVault } from '../../secrets/keychain.js';
import type { Clock } from '../shared/clock.js';
import type { RateGovernor } from '../shared/rateGovernor.js';
import type { RetryOptions } from '../shared/retryPolicy.js';
import type { FetchLike } from './client.js';
import { SageX3Connector } from './sageX3Connector.js';
import { SageX3ConnectionSettings, type SageX3ConnectionSettingsInput } from './settings.js';

export type { FetchLike } from './client.js';
export { SageX3Connector } from './sageX3Connector.js';
export {
  SAGEX3_SECRET_NAMES,
  SageX3ConnectionSettings,
  type SageX3ConnectionSettingsInput,
} from './settings.js';

/**
 * A Sage X3 connector for one connection. `settings` are the non-secret settings (validated here, defaults filled
 * in); the password (Basic) or the connected app's client secret (JWT) is read from `secrets` under
 * `secretReference(connectionId, 'password' | 'client_secret')` when the first call needs it.
 */
export function createSageX3Connector(options: {
  connectionId: string;
  settings: SageX3ConnectionSettingsInput | SageX3ConnectionSettings;
  secrets: SecretVault;
  governor?: RateGovernor;
  fetch?: FetchLike | typeof fetch;
  retry?: Omit<RetryOptions, 'statistics' | 'signal'>;
  clock?: Clock;
}): SageX3Connector {
  return new SageX3Connector({
    connectionId: options.connectionId,
    settings: SageX3ConnectionSettings.parse(options.settings),
    secrets: options.secrets,
    governor: options.governor,
    fetch: options.fetch as FetchLike | undefined,
    retry: options.retry,
    clock: options.clock,
  });
}
