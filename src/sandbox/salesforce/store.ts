import type { SandboxClock } from '../shared/clock.js';
import { IdFactory } from './ids.js';
import type { SchemaRegistry } from './schema.js';

export type FieldValue = string | number | boolean | null;
/** A stored record: canonical field names to wire values (dates `YYYY-MM-DD`, datetimes `…T…000+0000`). */
export type SfRecord = Record<string, FieldValue>;

export type ChangeType = 'CREATE' | 'UPDATE' | 'DELETE' | 'UNDELETE';

/** One committed change, from which the CDC publisher builds its event. */
export interface RecordChange {
  readonly entityName: string;
  readonly changeType: ChangeType;
  readonly recordId: string;
  /** CREATE: populated fields; UPDATE: changed non-null fields; DELETE/UNDELETE: none. */
  readonly fields: SfRecord;
  readonly changedFields: readonly string[];
  readonly nulledFields: readonly string[];
  readonly origin: string;
  readonly userId: string;
  readonly transactionKey: string;
  readonly sequenceNumber: number;
  readonly commitTimestamp: number;
}

export interface StoreSnapshot {
  readonly version: 1;
  readonly records: Record<string, SfRecord[]>;
  readonly counters: Record<string, number>;
  readonly autoNumbers: Record<string, number>;
}

type Undo = () => void;

/** `2024-05-01T10:00:00.000+0000`, the way the REST API writes datetimes. */
export function formatDateTime(date: Date): string {
  return date.toISOString().replace('Z', '+0000');
}

/**
 * All records of all objects, with an undo log so a request can be rolled back (allOrNone, composite) and a change
 * feed that only sees committed changes.
 */
export class RecordStore {
  readonly ids: IdFactory;
  private readonly tables = new Map<string, Map<string, SfRecord>>();
  private readonly autoNumbers = new Map<string, number>();
  private readonly listeners = new Set<(change: RecordChange) => void>();
  private undoLog: Undo[] = [];
  private pending: RecordChange[] = [];
  private depth = 0;
  private muted = 0;
  private readonly indexes = new Map<string, [string, Map<string, Set<string>>][]>();

  constructor(
    readonly schema: SchemaRegistry,
    readonly clock: SandboxClock,
    snapshot?: StoreSnapshot,
  ) {
    this.ids = new IdFactory(snapshot?.counters);
    for (const object of schema.all()) this.tables.set(object.name, new Map());
    for (const [name, records] of Object.entries(snapshot?.records ?? {})) {
      const table = this.tables.get(name);
      if (!table) continue;
      for (const record of records) if (typeof record.Id === 'string') this.replace(name, record.Id, record);
    }
    for (const [name, value] of Object.entries(snapshot?.autoNumbers ?? {})) this.autoNumbers.set(name, value);
  }

  table(objectName: string): Map<string, SfRecord> {
    const table = this.tables.get(objectName);
    if (!table) throw new Error(`No table for ${objectName}`);
    return table;
  }

  get(objectName: string, id: string): SfRecord | undefined {
    return this.tables.get(objectName)?.get(id);
  }

  /** Finds the object and record for an id of any type. */
  find(id: string): { objectName: string; record: SfRecord } | undefined {
    const object = this.schema.objectForKeyPrefix(id.slice(0, 3));
    const record = object ? this.get(object.name, id) : undefined;
    return object && record ? { objectName: object.name, record } : undefined;
  }

  rows(objectName: string, includeDeleted = false): SfRecord[] {
    const rows = [...this.table(objectName).values()];
    return includeDeleted ? rows : rows.filter((row) => row.IsDeleted !== true);
  }

  /** The next number of an auto-number field, never below `first`. */
  nextAutoNumber(name: string, first = 1): number {
    const value = Math.max((this.autoNumbers.get(name) ?? 0) + 1, first);
    this.setAutoNumber(name, value);
    return value;
  }

  /** Records that a number was used (a seeded OrderNumber), so the next one comes after it. */
  raiseAutoNumber(name: string, used: number): void {
    if (used > (this.autoNumbers.get(name) ?? 0)) this.setAutoNumber(name, used);
  }

