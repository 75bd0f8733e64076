import type { Database } from 'better-sqlite3';

export type OutboxState = 'pending' | 'waiting' | 'batched' | 'done' | 'dead' | 'held';
export type OutboxOperation = 'create' | 'update' | 'upsert';

/** The source record a write comes from, as read (absent for writes someone approved outside a sync run). */
export interface OutboxSource {
  readonly system: string;
  readonly entity: string;
  readonly id: string;
  readonly number?: string | undefined;
  readonly version?: string | undefined;
}

/** The target record named by an update, as a plain reference. */
export interface OutboxTarget {
  readonly system: string;
  readonly id: string;
  readonly number?: string | undefined;
}

export interface NewOutboxEntry {
  readonly idempotencyKey: string;
  readonly pairId: string | null;
  readonly flowId: string | null;
  readonly runId: string | null;
  readonly connectionId: string;
  readonly entity: string;
  readonly operation: OutboxOperation;
  readonly target: OutboxTarget | null;
  readonly payload: unknown;
  readonly fields: readonly string[] | null;
  readonly source: OutboxSource | null;
  readonly sourceRecord: unknown;
  readonly actor?: string | undefined;
  readonly reason?: string | undefined;
  readonly deadLetterId?: string | undefined;
}

export interface OutboxEntry extends NewOutboxEntry {
  readonly id: number;
  readonly state: OutboxState;
  readonly batchId: number | null;
  readonly batchPosition: number | null;
  readonly attempts: number;
  readonly notBefore: string | null;
  readonly lastError: string | null;
  readonly result: OutboxTarget | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface OutboxBatch {
  readonly id: number;
  readonly connectionId: string;
  readonly entity: string;
  readonly operation: OutboxOperation;
  /** In the order they were recorded: the order they are sent in, every time. */
  readonly entries: OutboxEntry[];
}

export interface OutboxGroup {
  readonly connectionId: string;
  readonly entity: string;
  readonly operation: OutboxOperation;
}

interface Row {
  id: number;
  idempotency_key: string;
  pair_id: string | null;
  flow_id: string | null;
  run_id: string | null;
  connection_id: string;
  entity: string;
  operation: OutboxOperation;
  target_json: string | null;
  payload_json: string;
  fields_json: string | null;
  source_system: string | null;
  source_entity: string | null;
  source_id: string | null;
  source_number: string | null;
  source_version: string | null;
  source_json: string | null;
  state: OutboxState;
  batch_id: number | null;
  batch_position: number | null;
  attempts: number;
  not_before: string | null;
  last_error: string | null;
  result_json: string | null;
  dead_letter_id: string | null;
  actor: string | null;
  reason: string | null;
  created_at: string;
  updated_at: string;
}

const UNFINISHED = "('pending', 'waiting', 'batched')";

/**
 * The outbox: every write is recorded here before it is sent, grouped into batches whose membership is recorded
 * before the call, and marked done only after the system confirmed it. Whatever a crash interrupts is found here
 * at the next start and sent again, with the same idempotency keys, in the same batches.
 */
export class OutboxRepository {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Queues a write unless its idempotency key is already known (a page read again, a replayed run). A write from a
   * source record that still has an unfinished older write waits behind it (state `waiting`).
   */
  enqueue(entry: NewOutboxEntry): { entry: OutboxEntry; inserted: boolean } {
    const known = this.byKey(entry.idempotencyKey);
    if (known) return { entry: known, inserted: false };
    const behind =
      entry.pairId !== null && entry.flowId !== null && entry.source !== null
        ? this.unfinishedFor(entry.pairId, entry.flowId, entry.source.id).length > 0
        : false;
    const at = this.now().toISOString();
    const { lastInsertRowid } = this.db
      .prepare(
        `INSERT INTO outbox (idempotency_key, pair_id, flow_id, run_id, connection_id, entity, operation, target_json,
           payload_json, fields_json, source_system, source_entity, source_id, source_number, source_version, source_json,
           state, attempts, actor, reason, dead_letter_id, created_at, updated_at)
         VALUES (@key, @pair, @flow, @run, @connection, @entity, @operation, @target, @payload, @fields, @sourceSystem,
           @sourceEntity, @sourceId, @sourceNumber, @sourceVersion, @sourceJson, @state, 0, @actor, @reason, @deadLetter,
           @at, @at)`,
      )
      .run({
        key: entry.idempotencyKey,
        pair: entry.pairId,
        flow: entry.flowId,
        run: entry.runId,
        connection: entry.connectionId,
        entity: entry.entity,
        operation: entry.operation,
        target: entry.target === null ? null : JSON.stringify(entry.target),
        payload: JSON.stringify(entry.payload),
        fields: entry.fields === null ? null : JSON.stringify(entry.fields),
        sourceSystem: entry.source?.system ?? null,
        sourceEntity: entry.source?.entity ?? null,
        sourceId: entry.source?.id ?? null,
        sourceNumber: entry.source?.number ?? null,
        sourceVersion: entry.source?.version ?? null,
        sourceJson: entry.sourceRecord === undefined ? null : JSON.stringify(entry.sourceRecord),
        state: behind ? 'waiting' : 'pending',
        actor: entry.actor ?? null,
        reason: entry.reason ?? null,
        deadLetter: entry.deadLetterId ?? null,
        at,
      });
    return { entry: this.require(Number(lastInsertRowid)), inserted: true };
  }

