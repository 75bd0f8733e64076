import {
  createKashFlowConnector,
  KASHFLOW_SECRET_NAMES,
  KashFlowConnectionSettings,
} from '../../connectors/kashflow/index.js';
import { displayName } from '../../connectors/shared/systemNames.js';
import type { ConnectorDescriptor } from '../connectorDescriptor.js';
import { settingsParser } from '../settingsParser.js';

export const kashflowDescriptor: ConnectorDescriptor = {
  system: 'kashflow',
  displayName: displayName('kashflow'),
  form: {
    settings: [
      { name: 'userName', label: 'KashFlow user name', kind: 'text', required: true },
      {
        name: 'baseUrl',
        label: 'API address',
        kind: 'url',
        required: false,
        defaultValue: 'https://api.kashflow.com/v2',
        help: 'Leave as it is unless KashFlow gave you another address.',
      },
    ],
    secrets: [
      { name: KASHFLOW_SECRET_NAMES.password, label: 'Password', kind: 'secret', required: true },
      {
        name: KASHFLOW_SECRET_NAMES.memorableWord,
        label: 'Memorable word',
        kind: 'secret',
        required: true,
        help: 'Counterpart answers KashFlow’s memorable-word questions with it at every sign-in.',
      },
    ],
  },
  requiredSecrets: () => [KASHFLOW_SECRET_NAMES.password, KASHFLOW_SECRET_NAMES.memorableWord],
  connectorSecrets: [KASHFLOW_SECRET_NAMES.sessionToken],
  parseSettings: settingsParser('kashflow', KashFlowConnectionSettings),
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
