import type { SecretVault } from '../../secrets/keychain.js';
import type { RateGovernor } from '../shared/rateGovernor.js';
import type { RetryOptions } from '../shared/retryPolicy.js';
import { SalesforceConnector } from './salesforceConnector.js';
import { SalesforceConnectionSettings, type SalesforceConnectionSettingsInput } from './settings.js';

export {
  CHANGE_ENTITIES,
  type ChangeNotification,
  type ChangeSubscription,
  type ChangeSubscriptionOptions,
} from './changeEvents.js';
export { authorizeSalesforce, type SalesforceAuthorization, type SalesforceAuthorizationOptions } from './oauth.js';
export { SalesforceConnector } from './salesforceConnector.js';
export {
  SALESFORCE_LOGIN_URLS,
  SALESFORCE_SECRET_NAMES,
  SalesforceConnectionSettings,
  type SalesforceConnectionSettingsInput,
} from './settings.js';

/**
 * A Salesforce connector for one connection. `settings` are the non-secret settings (validated here, defaults
 * filled in; `instanceUrl` comes from `authorizeSalesforce`); the client secret and the tokens are read from
 * `secrets` under `secretReference(connectionId, SALESFORCE_SECRET_NAMES.…)` and rotated tokens are written back.
 */
export function createSalesforceConnector(options: {
  connectionId: string;
  settings: SalesforceConnectionSettingsInput | SalesforceConnectionSettings;
  secrets: SecretVault;
  governor?: RateGovernor;
  retry?: Omit<RetryOptions, 'statistics' | 'signal'>;
}): SalesforceConnector {
  return new SalesforceConnector({
    connectionId: options.connectionId,
    settings: SalesforceConnectionSettings.parse(options.settings),
    secrets: options.secrets,
    governor: options.governor,
    retry: options.retry,
  });
}