  get(id: number): OutboxEntry | undefined {
    const row = this.db.prepare('SELECT * FROM outbox WHERE id = ?').get(id) as Row | undefined;
    return row && fromRow(row);
  }

  require(id: number): OutboxEntry {
    const entry = this.get(id);
    if (!entry) throw new Error(`outbox entry ${id} vanished`);
    return entry;
  }

  byKey(idempotencyKey: string): OutboxEntry | undefined {
    const row = this.db.prepare('SELECT * FROM outbox WHERE idempotency_key = ?').get(idempotencyKey) as
      | Row
      | undefined;
    return row && fromRow(row);
  }

  /** Writes of one source record through one flow not yet done, oldest first. */
  unfinishedFor(pairId: string, flowId: string, sourceId: string): OutboxEntry[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM outbox WHERE pair_id = ? AND flow_id = ? AND source_id = ? AND state IN ${UNFINISHED} ORDER BY id`,
      )
      .all(pairId, flowId, sourceId) as Row[];
    return rows.map(fromRow);
  }

  /** Writes of one source record through one flow not yet in a batch, which may still be changed or held. */
  unsentFor(pairId: string, flowId: string, sourceId: string): OutboxEntry[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM outbox WHERE pair_id = ? AND flow_id = ? AND source_id = ? AND state IN ('pending', 'waiting')
         ORDER BY id`,
      )
      .all(pairId, flowId, sourceId) as Row[];
    return rows.map(fromRow);
  }

  /** Batches recorded but not finished (a crash between recording and confirming), with their members in order. */
  openBatches(connectionIds: readonly string[]): OutboxBatch[] {
    const batches = this.db
      .prepare(
        `SELECT * FROM outbox_batches WHERE state = 'open' AND connection_id IN (SELECT value FROM json_each(?)) ORDER BY id`,
      )
      .all(JSON.stringify(connectionIds)) as {
      id: number;
      connection_id: string;
      entity: string;
      operation: OutboxOperation;
    }[];
    return batches.map((batch) => ({
      id: batch.id,
      connectionId: batch.connection_id,
      entity: batch.entity,
      operation: batch.operation,
      entries: (
        this.db
          .prepare("SELECT * FROM outbox WHERE batch_id = ? AND state = 'batched' ORDER BY batch_position")
          .all(batch.id) as Row[]
      ).map(fromRow),
    }));
  }

