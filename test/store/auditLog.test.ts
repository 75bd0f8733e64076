import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openWorkspace } from '../../src/store/workspace.js';
import { freshDirectories } from '../support/tempDirectory.js';

const tempDirectory = freshDirectories();

function workspaceWithEntries(count: number) {
  const workspace = openWorkspace({ dataDirectory: tempDirectory(), name: 'default' });
  for (let i = 1; i <= count; i += 1) {
    workspace.auditLog.append({
      actor: i % 2 ? 'alice' : 'bob',
      action: i % 2 ? 'match.accepted' : 'match.rejected',
      subject: `match/${i}`,
      before: { status: 'suggested' },
      after: { status: i % 2 ? 'accepted' : 'rejected' },
      comment: i === 2 ? 'different customer' : undefined,
    });
  }
  return workspace;
}

describe('audit trail', () => {
  it('lists entries newest first, filtered by action or actor, with before/after and comments', () => {
    const workspace = workspaceWithEntries(5);
    const rejected = workspace.auditLog.list({ limit: 10, action: 'match.rejected' });
    expect(rejected.map((entry) => entry.subject)).toEqual(['match/4', 'match/2']);
    expect(rejected[1]).toMatchObject({ actor: 'bob', comment: 'different customer', after: { status: 'rejected' } });
    expect(workspace.auditLog.list({ limit: 2 }).map((entry) => entry.seq)).toEqual([5, 4]);
    expect(workspace.auditLog.list({ limit: 10, beforeSeq: 3 }).map((entry) => entry.seq)).toEqual([2, 1]);
    workspace.close();
  });

  it('verifies an untouched chain', () => {
    const workspace = workspaceWithEntries(20);
    expect(workspace.auditLog.verify()).toEqual({ intact: true, entries: 20 });
    workspace.close();
  });

  it('refuses updates and deletes of entries', () => {
    const workspace = workspaceWithEntries(3);
    expect(() => workspace.db.prepare("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2").run()).toThrow(
      /append-only/,
    );
    expect(() => workspace.db.prepare('DELETE FROM audit_log WHERE seq = 2').run()).toThrow(/append-only/);
    workspace.close();
  });

  it('detects an entry edited behind its back, and where', () => {
    const workspace = workspaceWithEntries(6);
    workspace.close();
    // Someone with another SQLite tool drops the guard triggers and rewrites who approved entry 4.
    const raw = new BetterSqlite3(workspace.file);
    raw.exec('DROP TRIGGER audit_log_no_update');
    raw.prepare("UPDATE audit_log SET actor = 'mallory' WHERE seq = 4").run();
    raw.close();
    const reopened = openWorkspace({ dataDirectory: workspace.file.replace(/\/workspaces\/.*$/, ''), name: 'default' });
    expect(reopened.auditLog.verify()).toEqual({ intact: false, entries: 3, brokenAtSeq: 4 });
    reopened.close();
  });

  it('detects a deleted entry', () => {
    const workspace = workspaceWithEntries(4);
    workspace.close();
    const raw = new BetterSqlite3(workspace.file);
    raw.exec('DROP TRIGGER audit_log_no_delete');
    raw.prepare('DELETE FROM audit_log WHERE seq = 2').run();
    raw.close();
    const reopened = openWorkspace({ dataDirectory: workspace.file.replace(/\/workspaces\/.*$/, ''), name: 'default' });
    expect(reopened.auditLog.verify()).toMatchObject({ intact: false, brokenAtSeq: 3 });
    reopened.close();
  });
});
