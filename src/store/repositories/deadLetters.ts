import type { Database } from 'better-sqlite3';
import { CounterpartError } from '../../errors.js';

export type DeadLetterRowState = 'open' | 'replayed' | 'resolved';

export interface DeadLetterRecord {
  readonly id: string;
  readonly pairId: string | null;
  readonly flowId: string;
  readonly entity: string;
  readonly targetConnectionId: string;
  readonly source: unknown;
  readonly payload: unknown;
  readonly errorClass: string;
  readonly errorCode: string;
  readonly systemMessage: string;
  readonly attempts: number;
  readonly replays: number;
  readonly state: DeadLetterRowState;
  readonly outboxId: number;
  readonly createdAt: string;
  readonly resolvedBy: string | null;
  readonly resolvedAt: string | null;
  readonly note: string | null;
}

export type NewDeadLetter = Omit<
  DeadLetterRecord,
  'replays' | 'state' | 'createdAt' | 'resolvedBy' | 'resolvedAt' | 'note'
>;

interface Row {
  id: string;
  pair_id: string | null;
  flow_id: string;
  entity: string;
  target_connection_id: string;
  source_json: string | null;
  payload_json: string;
  error_class: string;
  error_code: string;
  system_message: string;
  attempts: number;
  replays: number;
  state: DeadLetterRowState;
  outbox_id: number;
  created_at: string;
  resolved_by: string | null;
  resolved_at: string | null;
  note: string | null;
}

/** Writes refused for good, kept with what was sent and the system's own words until a person acts on them. */
export class DeadLetterRepository {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  add(letter: NewDeadLetter): DeadLetterRecord {
    this.db
      .prepare(
        `INSERT INTO dead_letters (id, pair_id, flow_id, entity, target_connection_id, source_json, payload_json,
           error_class, error_code, system_message, attempts, replays, state, outbox_id, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 'open', ?, ?)`,
      )
      .run(
        letter.id,
        letter.pairId,
        letter.flowId,
        letter.entity,
        letter.targetConnectionId,
        letter.source === null || letter.source === undefined ? null : JSON.stringify(letter.source),
        JSON.stringify(letter.payload),
        letter.errorClass,
        letter.errorCode,
        letter.systemMessage,
        letter.attempts,
        letter.outboxId,
        this.now().toISOString(),
      );
    return this.require(letter.id);
  }

  get(id: string): DeadLetterRecord | undefined {
    const row = this.db.prepare('SELECT * FROM dead_letters WHERE id = ?').get(id) as Row | undefined;
    return row && fromRow(row);
  }

  require(id: string): DeadLetterRecord {
    const letter = this.get(id);
    if (!letter) {
      throw new CounterpartError('sync.dead_letter_not_found', `There is no dead letter ${id} in this workspace.`, {
        deadLetter: id,
      });
    }
    return letter;
  }

  list(filter: { state?: DeadLetterRowState | undefined; pairId?: string | undefined } = {}): DeadLetterRecord[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM dead_letters WHERE (@state IS NULL OR state = @state) AND (@pair IS NULL OR pair_id = @pair)
         ORDER BY created_at, id`,
      )
      .all({ state: filter.state ?? null, pair: filter.pairId ?? null }) as Row[];
    return rows.map(fromRow);
  }

  /** A replay is about to be sent: counts it, so its idempotency key differs from the previous replay's. */
  countReplay(id: string): number {
    this.db.prepare('UPDATE dead_letters SET replays = replays + 1 WHERE id = ?').run(id);
    return this.require(id).replays;
  }

  /** A replay was refused again: the letter stays open with the newest refusal and payload. */
  refusedAgain(
    id: string,
    refusal: Pick<DeadLetterRecord, 'payload' | 'errorClass' | 'errorCode' | 'systemMessage' | 'attempts'>,
    outboxId: number,
  ): void {
    this.db
      .prepare(
        `UPDATE dead_letters SET payload_json = ?, error_class = ?, error_code = ?, system_message = ?,
           attempts = attempts + ?, outbox_id = ?, state = 'open' WHERE id = ?`,
      )
      .run(
        JSON.stringify(refusal.payload),
        refusal.errorClass,
        refusal.errorCode,
        refusal.systemMessage,
        refusal.attempts,
        outboxId,
        id,
      );
  }

  close(id: string, state: 'replayed' | 'resolved', by: string, note: string | null): DeadLetterRecord {
    this.db
      .prepare('UPDATE dead_letters SET state = ?, resolved_by = ?, resolved_at = ?, note = ? WHERE id = ?')
      .run(state, by, this.now().toISOString(), note, id);
    return this.require(id);
  }
}

function fromRow(row: Row): DeadLetterRecord {
  return {
    id: row.id,
    pairId: row.pair_id,
    flowId: row.flow_id,
    entity: row.entity,
    targetConnectionId: row.target_connection_id,
    source: row.source_json === null ? null : (JSON.parse(row.source_json) as unknown),
    payload: JSON.parse(row.payload_json) as unknown,
    errorClass: row.error_class,
    errorCode: row.error_code,
    systemMessage: row.system_message,
    attempts: row.attempts,
    replays: row.replays,
    state: row.state,
    outboxId: row.outbox_id,
    createdAt: row.created_at,
    resolvedBy: row.resolved_by,
    resolvedAt: row.resolved_at,
    note: row.note,
  };
}