  /** The (connection, entity, operation) groups with writes ready to batch, oldest first. */
  readyGroups(connectionIds: readonly string[]): OutboxGroup[] {
    const rows = this.db
      .prepare(
        `SELECT connection_id, entity, operation, min(id) AS first FROM outbox
         WHERE state = 'pending' AND connection_id IN (SELECT value FROM json_each(?))
         GROUP BY connection_id, entity, operation ORDER BY first`,
      )
      .all(JSON.stringify(connectionIds)) as { connection_id: string; entity: string; operation: OutboxOperation }[];
    return rows.map((row) => ({ connectionId: row.connection_id, entity: row.entity, operation: row.operation }));
  }

  /** The earliest instant a pending write may be retried, or undefined when none is pending. */
  nextRetryAt(connectionIds: readonly string[]): string | null | undefined {
    const row = this.db
      .prepare(
        `SELECT count(*) AS n, min(coalesce(not_before, '')) AS first FROM outbox
         WHERE state = 'pending' AND connection_id IN (SELECT value FROM json_each(?))`,
      )
      .get(JSON.stringify(connectionIds)) as { n: number; first: string | null };
    if (row.n === 0) return undefined;
    return row.first === '' ? null : row.first;
  }

  /**
   * Records the next batch of one group (up to `size` writes due by `dueBy`, oldest first) before it is sent, in one
   * transaction. Returns undefined when no write of the group is due.
   */
  formBatch(group: OutboxGroup, size: number, dueBy: string): OutboxBatch | undefined {
    return this.db.transaction(() => {
      const rows = this.db
        .prepare(
          `SELECT * FROM outbox WHERE state = 'pending' AND connection_id = ? AND entity = ? AND operation = ?
             AND (not_before IS NULL OR not_before <= ?) ORDER BY id LIMIT ?`,
        )
        .all(group.connectionId, group.entity, group.operation, dueBy, size) as Row[];
      if (rows.length === 0) return undefined;
      const at = this.now().toISOString();
      const { lastInsertRowid } = this.db
        .prepare(
          `INSERT INTO outbox_batches (connection_id, entity, operation, state, created_at) VALUES (?, ?, ?, 'open', ?)`,
        )
        .run(group.connectionId, group.entity, group.operation, at);
      const batchId = Number(lastInsertRowid);
      const member = this.db.prepare(
        `UPDATE outbox SET state = 'batched', batch_id = ?, batch_position = ?, updated_at = ? WHERE id = ?`,
      );
      rows.forEach((row, position) => {
        member.run(batchId, position, at, row.id);
      });
      return {
        id: batchId,
        ...group,
        entries: rows.map((row, position) =>
          fromRow({ ...row, state: 'batched', batch_id: batchId, batch_position: position }),
        ),
      };
    })();
  }

  closeBatch(batchId: number): void {
    this.db
      .prepare("UPDATE outbox_batches SET state = 'closed', closed_at = ? WHERE id = ?")
      .run(this.now().toISOString(), batchId);
  }

  /** The system confirmed the write. */
  complete(id: number, result: OutboxTarget, attempts: number): void {
    this.db
      .prepare(
        "UPDATE outbox SET state = 'done', result_json = ?, attempts = ?, last_error = NULL, updated_at = ? WHERE id = ?",
      )
      .run(JSON.stringify(result), attempts, this.now().toISOString(), id);
  }

  /** A transient failure: back to pending, to be sent in a new batch once `notBefore` has passed. */
  retryLater(id: number, attempts: number, notBefore: string, error: string): void {
    this.db
      .prepare(
        `UPDATE outbox SET state = 'pending', batch_id = NULL, batch_position = NULL, attempts = ?, not_before = ?,
           last_error = ?, updated_at = ? WHERE id = ?`,
      )
      .run(attempts, notBefore, error, this.now().toISOString(), id);
  }

  deadLettered(id: number, attempts: number, deadLetterId: string, error: string): void {
    this.db
      .prepare(
        `UPDATE outbox SET state = 'dead', attempts = ?, dead_letter_id = ?, last_error = ?, updated_at = ? WHERE id = ?`,
      )
      .run(attempts, deadLetterId, error, this.now().toISOString(), id);
  }

