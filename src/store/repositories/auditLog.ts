import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';

export interface AuditEntryInput {
  readonly actor: string;
  readonly action: string;
  readonly subject: string;
  readonly before?: unknown;
  readonly after?: unknown;
  readonly comment?: string | undefined;
}

export interface AuditEntry {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly subject: string;
  readonly before: unknown;
  readonly after: unknown;
  readonly comment: string | null;
  readonly hash: string;
}

export interface AuditQuery {
  readonly limit: number;
  readonly beforeSeq?: number | undefined;
  readonly action?: string | undefined;
  readonly actor?: string | undefined;
}

export type AuditVerification =
  | { readonly intact: true; readonly entries: number }
  | {
      readonly intact: false;
      readonly entries: number;
      readonly brokenAtSeq: number;
    };

interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  before_json: string | null;
  after_json: string | null;
  comment: string | null;
  prev_hash: string;
  hash: string;
}

const GENESIS = '0'.repeat(64);

/**
 * The append-only audit trail. Each entry's hash covers its content and the previous entry's hash, so editing,
 * deleting or reordering any row breaks the chain at that row (`verify`). Triggers in the schema refuse UPDATE and
 * DELETE outright; the chain catches changes made around them (another tool, a restored file).
 */
export class AuditLog {
  constructor(private readonly db: Database) {}

  append(input: AuditEntryInput): AuditEntry {
    return this.db.transaction(() => {
      const last = this.db.prepare('SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as
        | { hash: string }
        | undefined;
      const row = {
        at: new Date().toISOString(),
        actor: input.actor,
        action: input.action,
        subject: input.subject,
        before_json: input.before === undefined ? null : JSON.stringify(input.before),
        after_json: input.after === undefined ? null : JSON.stringify(input.after),
        comment: input.comment ?? null,
        prev_hash: last?.hash ?? GENESIS,
      };
      const hash = hashOf(row);
      const { lastInsertRowid } = this.db
        .prepare(
          `INSERT INTO audit_log (at, actor, action, subject, before_json, after_json, comment, prev_hash, hash)
           VALUES (@at, @actor, @action, @subject, @before_json, @after_json, @comment, @prev_hash, @hash)`,
        )
        .run({ ...row, hash });
      return toEntry({ ...row, seq: Number(lastInsertRowid), hash });
    })();
  }

  list(query: AuditQuery): AuditEntry[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM audit_log
         WHERE (@beforeSeq IS NULL OR seq < @beforeSeq) AND (@action IS NULL OR action = @action)
           AND (@actor IS NULL OR actor = @actor)
         ORDER BY seq DESC LIMIT @limit`,
      )
      .all({
        limit: query.limit,
        beforeSeq: query.beforeSeq ?? null,
        action: query.action ?? null,
        actor: query.actor ?? null,
      }) as AuditRow[];
    return rows.map(toEntry);
  }

  verify(): AuditVerification {
    let previous = GENESIS;
    let entries = 0;
    for (const row of this.db.prepare('SELECT * FROM audit_log ORDER BY seq').iterate() as Iterable<AuditRow>) {
      if (row.prev_hash !== previous || hashOf(row) !== row.hash) {
        return { intact: false, entries, brokenAtSeq: row.seq };
      }
      previous = row.hash;
      entries += 1;
    }
    return { intact: true, entries };
  }
}

function hashOf(row: Omit<AuditRow, 'seq' | 'hash'>): string {
  const content = [row.at, row.actor, row.action, row.subject, row.before_json, row.after_json, row.comment];
  return createHash('sha256')
    .update(`${row.prev_hash}\n${JSON.stringify(content)}`)
    .digest('hex');
}

function toEntry(row: Omit<AuditRow, 'prev_hash'>): AuditEntry {
  return {
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    action: row.action,
    subject: row.subject,
    before: row.before_json === null ? null : JSON.parse(row.before_json),
    after: row.after_json === null ? null : JSON.parse(row.after_json),
    comment: row.comment,
    hash: row.hash,
  };
}
