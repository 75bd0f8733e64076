import jsonata from 'jsonata';
import { ENTITIES, type Entity } from '../connectors/connector.js';
import { CounterpartError, describeError } from '../errors.js';
import { RecordRef } from '../model/index.js';
import { calculationFunctions } from './transforms/calculated.js';
import { chooseRate } from './transforms/currency.js';
import { lookupValue } from './transforms/lookup.js';
import { statusValue } from './transforms/statusMap.js';
import { fail, MappingFailed, type TransformScope } from './transforms/types.js';

/**
 * `when` conditions and `expr` rules are JSONata (jsonata.org) evaluated on the source record (or on the list element
 * inside `each`), with Counterpart's functions bound:
 *   $record — the whole source record; $target — the target built so far at this level (the line inside `each`),
 *   $targetRecord — the whole target record so far (totals of mapped lines); $systems — {accounting, erp}
 *   $today() — the organisation's date; $lookup(table, value); $status(map, value)
 *   $counterpart(entity, ref) — the target-side RecordRef of a source-side one, from the cross-references
 *   $rate(from, to, date) — the exchange rate used for that date; plus the calculations of transforms/calculated.ts
 */
const compiled = new Map<string, jsonata.Expression>();
/** Documents being edited produce many short-lived texts: the oldest parsed expressions are let go past this. */
const MAX_COMPILED = 2000;

/** Parses an expression once per text (documents share them), or throws naming the position of the mistake. */
export function compileExpression(text: string): jsonata.Expression {
  let expression = compiled.get(text);
  if (!expression) {
    try {
      expression = jsonata(text);
    } catch (error) {
      const position = (error as { position?: number }).position;
      throw new CounterpartError(
        'mapping.bad_expression',
        `"${text}" is not a valid expression${position === undefined ? '' : ` (at character ${position})`}: ${describeError(error)}`,
        { expression: text },
      );
    }
    if (compiled.size >= MAX_COMPILED) compiled.delete(compiled.keys().next().value as string);
    compiled.set(text, expression);
  }
  return expression;
}

function isEntity(value: unknown): value is Entity {
  return typeof value === 'string' && (ENTITIES as readonly string[]).includes(value);
}

/** The target being built: `$target` at the current level (a line inside `each`), `$targetRecord` the whole record. */
export interface TargetInProgress {
  readonly current: unknown;
  readonly record: unknown;
}

function bindings(scope: TransformScope, target: TargetInProgress | undefined): Record<string, unknown> {
  const { tables, context } = scope;
  return {
    record: scope.record,
    target: target?.current,
    targetRecord: target?.record,
    systems: context.systems,
    today: () => context.today,
    lookup: (table: string, value: unknown) => lookupValue(tables.lookups[table], table, value, scope),
    status: (map: string, value: unknown) => statusValue(map, value, false, scope),
    counterpart: (entity: unknown, ref: unknown) => {
      const parsed = RecordRef.safeParse(ref);
      if (!isEntity(entity) || !parsed.success) return undefined;
      return context.counterpartOf(entity, parsed.data);
    },
    rate: (from: string, to: string, date: string) => chooseRate(tables.rates, from, to, date)?.rate,
    ...calculationFunctions,
  };
}

/** JSONata sequences are arrays with extra properties; the record keeps plain JSON values only. */
function plain(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

/** Evaluates an expression for one record; any failure becomes the record's MappingFailure naming flow and field. */
export async function evaluateExpression(
  expression: jsonata.Expression,
  text: string,
  input: unknown,
  scope: TransformScope,
  target?: TargetInProgress,
): Promise<unknown> {
  try {
    return plain(await expression.evaluate(input, bindings(scope, target)));
  } catch (error) {
    if (error instanceof MappingFailed) throw error;
    return fail(
      scope,
      'mapping.expression_failed',
      `Flow "${scope.flow}" cannot compute ${scope.field}: ${text} failed: ${describeError(error)}.`,
    );
  }
}
