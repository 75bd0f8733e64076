import { z } from 'zod';
import { Instant } from './dates.js';

/** The four external systems Counterpart connects. */
export const SystemName = z.enum(['xero', 'kashflow', 'sagex3', 'salesforce']);
export type SystemName = z.infer<typeof SystemName>;

/**
 * Identity of a record inside one system: its own id (Xero GUID, KashFlow integer id as text, X3 key such as
 * `C000123`, Salesforce 18-character id) and, where the system has one, the human number (invoice number, order
 * number, customer code) that people quote.
 */
export const RecordRef = z.object({
  system: SystemName,
  id: z.string().min(1, 'the record id in its system'),
  number: z.string().min(1).optional(),
});
export type RecordRef = z.infer<typeof RecordRef>;

/**
 * Where a canonical record was read from, with the source's own change stamps. Sync de-duplicates on
 * (system, id, updatedAt, version): the id alone misses updates, and a timestamp alone misfires on creates.
 * Absent on records that exist in no system yet (a record about to be created).
 */
export const RecordSource = z.object({
  ...RecordRef.shape,
  createdAt: Instant.optional(),
  updatedAt: Instant,
  /** A system's own revision marker when it has one (X3 UPDTICK, Salesforce SystemModstamp kept as text). */
  version: z.string().min(1).optional(),
});
export type RecordSource = z.infer<typeof RecordSource>;

/** A stable key for one version of one source record, for de-duplicating reads. */
export function recordVersionKey(source: RecordSource): string {
  return [source.system, source.id, source.updatedAt, source.version ?? ''].join('|');
}

/**
 * A pointer from one record to a party: the party's id in the same system, its business code, or its name — at
 * least one, because systems disagree on which they send (Xero accepts any of the three on write).
 */
export const PartyRef = z
  .object({
    ref: RecordRef.optional(),
    code: z.string().min(1).optional(),
    name: z.string().min(1).optional(),
  })
  .refine((party) => party.ref !== undefined || party.code !== undefined || party.name !== undefined, {
    message: 'a party reference needs an id, a code or a name',
  });
export type PartyRef = z.infer<typeof PartyRef>;

/** A pointer to a document (invoice, order, credit note) by its id in a system or by its number. */
export const DocumentRef = z
  .object({
    ref: RecordRef.optional(),
    number: z.string().min(1).optional(),
  })
  .refine((doc) => doc.ref !== undefined || doc.number !== undefined, {
    message: 'a document reference needs an id or a number',
  });
export type DocumentRef = z.infer<typeof DocumentRef>;

/** Values of user-defined fields: Salesforce `__c` fields, X3 user fields, KashFlow custom text/check boxes. */
export const CustomFieldValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type CustomFieldValue = z.infer<typeof CustomFieldValue>;
export const CustomFields = z.record(z.string().min(1), CustomFieldValue);
export type CustomFields = z.infer<typeof CustomFields>;
