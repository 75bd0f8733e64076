import {
  createKashFlowConnector,
  KASHFLOW_SECRET_NAMES,
  KashFlowConnectionSettings,
} from '../../connectors/kashflow/index.js';
import type { ConnectorDescriptor } from '../connectorDescriptor.js';
import { settingsParser } from '../settingsParser.js';

export const kashflowDescriptor: ConnectorDescriptor = {
  system: 'kashflow',
  displayName: 'KashFlow',
  requiredSecrets: () => [KASHFLOW_SECRET_NAMES.password, KASHFLOW_SECRET_NAMES.memorableWord],
  connectorSecrets: [KASHFLOW_SECRET_NAMES.sessionToken],
  parseSettings: settingsParser('kashflow', 'KashFlow', KashFlowConnectionSettings),
  create: ({ connectionId, settings, secrets }) =>
    createKashFlowConnector({ connectionId, settings: KashFlowConnectionSettings.parse(settings), secrets }),
  fromSandbox: (credentials) => ({
    settings: { baseUrl: String(credentials.baseUrl), userName: String(credentials.userName) },
    secrets: {
      [KASHFLOW_SECRET_NAMES.password]: String(credentials.password),
      [KASHFLOW_SECRET_NAMES.memorableWord]: String(credentials.memorableWord),
    },
  }),
};
