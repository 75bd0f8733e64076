import { describe, expect, it } from 'vitest';
import type {
  CallStatistics,
  CanonicalRecords,
  ConnectionCheck,
  Connector,
  Entity,
  EntityCapability,
  ReadRequest,
  WriteOutcome,
} from '../../../src/connectors/connector.js';
import { IncrementalReader, type ReadRunOptions } from '../../../src/connectors/shared/incrementalReader.js';
import type { Party } from '../../../src/model/index.js';
import { openWorkspace } from '../../../src/store/workspace.js';
import { freshDirectories } from '../../support/tempDirectory.js';

const tempDirectory = freshDirectories();
const HOUR = 60 * 60_000;

/** Customers in memory; reads return them by id (not by change), a page at a time, like most list APIs. */
class FakeConnector implements Connector {
  readonly system = 'xero' as const;
  readonly capabilities: Partial<Record<Entity, EntityCapability>>;
  readonly parties = new Map<string, Party>();
  readonly requests: ReadRequest[] = [];

  constructor(options: { ordersByModified?: boolean; pageSize?: number; incremental?: boolean } = {}) {
    this.capabilities = {
      party: {
        read: true,
        write: false,
        pageSize: options.pageSize ?? 2,
        writeBatchSize: 1,
        incremental: options.incremental ?? true,
        ordersByModified: options.ordersByModified,
      },
    };
  }

  save(id: string, name: string, updatedAt: string): void {
    this.parties.set(id, {
      source: { system: 'xero', id, updatedAt },
      roles: ['customer'],
      name,
      status: 'active',
      contacts: [],
      addresses: [],
    });
  }

  async testConnection(): Promise<ConnectionCheck> {
    return { ok: true, account: 'Demo Company (UK)', details: {} };
  }

  async *read<E extends Entity>(_entity: E, request: ReadRequest = {}): AsyncIterable<readonly CanonicalRecords[E][]> {
    this.requests.push(request);
    const since = request.modifiedSince === undefined ? undefined : Date.parse(request.modifiedSince);
    const matching = [...this.parties.values()]
      .filter((party) => since === undefined || Date.parse(party.source?.updatedAt ?? '') >= since)
      .sort((a, b) =>
        this.capabilities.party?.ordersByModified
          ? (a.source?.updatedAt ?? '').localeCompare(b.source?.updatedAt ?? '')
          : (a.source?.id ?? '').localeCompare(b.source?.id ?? ''),
      );
    const size = this.capabilities.party?.pageSize ?? 2;
    for (let start = 0; start < matching.length; start += size) {
      yield matching.slice(start, start + size) as unknown as CanonicalRecords[E][];
    }
  }

  async write(): Promise<WriteOutcome[]> {
    return [];
  }

  statistics(): CallStatistics {
    return { calls: 0, retries: 0, rateLimited: 0, remaining: {} };
  }

  async close(): Promise<void> {}
}

function setUp(connector: FakeConnector, lookBackMs = HOUR) {
  const workspace = openWorkspace({ dataDirectory: tempDirectory(), name: 'default' });
  const connection = workspace.connections.create({ system: 'xero', name: 'Xero' });
  const reader = new IncrementalReader({
    connector,
    connectionId: connection.id,
    cursors: workspace.readCursors,
    lookBackMs,
  });
  return { workspace, reader, connectionId: connection.id };
}

/** Reads everything, acknowledging each page, and returns the names read with the summary. */
async function readAll(reader: IncrementalReader, options: ReadRunOptions = {}) {
  const read = reader.read('party', options);
  const names: string[] = [];
  for await (const page of read) {
    names.push(...page.records.map((party) => party.name));
    page.acknowledge();
  }
  return { names, summary: read.summary() };
}

