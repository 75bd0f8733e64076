import { describe, expect, it } from 'vitest';
import type { NewOutboxEntry } from '../../src/store/repositories/outbox.js';
import { openWorkspace } from '../../src/store/workspace.js';
import { freshDirectories } from '../support/tempDirectory.js';
import { pairedWorkspace } from './support/pairedWorkspace.js';

const tempDirectory = freshDirectories();

function setUp() {
  const dataDirectory = tempDirectory();
  const { workspace, books, pair } = pairedWorkspace(dataDirectory);
  const entry = (key: string, sourceId = key): NewOutboxEntry => ({
    idempotencyKey: key,
    pairId: pair.id,
    flowId: 'parties-to-xero',
    runId: null,
    connectionId: books.id,
    entity: 'party',
    operation: 'create',
    target: null,
    payload: { name: key },
    fields: null,
    source: { system: 'sagex3', entity: 'party', id: sourceId, version: `${key}-v` },
    sourceRecord: { name: key },
  });
  return { dataDirectory, workspace, books, pair, entry };
}

describe('outbox repository', () => {
  it('queues one write per idempotency key, and a newer version of a record behind the unfinished older one', () => {
    const { workspace, entry } = setUp();
    expect(workspace.outbox.enqueue(entry('k1', 'C001')).inserted).toBe(true);
    expect(workspace.outbox.enqueue(entry('k1', 'C001')).inserted).toBe(false);
    const newer = workspace.outbox.enqueue(entry('k2', 'C001')).entry;
    expect(newer.state).toBe('waiting');
    workspace.close();
  });

  it('keeps a recorded batch, members and order, across closing and reopening the database', () => {
    const { dataDirectory, workspace, books, entry } = setUp();
    for (const key of ['a', 'b', 'c', 'd']) workspace.outbox.enqueue(entry(key));
    const batch = workspace.outbox.formBatch(
      { connectionId: books.id, entity: 'party', operation: 'create' },
      3,
      new Date().toISOString(),
    );
    workspace.close();

    const reopened = openWorkspace({ dataDirectory, name: 'default' });
    const [open] = reopened.outbox.openBatches([books.id]);

    expect(open?.entries.map((member) => member.idempotencyKey)).toEqual(['a', 'b', 'c']);
    expect(open?.entries.map((member) => member.idempotencyKey)).toEqual(
      batch?.entries.map((member) => member.idempotencyKey),
    );
    expect(reopened.outbox.listByState('pending').map((pending) => pending.idempotencyKey)).toEqual(['d']);
    reopened.close();
  });

  it('sends a transient failure again only after its backoff, in a new batch', () => {
    const { workspace, books, entry } = setUp();
    workspace.outbox.enqueue(entry('a'));
    const group = { connectionId: books.id, entity: 'party', operation: 'create' as const };
    const first = workspace.outbox.formBatch(group, 3, '2026-01-01T00:00:00.000Z');
    workspace.outbox.retryLater(first?.entries[0]?.id ?? 0, 1, '2026-01-01T00:00:10.000Z', '503');
    workspace.outbox.closeBatch(first?.id ?? 0);

    expect(workspace.outbox.formBatch(group, 3, '2026-01-01T00:00:05.000Z')).toBeUndefined();
    const retry = workspace.outbox.formBatch(group, 3, '2026-01-01T00:00:10.000Z');
    expect(retry?.id).not.toBe(first?.id);
    expect(retry?.entries.map((member) => member.idempotencyKey)).toEqual(['a']);
    workspace.close();
  });
});
