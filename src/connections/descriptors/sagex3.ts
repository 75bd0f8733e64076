import { createSageX3Connector, SAGEX3_SECRET_NAMES, SageX3ConnectionSettings } from '../../connectors/sagex3/index.js';
import { displayName } from '../../connectors/shared/systemNames.js';
import type { ConnectorDescriptor } from '../connectorDescriptor.js';
import { settingsParser } from '../settingsParser.js';

export const sagex3Descriptor: ConnectorDescriptor = {
  system: 'sagex3',
  displayName: displayName('sagex3'),
  form: {
    settings: [
      {
        name: 'baseUrl',
        label: 'Syracuse server address',
        kind: 'url',
        required: true,
        help: 'For example https://x3.example.lan:8124 — Counterpart connects out to it; nothing connects in.',
      },
      { name: 'folder', label: 'Endpoint (folder)', kind: 'text', required: true, defaultValue: 'SEED' },
      { name: 'user', label: 'X3 user', kind: 'text', required: true },
      {
        name: 'authMode',
        label: 'Sign-in',
        kind: 'choice',
        required: true,
        defaultValue: 'basic',
        choices: [
          { value: 'basic', label: 'User and password' },
          { value: 'jwt', label: 'Connected application (JWT)' },
        ],
      },
      { name: 'clientId', label: 'Connected application client id', kind: 'text', required: false },
      {
        name: 'caBundlePem',
        label: 'Company CA certificates (PEM)',
        kind: 'multiline',
        required: false,
        help: 'Needed when the server’s certificate comes from your company’s own certificate authority.',
      },
    ],
    secrets: [
      {
        name: SAGEX3_SECRET_NAMES.password,
        label: 'Password (user and password sign-in)',
        kind: 'secret',
        required: false,
      },
      {
        name: SAGEX3_SECRET_NAMES.clientSecret,
        label: 'Client secret (connected application)',
        kind: 'secret',
        required: false,
      },
    ],
  },
  requiredSecrets: (settings) =>
    settings.authMode === 'jwt' ? [SAGEX3_SECRET_NAMES.clientSecret] : [SAGEX3_SECRET_NAMES.password],
  connectorSecrets: [],
  parseSettings: settingsParser('sagex3', SageX3ConnectionSettings),
  create: ({ connectionId, settings, secrets }) =>
    createSageX3Connector({ connectionId, settings: SageX3ConnectionSettings.parse(settings), secrets }),
  fromSandbox: (credentials) => ({
    settings: {
      baseUrl: String(credentials.url),
      folder: String(credentials.folder),
      user: String(credentials.user),
      caBundlePem: String(credentials.caCertificatePem),
    },
    secrets: { [SAGEX3_SECRET_NAMES.password]: String(credentials.password) },
  }),
};