  /** Stops unsent writes (a conflict was found on their record); they are never sent. */
  hold(ids: readonly number[]): void {
    const statement = this.db.prepare(
      "UPDATE outbox SET state = 'held', updated_at = ? WHERE id = ? AND state IN ('pending', 'waiting')",
    );
    const at = this.now().toISOString();
    for (const id of ids) statement.run(at, id);
  }

  /** Changes an unsent write (rebased onto a fresher target, or turned into an update once the target is known). */
  revise(
    id: number,
    changes: {
      operation?: OutboxOperation;
      target?: OutboxTarget | null;
      payload?: unknown;
      fields?: readonly string[];
    },
  ): void {
    const current = this.require(id);
    this.db
      .prepare(
        `UPDATE outbox SET operation = ?, target_json = ?, payload_json = ?, fields_json = ?, updated_at = ?
         WHERE id = ? AND state IN ('pending', 'waiting')`,
      )
      .run(
        changes.operation ?? current.operation,
        JSON.stringify(changes.target === undefined ? current.target : changes.target),
        JSON.stringify(changes.payload === undefined ? current.payload : changes.payload),
        JSON.stringify(changes.fields ?? current.fields),
        this.now().toISOString(),
        id,
      );
  }

  /** Lets the oldest write waiting behind a finished one go. */
  releaseNext(pairId: string, flowId: string, sourceId: string): OutboxEntry | undefined {
    const next = this.db
      .prepare(
        `SELECT * FROM outbox WHERE pair_id = ? AND flow_id = ? AND source_id = ? AND state = 'waiting' ORDER BY id LIMIT 1`,
      )
      .get(pairId, flowId, sourceId) as Row | undefined;
    if (!next) return undefined;
    if (this.unfinishedFor(pairId, flowId, sourceId).some((entry) => entry.state !== 'waiting')) return undefined;
    this.db
      .prepare("UPDATE outbox SET state = 'pending', updated_at = ? WHERE id = ?")
      .run(this.now().toISOString(), next.id);
    return this.get(next.id);
  }

  /** Writes not yet confirmed, per state, for one pair (or all). */
  countUnfinished(pairId?: string): number {
    const row = this.db
      .prepare(`SELECT count(*) AS n FROM outbox WHERE state IN ${UNFINISHED} AND (? IS NULL OR pair_id = ?)`)
      .get(pairId ?? null, pairId ?? null) as { n: number };
    return row.n;
  }

  listByState(state: OutboxState, pairId?: string): OutboxEntry[] {
    const rows = this.db
      .prepare('SELECT * FROM outbox WHERE state = ? AND (? IS NULL OR pair_id = ?) ORDER BY id')
      .all(state, pairId ?? null, pairId ?? null) as Row[];
    return rows.map(fromRow);
  }
}

function parsed<T>(json: string | null): T | null {
  return json === null ? null : (JSON.parse(json) as T);
}

function fromRow(row: Row): OutboxEntry {
  const source: OutboxSource | null =
    row.source_id === null
      ? null
      : {
          system: row.source_system ?? '',
          entity: row.source_entity ?? '',
          id: row.source_id,
          ...(row.source_number === null ? {} : { number: row.source_number }),
          ...(row.source_version === null ? {} : { version: row.source_version }),
        };
  return {
    id: row.id,
    idempotencyKey: row.idempotency_key,
    pairId: row.pair_id,
    flowId: row.flow_id,
    runId: row.run_id,
    connectionId: row.connection_id,
    entity: row.entity,
    operation: row.operation,
    target: parsed<OutboxTarget>(row.target_json),
    payload: JSON.parse(row.payload_json) as unknown,
    fields: parsed<string[]>(row.fields_json),
    source,
    sourceRecord: parsed<unknown>(row.source_json),
    actor: row.actor ?? undefined,
    reason: row.reason ?? undefined,
    deadLetterId: row.dead_letter_id ?? undefined,
    state: row.state,
    batchId: row.batch_id,
    batchPosition: row.batch_position,
    attempts: row.attempts,
    notBefore: row.not_before,
    lastError: row.last_error,
    result: parsed<OutboxTarget>(row.result_json),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
