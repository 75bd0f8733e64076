import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { SandboxClock } from '../shared/clock.js';
import { CLASSES, type ClassSpec } from './classes.js';

export type FieldValue = string | number | (string | number)[];
export type FieldMap = Record<string, FieldValue>;

/** One X3 record: header fields by bare code (technical stamps included) and its child lines, if the class has any. */
export interface X3Record {
  readonly uuid: string;
  fields: FieldMap;
  lines: FieldMap[];
}

const FieldValueSchema = z.union([z.string(), z.number(), z.array(z.union([z.string(), z.number()]))]);
const StoredRecord = z.object({
  uuid: z.string(),
  fields: z.record(z.string(), FieldValueSchema),
  lines: z.array(z.record(z.string(), FieldValueSchema)),
});
export const StoreSnapshot = z.object({
  records: z.record(z.string(), z.array(StoredRecord)),
  counters: z.record(z.string(), z.number().int()),
});
export type StoreSnapshot = z.infer<typeof StoreSnapshot>;

export function keyOf(spec: ClassSpec, fields: FieldMap): string {
  return spec.keys.map((key) => String(fields[key] ?? '')).join('~');
}

/**
 * The folder's tables in memory. Every write stamps UPDDATTIM (and CREDATTIM on create), bumps UPDTICK and records
 * the user, so incremental reads on the update stamp see each change.
 */
export class X3Store {
  private readonly tables = new Map<string, Map<string, X3Record>>();
  private readonly counters = new Map<string, number>();

  constructor(
    private readonly clock: SandboxClock,
    private readonly precision: 'second' | 'millisecond',
  ) {
    for (const name of Object.keys(CLASSES)) this.tables.set(name, new Map());
  }

  table(className: string): Map<string, X3Record> {
    const table = this.tables.get(className);
    if (!table) throw new Error(`no table for ${className}`);
    return table;
  }

  all(className: string): X3Record[] {
    return [...this.table(className).values()];
  }

  get(className: string, key: string): X3Record | undefined {
    return this.table(className).get(key);
  }

  /** The current stamp in the form X3 writes it (`2024-05-31T17:02:11Z`). */
  stamp(): string {
    const iso = this.clock.now().toISOString();
    return this.precision === 'second' ? `${iso.slice(0, 19)}Z` : iso;
  }

  insert(spec: ClassSpec, fields: FieldMap, lines: FieldMap[], user: string): X3Record {
    const now = this.stamp();
    const record: X3Record = {
      uuid: randomUUID(),
      fields: { ...fields, CREDATTIM: now, UPDDATTIM: now, UPDTICK: 1, CREUSR: user, UPDUSR: user },
      lines,
    };
    this.table(spec.name).set(keyOf(spec, record.fields), record);
    return record;
  }

  /**
   * Seeds keep the stamps they were given, so a seed file can hold history (a record last changed last month).
   * Takes ownership of `fields` (no copy: seeding thousands of records must stay fast).
   */
  load(spec: ClassSpec, fields: FieldMap, lines: FieldMap[], uuid?: string): X3Record {
    if (fields.UPDDATTIM === undefined) fields.UPDDATTIM = this.stamp();
    fields.CREDATTIM ??= fields.UPDDATTIM;
    fields.UPDTICK ??= 1;
    fields.CREUSR ??= 'ADMIN';
    fields.UPDUSR ??= 'ADMIN';
    const record: X3Record = { uuid: uuid ?? randomUUID(), fields, lines };
    this.table(spec.name).set(keyOf(spec, fields), record);
    return record;
  }

  /** Marks a record changed: new UPDDATTIM, UPDTICK + 1. */
  touch(record: X3Record, user: string): void {
    record.fields.UPDDATTIM = this.stamp();
    record.fields.UPDTICK = Number(record.fields.UPDTICK ?? 0) + 1;
    record.fields.UPDUSR = user;
  }

  remove(className: string, key: string): void {
    this.table(className).delete(key);
  }

  /** Next document number for a prefix, skipping numbers already taken (seeds may hold any). */
  nextNumber(spec: ClassSpec, prefix: string): string {
    const table = this.table(spec.name);
    let next = this.counters.get(spec.name) ?? 0;
    let candidate: string;
    do {
      next += 1;
      candidate = `${prefix}${String(next).padStart(6, '0')}`;
    } while (table.has(candidate));
    this.counters.set(spec.name, next);
    return candidate;
  }

  snapshot(): StoreSnapshot {
    const records: StoreSnapshot['records'] = {};
    for (const [name, table] of this.tables) records[name] = [...table.values()];
    return structuredClone({ records, counters: Object.fromEntries(this.counters) });
  }

  restore(snapshot: StoreSnapshot): void {
    for (const [name, records] of Object.entries(snapshot.records)) {
      const spec = CLASSES[name];
      if (!spec) continue;
      const table = this.table(name);
      table.clear();
      for (const record of records) table.set(keyOf(spec, record.fields), structuredClone(record));
    }
    for (const [name, value] of Object.entries(snapshot.counters)) this.counters.set(name, value);
  }
}
