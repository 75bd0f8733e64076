import { CounterpartError } from '../errors.js';

/**
 * Field paths in mapping documents: `name`, `party.code`, `customFields.Invoice_Number__c`, `lines[0].taxCode`,
 * `addresses[kind=billing].postalCode` (the first element whose `kind` is `billing`) and, for reading only,
 * `addresses[].postalCode` (every element's value). `$` (or an empty path) is the value itself, for `each` rules
 * over lists of plain values.
 */
export type PathStep =
  | { readonly kind: 'field'; readonly name: string }
  | { readonly kind: 'index'; readonly index: number }
  | { readonly kind: 'all' }
  | { readonly kind: 'match'; readonly field: string; readonly value: string };

const SEGMENT = /^([A-Za-z_][A-Za-z0-9_]*)((?:\[[^\]]*\])*)$/;
const BRACKET = /\[([^\]]*)\]/g;

const parsedPaths = new Map<string, readonly PathStep[]>();

/** The steps of a path, or a CounterpartError saying which part of it is wrong. */
export function parsePath(path: string): readonly PathStep[] {
  const known = parsedPaths.get(path);
  if (known) return known;
  const steps: PathStep[] = [];
  if (path !== '' && path !== '$') {
    for (const segment of path.split('.')) {
      const match = SEGMENT.exec(segment);
      if (!match) throw badPath(path, `"${segment}" is not a field name`);
      steps.push({ kind: 'field', name: match[1] ?? '' });
      for (const [, inside = ''] of (match[2] ?? '').matchAll(BRACKET)) steps.push(bracketStep(path, inside));
    }
  }
  parsedPaths.set(path, steps);
  return steps;
}

function bracketStep(path: string, inside: string): PathStep {
  if (inside === '') return { kind: 'all' };
  if (/^\d+$/.test(inside)) return { kind: 'index', index: Number(inside) };
  const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.+)$/.exec(inside);
  if (!match) throw badPath(path, `"[${inside}]" is neither an index, [] nor [field=value]`);
  return { kind: 'match', field: match[1] ?? '', value: match[2] ?? '' };
}

function badPath(path: string, reason: string): CounterpartError {
  return new CounterpartError('mapping.bad_path', `"${path}" is not a field path: ${reason}.`, { path });
}

/** True when the path can be written to (no `[]`). */
export function isWritablePath(path: string): boolean {
  return parsePath(path).every((step) => step.kind !== 'all');
}

type Container = Record<string, unknown> | unknown[];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function matches(element: unknown, step: { field: string; value: string }): boolean {
  return isObject(element) && String(element[step.field]) === step.value;
}

/** The value at a path; undefined when any step is missing. `[]` steps give a list of the values found. */
export function readPath(value: unknown, path: string): unknown {
  return readSteps(value, parsePath(path));
}

function readSteps(value: unknown, steps: readonly PathStep[]): unknown {
  let current = value;
  for (const [position, step] of steps.entries()) {
    if (current === undefined || current === null) return undefined;
    switch (step.kind) {
      case 'field':
        current = isObject(current) ? current[step.name] : undefined;
        break;
      case 'index':
        current = Array.isArray(current) ? current[step.index] : undefined;
        break;
      case 'match':
        current = Array.isArray(current) ? current.find((element) => matches(element, step)) : undefined;
        break;
      case 'all': {
        if (!Array.isArray(current)) return undefined;
        const rest = steps.slice(position + 1);
        return current.flatMap((element) => {
          const found = readSteps(element, rest);
          return found === undefined ? [] : [found];
        });
      }
    }
  }
  return current;
}

/** Writes a value at a path, creating the objects, list elements and `[field=value]` elements it needs. */
export function writePath(target: Record<string, unknown>, path: string, value: unknown): void {
  const steps = parsePath(path);
  if (steps.length === 0) throw badPath(path, 'a target path needs at least one field');
  let current: Container = target;
  for (const [position, step] of steps.entries()) {
    const last = position === steps.length - 1;
    const next = steps[position + 1];
    const fresh = (): Container => (next?.kind === 'field' ? {} : []);
    current = writeStep(path, current, step, last ? value : undefined, last, fresh);
  }
}

function writeStep(
  path: string,
  container: Container,
  step: PathStep,
  value: unknown,
  last: boolean,
  fresh: () => Container,
): Container {
  if (step.kind === 'all') throw badPath(path, '[] can be read but not written');
  if (step.kind === 'field') {
    if (!isObject(container)) throw badPath(path, `"${step.name}" is not inside an object`);
    if (last) {
      container[step.name] = value;
      return container;
    }
    const existing = container[step.name];
    if (isObject(existing) || Array.isArray(existing)) return existing;
    const created = fresh();
    container[step.name] = created;
    return created;
  }
  if (!Array.isArray(container)) throw badPath(path, 'an index or [field=value] needs a list');
  let index = step.kind === 'index' ? step.index : container.findIndex((element) => matches(element, step));
  if (index < 0) {
    index = container.length;
    container.push(step.kind === 'match' ? { [step.field]: step.value } : undefined);
  }
  while (container.length <= index) container.push(undefined);
  if (last) {
    container[index] = value;
    return container;
  }
  const existing = container[index];
  if (isObject(existing) || Array.isArray(existing)) return existing;
  const created = fresh();
  container[index] = created;
  return created;
}
