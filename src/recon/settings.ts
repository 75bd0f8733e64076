import { z } from 'zod';
import type { Entity } from './schema.js';

/** Tolerances and thresholds for one entity; every reconciliation can override them. */
export const ReconSettings = z.object({
  /** Currency of records that do not say. */
  defaultCurrency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .default('GBP'),
  /** Amounts this many minor units apart count as equal ("within tolerance"). */
  amountToleranceMinor: z.number().int().min(0).default(1),
  /** Largest relative amount difference a candidate pair may have (fees, FX drift): 0.15 = 15 %. */
  amountPercent: z.number().min(0).max(1).default(0.15),
  /** How many days earlier than the left record the right one may be dated. */
  daysBefore: z.number().int().min(0).default(7),
  /** How many days later than the left record the right one may be dated. */
  daysAfter: z.number().int().min(0).default(35),
  /** A match is accepted without review when its confidence reaches this. */
  autoConfidence: z.number().min(0).max(1).default(0.8),
  /** Below this a pairing is not proposed at all. */
  suggestConfidence: z.number().min(0).max(1).default(1e-9),
  /** Competing candidates listed for a suggested match. */
  maxAlternatives: z.number().int().min(0).default(3),
  /** One-to-many search: most records combined into one side of a match. */
  maxGroupSize: z.number().int().min(2).max(8).default(4),
  /** One-to-many search: most candidates considered per record. */
  maxGroupCandidates: z.number().int().min(2).max(40).default(16),
  /** Flag a record still without counterpart this many days after its date. */
  missingAfterDays: z.number().int().min(0).default(30),
  /** Robust z-score above which an amount is an outlier for its party. */
  outlierZ: z.number().min(1).default(5),
  /** Relative tolerance for tax against net × rate. */
  taxTolerancePercent: z.number().min(0).default(0.01),
  /** Read "03/04/2024" as 4 March (US) instead of 3 April (UK). */
  monthFirst: z.boolean().default(false),
});
export type ReconSettings = z.infer<typeof ReconSettings>;

const perEntity: Partial<Record<Entity, Partial<ReconSettings>>> = {
  invoices: { daysBefore: 10, daysAfter: 10, amountPercent: 0.05 },
  'credit-notes': { daysBefore: 10, daysAfter: 10, amountPercent: 0.05 },
  parties: { amountPercent: 0 },
  products: { amountPercent: 0.5 },
};

/** Settings for an entity: the defaults, that entity's own defaults, then the caller's overrides. */
export function settingsFor(entity: Entity, overrides: Partial<ReconSettings> = {}): ReconSettings {
  return ReconSettings.parse({ ...perEntity[entity], ...overrides });
}
