import type { SfRecord } from './store.js';

interface Compound {
  readonly name: string;
  /** Object field → component name inside the compound (`BillingCity` → `City`). */
  readonly components: Readonly<Record<string, string>>;
  /** A stored field the compound replaces in events (Contact's derived `Name`). */
  readonly replaces?: string;
}

function address(prefix: string): Compound {
  return {
    name: `${prefix}Address`,
    components: {
      [`${prefix}Street`]: 'Street',
      [`${prefix}City`]: 'City',
      [`${prefix}State`]: 'State',
      [`${prefix}PostalCode`]: 'PostalCode',
      [`${prefix}Country`]: 'Country',
    },
  };
}

const personName: Compound = {
  name: 'Name',
  components: { Salutation: 'Salutation', FirstName: 'FirstName', LastName: 'LastName' },
  replaces: 'Name',
};

const COMPOUNDS: Readonly<Record<string, readonly Compound[]>> = {
  Account: [address('Billing'), address('Shipping')],
  Contact: [personName, address('Mailing')],
  Order: [address('Billing'), address('Shipping')],
  User: [personName],
};

/**
 * Change events carry compound fields (addresses, a person's name) as nested objects, and `changedFields` /
 * `nulledFields` name their parts as `Compound.Component` (`BillingAddress.City`, `Name.LastName`).
 */
export function nestCompoundFields(
  entityName: string,
  fields: SfRecord,
  changedFields: readonly string[],
  nulledFields: readonly string[],
): { payload: Record<string, unknown>; changedFields: string[]; nulledFields: string[] } {
  const compounds = COMPOUNDS[entityName] ?? [];
  const payload: Record<string, unknown> = { ...fields };
  const rename = new Map<string, string>();
  const dropped = new Set<string>();
  for (const compound of compounds) {
    if (compound.replaces) {
      delete payload[compound.replaces];
      dropped.add(compound.replaces);
    }
    const nested: Record<string, unknown> = {};
    for (const [field, component] of Object.entries(compound.components)) {
      rename.set(field, `${compound.name}.${component}`);
      if (field in fields) {
        nested[component] = fields[field];
        delete payload[field];
      }
    }
    if (Object.keys(nested).length > 0) payload[compound.name] = nested;
  }
  const renamed = (names: readonly string[]) =>
    names.filter((name) => !dropped.has(name)).map((name) => rename.get(name) ?? name);
  return { payload, changedFields: renamed(changedFields), nulledFields: renamed(nulledFields) };
}
