import { z } from 'zod';
import {
  defineTransform,
  fail,
  isEmptyValue,
  quote,
  type StatusMapTable,
  type TransformDefinition,
  type TransformScope,
} from './types.js';

/**
 * A status read from several fields (X3 order status, delivery status and invoice status) is one key with its
 * parts joined by "/": `closed/fully/fully`. `*` in an entry's key matches any value of that part.
 */
function statusKey(value: unknown): string {
  return Array.isArray(value)
    ? value.map((part) => (part === undefined || part === null ? '' : String(part))).join('/')
    : String(value);
}

function keyMatches(pattern: string, key: string): boolean {
  const patternParts = pattern.split('/');
  const keyParts = key.split('/');
  return (
    patternParts.length === keyParts.length &&
    patternParts.every((part, index) => part === '*' || part === keyParts[index])
  );
}

/** The entry for a status: an exact key first, then the first key with wildcards that matches. */
function mapStatus(table: StatusMapTable, key: string, reverse: boolean): string | undefined {
  if (reverse) {
    const found = Object.entries(table.entries).find(([, to]) => to === key);
    return found?.[0];
  }
  if (Object.hasOwn(table.entries, key)) return table.entries[key];
  const pattern = Object.keys(table.entries).find((entry) => entry.includes('*') && keyMatches(entry, key));
  return pattern === undefined ? table.otherwise : table.entries[pattern];
}

/** The mapped status, or a failure naming the map, the status and the flow (also `$status()` in expressions). */
export function statusValue(name: string, value: unknown, reverse: boolean, scope: TransformScope): string {
  const table = scope.tables.statusMaps[name] ?? { entries: {} };
  const key = statusKey(value);
  const mapped = mapStatus(table, key, reverse);
  if (mapped !== undefined) return mapped;
  return fail(
    scope,
    'mapping.unknown_status',
    `Flow "${scope.flow}" cannot map ${scope.field}: status ${quote(key)} is not in status map "${name}".`,
    key,
  );
}

/**
 * `{statusMap: orderToInvoiceStatus}`: X3 order/delivery/invoice statuses ⇄ Xero/KashFlow invoice statuses ⇄
 * Salesforce Opportunity stages, by a named table of the document; `reverse: true` reads the table right to left
 * (the first entry whose value matches). A status the table does not cover fails the record unless the table says
 * `otherwise`.
 */
export const statusMapTransforms: readonly TransformDefinition[] = [
  defineTransform({
    name: 'statusMap',
    family: 'status map',
    options: z.object({ statusMap: z.string().min(1), reverse: z.boolean().default(false) }).strict(),
    check: ({ statusMap }, tables) =>
      tables.statusMaps[statusMap] === undefined ? `there is no status map named "${statusMap}"` : undefined,
    create:
      ({ statusMap, reverse }) =>
      (value, scope) => {
        if (isEmptyValue(value)) return value;
        return statusValue(statusMap, value, reverse, scope);
      },
  }),
];
