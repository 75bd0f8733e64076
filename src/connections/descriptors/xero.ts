import { displayName } from '../../connectors/shared/systemNames.js';
import {
  connectXero,
  createXeroConnector,
  XERO_SECRET_NAMES,
  XeroConnectionSettings,
} from '../../connectors/xero/index.js';
import { CounterpartError } from '../../errors.js';
import type { ConnectorDescriptor } from '../connectorDescriptor.js';
import { settingsParser, storedSettings } from '../settingsParser.js';

/**
 * Xero connections are authorised in the browser (OAuth with PKCE, `connectXero`); a sandbox hands out a valid token
 * set, so connecting to one needs no browser.
 */
export const xeroDescriptor: ConnectorDescriptor = {
  system: 'xero',
  displayName: displayName('xero'),
  form: {
    settings: [
      { name: 'clientId', label: 'Xero app client id', kind: 'text', required: true },
      {
        name: 'redirectUri',
        label: 'Redirect URI',
        kind: 'url',
        required: false,
        defaultValue: 'http://localhost:5000/callback',
        help: 'Must match a redirect URI of your Xero app exactly.',
      },
      {
        name: 'tenantId',
        label: 'Organisation id',
        kind: 'text',
        required: false,
        help: 'Only when your consent reaches several organisations.',
      },
    ],
    secrets: [
      {
        name: XERO_SECRET_NAMES.clientSecret,
        label: 'Client secret',
        kind: 'secret',
        required: false,
        help: 'Web apps only; apps using PKCE have none.',
      },
    ],
  },
  // The tokens come from the browser consent (authorize); nothing has to be typed for a PKCE app.
  requiredSecrets: () => [],
  connectorSecrets: [XERO_SECRET_NAMES.accessToken, XERO_SECRET_NAMES.refreshToken],
  parseSettings: settingsParser('xero', XeroConnectionSettings),
  create: ({ connectionId, settings, secrets }) =>
    createXeroConnector({ connectionId, settings: XeroConnectionSettings.parse(settings), secrets }),
  authorize: async ({ connectionId, settings, secrets, typedSecrets, openBrowser }) => {
    const clientSecret = typedSecrets[XERO_SECRET_NAMES.clientSecret];
    const result = await connectXero({
      connectionId,
      settings: XeroConnectionSettings.parse(settings),
      secrets,
      openBrowser,
      ...(clientSecret ? { clientSecret } : {}),
    });
    if (!result.tenant) {
      const choices = result.tenants.map((tenant) => `${tenant.tenantName ?? 'unnamed'} (${tenant.tenantId})`);
      throw new CounterpartError(
        'connections.choose_tenant',
        `Your Xero consent reaches several organisations: ${choices.join(', ')}. Connect again naming one with --set tenantId=<id>.`,
        { system: 'xero' },
      );
    }
    return storedSettings(result.settings);
  },
  fromSandbox: (credentials) => {
    const identity = String(credentials.identityUrl);
    const tokens = credentials.tokenSet as { access_token: string; refresh_token: string };
    return {
      settings: {
        apiBasePath: String(credentials.apiBasePath),
        issuer: identity,
        authorizeUrl: String(credentials.authorizeUrl),
        tokenUrl: String(credentials.tokenUrl),
        revokeUrl: `${identity}/connect/revocation`,
        jwksUrl: `${identity}/.well-known/openid-configuration/jwks`,
        connectionsUrl: String(credentials.connectionsUrl),
        clientId: String(credentials.clientId),
        tenantId: String(credentials.tenantId),
        tenantName: String(credentials.tenantName),
      },
      secrets: {
        [XERO_SECRET_NAMES.clientSecret]: String(credentials.clientSecret),
        [XERO_SECRET_NAMES.accessToken]: tokens.access_token,
        [XERO_SECRET_NAMES.refreshToken]: tokens.refresh_token,
      },
    };
  },
};
