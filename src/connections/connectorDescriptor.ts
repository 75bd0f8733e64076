import type { Connector } from '../connectors/connector.js';
import type { SystemName } from '../model/index.js';
import type { SecretVault } from '../secrets/keychain.js';
import type { ConnectionSettings } from '../store/repositories/connections.js';
import type { ConnectionForm } from './connectionForm.js';

/** What a connection to a sandbox needs, derived from the sandbox's start-up credentials. */
export interface SandboxConnectionDetails {
  readonly settings: Readonly<Record<string, unknown>>;
  readonly secrets: Readonly<Record<string, string>>;
}

/** The browser consent of an OAuth system, for a first connection. */
export interface Authorization {
  readonly connectionId: string;
  readonly settings: ConnectionSettings;
  /** Where the tokens (and a client secret the person typed) are kept until the connection is saved. */
  readonly secrets: SecretVault;
  /** Secrets the person typed (a web app's client secret); tokens come from the consent. */
  readonly typedSecrets: Readonly<Record<string, string>>;
  readonly openBrowser: (url: string) => void | Promise<void>;
}

/**
 * How Counterpart makes connections to one system: which settings it takes (validated, defaults filled in), which
 * secrets go to the keychain, how a connector is built from them, and how to point one at a running sandbox.
 */
export interface ConnectorDescriptor {
  readonly system: SystemName;
  readonly displayName: string;
  /** The "Add connection" form: settings (stored) and secrets (to the keychain), by field name. */
  readonly form: ConnectionForm;
  /** Secret names a new connection with these settings must be given (session tokens appear on their own). */
  requiredSecrets(settings: ConnectionSettings): readonly string[];
  /** Secrets the connector stores by itself while it works (session or rotated tokens). */
  readonly connectorSecrets: readonly string[];
  /** Validates the non-secret settings; throws a CounterpartError naming the field otherwise. */
  parseSettings(input: unknown): ConnectionSettings;
  create(options: { connectionId: string; settings: ConnectionSettings; secrets: SecretVault }): Connector;
  fromSandbox(credentials: Readonly<Record<string, unknown>>): SandboxConnectionDetails;
  /** OAuth systems: runs the browser consent and returns the settings completed by it (the organisation chosen). */
  authorize?(authorization: Authorization): Promise<ConnectionSettings>;
}
