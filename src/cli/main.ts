import { Command, CommanderError } from 'commander';
import { CounterpartError } from '../errors.js';
import { productVersion } from '../productInfo.js';
import { registerConnectCommand } from './commands/connect.js';
import { registerMappingCommand } from './commands/mapping.js';
import { registerReconCommand } from './commands/recon.js';
import { registerSandboxCommand } from './commands/sandbox.js';
import { registerServeCommand } from './commands/serve.js';
import { registerStatusCommand } from './commands/status.js';
import { registerSyncCommand } from './commands/sync.js';
import { reportFailure } from './output.js';

export function buildProgram(): Command {
  const program = new Command('counterpart')
    .description('Counterpart: connect, sync and reconcile Xero, KashFlow, Sage X3 and Salesforce')
    .version(productVersion(), '-V, --version')
    .option(
      '--data-dir <path>',
      'data directory holding the workspaces (default: $COUNTERPART_HOME or the OS app-data folder)',
    )
    .option('--workspace <name>', 'workspace to use', 'default')
    .option('--json', 'machine-readable output: one JSON document on stdout, errors as JSON on stderr')
    .showHelpAfterError(false)
    .exitOverride();
  for (const register of [
    registerServeCommand,
    registerSandboxCommand,
    registerConnectCommand,
    registerSyncCommand,
    registerMappingCommand,
    registerReconCommand,
    registerStatusCommand,
  ]) {
    register(program);
  }
  return program;
}

/** Runs the CLI and returns the process exit code; every failure becomes one clear line. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  for (const command of [program, ...program.commands, ...program.commands.flatMap((parent) => parent.commands)]) {
    command.exitOverride().configureOutput({ outputError: () => {} });
  }
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return 0; // --help and --version
      const message = error.message.replace(/^error: /, '');
      return reportFailure(new CounterpartError('cli.usage', `${message} (see counterpart --help)`), wantsJson(argv));
    }
    return reportFailure(error, wantsJson(argv));
  }
}

function wantsJson(argv: readonly string[]): boolean {
  return argv.includes('--json');
}
