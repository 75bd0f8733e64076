import { z } from 'zod';
import type { Entity as CanonicalEntity } from '../../connectors/connector.js';
import type { Entity as EngineEntity } from '../schema.js';

/** What a console reconciliation pairs, by the canonical model's names (those the connectors read). */
export const ReconEntityName = z.enum(['invoice', 'creditNote', 'payment', 'bankTransaction', 'party', 'product'], {
  message: 'Choose invoice, creditNote, payment, bankTransaction, party or product',
});
export type ReconEntityName = z.infer<typeof ReconEntityName> & CanonicalEntity;

/** The reconciliation engine's name for each canonical entity (its column sets, settings and flags). */
const engineEntities: Readonly<Record<ReconEntityName, EngineEntity>> = {
  invoice: 'invoices',
  creditNote: 'credit-notes',
  payment: 'payments',
  bankTransaction: 'bank-lines',
  party: 'parties',
  product: 'products',
};

export function engineEntityOf(entity: ReconEntityName): EngineEntity {
  return engineEntities[entity];
}
