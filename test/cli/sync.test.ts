import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAULTS_PATH } from '../../src/sandbox/shared/server.js';
import { cliEntry } from '../support/built.js';

const PAIR = 'Xero (sandbox):Sage X3 (sandbox)';

interface Run {
  readonly status: string;
  readonly totals: { read: number; written: number; failed: number; apiCalls: number };
  readonly byFlow: Record<string, { read: number }>;
}

interface DeadLetterLine {
  readonly id: string;
  readonly state: string;
  readonly systemMessage: string;
  readonly note: string | null;
}

describe('counterpart sync (built CLI, sandboxes in their own process, real OS keychain)', () => {
  let dataDirectory: string;
  let sandbox: ChildProcess;

  const counterpart = (args: string[]) => {
    const result = spawnSync(process.execPath, [cliEntry, ...args, '--data-dir', dataDirectory], { encoding: 'utf8' });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  async function setFaults(spec: unknown): Promise<void> {
    const { xero } = JSON.parse(readFileSync(join(dataDirectory, 'sandbox.json'), 'utf8')).systems;
    const response = await fetch(`${new URL(xero.baseUrl).origin}${FAULTS_PATH}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(spec),
    });
    expect(response.status).toBe(204);
  }

  beforeAll(async () => {
    dataDirectory = mkdtempSync(join(tmpdir(), 'counterpart-sync-'));
    sandbox = spawn(process.execPath, [cliEntry, 'sandbox', '--seed', 'demo', '--data-dir', dataDirectory], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise((resolve) => createInterface({ input: sandbox.stdout! }).once('line', resolve));
    for (const system of ['xero', 'sagex3']) {
      const connected = counterpart(['connect', system, '--sandbox']);
      expect(connected.stderr).toBe('');
    }
  });

  afterAll(async () => {
    if (sandbox && sandbox.exitCode === null && sandbox.signalCode === null) {
      await new Promise((resolve) => sandbox.once('exit', resolve).kill('SIGTERM'));
    }
    rmSync(dataDirectory, { recursive: true, force: true });
  });

  it('names an unknown connection in one line and lists the known ones', () => {
    const result = counterpart(['sync', '--pair', 'Xero (sandbox):SAP', '--once']);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      'counterpart: There is no connection named "SAP"; known connections: "Sage X3 (sandbox)", "Xero (sandbox)".',
    ]);
  });

  it('refuses a pair written without the colon, as a usage error', () => {
    const result = counterpart(['sync', '--pair', 'Xero (sandbox)']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--pair takes "<accounting connection>:<erp connection>"');
  });

  it('syncs, prints progress as JSON lines, and exits non-zero naming the dead letters Xero refused', async () => {
    await setFaults({ xero: { partialBatch: 0.03 } });
    const result = counterpart(['sync', '--pair', PAIR, '--entities', 'party', '--once', '--json']);
    await setFaults({});

    const lines = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string });
    expect(lines.filter((line) => line.type === 'progress').length).toBeGreaterThan(0);
    const last = lines.at(-1) as { type: string; run: Run; openDeadLetters: number };
    expect(last.type).toBe('run');
    expect(last.run.status).toBe('partly_failed');
    expect(Object.keys(last.run.byFlow).sort()).toEqual(['parties-to-x3', 'parties-to-xero']);
    expect(last.run.totals.read).toBeGreaterThan(300);
    expect(last.run.totals.failed).toBeGreaterThan(0);
    expect(last.openDeadLetters).toBe(last.run.totals.failed);

    expect(result.code).toBe(1);
    const error = JSON.parse(result.stderr.trim()) as { error: { code: string; message: string } };
    expect(error.error.code).toBe('sync.dead_letters');
    expect(error.error.message).toContain(`counterpart sync dead-letters --pair "${PAIR}"`);
  });

  it('lists the dead letters, replays one, resolves another with a note, then syncs cleanly', () => {
    const listed = counterpart(['sync', 'dead-letters', '--pair', PAIR, '--json']);
    expect(listed.code).toBe(0);
    const { deadLetters } = JSON.parse(listed.stdout) as { deadLetters: DeadLetterLine[] };
    expect(deadLetters.length).toBeGreaterThanOrEqual(2);
    expect(deadLetters[0]?.systemMessage).toBe('A validation exception occurred (sandbox fault injection)');
    const [first, second] = deadLetters as [DeadLetterLine, DeadLetterLine];

    const replayed = counterpart(['sync', 'dead-letters', '--replay', first.id, '--json']);
    expect(replayed.code).toBe(0);
    expect(JSON.parse(replayed.stdout)).toMatchObject({ id: first.id, state: 'replayed' });

    const noNote = counterpart(['sync', 'dead-letters', '--resolve', second.id]);
    expect(noNote.code).toBe(2);
    expect(noNote.stderr).toContain('--resolve needs --note');
    const resolved = counterpart(['sync', 'dead-letters', '--resolve', second.id, '--note', 'duplicate customer']);
    expect(resolved.code).toBe(0);
    expect(resolved.stdout).toContain('resolved: duplicate customer');

    const rest = counterpart(['sync', 'dead-letters', '--replay-all']);
    expect(rest.code).toBe(0);
    const after = counterpart(['sync', 'dead-letters', '--pair', PAIR]);
    expect(after.stdout.trim()).toBe('No open dead letters.');

    const again = counterpart(['sync', '--pair', PAIR, '--entities', 'party']);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^Sync of "Xero \(sandbox\):Sage X3 \(sandbox\)": succeeded in [\d.]+ s/);
    expect(again.stdout).toMatch(/flow\s+read\s+written\s+skipped\s+failed\s+conflicts\s+API calls/);
    expect(again.stdout).toMatch(/\ntotal\s+\d+/);
  });

  it('keeps watching until interrupted, then cancels the run under way and stops cleanly', async () => {
    const child = spawn(
      process.execPath,
      [cliEntry, 'sync', '--pair', PAIR, '--watch', '--interval', '1', '--json', '--data-dir', dataDirectory],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const lines: { type: string; run?: Run }[] = [];
    const output = createInterface({ input: child.stdout! });
    const watching = new Promise<void>((resolve) =>
      output.on('line', (line) => {
        lines.push(JSON.parse(line));
        if (lines.at(-1)?.type === 'watching') resolve();
      }),
    );
    const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await watching;
    // The first scheduled run starts at once; Ctrl+C cancels it at a safe point and ends the watch.
    child.kill('SIGINT');
    expect(await exit).toBe(0);
    const runs = lines.filter((line) => line.type === 'run').map((line) => line.run?.status);
    expect(runs.every((status) => status === 'cancelled' || status === 'succeeded')).toBe(true);
  });
});
