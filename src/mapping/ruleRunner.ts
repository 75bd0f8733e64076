import type jsonata from 'jsonata';
import { CounterpartError, describeError } from '../errors.js';
import { compileExpression, evaluateExpression, type TargetInProgress } from './expressions.js';
import { type FieldRule, transformName } from './mappingDocument.js';
import { readPath, writePath } from './paths.js';
import { defaultValue } from './transforms/defaults.js';
import {
  fail,
  isEmptyValue,
  MappingFailed,
  TRANSFORMS,
  type TransformFn,
  type TransformScope,
} from './transforms/index.js';

interface CompiledExpression {
  readonly text: string;
  readonly expression: jsonata.Expression;
}

/** A field rule ready to run: transforms built and expressions parsed once per document. */
export interface CompiledRule {
  readonly to: string;
  readonly from?: string | readonly string[] | undefined;
  readonly value?: unknown;
  readonly expr?: CompiledExpression | undefined;
  readonly each?:
    | { readonly from: string; readonly when?: CompiledExpression | undefined; readonly rules: readonly CompiledRule[] }
    | undefined;
  readonly transforms: readonly TransformFn[];
  readonly default?: unknown;
  readonly required: boolean;
  readonly when?: CompiledExpression | undefined;
}

export function compileCondition(text: string | undefined): CompiledExpression | undefined {
  return text === undefined ? undefined : { text, expression: compileExpression(text) };
}

export function compileRules(rules: readonly FieldRule[]): CompiledRule[] {
  return rules.map((rule) => ({
    to: rule.to,
    from: rule.from,
    value: rule.value,
    expr: compileCondition(rule.expr),
    each: rule.each && {
      from: rule.each.from,
      when: compileCondition(rule.each.when),
      rules: compileRules(rule.each.fields),
    },
    transforms: rule.transforms.map((spec) => {
      const name = transformName(spec);
      const definition = TRANSFORMS.get(name);
      if (!definition) throw new CounterpartError('mapping.unknown_transform', `There is no transform "${name}".`);
      return definition.create(spec);
    }),
    default: rule.default,
    required: rule.required,
    when: compileCondition(rule.when),
  }));
}

/** The scope of one rule: the record-wide scope with the target path being written. */
export type RecordScope = Omit<TransformScope, 'field'>;

function atField(scope: RecordScope, field: string): TransformScope {
  return { ...scope, field };
}

function joinPath(prefix: string, path: string): string {
  return prefix === '' ? path : `${prefix}.${path}`;
}

/** True when a condition holds: JSONata's truthiness, with an empty sequence meaning no. */
export async function holds(
  condition: CompiledExpression,
  input: unknown,
  scope: TransformScope,
  target?: TargetInProgress,
): Promise<boolean> {
  const result = await evaluateExpression(condition.expression, condition.text, input, scope, target);
  return Array.isArray(result) ? result.length > 0 : Boolean(result);
}

async function sourceValue(
  rule: CompiledRule,
  input: unknown,
  scope: TransformScope,
  target: TargetInProgress,
): Promise<unknown> {
  if (rule.from !== undefined) {
    // A copy: translating references and later rules edit the target, never the source record.
    const read =
      typeof rule.from === 'string' ? readPath(input, rule.from) : rule.from.map((path) => readPath(input, path));
    return read === undefined ? undefined : structuredClone(read);
  }
  if (rule.value !== undefined) return structuredClone(rule.value);
  if (rule.expr) return evaluateExpression(rule.expr.expression, rule.expr.text, input, scope, target);
  if (rule.each) return mapEach(rule.each, input, scope, target.record as Record<string, unknown>);
  return undefined;
}

async function mapEach(
  each: NonNullable<CompiledRule['each']>,
  input: unknown,
  scope: TransformScope,
  root: Record<string, unknown>,
): Promise<unknown> {
  const list = readPath(input, each.from);
  if (list === undefined || list === null) return undefined;
  const elements = Array.isArray(list) ? list : [list];
  const mapped: Record<string, unknown>[] = [];
  for (const element of elements) {
    if (each.when && !(await holds(each.when, element, scope, { current: undefined, record: root }))) continue;
    const elementTarget: Record<string, unknown> = {};
    await applyRules(each.rules, element, elementTarget, { ...scope }, `${scope.field}[${mapped.length}]`, root);
    mapped.push(elementTarget);
  }
  return mapped;
}

/** Runs one rule: its source, transforms, default and required check; writes the value unless there is none. */
async function applyRule(
  rule: CompiledRule,
  input: unknown,
  target: Record<string, unknown>,
  scope: TransformScope,
  root: Record<string, unknown>,
): Promise<void> {
  const inProgress = { current: target, record: root };
  if (rule.when && !(await holds(rule.when, input, scope, inProgress))) return;
  let value = await sourceValue(rule, input, scope, inProgress);
  for (const transform of rule.transforms) value = transform(value, scope);
  if (rule.default !== undefined) value = defaultValue(value, rule.default);
  if (isEmptyValue(value)) {
    if (rule.required) {
      const from = rule.from === undefined ? '' : ` (from ${[rule.from].flat().join(', ')})`;
      fail(
        scope,
        'mapping.required_field',
        `Flow "${scope.flow}" needs ${scope.field} but the source record has no value for it${from}.`,
        value,
      );
    }
    if (value === undefined || value === null || value === '') return;
  }
  writePath(target, rule.to, value);
}

/** Applies rules in order to one input (the record, or one list element), writing into `target`. */
export async function applyRules(
  rules: readonly CompiledRule[],
  input: unknown,
  target: Record<string, unknown>,
  scope: RecordScope,
  prefix: string,
  root: Record<string, unknown>,
): Promise<void> {
  for (const rule of rules) {
    const ruleScope = atField(scope, joinPath(prefix, rule.to));
    try {
      await applyRule(rule, input, target, ruleScope, root);
    } catch (error) {
      if (error instanceof MappingFailed) throw error;
      // A model helper refusing a value (an unknown currency, an amount that is not a number) fails this record only.
      fail(
        ruleScope,
        'mapping.transform_failed',
        `Flow "${scope.flow}" cannot map ${ruleScope.field}: ${describeError(error)}`,
      );
    }
  }
}
