import type { Database, Statement } from 'better-sqlite3';
import { z } from 'zod';
import { CounterpartError } from '../../errors.js';
import { type ReconSide, statementCache } from './reconciliations.js';

export type MatchState = 'auto' | 'suggested' | 'accepted' | 'manual' | 'rejected';

const Evidence = z.array(z.object({ field: z.string(), level: z.string(), weight: z.number() }));
const Differences = z.array(z.object({ field: z.string(), left: z.string(), right: z.string() }));
const Codes = z.array(z.string());
const Alternatives = z.array(
  z.object({ left: z.array(z.string()), right: z.array(z.string()), confidence: z.number() }),
);

export interface StoredMatch {
  readonly id: string;
  readonly origin: 'engine' | 'manual';
  /** What the engine proposed (null for matches made by hand); never changed by decisions. */
  readonly engineStatus: 'auto' | 'suggested' | null;
  readonly state: MatchState;
  readonly pass: string | null;
  readonly confidence: number | null;
  readonly left: readonly string[];
  readonly right: readonly string[];
  readonly evidence: readonly Readonly<z.infer<typeof Evidence>[number]>[];
  readonly differences: readonly Readonly<z.infer<typeof Differences>[number]>[];
  readonly flags: readonly string[];
  readonly alternatives: readonly {
    readonly left: readonly string[];
    readonly right: readonly string[];
    readonly confidence: number;
  }[];
  readonly createdAt: string;
}

export type NewMatch = Omit<StoredMatch, 'id' | 'createdAt'>;

export interface StoredFlag {
  readonly code: string;
  readonly severity: 'info' | 'warning' | 'error';
  readonly score: number;
  readonly message: string;
  readonly side: 'left' | 'right' | 'both';
  readonly ids: readonly string[];
}

type FlagRow = Omit<StoredFlag, 'ids'> & { ids_json: string };

interface MatchRow {
  id: number;
  origin: 'engine' | 'manual';
  engine_status: 'auto' | 'suggested' | null;
  state: MatchState;
  pass: string | null;
  confidence: number | null;
  left_keys_json: string;
  right_keys_json: string;
  evidence_json: string;
  differences_json: string;
  flags_json: string;
  alternatives_json: string;
  created_at: string;
}

/** Matches (as the engine proposed them, or made by hand) and the anomaly flags the engine raised. */
export class ReconMatchRepository {
  private readonly prepare: (sql: string) => Statement;

  constructor(db: Database) {
    this.prepare = statementCache(db);
  }

