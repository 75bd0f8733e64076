import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { SandboxSystem } from '../../src/sandbox/shared/faults.js';
import { cliEntry } from './built.js';

/** Per system: its base URL and the credentials a client needs, as `counterpart sandbox` prints them. */
export type SandboxDetails = Readonly<Record<SandboxSystem, Readonly<Record<string, unknown>>>>;

export interface SandboxProcessOptions {
  /** The data directory `counterpart connect --sandbox` and `counterpart sync` use. */
  readonly dataDirectory: string;
  /** A seed file (`--seed FILE`); the demo companies when absent. */
  readonly seedFile?: string | undefined;
  /** `--time-scale`: rate-limit windows, token lifetimes and Xero's idempotency window pass this much faster. */
  readonly timeScale?: number | undefined;
}

export interface SandboxProcess {
  readonly details: SandboxDetails;
  /** SIGTERM, and waits for the process to end. */
  stop(): Promise<void>;
}

/**
 * The four sandboxes as the built `counterpart sandbox` command, in a process of their own: their records outlive
 * whatever the test does to the processes that talk to them (a sync killed with SIGKILL, restarted, killed again).
 */
export async function startSandboxProcess(options: SandboxProcessOptions): Promise<SandboxProcess> {
  const args = [cliEntry, 'sandbox', '--data-dir', options.dataDirectory, '--seed', options.seedFile ?? 'demo'];
  if (options.timeScale !== undefined) args.push('--time-scale', String(options.timeScale));
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  return {
    details: await firstLine(child),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** The start-up JSON line, or the reason the sandboxes did not start. */
function firstLine(child: ChildProcessByStdio<null, Readable, Readable>): Promise<SandboxDetails> {
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', (line) => resolve(JSON.parse(line) as SandboxDetails));
    child.once('exit', (code) => reject(new Error(`counterpart sandbox exited with ${code}: ${stderr.trim()}`)));
  });
}
