import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { healthSummary } from '../../src/monitoring/healthSummary.js';
import { monitoredWorkspace } from '../monitoring/workspaceFacts.js';
import { cliEntry } from '../support/built.js';
import { freshDirectories } from '../support/tempDirectory.js';

const tempDirectory = freshDirectories();

function status(dataDirectory: string, json: boolean) {
  const result = spawnSync(
    process.execPath,
    [cliEntry, 'status', '--data-dir', dataDirectory, ...(json ? ['--json'] : [])],
    {
      encoding: 'utf8',
    },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('counterpart status', () => {
  it('prints the health summary the dashboard shows, and exits 0 while nothing is red', () => {
    const dataDirectory = tempDirectory();
    const facts = monitoredWorkspace(dataDirectory);
    facts.run(new Date().toISOString(), 'partly_failed', { read: 12, written: 9, failed: 1 });
    facts.deadLetter(new Date().toISOString());
    const expected = healthSummary(facts.workspace);
    facts.workspace.close();

    const { code, stdout } = status(dataDirectory, true);

    expect(code).toBe(0);
    const printed = JSON.parse(stdout);
    expect(printed).toMatchObject({ health: 'amber', level: 'amber' });
    const { generatedAt: _printedAt, ...figures } = printed;
    const { generatedAt: _expectedAt, ...expectedFigures } = expected;
    expect(figures).toMatchObject(expectedFigures);
    const text = status(dataDirectory, false);
    expect(text.stdout).toContain('Health: AMBER');
    expect(text.stdout).toContain('Pair Books:Orders: partly_failed');
    expect(text.stdout).toContain('Dead letters open: 1');
  });

  it('exits non-zero when something is red, for schedulers', () => {
    const dataDirectory = tempDirectory();
    const facts = monitoredWorkspace(dataDirectory);
    facts.run(new Date().toISOString(), 'failed');
    facts.workspace.close();

    const { code, stdout } = status(dataDirectory, false);

    expect(code).toBe(1);
    expect(stdout).toContain('Health: RED');
    expect(stdout).toContain('Problem: The last sync of Books:Orders failed.');
  });
});