  private setAutoNumber(name: string, value: number): void {
    const previous = this.autoNumbers.get(name);
    this.autoNumbers.set(name, value);
    if (this.depth > 0) this.undoLog.push(() => this.autoNumbers.set(name, previous ?? 0));
  }

  /** Stores a record (new or replaced) and logs how to undo it. */
  put(objectName: string, record: SfRecord): void {
    const id = String(record.Id);
    const previous = this.table(objectName).get(id);
    this.replace(objectName, id, record);
    if (this.depth > 0) this.undoLog.push(() => this.replace(objectName, id, previous));
  }

  /** Live and deleted records whose indexed field (a child's parent reference, an external id) has this value. */
  lookup(objectName: string, fieldName: string, value: string): SfRecord[] {
    const index = this.indexesOf(objectName).find(([name]) => name === fieldName)?.[1];
    const ids = index?.get(value.toLowerCase());
    if (!ids) return [];
    const table = this.table(objectName);
    return [...ids].map((id) => table.get(id)).filter((row): row is SfRecord => row !== undefined);
  }

  private replace(objectName: string, id: string, record: SfRecord | undefined): void {
    const table = this.table(objectName);
    const previous = table.get(id);
    for (const [fieldName, index] of this.indexesOf(objectName)) {
      const before = previous?.[fieldName];
      const after = record?.[fieldName];
      if (before === after) continue;
      if (typeof before === 'string') index.get(before.toLowerCase())?.delete(id);
      if (typeof after === 'string') {
        const key = after.toLowerCase();
        const ids = index.get(key);
        if (ids) ids.add(id);
        else index.set(key, new Set([id]));
      }
    }
    if (record) table.set(id, record);
    else table.delete(id);
  }

  /** Indexes kept per object: parent references that have a child relationship, external-id and unique fields. */
  private indexesOf(objectName: string): [string, Map<string, Set<string>>][] {
    let indexes = this.indexes.get(objectName);
    if (!indexes) {
      indexes = (this.schema.object(objectName)?.fields ?? [])
        .filter((def) => (def.type === 'reference' && def.childRelationshipName) || def.externalId || def.unique)
        .map((def) => [def.name, new Map<string, Set<string>>()]);
      this.indexes.set(objectName, indexes);
    }
    return indexes;
  }

  record(change: RecordChange): void {
    if (this.muted > 0) return;
    this.pending.push(change);
    if (this.depth === 0) this.flush();
  }

  /**
   * Runs `work` as one unit: if it throws, every change it made is undone and nothing is published. Nested calls
   * behave as savepoints. Events are published when the outermost unit commits.
   */
  transaction<T>(work: () => T): T {
    const undoMark = this.undoLog.length;
    const eventMark = this.pending.length;
    this.depth++;
    try {
      const result = work();
      this.depth--;
      if (this.depth === 0) {
        this.undoLog = [];
        this.flush();
      }
      return result;
    } catch (error) {
      this.rollbackTo(undoMark, eventMark);
      this.depth--;
      if (this.depth === 0) this.undoLog = [];
      throw error;
    }
  }

  private rollbackTo(undoMark: number, eventMark: number): void {
    while (this.undoLog.length > undoMark) this.undoLog.pop()?.();
    this.pending.length = eventMark;
  }

  /** Runs `work` without publishing changes (seeding an org is not a stream of change events). */
  mute<T>(work: () => T): T {
    this.muted++;
    try {
      return work();
    } finally {
      this.muted--;
    }
  }

  get isMuted(): boolean {
    return this.muted > 0;
  }

  onChange(listener: (change: RecordChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private flush(): void {
    const changes = this.pending;
    this.pending = [];
    for (const change of changes) for (const listener of this.listeners) listener(change);
  }

  now(): string {
    return formatDateTime(this.clock.now());
  }

  snapshot(): StoreSnapshot {
    const records: Record<string, SfRecord[]> = {};
    for (const [name, table] of this.tables) records[name] = [...table.values()];
    return {
      version: 1,
      records,
      counters: this.ids.snapshot(),
      autoNumbers: Object.fromEntries(this.autoNumbers),
    };
  }
}
