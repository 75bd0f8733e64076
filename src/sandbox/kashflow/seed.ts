import { z } from 'zod';
import { CounterpartError, describeError } from '../../errors.js';
import { createBankAccount, createNominal, createProduct, createVatRate } from './catalogue.js';
import { type KashFlowContext, parseBody } from './context.js';
import { createDocument } from './documents.js';
import { KashFlowHttpError } from './errors.js';
import { createParty } from './parties.js';
import { BankAccountInput, DocumentInput, NominalInput, PartyInput, ProductInput } from './records.js';

/**
 * `--seed FILE.json`, the `kashflow` part: records in KashFlow's own wire shape (what you would POST), in lists
 * named after the endpoints. Ids, Numbers and CreatedDate/LastUpdatedDate given in a seed are kept.
 */
const Records = z.array(z.record(z.string(), z.unknown()));
export const KashFlowSeed = z
  .object({
    nominals: Records,
    vatRates: z.array(z.object({ VATRate: z.number().min(0).max(100) })),
    bankAccounts: Records,
    customers: Records,
    suppliers: Records,
    products: Records,
    invoices: Records,
    purchases: Records,
  })
  .partial()
  .strict();
export type KashFlowSeed = z.infer<typeof KashFlowSeed>;

export function loadSeed(context: KashFlowContext, raw: unknown): void {
  const parsed = KashFlowSeed.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CounterpartError(
      'sandbox.bad_seed',
      `The KashFlow seed is invalid at ${issue?.path.join('.') || 'top'}: ${issue?.message}.`,
      { system: 'kashflow' },
    );
  }
  const seed = parsed.data;
  const each = <S extends z.ZodType>(
    collection: keyof KashFlowSeed,
    rows: readonly unknown[] | undefined,
    schema: S,
    write: (input: z.infer<S>) => void,
  ) => {
    (rows ?? []).forEach((row, index) => {
      try {
        write(parseBody(context, schema, row));
      } catch (error) {
        const message = error instanceof KashFlowHttpError ? error.message : describeError(error);
        throw new CounterpartError('sandbox.bad_seed', `KashFlow seed ${collection}[${index}]: ${message}`, {
          system: 'kashflow',
          collection,
          index,
        });
      }
    });
  };
  const seeding = { seeding: true };
  each('nominals', seed.nominals, NominalInput, (input) => {
    if (input.Code == null || !context.store.nominals.has(input.Code)) createNominal(context, input, seeding);
  });
  for (const rate of seed.vatRates ?? []) {
    if (![...context.store.vatRates.values()].some((r) => r.VATRate === rate.VATRate))
      createVatRate(context, rate.VATRate);
  }
  each('bankAccounts', seed.bankAccounts, BankAccountInput, (input) => createBankAccount(context, input, seeding));
  each('customers', seed.customers, PartyInput, (input) => createParty(context, 'customer', input, seeding));
  each('suppliers', seed.suppliers, PartyInput, (input) => createParty(context, 'supplier', input, seeding));
  each('products', seed.products, ProductInput, (input) => createProduct(context, input, seeding));
  each('invoices', seed.invoices, DocumentInput, (input) => createDocument(context, 'invoice', input, seeding));
  each('purchases', seed.purchases, DocumentInput, (input) => createDocument(context, 'purchase', input, seeding));
}
