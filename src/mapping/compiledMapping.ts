import type { CanonicalRecords, Entity } from '../connectors/connector.js';
import type { RecordRef, SystemName } from '../model/index.js';

/**
 * The two sides of an integration pair: the accounting system (Xero, KashFlow) and the ERP or CRM (Sage X3,
 * Salesforce). Mapping documents speak of sides, not systems, so a template written for Xero ⇄ Sage X3 names
 * which side each record comes from and goes to.
 */
export type PairSide = 'accounting' | 'erp';

/** Who owns a field of a golden record (party, product) when both systems hold it. */
export type SystemOfRecord = PairSide | 'either';

/** What a flow needs from the sync engine while it maps one record. */
export interface MappingContext {
  /** The systems on each side of the pair being synced. */
  readonly systems: Readonly<Record<PairSide, SystemName>>;
  /**
   * The counterpart, on the target side, of a record of the source side (a party an invoice names, a product on a
   * line, the invoice a payment settles), from the cross-reference table; undefined when it has none yet.
   */
  counterpartOf(entity: Entity, source: RecordRef): RecordRef | undefined;
  /** Today's date in the organisation's time zone, YYYY-MM-DD (default values, rate dates). */
  readonly today: string;
}

/** Why a record could not be mapped: one fixable sentence, naming the flow, the field and the value. */
export interface MappingFailure {
  /** e.g. `mapping.unknown_lookup_value`, `mapping.required_field`, `mapping.invalid_target`. */
  readonly code: string;
  readonly message: string;
  readonly flow: string;
  /** The target field path, e.g. `lines[2].taxCode`. */
  readonly field?: string | undefined;
  readonly value?: unknown;
}

export type MapOutcome<R> =
  | {
      readonly kind: 'mapped';
      readonly record: R;
      /** How values were obtained where it matters to an accountant (the exchange rate a conversion used). */
      readonly notes?: readonly string[] | undefined;
    }
  /** The flow's condition does not hold for this record (e.g. not Closed Won): nothing to write, not an error. */
  | { readonly kind: 'skipped'; readonly reason: string }
  | { readonly kind: 'failed'; readonly failure: MappingFailure };

/** One direction of one entity in a compiled mapping document: e.g. "X3 invoices become Xero invoices". */
export interface CompiledFlow<From extends Entity = Entity, To extends Entity = Entity> {
  readonly id: string;
  readonly description: string;
  readonly from: { readonly side: PairSide; readonly entity: From };
  readonly to: { readonly side: PairSide; readonly entity: To };
  /** upsert: master data kept in step both ways; create: transactions written once; update: write-back to an existing record. */
  readonly operation: 'upsert' | 'create' | 'update';
  /** Flows whose records this one refers to (parties and products before invoices), synced first. */
  readonly dependsOn: readonly string[];
  /**
   * The business key linking records that already exist on both sides before the first sync (customer code,
   * product code, invoice number), read from a source record and from a target record; undefined when absent.
   */
  sourceKey(record: CanonicalRecords[From]): string | undefined;
  targetKey(record: CanonicalRecords[To]): string | undefined;
  /** For `update` flows: which target record to update, found through the cross-reference of this record's origin. */
  readonly updates?: { readonly flow: string } | undefined;
  /** Per target field (top-level path), who owns it; fields not listed are `either`. Master-data flows only. */
  readonly systemOfRecord: Readonly<Record<string, SystemOfRecord>>;
  /** Maps one source record; the result is validated against the target entity's canonical schema. */
  map(record: CanonicalRecords[From], context: MappingContext): Promise<MapOutcome<CanonicalRecords[To]>>;
}

/** A mapping document, validated and ready to run. */
export interface CompiledMapping {
  readonly id: string;
  readonly name: string;
  readonly version: number;
  /** The systems the document was written for; any accounting system pairs with any ERP/CRM. */
  readonly systems: Readonly<Record<PairSide, SystemName>>;
  /** In dependency order: a flow comes after every flow it depends on. */
  readonly flows: readonly CompiledFlow[];
  flow(id: string): CompiledFlow | undefined;
}
