import type {
  CallStatistics,
  CanonicalRecords,
  ConnectionCheck,
  Connector,
  Entity,
  EntityCapability,
  ReadRequest,
  WriteOutcome,
  WriteRequest,
} from '../../../src/connectors/connector.js';
import { ConnectorError } from '../../../src/connectors/shared/connectorError.js';
import type { SystemName } from '../../../src/model/index.js';

type StoredRecord = { source: { system: SystemName; id: string; number?: string; updatedAt: string } } & Record<
  string,
  unknown
>;

/** One call to `write`: the entity and the idempotency keys in the order they were sent. */
export interface WriteCall {
  readonly entity: Entity;
  readonly keys: readonly string[];
}

/** Decides the fate of one write request before it is applied: undefined lets it through. */
export type WriteScript = (request: WriteRequest<Entity>, entity: Entity) => ConnectorError | 'lose-answer' | undefined;

/**
 * A system's books held in memory, shared by every connector made over it (as a real system outlives the engine's
 * connectors): records with change stamps, idempotency keys it has already applied (a replayed key answers with the
 * same record, as Xero's Idempotency-Key, Salesforce's external ids and search-before-create do), and every call.
 */
export class Ledger {
  readonly records = new Map<Entity, Map<string, StoredRecord>>();
  readonly applied = new Map<string, { id: string; number?: string | undefined }>();
  readonly writeCalls: WriteCall[] = [];
  private clock = Date.parse('2026-01-05T09:00:00Z');
  private nextId = 1;
  script: WriteScript = () => undefined;
  /** Applies writes but never answers, as a system would when the process dies during the call. */
  hangAfterApplying = false;

  constructor(readonly system: SystemName) {}

  /** Advances this system's clock and returns the new stamp, so every change is newer than the last. */
  tick(): string {
    this.clock += 1_000;
    return new Date(this.clock).toISOString();
  }

  /** The record's identity in this system, stamped as changed now. */
  private stamp(id: string, number: string | undefined): StoredRecord['source'] {
    return { system: this.system, id, ...(number ? { number } : {}), updatedAt: this.tick() };
  }

  table(entity: Entity): Map<string, StoredRecord> {
    let table = this.records.get(entity);
    if (!table) {
      table = new Map();
      this.records.set(entity, table);
    }
    return table;
  }

  /** Puts a record in the books as someone working in the system would (a new one, or a change). */
  put<E extends Entity>(entity: E, id: string, record: Omit<CanonicalRecords[E], 'source'>, number?: string): void {
    this.table(entity).set(id, { ...(record as Record<string, unknown>), source: this.stamp(id, number) });
  }

  /** Changes some fields of a record as a person would. */
  edit(entity: Entity, id: string, changes: Record<string, unknown>): void {
    const record = this.table(entity).get(id);
    if (!record) throw new Error(`no ${entity} ${id} in ${this.system}`);
    this.table(entity).set(id, { ...record, ...changes, source: { ...record.source, updatedAt: this.tick() } });
  }

  get(entity: Entity, id: string): StoredRecord | undefined {
    return this.table(entity).get(id);
  }

  all(entity: Entity): StoredRecord[] {
    return [...this.table(entity).values()];
  }

  apply(entity: Entity, request: WriteRequest<Entity>): WriteOutcome {
    const known = this.applied.get(request.idempotencyKey);
    if (known)
      return {
        ok: true,
        idempotencyKey: request.idempotencyKey,
        ref: { system: this.system, ...known },
        created: false,
      };
    const id = request.operation === 'update' && request.target ? request.target.id : `${this.system}-${this.nextId++}`;
    const existing = this.table(entity).get(id);
    const number = existing?.source.number;
    const { source: _source, ...fields } = request.record as unknown as Record<string, unknown>;
    this.table(entity).set(id, { ...fields, source: this.stamp(id, number) });
    this.applied.set(request.idempotencyKey, { id, number });
    return {
      ok: true,
      idempotencyKey: request.idempotencyKey,
      ref: { system: this.system, id, ...(number ? { number } : {}) },
      created: existing === undefined,
    };
  }
}

const CAPABILITY: EntityCapability = {
  read: true,
  write: true,
  pageSize: 2,
  writeBatchSize: 3,
  incremental: true,
  ordersByModified: true,
};

/** A connector over a `Ledger`: pages of two, batches of `writeBatchSize`, failures as the ledger's script says. */
export class LedgerConnector implements Connector {
  readonly capabilities: Readonly<Partial<Record<Entity, EntityCapability>>>;
  private calls = 0;
  closed = false;

  constructor(
    private readonly ledger: Ledger,
    writeBatchSize = CAPABILITY.writeBatchSize,
  ) {
    const capability = { ...CAPABILITY, writeBatchSize };
    this.capabilities = { party: capability, product: capability };
  }

  get system(): SystemName {
    return this.ledger.system;
  }

  async testConnection(): Promise<ConnectionCheck> {
    return { ok: true, account: this.ledger.system, details: {} };
  }

  async *read<E extends Entity>(entity: E, request: ReadRequest = {}): AsyncIterable<readonly CanonicalRecords[E][]> {
    const since = request.modifiedSince === undefined ? Number.NEGATIVE_INFINITY : Date.parse(request.modifiedSince);
    const records = this.ledger
      .all(entity)
      .filter((record) => Date.parse(record.source.updatedAt) >= since)
      .sort((a, b) => a.source.updatedAt.localeCompare(b.source.updatedAt));
    for (let start = 0; start < records.length; start += CAPABILITY.pageSize) {
      this.calls += 1;
      yield structuredClone(records.slice(start, start + CAPABILITY.pageSize)) as unknown as CanonicalRecords[E][];
    }
  }

  async write<E extends Entity>(entity: E, requests: readonly WriteRequest<E>[]): Promise<WriteOutcome[]> {
    this.calls += 1;
    this.ledger.writeCalls.push({ entity, keys: requests.map((request) => request.idempotencyKey) });
    let lost = false;
    const outcomes = requests.map((request): WriteOutcome => {
      const scripted = this.ledger.script(request as WriteRequest<Entity>, entity);
      if (scripted instanceof ConnectorError)
        return { ok: false, idempotencyKey: request.idempotencyKey, error: scripted };
      if (scripted === 'lose-answer') lost = true;
      return this.ledger.apply(entity, request as WriteRequest<Entity>);
    });
    if (this.ledger.hangAfterApplying) return new Promise<never>(() => {});
    if (lost) {
      throw new ConnectorError({
        kind: 'transient',
        system: this.ledger.system,
        message: `The connection to ${this.ledger.system} dropped before it answered.`,
      });
    }
    return outcomes;
  }

  statistics(): CallStatistics {
    return { calls: this.calls, retries: 0, rateLimited: 0, remaining: {} };
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

export function validationError(system: SystemName, systemMessage: string): ConnectorError {
  return new ConnectorError({
    kind: 'validation',
    system,
    message: `${system} refused the record: ${systemMessage}`,
    systemMessage,
  });
}

export function transientError(system: SystemName): ConnectorError {
  return new ConnectorError({
    kind: 'transient',
    system,
    message: `${system} answered 503 Service Unavailable.`,
    systemMessage: 'Service Unavailable',
  });
}

/** A top-level field of the record a write request carries, whatever its entity. */
export function recordField(request: WriteRequest<Entity>, field: string): unknown {
  return (request.record as unknown as Record<string, unknown>)[field];
}
