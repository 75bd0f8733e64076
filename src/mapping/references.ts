import type { Entity } from '../connectors/connector.js';
import { displayName } from '../connectors/shared/systemNames.js';
import type { RecordRef, SystemName } from '../model/index.js';
import type { MappingContext } from './compiledMapping.js';
import { MappingFailed } from './transforms/types.js';

export type ReferenceKind = 'party' | 'product' | 'document' | 'salesOrder';
export type ReferencePolicy = Partial<Record<ReferenceKind, 'required' | 'optional'>>;

/** A place in a target record that points at another record: `party`, `lines[2].product`, `allocations[0].document`. */
interface ReferenceSite {
  readonly kind: ReferenceKind;
  readonly field: string;
  readonly holder: Record<string, unknown>;
  readonly entity: Entity;
  /** How the referenced record is named to a person: "customer HARG0042", "product FAS-0001". */
  readonly label: string;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function partyWord(entity: Entity, record: Json): string {
  if (entity === 'invoice' || entity === 'creditNote') return record.kind === 'payable' ? 'supplier' : 'customer';
  if (entity === 'payment') return record.direction === 'paid' ? 'supplier' : 'customer';
  return entity === 'salesOrder' ? 'customer' : 'party';
}

function nameOf(holder: Json, ref: RecordRef): string {
  const named = holder.code ?? holder.number ?? holder.name ?? ref.number ?? ref.id;
  return String(named);
}

function sitesOf(entity: Entity, record: Json): ReferenceSite[] {
  const sites: ReferenceSite[] = [];
  const add = (kind: ReferenceKind, field: string, holder: unknown, target: Entity, word: string) => {
    if (isObject(holder) && isObject(holder.ref)) {
      sites.push({ kind, field, holder, entity: target, label: `${word} ${nameOf(holder, holder.ref as RecordRef)}` });
    }
  };
  add('party', 'party', record.party, 'party', partyWord(entity, record));
  add('salesOrder', 'salesOrder', record.salesOrder, 'salesOrder', 'sales order');
  if (Array.isArray(record.lines)) {
    record.lines.forEach((line, index) => {
      if (isObject(line)) add('product', `lines[${index}].product`, line.product, 'product', 'product');
    });
  }
  if (Array.isArray(record.allocations)) {
    record.allocations.forEach((allocation, index) => {
      if (!isObject(allocation)) return;
      const kind = allocation.documentKind === 'creditNote' ? 'creditNote' : 'invoice';
      add(
        'document',
        `allocations[${index}].document`,
        allocation.document,
        kind,
        kind === 'invoice' ? 'invoice' : 'credit note',
      );
    });
  }
  return sites;
}

function unresolved(flow: string, site: ReferenceSite, ref: RecordRef, target: SystemName): MappingFailed {
  return new MappingFailed({
    code: 'mapping.unresolved_reference',
    message: `Flow "${flow}": ${site.label} has no counterpart in ${displayName(target)} yet; sync it first.`,
    flow,
    field: site.field,
    value: ref.id,
  });
}

/**
 * Points every reference of a mapped record at the target system's record, through the cross-references: the party
 * of an invoice, order or payment, the product of each line, the document a payment settles, the order an invoice
 * bills. A required reference with no counterpart fails the record; an optional one keeps only its code and name.
 * Account references (a payment's bank account) name the account by code in every system, so their id is dropped.
 */
export function translateReferences(
  flow: string,
  entity: Entity,
  record: Json,
  policy: ReferencePolicy,
  context: MappingContext,
  target: SystemName,
): void {
  for (const site of sitesOf(entity, record)) {
    const ref = site.holder.ref as RecordRef;
    if (ref.system === target) continue;
    const counterpart = context.counterpartOf(site.entity, ref);
    if (counterpart) {
      site.holder.ref = counterpart;
      continue;
    }
    const required = (policy[site.kind] ?? (site.kind === 'salesOrder' ? 'optional' : 'required')) === 'required';
    if (required) throw unresolved(flow, site, ref, target);
    delete site.holder.ref;
  }
  if (isObject(record.bankAccount) && isObject(record.bankAccount.ref)) delete record.bankAccount.ref;
}
