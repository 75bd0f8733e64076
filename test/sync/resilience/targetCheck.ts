import type { CanonicalRecords, Connector, Entity } from '../../../src/connectors/connector.js';
import type { Invoice, Party, Product } from '../../../src/model/index.js';
import type { CrossReference } from '../../../src/store/repositories/crossReferences.js';
import type { SeededCustomer, SeededInvoice, SeededProduct } from './invoiceSeed.js';

/**
 * What the target holds, compared with what the source sent, by business key: the invoice number for invoices, the
 * name for customers (Xero contacts are unique by name), the code for products. Each list is empty when every source
 * record is in the target exactly once with the right content.
 */
export interface TargetFindings {
  /** Business key → how many times the target holds it, for keys held more than once. */
  readonly duplicated: Readonly<Record<string, number>>;
  readonly missing: readonly string[];
  readonly unexpected: readonly string[];
  /** "key field: expected … but the target has …", one per differing field. */
  readonly differing: readonly string[];
}

/** Every record of an entity, read through the connector page by page. */
export async function readEverything<E extends Entity>(
  connector: Connector,
  entity: E,
): Promise<CanonicalRecords[E][]> {
  const records: CanonicalRecords[E][] = [];
  for await (const page of connector.read(entity)) records.push(...page);
  return records;
}

export function compareInvoices(
  expected: readonly SeededInvoice[],
  actual: readonly Invoice[],
  contacts: readonly Party[],
): TargetFindings {
  const contactNames = new Map(contacts.map((contact) => [contact.source?.id ?? '', contact.name]));
  return compareByKey(
    expected,
    actual.filter((invoice) => invoice.kind === 'receivable' && invoice.status !== 'deleted'),
    (seeded) => seeded.number,
    (invoice) => invoice.number ?? `(unnumbered ${invoice.source?.id ?? ''})`,
    (seeded, invoice) => ({
      customer: [seeded.customer.name, invoice.party.name ?? contactNames.get(invoice.party.ref?.id ?? '')],
      issueDate: [seeded.issueDate, invoice.issueDate],
      dueDate: [seeded.dueDate, invoice.dueDate],
      currency: [seeded.currency, invoice.currency],
      net: [seeded.netMinor, invoice.totals.net.amountMinor],
      tax: [seeded.taxMinor, invoice.totals.tax.amountMinor],
      gross: [seeded.grossMinor, invoice.totals.gross.amountMinor],
      lines: [
        seeded.lines.map((line) => `${line.quantity} × ${line.productCode} @ ${line.unitPriceMinor}`).join('; '),
        invoice.lines
          .map(
            (line) =>
              `${Number(line.quantity)} × ${line.product?.code ?? '?'} @ ${Math.round(Number(line.unitPrice) * 100)}`,
          )
          .join('; '),
      ],
    }),
  );
}

export function compareCustomers(expected: readonly SeededCustomer[], actual: readonly Party[]): TargetFindings {
  return compareByKey(
    expected,
    actual.filter((party) => party.status === 'active'),
    (seeded) => seeded.name,
    (party) => party.name,
    (seeded, party) => ({ code: [seeded.code, party.code] }),
  );
}

export function compareProducts(expected: readonly SeededProduct[], actual: readonly Product[]): TargetFindings {
  return compareByKey(
    expected,
    actual,
    (seeded) => seeded.code,
    (product) => product.code,
    (seeded, product) => ({
      name: [seeded.name, product.name],
      unitPrice: [seeded.unitPriceMinor, Math.round(Number(product.sales?.unitPrice ?? Number.NaN) * 100)],
    }),
  );
}

/** One source record and the ids the target holds it under (its business key's records). */
export interface ExpectedLink {
  readonly erpId: string;
  readonly key: string;
  readonly accountingIds: readonly string[];
}

/**
 * The engine's cross-references of one entity against what the target holds: each source record linked exactly
 * once, to the one target record with its business key. Returns one sentence per disagreement.
 */
export function crossReferenceProblems(links: readonly CrossReference[], expected: readonly ExpectedLink[]): string[] {
  const byErpId = new Map<string, CrossReference[]>();
  for (const link of links) byErpId.set(link.erp.id, [...(byErpId.get(link.erp.id) ?? []), link]);
  const problems: string[] = [];
  for (const { erpId, key, accountingIds } of expected) {
    const found = byErpId.get(erpId) ?? [];
    if (found.length !== 1) problems.push(`${key} (${erpId}) has ${found.length} cross-references`);
    for (const link of found) {
      if (accountingIds.length === 1 && link.accounting.id !== accountingIds[0]) {
        problems.push(
          `${key} (${erpId}) is linked to ${link.accounting.id} but the target holds it as ${accountingIds[0]}`,
        );
      }
    }
  }
  return problems;
}

type Pairs = Readonly<Record<string, readonly [unknown, unknown]>>;

function compareByKey<S, T>(
  expected: readonly S[],
  actual: readonly T[],
  sourceKey: (record: S) => string,
  targetKey: (record: T) => string,
  fields: (source: S, target: T) => Pairs,
): TargetFindings {
  const held = new Map<string, T[]>();
  for (const record of actual) held.set(targetKey(record), [...(held.get(targetKey(record)) ?? []), record]);
  const wanted = new Set(expected.map(sourceKey));
  const duplicated: Record<string, number> = {};
  const missing: string[] = [];
  const differing: string[] = [];
  for (const source of expected) {
    const key = sourceKey(source);
    const copies = held.get(key) ?? [];
    if (copies.length === 0) missing.push(key);
    if (copies.length > 1) duplicated[key] = copies.length;
    for (const copy of copies) {
      for (const [field, [want, got]] of Object.entries(fields(source, copy))) {
        if (want !== got) differing.push(`${key} ${field}: expected ${String(want)} but the target has ${String(got)}`);
      }
    }
  }
  const unexpected = [...held.keys()].filter((key) => !wanted.has(key));
  return { duplicated, missing, unexpected, differing };
}
