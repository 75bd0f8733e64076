import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEntry } from '../support/built.js';
import { freshDirectories } from '../support/tempDirectory.js';

const tempDirectory = freshDirectories();

function counterpart(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [cliEntry, ...args], {
    encoding: 'utf8',
    env: { ...process.env, COUNTERPART_HOME: tempDirectory(), ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('counterpart CLI', () => {
  it('lists every subcommand in --help', () => {
    const { code, stdout } = counterpart(['--help']);
    expect(code).toBe(0);
    for (const command of ['serve', 'sandbox', 'connect', 'sync', 'recon', 'status']) {
      expect(stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
    }
  });

  it.each(['serve', 'sandbox', 'connect', 'sync', 'recon', 'status'])('has --help for %s', (command) => {
    const { code, stdout } = counterpart([command, '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain(`Usage: counterpart ${command}`);
  });

  it('fails on an unknown subcommand with one line and exit code 2', () => {
    const { code, stderr } = counterpart(['reconcile-everything']);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^counterpart: unknown command 'reconcile-everything'/);
  });

  it('reports workspace health as JSON for schedulers', () => {
    const { code, stdout } = counterpart(['status', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ health: 'green', workspace: 'default', auditTrail: { intact: true } });
  });

  it('honours --data-dir over COUNTERPART_HOME', () => {
    const chosen = tempDirectory();
    const { stdout } = counterpart(['status', '--json', '--data-dir', chosen]);
    expect(JSON.parse(stdout).database).toBe(join(chosen, 'workspaces', 'default.sqlite'));
  });

  it('gives one clear line and exit code 1 for a corrupt workspace database, in text and JSON', () => {
    const home = tempDirectory();
    mkdirSync(join(home, 'workspaces'));
    writeFileSync(join(home, 'workspaces', 'default.sqlite'), 'garbage');
    const text = counterpart(['status'], { COUNTERPART_HOME: home });
    expect(text.code).toBe(1);
    expect(text.stderr.trim().split('\n')).toHaveLength(1);
    expect(text.stderr).toMatch(/^counterpart: The workspace database .* cannot be used: it is not a SQLite database/);
    const json = counterpart(['status', '--json'], { COUNTERPART_HOME: home });
    expect(JSON.parse(json.stderr)).toMatchObject({ error: { code: 'store.corrupt' } });
  });

  it('refuses a bad port for serve before starting anything', () => {
    const { code, stderr } = counterpart(['serve', '--port', 'eighty']);
    expect(code).toBe(2);
    expect(stderr).toContain('--port must be a whole number');
  });
});