describe('incremental reader', () => {
  it('reads everything first, then only what changed since the cursor, without the overlap re-read', async () => {
    const connector = new FakeConnector();
    connector.save('C1', 'Acme', '2024-05-01T10:00:00Z');
    connector.save('C2', 'Bolt', '2024-05-01T11:00:00Z');
    connector.save('C3', 'Crane', '2024-05-01T12:00:00Z');
    const { workspace, reader } = setUp(connector);

    const first = await readAll(reader);
    expect(first.names).toEqual(['Acme', 'Bolt', 'Crane']);
    expect(first.summary).toMatchObject({
      modifiedSince: undefined,
      complete: true,
      cursorAfter: '2024-05-01T12:00:00.000Z',
    });

    const quiet = await readAll(reader);
    expect(connector.requests.at(-1)?.modifiedSince).toBe('2024-05-01T11:00:00.000Z');
    expect(quiet.names).toEqual([]);
    expect(quiet.summary).toMatchObject({ records: 0, skipped: 2 });

    connector.save('C1', 'Acme Ltd', '2024-05-02T09:00:00Z');
    // Committed late with an earlier stamp than the cursor, but inside the look-back window.
    connector.save('C4', 'Delta', '2024-05-01T11:30:00Z');
    const changed = await readAll(reader);
    expect(changed.names.sort()).toEqual(['Acme Ltd', 'Delta']);
    expect(changed.summary.cursorAfter).toBe('2024-05-02T09:00:00.000Z');
    workspace.close();
  });

  it('re-reads rather than loses after a crash mid-read, and does not hand back what was processed', async () => {
    const connector = new FakeConnector();
    for (let i = 1; i <= 6; i += 1) connector.save(`C${i}`, `Customer ${i}`, `2024-05-0${7 - i}T10:00:00Z`);
    const { workspace, reader, connectionId } = setUp(connector);

    const processed: string[] = [];
    for await (const page of reader.read('party')) {
      processed.push(...page.records.map((party) => party.name));
      page.acknowledge();
      break; // the process dies after the first page
    }
    expect(processed).toEqual(['Customer 1', 'Customer 2']);
    expect(workspace.readCursors.get(connectionId, 'party')).toBeUndefined();

    const resumed = await readAll(reader);
    expect(resumed.names).toEqual(['Customer 3', 'Customer 4', 'Customer 5', 'Customer 6']);
    expect(resumed.summary).toMatchObject({ skipped: 2, complete: true, cursorAfter: '2024-05-06T10:00:00.000Z' });
    workspace.close();
  });

  it('does not move the cursor past a page the caller did not acknowledge', async () => {
    const connector = new FakeConnector({ ordersByModified: true });
    for (let i = 1; i <= 6; i += 1) connector.save(`C${i}`, `Customer ${i}`, `2024-05-0${i}T10:00:00Z`);
    const { workspace, reader, connectionId } = setUp(connector);

    const read = reader.read('party');
    let page = 0;
    for await (const current of read) {
      page += 1;
      if (page !== 2) current.acknowledge();
    }
    expect(read.summary().complete).toBe(false);
    // Pages arrive oldest first, so the first page moved the cursor; the unacknowledged second page held it there.
    expect(workspace.readCursors.get(connectionId, 'party')?.cursorAt).toBe('2024-05-02T10:00:00.000Z');
    const again = await readAll(reader);
    expect(again.names).toEqual(['Customer 3', 'Customer 4']);
    workspace.close();
  });

  it('gives each version once even when paging shifts and the same record comes twice', async () => {
    const connector = new FakeConnector({ pageSize: 10 });
    connector.save('C1', 'Acme', '2024-05-01T10:00:00Z');
    const duplicatePages = connector.read.bind(connector);
    connector.read = async function* <E extends Entity>(entity: E, request?: ReadRequest) {
      for await (const page of duplicatePages(entity, request)) {
        yield page;
        yield page;
      }
    };
    const { workspace, reader } = setUp(connector);
    expect((await readAll(reader)).names).toEqual(['Acme']);
    workspace.close();
  });

  it('reads everything again on demand (full read) without moving the cursor back', async () => {
    const connector = new FakeConnector();
    connector.save('C1', 'Acme', '2024-05-01T10:00:00Z');
    connector.save('C2', 'Bolt', '2024-05-03T10:00:00Z');
    const { workspace, reader } = setUp(connector);
    await readAll(reader);
    const full = await readAll(reader, { mode: 'full' });
    expect(connector.requests.at(-1)?.modifiedSince).toBeUndefined();
    expect(full.names).toEqual(['Acme', 'Bolt']);
    expect(full.summary).toMatchObject({ mode: 'full', cursorAfter: '2024-05-03T10:00:00.000Z' });
    workspace.close();
  });

  it('keeps the remembered versions to the look-back window', async () => {
    const connector = new FakeConnector({ pageSize: 50 });
    for (let i = 0; i < 40; i += 1) {
      connector.save(`C${i}`, `Customer ${i}`, new Date(Date.parse('2024-05-01T00:00:00Z') + i * HOUR).toISOString());
    }
    const { workspace, reader, connectionId } = setUp(connector, 3 * HOUR);
    await readAll(reader);
    expect(workspace.readCursors.seenCount(connectionId, 'party')).toBe(4);
    workspace.close();
  });

  it('still hands back only changes from a system that can only list everything', async () => {
    const connector = new FakeConnector({ incremental: false });
    connector.save('C1', 'Acme', '2024-01-01T10:00:00Z');
    connector.save('C2', 'Bolt', '2024-05-01T10:00:00Z');
    const { workspace, reader } = setUp(connector);
    expect((await readAll(reader)).names).toEqual(['Acme', 'Bolt']);
    connector.save('C2', 'Bolt plc', '2024-05-02T10:00:00Z');
    const second = await readAll(reader);
    expect(connector.requests.at(-1)?.modifiedSince).toBeUndefined();
    expect(second.names).toEqual(['Bolt plc']);
    workspace.close();
  });

  it('refuses an entity the connector cannot read, naming the system', () => {
    const { workspace, reader } = setUp(new FakeConnector());
    expect(() => reader.read('invoice')).toThrow('Counterpart cannot read invoice records from Xero.');
    workspace.close();
  });
});
