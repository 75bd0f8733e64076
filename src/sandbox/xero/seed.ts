import { z } from 'zod';
import { CounterpartError } from '../../errors.js';
import type { TenantBook } from './book.js';
import type { WriteContext } from './context.js';
import { accounts } from './entities/accounts.js';
import { bankTransactions } from './entities/bankTransactions.js';
import { contacts } from './entities/contacts.js';
import { creditNotes } from './entities/creditNotes.js';
import { currencies } from './entities/currencies.js';
import { invoices } from './entities/invoices.js';
import { items } from './entities/items.js';
import type { EntityKind } from './entities/kind.js';
import { payments } from './entities/payments.js';
import { taxRates } from './entities/taxRates.js';
import { parseWireInstant } from './msDate.js';
import type { XeroSandboxSettings } from './settings.js';

const Records = z.array(z.record(z.string(), z.unknown())).optional();

/**
 * `--seed FILE.json`, the `xero` part: records in Xero's own wire shape (what GET returns or PUT accepts), keyed by
 * collection name. Ids given are kept so other records can refer to them; totals, amounts due and PAID states are
 * recomputed from the lines and payments, as Xero would.
 */
export const XeroSeed = z.object({
  /** At most one: the organisation's name and base currency (as `GET /Organisation` returns `Organisations`). */
  Organisations: z
    .array(z.looseObject({ Name: z.string().min(1), BaseCurrency: z.string().length(3).optional() }))
    .max(1, 'the Xero sandbox seeds one organisation')
    .optional(),
  Currencies: Records,
  TaxRates: Records,
  Accounts: Records,
  Contacts: Records,
  Items: Records,
  Invoices: Records,
  CreditNotes: Records,
  Payments: Records,
  BankTransactions: Records,
});
export type XeroSeed = z.infer<typeof XeroSeed>;

/** Keeps a seeded record under the id the seed gave it. */
function rekey<S>(map: Map<string, S>, record: S, from: string, to: string, idField: string): S {
  if (from === to) return record;
  map.delete(from);
  const renamed = { ...record, [idField]: to } as S;
  map.set(to, renamed);
  return renamed;
}

interface SeedStep<I, S> {
  readonly kind: EntityKind<I, S>;
  readonly map: (book: TenantBook) => Map<string, S>;
}

function step<I, S>(kind: EntityKind<I, S>, map: (book: TenantBook) => Map<string, S>): SeedStep<I, S> {
  return { kind, map };
}

const STEPS = [
  ['Currencies', step(currencies, (b) => b.currencies)],
  ['TaxRates', step(taxRates, (b) => b.taxRates)],
  ['Accounts', step(accounts, (b) => b.accounts)],
  ['Contacts', step(contacts, (b) => b.contacts)],
  ['Items', step(items, (b) => b.items)],
  ['Invoices', step(invoices, (b) => b.invoices)],
  ['CreditNotes', step(creditNotes, (b) => b.creditNotes)],
  ['Payments', step(payments, (b) => b.payments)],
  ['BankTransactions', step(bankTransactions, (b) => b.bankTransactions)],
] as const;

export function applySeed(book: TenantBook, seed: XeroSeed, settings: XeroSandboxSettings, now: string): void {
  for (const [collection, seedStep] of STEPS) {
    for (const [index, element] of (seed[collection] ?? []).entries()) {
      seedOne(book, seedStep as SeedStep<unknown, unknown>, collection, index, element, settings, now);
    }
  }
}

function seedOne<I, S>(
  book: TenantBook,
  { kind, map }: SeedStep<I, S>,
  collection: string,
  index: number,
  element: Record<string, unknown>,
  settings: XeroSandboxSettings,
  now: string,
): void {
  const where = { system: 'xero', collection, index };
  const parsed = kind.input.safeParse(
    // PAID is reached through payments; the seed's own payments settle the document again.
    element.Status === 'PAID' ? { ...element, Status: 'AUTHORISED' } : element,
  );
  if (!parsed.success) {
    throw new CounterpartError(
      'sandbox.bad_seed',
      `Xero seed ${collection}[${index}] is malformed: ${parsed.error.issues[0]?.message}.`,
      where,
    );
  }
  const updated = typeof element.UpdatedDateUTC === 'string' ? parseWireInstant(element.UpdatedDateUTC) : undefined;
  const context: WriteContext = {
    book,
    settings,
    now: updated === undefined ? now : new Date(updated).toISOString(),
    unitdp: 4,
    changed: () => {},
  };
  const existing = kind.match(book, parsed.data);
  const outcome =
    existing && existing !== 'missing'
      ? kind.update(context, existing, parsed.data)
      : kind.create(context, parsed.data);
  if (!outcome.ok) {
    throw new CounterpartError(
      'sandbox.bad_seed',
      `Xero seed ${collection}[${index}] was refused: ${outcome.errors.join(' ')}`,
      where,
    );
  }
  const givenId = element[kind.idField];
  if (typeof givenId === 'string' && kind.idField.endsWith('ID')) {
    rekey(map(book), outcome.record, kind.idOf(outcome.record), givenId.toLowerCase(), kind.idField);
  }
}
