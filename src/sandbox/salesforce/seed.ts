import { z } from 'zod';
import { CounterpartError } from '../../errors.js';
import type { SalesforceData, WriteContext } from './data.js';
import { SalesforceApiError } from './errors.js';

/** `--seed FILE.json`, the `salesforce` part: records per sObject in REST wire shape, e.g. `{"Account": [{…}]}`. */
export const SalesforceSeed = z.record(z.string(), z.array(z.record(z.string(), z.unknown())));
export type SalesforceSeed = z.infer<typeof SalesforceSeed>;

/** Parents before children, so references between seeded records resolve. */
const SEED_ORDER = [
  'User',
  'Pricebook2',
  'Product2',
  'PricebookEntry',
  'Account',
  'Contact',
  'Opportunity',
  'OpportunityLineItem',
  'Order',
  'OrderItem',
];

/** Loads a seed file's records; a bad record stops start-up with the object, index and Salesforce's own message. */
export function loadSeed(data: SalesforceData, input: unknown, context: WriteContext): void {
  const parsed = SalesforceSeed.safeParse(input);
  if (!parsed.success) {
    throw new CounterpartError(
      'sandbox.bad_seed',
      'The salesforce part of the seed file must map sObject names to arrays of records.',
      {
        system: 'salesforce',
      },
    );
  }
  const names = Object.keys(parsed.data);
  for (const name of names) {
    if (!data.schema.object(name)) {
      throw new CounterpartError('sandbox.bad_seed', `The Salesforce sandbox has no sObject named "${name}".`, {
        system: 'salesforce',
        object: name,
      });
    }
  }
  const ordered = [...names].sort(
    (a, b) => rank(data.schema.object(a)?.name ?? a) - rank(data.schema.object(b)?.name ?? b),
  );
  const standardBook = data.store.rows('Pricebook2').find((book) => book.IsStandard === true)?.Id;
  for (const name of ordered) {
    const isEntry = data.schema.object(name)?.name === 'PricebookEntry';
    for (const [index, record] of (parsed.data[name] ?? []).entries()) {
      try {
        // A seed file cannot know the standard price book's id, so entries without a price book go there.
        const lacksBook = isEntry && record.Pricebook2Id === undefined && record.Pricebook2 === undefined;
        data.seed(name, lacksBook ? { ...record, Pricebook2Id: standardBook } : record, context);
      } catch (error) {
        const detail = error instanceof SalesforceApiError ? `${error.errorCode}: ${error.message}` : String(error);
        throw new CounterpartError('sandbox.bad_seed', `Seed record ${name}[${index}] was rejected (${detail}).`, {
          system: 'salesforce',
          object: name,
          index,
        });
      }
    }
  }
}

function rank(name: string): number {
  const index = SEED_ORDER.indexOf(name);
  return index < 0 ? SEED_ORDER.length : index;
}
