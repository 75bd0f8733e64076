import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEntry } from '../support/built.js';
import { freshDirectories } from '../support/tempDirectory.js';

const tempDirectory = freshDirectories();

function counterpart(dataDirectory: string, args: string[]) {
  const result = spawnSync(process.execPath, [cliEntry, ...args, '--data-dir', dataDirectory], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('counterpart mapping', () => {
  it('exports a template, imports an edited copy as the next version, and lists it', () => {
    const dataDirectory = tempDirectory();
    const file = join(tempDirectory(), 'xero-sagex3.yaml');

    const listed = counterpart(dataDirectory, ['mapping', 'list']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^xero-sagex3\s+v1\s+template\s+xero ⇄ sagex3\s+Xero ⇄ Sage X3$/m);

    const exported = counterpart(dataDirectory, ['mapping', 'export', 'xero-sagex3', '--out', file]);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain(`written to ${file}`);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('id: products-to-xero');
    writeFileSync(file, text.replace('name: Xero ⇄ Sage X3', 'name: Xero ⇄ Sage X3 (ours)'));

    const imported = counterpart(dataDirectory, ['mapping', 'import', file, '--json']);
    expect(imported.stderr).toBe('');
    expect(JSON.parse(imported.stdout)).toEqual({ id: 'xero-sagex3', version: 2, name: 'Xero ⇄ Sage X3 (ours)' });

    const after = counterpart(dataDirectory, ['mapping', 'list', '--json']);
    expect(JSON.parse(after.stdout).mappings).toContainEqual(
      expect.objectContaining({ id: 'xero-sagex3', version: 2, origin: 'stored', name: 'Xero ⇄ Sage X3 (ours)' }),
    );
    // The version the template shipped as is kept, for pairs that ran with it.
    const first = counterpart(dataDirectory, ['mapping', 'export', 'xero-sagex3', '--mapping-version', '1']);
    expect(first.stdout).toContain('name: Xero ⇄ Sage X3\n');
  });

  it('refuses a file with a YAML error in one line naming the file and the line, and saves nothing', () => {
    const dataDirectory = tempDirectory();
    const file = join(tempDirectory(), 'broken.yaml');
    writeFileSync(file, 'schema: counterpart.mapping/1\nid: broken\nflows: [\n');
    const result = counterpart(dataDirectory, ['mapping', 'import', file]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^counterpart: broken\.yaml line \d+ is not readable YAML or JSON/);
    expect(counterpart(dataDirectory, ['mapping', 'list']).stdout).not.toContain('broken');
  });

  it('names the flow and path of an invalid document', () => {
    const dataDirectory = tempDirectory();
    const file = join(tempDirectory(), 'xero-sagex3.yaml');
    counterpart(dataDirectory, ['mapping', 'export', 'xero-sagex3', '--out', file]);
    writeFileSync(file, readFileSync(file, 'utf8').replace('operation: upsert', 'operation: sometimes'));
    const result = counterpart(dataDirectory, ['mapping', 'import', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('flow "parties-to-xero" flows[0].operation');
  });
});
