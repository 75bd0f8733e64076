import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { cliEntry } from '../support/built.js';
import { freshDirectories } from '../support/tempDirectory.js';

const tempDirectory = freshDirectories();

/** Starts `counterpart sandbox`, resolves with its start-up line, and stops it with SIGTERM when asked. */
async function startSandboxCli(args: string[]) {
  const child = spawn(process.execPath, [cliEntry, 'sandbox', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const firstLine = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`sandbox exited with ${code}: ${stderr}`)));
  });
  return {
    ready: JSON.parse(firstLine) as Record<string, Record<string, unknown>>,
    stop: () =>
      new Promise<number | null>((resolve) => {
        child.once('exit', resolve);
        child.kill('SIGTERM');
      }),
  };
}

describe('counterpart sandbox', () => {
  it('starts all four systems with the demo companies and prints one JSON line of addresses and credentials', async () => {
    const state = join(tempDirectory(), 'state.json');
    const sandbox = await startSandboxCli(['--seed', 'demo', '--state', state, '--time-scale', '60']);
    const { xero, salesforce, sagex3, kashflow } = sandbox.ready;
    expect(xero).toMatchObject({ clientId: expect.any(String), tenantId: expect.any(String) });
    expect(salesforce).toMatchObject({ instanceUrl: expect.any(String), accessToken: expect.any(String) });
    expect(sagex3).toMatchObject({ caCertificatePem: expect.stringContaining('BEGIN CERTIFICATE') });
    expect(kashflow).toMatchObject({ userName: expect.any(String), memorableWord: expect.any(String) });

    const token = xero?.tokenSet as { access_token: string };
    const contacts = await fetch(`${xero?.apiBasePath}/Contacts?page=1`, {
      headers: {
        Authorization: `Bearer ${token.access_token}`,
        'xero-tenant-id': String(xero?.tenantId),
        Accept: 'application/json',
      },
    });
    expect(contacts.status).toBe(200);
    expect(((await contacts.json()) as { Contacts: unknown[] }).Contacts.length).toBeGreaterThan(0);

    expect(await sandbox.stop()).toBe(0);
    expect(existsSync(state)).toBe(true);
    expect(Object.keys(JSON.parse(readFileSync(state, 'utf8')))).toEqual(['xero', 'salesforce', 'sagex3', 'kashflow']);
  });

  it.each([
    [['--seed', 'missing.json'], /Cannot read missing\.json/],
    [['--faults', 'xero:500=lots'], /needs a numeric value/],
    [['--time-scale', '0'], /--time-scale must be a positive number/],
  ])('refuses %j with one clear line', (args, message) => {
    const result = spawnSync(process.execPath, [cliEntry, 'sandbox', ...args], { encoding: 'utf8' });
    expect(result.status).not.toBe(0);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
  });

  it('names the place in a seed file that is wrong', () => {
    const file = join(tempDirectory(), 'seed.json');
    writeFileSync(file, JSON.stringify({ xero: { Contacts: 'not a list' } }));
    const result = spawnSync(process.execPath, [cliEntry, 'sandbox', '--seed', file], { encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/seed file .* is not valid at xero\.Contacts/);
  });
});
