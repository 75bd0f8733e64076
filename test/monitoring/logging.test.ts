import { readFileSync } from 'node:fs';
import JSZip from 'jszip';
import { afterEach, describe, expect, it } from 'vitest';
import { exportLogFiles } from '../../src/monitoring/logging/logExport.js';
import { openWorkspaceLog, type WorkspaceLog } from '../../src/monitoring/logging/logger.js';
import { searchLogs } from '../../src/monitoring/logging/logSearch.js';
import { assertNoSecretLeaks } from '../support/secretScanner.js';
import { freshDirectories } from '../support/tempDirectory.js';

const tempDirectory = freshDirectories();
const open: WorkspaceLog[] = [];
afterEach(() => {
  for (const log of open.splice(0)) log.close();
});

function logIn(dataDirectory: string, maxBytes?: number): WorkspaceLog {
  const log = openWorkspaceLog({ dataDirectory, maxBytes, keep: 2 });
  open.push(log);
  return log;
}

describe('workspace log', () => {
  it('writes structured lines with secrets redacted by field name, by shape and by known value', () => {
    const log = logIn(tempDirectory());
    const password = 'correct horse battery staple';
    log.redactor.remember(password);
    log.logger.info(
      { connection: 'Books', clientSecret: 'cs-123456789', headers: { authorization: 'Basic abcd' } },
      'Signed in',
    );
    log.logger.warn(
      `Refused https://x3.local/auth?password=hunter22&user=ann with Bearer eyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl`,
    );
    log.logger.error({ detail: `the vault said ${password}` }, 'Keychain problem');

    const text = readFileSync(log.files()[0] as string, 'utf8');
    assertNoSecretLeaks({
      secrets: [password, 'cs-123456789', 'Basic abcd', 'hunter22', 'eyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl'],
      logs: { 'workspace log': text },
    });
    expect(
      text
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).msg),
    ).toEqual(['Signed in', expect.stringContaining('password=[redacted]&user=ann'), 'Keychain problem']);
  });

  it('rotates by size, keeping the newest files, and searches them newest first', () => {
    const log = logIn(tempDirectory(), 2_000);
    for (let index = 1; index <= 60; index += 1) log.logger.info({ index }, `Sync run ${index} succeeded`);
    log.logger.error({ pair: 'Books:Orders' }, 'Sync run 61 failed: Sage X3 refused the sign-in');

    expect(log.files()).toHaveLength(3);
    const failures = searchLogs(log.files(), { text: 'refused', limit: 10 });
    expect(failures.entries).toEqual([
      expect.objectContaining({
        level: 'error',
        message: 'Sync run 61 failed: Sage X3 refused the sign-in',
        fields: expect.objectContaining({ pair: 'Books:Orders' }),
      }),
    ]);
    const recent = searchLogs(log.files(), { level: 'info', limit: 3 });
    expect(recent.truncated).toBe(true);
    expect(recent.entries.map((entry) => entry.message)).toEqual([
      'Sync run 61 failed: Sage X3 refused the sign-in',
      'Sync run 60 succeeded',
      'Sync run 59 succeeded',
    ]);
    expect(searchLogs(log.files(), { level: 'warn', limit: 10 }).entries).toHaveLength(1);
  });

  it('exports every log file in one zip for support', async () => {
    const log = logIn(tempDirectory(), 1_000);
    for (let index = 1; index <= 30; index += 1) log.logger.info({ index }, `line ${index}`);
    const exported = await exportLogFiles(log.files(), new Date('2026-11-21T12:00:00.000Z'));
    expect(exported.fileName).toBe('counterpart-logs-2026-11-21T12-00-00-000Z.zip');
    const zip = await JSZip.loadAsync(Buffer.from(exported.contentBase64, 'base64'));
    expect(Object.keys(zip.files).sort()).toEqual(['counterpart.1.log', 'counterpart.2.log', 'counterpart.log']);
  });
});
