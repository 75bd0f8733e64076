import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ConnectionManager } from '../../connections/connectionManager.js';
import { descriptorFor } from '../../connections/connectorRegistry.js';
import { CounterpartError } from '../../errors.js';
import { SystemName } from '../../model/index.js';
import { runningSandboxDetails } from '../../sandbox/sandboxRegistration.js';
import { OsKeychain } from '../../secrets/keychain.js';
import { openWorkspace } from '../../store/workspace.js';
import { type CliContext, contextOf } from '../context.js';
import { openBrowser } from '../openBrowser.js';
import { printResult } from '../output.js';
import { promptSecret, readSecretsFromStdin } from '../secretPrompt.js';

interface ConnectOptions {
  name?: string;
  sandbox?: boolean;
  set: string[];
  caBundle?: string;
  secretsStdin?: boolean;
  withClientSecret?: boolean;
}

export function registerConnectCommand(program: Command): void {
  program
    .command('connect <system>')
    .description(
      'connect to xero, salesforce, sagex3 or kashflow: test it, then save it (secrets go to the OS keychain)',
    )
    .option('--name <name>', 'name of the connection (default: the system’s name)')
    .option('--sandbox', 'connect to the sandbox `counterpart sandbox` is running for this data directory')
    .option(
      '--set <key=value>',
      'a connection setting, e.g. --set baseUrl=https://x3.example.lan:8124 (repeatable)',
      collect,
      [],
    )
    .option('--ca-bundle <file>', 'PEM file of your company’s CA certificates, for an on-premises server (Sage X3)')
    .option('--secrets-stdin', 'read the secrets as one JSON object on standard input instead of asking for them')
    .option('--with-client-secret', 'Xero or Salesforce app with a client secret: ask for it (PKCE apps have none)')
    .addHelpText(
      'after',
      '\nPasswords, memorable words and client secrets are asked for on the terminal (never as options) and stored only\nin the OS keychain, after the connection was tested.',
    )
    .action(async (systemName: string, options: ConnectOptions, command: Command) => {
      const context = contextOf(command);
      const system = SystemName.safeParse(systemName);
      if (!system.success) {
        throw new CounterpartError(
          'cli.usage',
          `"${systemName}" is not a system: use xero, salesforce, sagex3 or kashflow.`,
        );
      }
      const descriptor = descriptorFor(system.data);
      const request = options.sandbox
        ? descriptor.fromSandbox(sandboxCredentials(context, system.data))
        : { settings: settingsFrom(options), secrets: undefined };
      const secrets =
        request.secrets ??
        (await askForSecrets(descriptor.requiredSecrets(descriptor.parseSettings(request.settings)), options));
      const workspace = openWorkspace({ dataDirectory: context.dataDirectory, name: context.workspace });
      try {
        const manager = new ConnectionManager(workspace, new OsKeychain());
        const { connection, check } = await manager.create({
          system: system.data,
          name: options.name ?? `${descriptor.displayName}${options.sandbox ? ' (sandbox)' : ''}`,
          settings: request.settings,
          secrets,
          isSandbox: options.sandbox ?? false,
          actor: `cli:${process.env.USER ?? 'unknown'}`,
          // A sandbox hands out tokens; a real OAuth system needs the person's consent in a browser.
          ...(options.sandbox ? {} : { openBrowser }),
        });
        // create() refuses a connection whose test failed, so the check here is a success.
        const account = check.ok ? check.account : '';
        printResult(
          context,
          { connection, check },
          () => `Connected to ${descriptor.displayName} as ${account}: saved as "${connection.name}".`,
        );
      } finally {
        workspace.close();
      }
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function sandboxCredentials(context: CliContext, system: SystemName): Record<string, unknown> {
  const details = runningSandboxDetails(context.dataDirectory)[system];
  if (!details) throw new CounterpartError('connections.no_sandbox', `The running sandbox has no ${system}.`);
  return details;
}

/** `--set key=value` pairs (values read as JSON when they parse: numbers, booleans) and the CA bundle file. */
function settingsFrom(options: ConnectOptions): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  for (const pair of options.set) {
    const equals = pair.indexOf('=');
    if (equals <= 0) throw new CounterpartError('cli.usage', `--set needs key=value, not "${pair}".`);
    const raw = pair.slice(equals + 1);
    settings[pair.slice(0, equals)] = parseValue(raw);
  }
  if (options.caBundle) {
    try {
      settings.caBundlePem = readFileSync(options.caBundle, 'utf8');
    } catch (error) {
      throw new CounterpartError(
        'cli.unreadable_file',
        `Cannot read the CA bundle ${options.caBundle}: ${(error as Error).message}`,
      );
    }
  }
  return settings;
}

function parseValue(raw: string): unknown {
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === 'object' && value !== null ? raw : value;
  } catch {
    return raw;
  }
}

async function askForSecrets(names: readonly string[], options: ConnectOptions): Promise<Record<string, string>> {
  if (options.secretsStdin) return readSecretsFromStdin();
  const secrets: Record<string, string> = {};
  for (const name of names) secrets[name] = await promptSecret(name.replaceAll('_', ' '));
  return secrets;
}
