import type { Command } from 'commander';
import { resolveDataDirectory } from '../store/dataDirectory.js';

/** The global options every subcommand shares, resolved once per invocation. */
export interface CliContext {
  readonly dataDirectory: string;
  readonly workspace: string;
  readonly json: boolean;
}

export function contextOf(command: Command): CliContext {
  const options = command.optsWithGlobals<{ dataDir?: string; workspace?: string; json?: boolean }>();
  return {
    dataDirectory: resolveDataDirectory({ flag: options.dataDir }),
    workspace: options.workspace ?? 'default',
    json: options.json ?? false,
  };
}
