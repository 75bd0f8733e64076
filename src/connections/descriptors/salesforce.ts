import {
  authorizeSalesforce,
  createSalesforceConnector,
  SALESFORCE_SECRET_NAMES,
  SalesforceConnectionSettings,
} from '../../connectors/salesforce/index.js';
import { displayName } from '../../connectors/shared/systemNames.js';
import type { ConnectorDescriptor } from '../connectorDescriptor.js';
import { settingsParser } from '../settingsParser.js';

/**
 * Salesforce connections are authorised in the browser (web-server flow with PKCE); a sandbox hands out valid
 * tokens, so connecting to one needs no browser.
 */
export const salesforceDescriptor: ConnectorDescriptor = {
  system: 'salesforce',
  displayName: displayName('salesforce'),
  form: {
    settings: [
      {
        name: 'loginUrl',
        label: 'Log in at',
        kind: 'url',
        required: true,
        defaultValue: 'https://login.salesforce.com',
        help: 'https://test.salesforce.com for a Salesforce sandbox, or your My Domain address.',
      },
      { name: 'clientId', label: 'Connected app consumer key', kind: 'text', required: true },
      {
        name: 'redirectUri',
        label: 'Callback URL',
        kind: 'url',
        required: false,
        defaultValue: 'http://localhost:1717/OauthRedirect',
        help: 'Must match the connected app’s callback URL exactly.',
      },
    ],
    secrets: [
      { name: SALESFORCE_SECRET_NAMES.clientSecret, label: 'Consumer secret', kind: 'secret', required: false },
    ],
  },
  requiredSecrets: () => [],
  connectorSecrets: [SALESFORCE_SECRET_NAMES.accessToken, SALESFORCE_SECRET_NAMES.refreshToken],
  parseSettings: settingsParser('salesforce', SalesforceConnectionSettings),
  create: ({ connectionId, settings, secrets }) =>
    createSalesforceConnector({ connectionId, settings: SalesforceConnectionSettings.parse(settings), secrets }),
  authorize: async ({ connectionId, settings, secrets, openBrowser }) => {
    const parsed = SalesforceConnectionSettings.parse(settings);
    const { instanceUrl } = await authorizeSalesforce({ connectionId, settings: parsed, secrets, openBrowser });
    return { ...settings, instanceUrl };
  },
  fromSandbox: (credentials) => ({
    settings: {
      loginUrl: String(credentials.loginUrl),
      instanceUrl: String(credentials.instanceUrl),
      apiVersion: String(credentials.apiVersion),
      clientId: String(credentials.clientId),
      externalIdField: String(credentials.externalIdField),
    },
    secrets: {
      [SALESFORCE_SECRET_NAMES.clientSecret]: String(credentials.clientSecret),
      [SALESFORCE_SECRET_NAMES.accessToken]: String(credentials.accessToken),
      [SALESFORCE_SECRET_NAMES.refreshToken]: String(credentials.refreshToken),
    },
  }),
};
