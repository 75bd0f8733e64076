import { CANONICAL_SCHEMAS } from '../../mapping/canonicalSchemas.js';
import type { ReconEntityName } from './entities.js';

/** Sets one grid field's new value on a copy of the canonical record. */
type Setter = (record: Record<string, unknown>, value: string) => Record<string, unknown>;

const set =
  (property: string): Setter =>
  (record, value) => ({ ...record, [property]: value });

const setNested =
  (outer: string, property: string): Setter =>
  (record, value) => ({ ...record, [outer]: { ...(record[outer] as object | undefined), [property]: value } });

/**
 * The fields a correction may change, per entity: header values a person can set in the system without touching
 * amounts (amounts come from lines and are corrected there, not by overwriting a total).
 */
const correctable: Readonly<Record<ReconEntityName, Readonly<Record<string, Setter>>>> = {
  invoice: { number: set('number'), reference: set('reference'), date: set('issueDate'), due_date: set('dueDate') },
  creditNote: { number: set('number'), reference: set('reference'), date: set('issueDate') },
  payment: { reference: set('reference'), date: set('date') },
  bankTransaction: { reference: set('reference'), date: set('date') },
  party: { number: set('code'), name: set('name'), email: set('email'), tax_number: set('taxNumber') },
  product: { number: set('code'), name: set('name'), unit_price: setNested('sales', 'unitPrice') },
};

export function correctableFieldsOf(entity: ReconEntityName): string[] {
  return Object.keys(correctable[entity]);
}

/** The corrected canonical record, or why the value cannot be written (in the model's own words). */
export function correctedRecord(
  entity: ReconEntityName,
  original: unknown,
  field: string,
  value: string,
): { ok: true; record: unknown } | { ok: false; reason: string } {
  const setter = correctable[entity][field];
  if (!setter) {
    return {
      ok: false,
      reason: `${field} cannot be corrected on ${entity} records; correctable: ${correctableFieldsOf(entity).join(', ')}`,
    };
  }
  const parsed = CANONICAL_SCHEMAS[entity].safeParse(setter(original as Record<string, unknown>, value));
  if (!parsed.success) return { ok: false, reason: parsed.error.issues.map((issue) => issue.message).join('; ') };
  return { ok: true, record: parsed.data };
}