  insert(reconciliationId: string, match: NewMatch, at: string = new Date().toISOString()): string {
    const { lastInsertRowid } = this.prepare(
      `INSERT INTO recon_matches (reconciliation_id, origin, engine_status, state, pass, confidence, left_keys_json,
           right_keys_json, evidence_json, differences_json, flags_json, alternatives_json, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      reconciliationId,
      match.origin,
      match.engineStatus,
      match.state,
      match.pass,
      match.confidence,
      JSON.stringify(match.left),
      JSON.stringify(match.right),
      JSON.stringify(match.evidence),
      JSON.stringify(match.differences),
      JSON.stringify(match.flags),
      JSON.stringify(match.alternatives),
      at,
    );
    return String(lastInsertRowid);
  }

  get(reconciliationId: string, id: string): StoredMatch | undefined {
    const row = this.prepare('SELECT * FROM recon_matches WHERE reconciliation_id = ? AND id = ?').get(
      reconciliationId,
      Number(id),
    ) as MatchRow | undefined;
    return row ? toMatch(row) : undefined;
  }

  require(reconciliationId: string, id: string): StoredMatch {
    const match = this.get(reconciliationId, id);
    if (!match) {
      throw new CounterpartError('recon.unknown_match', `Reconciliation ${reconciliationId} has no match ${id}.`, {
        reconciliationId,
        matchId: id,
      });
    }
    return match;
  }

  setState(reconciliationId: string, id: string, state: MatchState): void {
    this.prepare('UPDATE recon_matches SET state = ? WHERE reconciliation_id = ? AND id = ?').run(
      state,
      reconciliationId,
      Number(id),
    );
  }

  /** Suggested matches at or above a confidence, best first. */
  suggestedFrom(reconciliationId: string, minConfidence: number): StoredMatch[] {
    const rows = this.prepare(
      `SELECT * FROM recon_matches WHERE reconciliation_id = ? AND state = 'suggested' AND confidence >= ?
         ORDER BY confidence DESC, id`,
    ).all(reconciliationId, minConfidence) as MatchRow[];
    return rows.map(toMatch);
  }

  /** Matches that still stand (not rejected), in the order they were made. */
  *iterateStanding(reconciliationId: string): IterableIterator<StoredMatch> {
    const rows = this.prepare(
      `SELECT * FROM recon_matches WHERE reconciliation_id = ? AND state <> 'rejected' ORDER BY id`,
    ).iterate(reconciliationId) as IterableIterator<MatchRow>;
    for (const row of rows) yield toMatch(row);
  }

  insertFlag(reconciliationId: string, flag: StoredFlag): void {
    const { lastInsertRowid } = this.prepare(
      `INSERT INTO recon_flags (reconciliation_id, code, severity, score, message, side, ids_json)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(reconciliationId, flag.code, flag.severity, flag.score, flag.message, flag.side, JSON.stringify(flag.ids));
    const link = this.prepare(
      `INSERT OR IGNORE INTO recon_flag_records (flag_id, reconciliation_id, side, record_key) VALUES (?, ?, ?, ?)`,
    );
    for (const [side, key] of flagRecords(flag)) link.run(lastInsertRowid, reconciliationId, side, key);
  }

  listFlags(reconciliationId: string): StoredFlag[] {
    const rows = this.prepare('SELECT * FROM recon_flags WHERE reconciliation_id = ? ORDER BY id').all(
      reconciliationId,
    ) as FlagRow[];
    return rows.map(toFlag);
  }

  /** The flags raised on one record. */
  flagsOf(reconciliationId: string, side: ReconSide, key: string): StoredFlag[] {
    return this.flagsOfMany(reconciliationId, side, [key]).get(key) ?? [];
  }

  /** The flags raised on each of many records (a page of rows), by record key. */
  flagsOfMany(reconciliationId: string, side: ReconSide, keys: readonly string[]): Map<string, StoredFlag[]> {
    const rows = this.prepare(
      `SELECT r.record_key AS record_key, f.* FROM recon_flag_records r JOIN recon_flags f ON f.id = r.flag_id
       WHERE r.reconciliation_id = ? AND r.side = ? AND r.record_key IN (SELECT value FROM json_each(?))
       ORDER BY f.id`,
    ).all(reconciliationId, side, JSON.stringify(keys)) as Array<FlagRow & { record_key: string }>;
    const byKey = new Map<string, StoredFlag[]>();
    for (const row of rows) byKey.set(row.record_key, [...(byKey.get(row.record_key) ?? []), toFlag(row)]);
    return byKey;
  }
}

/**
 * Which records a flag concerns. The engine lists ids without sides for flags on both sides (left ids first);
 * an id that exists on both sides is linked on both, which at worst shows a flag beside its twin too.
 */
function flagRecords(flag: StoredFlag): Array<[ReconSide, string]> {
  if (flag.side === 'left' || flag.side === 'right') return flag.ids.map((id) => [flag.side as ReconSide, id]);
  return flag.ids.flatMap(
    (id): Array<[ReconSide, string]> => [
      ['left', id],
      ['right', id],
    ],
  );
}

function toFlag({ code, severity, score, message, side, ids_json }: FlagRow): StoredFlag {
  return { code, severity, score, message, side, ids: Codes.parse(JSON.parse(ids_json)) };
}

function toMatch(row: MatchRow): StoredMatch {
  return {
    id: String(row.id),
    origin: row.origin,
    engineStatus: row.engine_status,
    state: row.state,
    pass: row.pass,
    confidence: row.confidence,
    left: Codes.parse(JSON.parse(row.left_keys_json)),
    right: Codes.parse(JSON.parse(row.right_keys_json)),
    evidence: Evidence.parse(JSON.parse(row.evidence_json)),
    differences: Differences.parse(JSON.parse(row.differences_json)),
    flags: Codes.parse(JSON.parse(row.flags_json)),
    alternatives: Alternatives.parse(JSON.parse(row.alternatives_json)),
    createdAt: row.created_at,
  };
}
