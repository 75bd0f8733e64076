import { createSageX3Connector, SAGEX3_SECRET_NAMES, SageX3ConnectionSettings } from '../../connectors/sagex3/index.js';
import type { ConnectorDescriptor } from '../connectorDescriptor.js';
import { settingsParser } from '../settingsParser.js';

export const sagex3Descriptor: ConnectorDescriptor = {
  system: 'sagex3',
  displayName: 'Sage X3',
  requiredSecrets: (settings) =>
    settings.authMode === 'jwt' ? [SAGEX3_SECRET_NAMES.clientSecret] : [SAGEX3_SECRET_NAMES.password],
  connectorSecrets: [],
  parseSettings: settingsParser('sagex3', 'Sage X3', SageX3ConnectionSettings),
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
