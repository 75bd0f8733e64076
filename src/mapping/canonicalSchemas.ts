import type { z } from 'zod';
import type { Entity } from '../connectors/connector.js';
import {
  BankTransaction,
  CreditNote,
  Currency,
  Invoice,
  LedgerAccount,
  Party,
  Payment,
  Product,
  SalesOrder,
  TaxRate,
} from '../model/index.js';

/** The canonical schema of each entity: samples are checked against the source entity, mapped records against the target. */
export const CANONICAL_SCHEMAS: Readonly<Record<Entity, z.ZodType>> = {
  party: Party,
  product: Product,
  salesOrder: SalesOrder,
  invoice: Invoice,
  creditNote: CreditNote,
  payment: Payment,
  bankTransaction: BankTransaction,
  ledgerAccount: LedgerAccount,
  taxRate: TaxRate,
  currency: Currency,
};
