import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { CounterpartError } from '../errors.js';
import { SANDBOX_SYSTEMS } from './shared/faults.js';

/**
 * While `counterpart sandbox` runs it leaves its start-up details in the data directory, so that
 * `counterpart connect <system> --sandbox` can find it. They are throwaway sandbox credentials, readable by the
 * owner only, and the file goes when the sandbox stops.
 */
const SandboxDetails = z.record(z.enum(SANDBOX_SYSTEMS), z.record(z.string(), z.unknown()));
export type SandboxDetails = z.infer<typeof SandboxDetails>;

export function sandboxDetailsFile(dataDirectory: string): string {
  return join(dataDirectory, 'sandbox.json');
}

export function registerRunningSandbox(dataDirectory: string, details: SandboxDetails): () => void {
  mkdirSync(dataDirectory, { recursive: true });
  const file = sandboxDetailsFile(dataDirectory);
  writeFileSync(file, JSON.stringify({ pid: process.pid, systems: details }), { mode: 0o600 });
  chmodSync(file, 0o600);
  return () => rmSync(file, { force: true });
}

export function runningSandboxDetails(dataDirectory: string): SandboxDetails {
  const file = sandboxDetailsFile(dataDirectory);
  const parsed = existsSync(file)
    ? z.object({ pid: z.number(), systems: SandboxDetails }).safeParse(JSON.parse(readFileSync(file, 'utf8')))
    : undefined;
  if (!parsed?.success || !isAlive(parsed.data.pid)) {
    throw new CounterpartError(
      'connections.no_sandbox',
      `No sandbox is running for the data directory ${dataDirectory}: start one with \`counterpart sandbox --seed demo\` (with the same --data-dir) and try again.`,
      { dataDirectory },
    );
  }
  return parsed.data.systems;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
