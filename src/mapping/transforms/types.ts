import { z } from 'zod';
import { CounterpartError } from '../../errors.js';
import type { MappingContext, MappingFailure } from '../compiledMapping.js';

/** A status map: canonical (or system) statuses of one kind to those of another, e.g. order status → invoice status. */
export interface StatusMapTable {
  readonly description?: string | undefined;
  readonly entries: Readonly<Record<string, string>>;
  /** The status to use for any value not listed; without it an unlisted value fails the record. */
  readonly otherwise?: string | undefined;
}

/** One published exchange rate: units of `to` per one unit of `from`, valid from `date`. */
export interface RateEntry {
  readonly from: string;
  readonly to: string;
  readonly date: string;
  readonly rate: string;
}

export interface RatesTable {
  /** Who published the rates (e.g. "ECB reference rates"), quoted when a conversion says which rate it used. */
  readonly source: string;
  readonly entries: readonly RateEntry[];
}

/** The named tables of a mapping document that transforms read. */
export interface MappingTables {
  readonly lookups: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly statusMaps: Readonly<Record<string, StatusMapTable>>;
  readonly rates?: RatesTable | undefined;
}

/** A record could not be mapped: carries the failure the flow reports, never escapes `map()`. */
export class MappingFailed extends CounterpartError {
  readonly failure: MappingFailure;

  constructor(failure: MappingFailure) {
    super(failure.code, failure.message, { flow: failure.flow, field: failure.field });
    this.name = 'MappingFailed';
    this.failure = failure;
  }
}

/** What a transform may know while it converts one value. */
export interface TransformScope {
  readonly flow: string;
  /** The target path being written, with list positions (e.g. `lines[2].taxCode`). */
  readonly field: string;
  /** The whole source record. */
  readonly record: unknown;
  readonly context: MappingContext;
  readonly tables: MappingTables;
  /** Records how a value was obtained (which exchange rate was used), shown with the mapped record. */
  note(text: string): void;
}

/** Fails the record being mapped with one sentence naming the flow, the field and the value. */
export function fail(scope: TransformScope, code: string, message: string, value?: unknown): never {
  throw new MappingFailed({ code, message, flow: scope.flow, field: scope.field, value });
}

export type TransformFn = (value: unknown, scope: TransformScope) => unknown;

/**
 * One transform a mapping rule can name. In a document it is written `name` (no options) or `{name: main, option:
 * …}`; `options` validates that object, `check` the tables it refers to, `create` builds the function once per
 * document.
 */
export interface TransformDefinition {
  readonly name: string;
  readonly family: string;
  readonly options: z.ZodType<Record<string, unknown>>;
  check?(options: Record<string, unknown>, tables: MappingTables): string | undefined;
  create(options: Record<string, unknown>): TransformFn;
}

/** Declares a transform with typed options. */
export function defineTransform<Schema extends z.ZodObject>(definition: {
  name: string;
  family: string;
  options: Schema;
  check?: (options: z.infer<Schema>, tables: MappingTables) => string | undefined;
  create: (options: z.infer<Schema>) => TransformFn;
}): TransformDefinition {
  return definition as unknown as TransformDefinition;
}

/** A transform that takes no options: `trim`, `upper`. */
export const NoOptions = (name: string) => z.object({ [name]: z.literal(true) }).strict();

/** Empty means "no value" to defaults and required checks: undefined, null, blank text, an empty list. */
export function isEmptyValue(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    (typeof value === 'string' && value.trim() === '') ||
    (Array.isArray(value) && value.length === 0)
  );
}

/** A value quoted in a failure message. */
export function quote(value: unknown): string {
  if (typeof value === 'string') return `"${value}"`;
  if (value === undefined) return '(nothing)';
  return JSON.stringify(value) ?? String(value);
}
