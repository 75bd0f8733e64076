import { z } from 'zod';
import { defineTransform, fail, isEmptyValue, quote, type TransformDefinition, type TransformScope } from './types.js';

/**
 * `{lookup: taxCode}`: the value in a named table of the document (tax codes, ledger accounts, payment terms,
 * warehouses, project codes). A value the table lacks fails the record, naming table, value and flow — a wrong tax
 * code written silently costs more than a record held back. `fallback` is the integrator's explicit choice otherwise.
 */
export const lookupTransforms: readonly TransformDefinition[] = [
  defineTransform({
    name: 'lookup',
    family: 'lookup',
    options: z.object({ lookup: z.string().min(1), fallback: z.string().optional() }).strict(),
    check: ({ lookup }, tables) =>
      tables.lookups[lookup] === undefined ? `there is no lookup table named "${lookup}"` : undefined,
    create:
      ({ lookup, fallback }) =>
      (value, scope) => {
        if (isEmptyValue(value)) return value;
        const table = scope.tables.lookups[lookup];
        if (fallback !== undefined && !(table && Object.hasOwn(table, String(value)))) return fallback;
        return lookupValue(table, lookup, value, scope);
      },
  }),
];

/** The same look-up for expressions: `$lookup("taxCode", taxCode)`. */
export function lookupValue(
  table: Readonly<Record<string, string>> | undefined,
  tableName: string,
  value: unknown,
  scope: TransformScope,
): string {
  const key = String(value);
  if (table && Object.hasOwn(table, key)) return table[key] as string;
  return fail(
    scope,
    'mapping.unknown_lookup_value',
    `Flow "${scope.flow}" cannot map ${scope.field}: ${quote(key)} is not in lookup table "${tableName}"${table ? '' : ' (there is no such table)'}; add it to the table or give the rule a fallback.`,
    key,
  );
}
