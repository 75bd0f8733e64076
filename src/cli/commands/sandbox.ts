import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CounterpartError } from '../../errors.js';
import { registerRunningSandbox } from '../../sandbox/sandboxRegistration.js';
import { parseFaultSpec } from '../../sandbox/shared/faults.js';
import { type Seed, SeedFile, startSandboxes } from '../../sandbox/startSandboxes.js';
import { contextOf } from '../context.js';

interface SandboxCommandOptions {
  seed?: string;
  port: number;
  faults?: string;
  timeScale: number;
  state?: string;
}

export function registerSandboxCommand(program: Command): void {
  program
    .command('sandbox')
    .description('start local emulators of the Xero, Salesforce, Sage X3 and KashFlow APIs on 127.0.0.1')
    .option('--seed <demo|FILE>', 'load the demo companies, or records from a JSON file in each system’s wire shape')
    .option(
      '--port <n>',
      'first port (Xero; Salesforce, Sage X3 and KashFlow take the next three); 0 picks free ports',
      Number,
      0,
    )
    .option('--faults <spec>', 'inject faults, e.g. "xero:500=0.1,429=0.05,latency=50;salesforce:reset=0.01" or JSON')
    .option('--time-scale <x>', 'run rate-limit windows and token lifetimes X times faster', Number, 1)
    .option('--state <file>', 'load sandbox state from this file at start and save it there at exit')
    .addHelpText(
      'after',
      '\nOnce ready it prints one JSON line: per system its baseUrl and the credentials a client needs.\nIt runs until interrupted (Ctrl+C or SIGTERM).',
    )
    .action(async (options: SandboxCommandOptions, command: Command) => {
      const context = contextOf(command);
      if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65532) {
        throw new CounterpartError('cli.usage', '--port must be a whole number from 0 to 65532.');
      }
      if (!(options.timeScale > 0)) throw new CounterpartError('cli.usage', '--time-scale must be a positive number.');
      const sandboxes = await startSandboxes({
        seed: options.seed === undefined ? undefined : readSeed(options.seed),
        port: options.port,
        faults: options.faults === undefined ? {} : parseFaultSpec(options.faults),
        timeScale: options.timeScale,
        state: options.state && existsSync(options.state) ? readJson(options.state) : undefined,
      });
      const described = sandboxes.describe();
      const unregister = registerRunningSandbox(context.dataDirectory, described);
      process.stdout.write(`${JSON.stringify(described)}\n`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      unregister();
      if (options.state) writeFileSync(options.state, JSON.stringify(sandboxes.snapshotAll()));
      await sandboxes.close();
    });
}

function readSeed(value: string): Seed {
  if (value === 'demo') return { kind: 'demo' };
  const parsed = SeedFile.safeParse(readJson(value));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CounterpartError(
      'sandbox.bad_seed',
      `The seed file ${value} is not valid at ${issue?.path.join('.') || 'its top level'}: ${issue?.message}.`,
      { file: value },
    );
  }
  return { kind: 'file', records: parsed.data };
}

function readJson(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CounterpartError('sandbox.unreadable_file', `Cannot read ${file}: ${(error as Error).message}`, { file });
  }
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new CounterpartError('sandbox.bad_json', `${file} is not valid JSON: ${(error as Error).message}`, { file });
  }
}
