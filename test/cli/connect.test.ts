import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEntry } from '../support/built.js';
import { freshDirectories } from '../support/tempDirectory.js';

const tempDirectory = freshDirectories();

function counterpart(args: string[], input?: string) {
  const result = spawnSync(process.execPath, [cliEntry, ...args], { encoding: 'utf8', input });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('counterpart connect (real OS keychain)', () => {
  let dataDirectory: string;
  let stopSandbox: () => Promise<void>;

  beforeAll(async () => {
    // Outlives each test (freshDirectories removes its folders after every test).
    dataDirectory = mkdtempSync(join(tmpdir(), 'counterpart-connect-'));
    const child = spawn(process.execPath, [cliEntry, 'sandbox', '--seed', 'demo', '--data-dir', dataDirectory], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise((resolve) => createInterface({ input: child.stdout }).once('line', resolve));
    stopSandbox = () => new Promise((resolve) => child.once('exit', () => resolve()).kill('SIGTERM'));
  });
  afterAll(async () => {
    await stopSandbox?.();
    rmSync(dataDirectory, { recursive: true, force: true });
  });

  it.each([
    ['xero', 'Xero (sandbox)'],
    ['salesforce', 'Salesforce (sandbox)'],
    ['sagex3', 'Sage X3 (sandbox)'],
    ['kashflow', 'KashFlow (sandbox)'],
  ])('connects to the running %s sandbox, tests it and saves it', (system, name) => {
    const connected = counterpart(['connect', system, '--sandbox', '--data-dir', dataDirectory, '--json']);
    expect(connected.stderr).toBe('');
    expect(JSON.parse(connected.stdout)).toMatchObject({ connection: { name, system }, check: { ok: true } });
    const status = JSON.parse(counterpart(['status', '--json', '--data-dir', dataDirectory]).stdout);
    expect(status.connections).toContainEqual(
      expect.objectContaining({ name, lastCheck: expect.objectContaining({ ok: true }) }),
    );
  });

  it('refuses credentials the system rejects, in one line, and saves nothing', () => {
    const { kashflow } = JSON.parse(readFileSync(join(dataDirectory, 'sandbox.json'), 'utf8')).systems;
    const args = ['connect', 'kashflow', '--name', 'wrong password', '--secrets-stdin', '--data-dir', dataDirectory];
    const settings = ['--set', `baseUrl=${kashflow.baseUrl}`, '--set', `userName=${kashflow.userName}`];
    const result = counterpart([...args, ...settings], JSON.stringify({ password: 'nope', memorable_word: 'nope' }));
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^counterpart: .*password/i);
    const status = JSON.parse(counterpart(['status', '--json', '--data-dir', dataDirectory]).stdout);
    expect(status.connections.map((connection: { name: string }) => connection.name)).not.toContain('wrong password');
  });
});

describe('counterpart connect without a sandbox', () => {
  it('says how to start one', () => {
    const result = counterpart(['connect', 'kashflow', '--sandbox', '--data-dir', tempDirectory()]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^counterpart: No sandbox is running for the data directory .*counterpart sandbox --seed demo/,
    );
  });

  it('names an unknown system', () => {
    const result = counterpart(['connect', 'quickbooks', '--data-dir', tempDirectory()]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('"quickbooks" is not a system');
  });

  it('refuses bad settings by name before asking for any secret', () => {
    const result = counterpart(
      [
        'connect',
        'kashflow',
        '--set',
        'baseUrl=nowhere',
        '--set',
        'userName=ann',
        '--secrets-stdin',
        '--data-dir',
        tempDirectory(),
      ],
      '{}',
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^counterpart: KashFlow settings: baseUrl:/);
  });
});
