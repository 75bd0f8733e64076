import { z } from 'zod';
import { CounterpartError } from '../../errors.js';
import { CLASSES, type ClassSpec } from './classes.js';
import { parseWrite, withDefaults } from './records.js';
import { setOrderStatuses } from './salesFlow.js';
import type { SageX3Settings } from './settings.js';
import type { FieldMap, X3Store } from './store.js';

/**
 * `--seed FILE.json`, the `sagex3` part: records in the REST wire shape, per class, e.g.
 * `{ "BPCUSTOMER": [{ "BPCNUM": "C0001", "BPCNAM": "Acme Ltd" }], "SORDER": [{ "SOHNUM": "SON0001", …, "SOHSOP": [...] }] }`.
 * Server-computed fields (totals, statuses, quantities, stamps) are taken as given, so a seed can hold discrepancies.
 */
export const SageX3Seed = z.partialRecord(
  z.enum(Object.keys(CLASSES) as [string, ...string[]]),
  z.array(z.record(z.string(), z.unknown())),
);
export type SageX3Seed = z.infer<typeof SageX3Seed>;

/** Dependency order: parties and products before documents, documents before what they move. */
const ORDER = [
  'TABVAT',
  'GACCOUNT',
  'BPCUSTOMER',
  'BPSUPPLIER',
  'ITMMASTER',
  'SORDER',
  'SDELIVERY',
  'SINVOICE',
  'GACCDUDATE',
  'PAYMENTH',
];

export function loadSeed(store: X3Store, seed: unknown, settings: SageX3Settings): void {
  const parsed = SageX3Seed.safeParse(seed);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CounterpartError(
      'sandbox.bad_seed',
      `The Sage X3 seed is malformed at ${issue?.path.join('.')}: ${issue?.message}.`,
      {
        system: 'sagex3',
      },
    );
  }
  for (const name of ORDER) {
    const spec = CLASSES[name] as ClassSpec;
    (parsed.data[name] ?? []).forEach((raw, index) => {
      const write = parseWrite(spec, raw, settings, 'seed');
      if (write.errors.length > 0) {
        throw new CounterpartError('sandbox.bad_seed', `Sage X3 seed ${name}[${index}]: ${write.errors.join(' ')}`, {
          system: 'sagex3',
          record: `${name}[${index}]`,
        });
      }
      loadRecord(store, spec, write.fields, write.lines ?? [], settings);
    });
  }
  if (!parsed.data.GACCDUDATE) deriveOpenItems(store, settings);
}

/** Loads one record as given, filling defaults and the order statuses a seed left out. */
export function loadRecord(
  store: X3Store,
  spec: ClassSpec,
  fields: FieldMap,
  lines: FieldMap[],
  settings: SageX3Settings,
): void {
  const header = withDefaults(spec.fields, fields);
  for (const name of ['CREDATTIM', 'UPDDATTIM', 'UPDTICK', 'CREUSR', 'UPDUSR']) {
    if (fields[name] !== undefined) header[name] = fields[name];
  }
  const child = spec.child;
  const filled = child ? lines.map((line) => withDefaults(child.fields, line)) : [];
  if (spec.name === 'SORDER' && fields.DLVSTA === undefined) {
    setOrderStatuses(header, filled, settings);
  }
  store.load(spec, header, filled);
}

/** Seeds without open items get one per invoice, settled by the seeded payments' lines. */
export function deriveOpenItems(store: X3Store, settings: SageX3Settings): void {
  const spec = CLASSES.GACCDUDATE as ClassSpec;
  const paid = new Map<string, number>();
  for (const payment of store.all('PAYMENTH')) {
    for (const line of payment.lines) {
      const number = String(line.VCRNUM ?? '');
      paid.set(number, (paid.get(number) ?? 0) + Math.round(Number(line.AMTLIN ?? 0) * 1000));
    }
  }
  for (const invoice of store.all('SINVOICE')) {
    if (store.get('GACCDUDATE', `${invoice.fields.NUM}~1`)) continue;
    const amount = Math.round(Number(invoice.fields.AMTATI ?? 0) * 1000);
    const settled = paid.get(String(invoice.fields.NUM)) ?? 0;
    store.load(
      spec,
      {
        TYP: String(invoice.fields.GTE ?? ''),
        NUM: String(invoice.fields.NUM),
        DUDLIG: 1,
        BPR: String(invoice.fields.BPRPAY || invoice.fields.BPR),
        CUR: String(invoice.fields.CUR ?? ''),
        DUDDAT: String(invoice.fields.DUDDAT ?? ''),
        AMTCUR: amount / 1000,
        PAYCUR: settled / 1000,
        FLGCLE: settled >= amount ? settings.enums.openItemClosed : settings.enums.openItemOpen,
        ...(invoice.fields.UPDDATTIM ? { UPDDATTIM: invoice.fields.UPDDATTIM } : {}),
      },
      [],
    );
  }
}
