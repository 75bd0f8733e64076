import { z } from 'zod';
import { SystemName } from '../../model/recordRef.js';

/** What the system said when an approved correction went through the sync outbox: written, or a dead letter. */
export const CorrectionOutcome = z.discriminatedUnion('state', [
  z.object({ state: z.literal('written'), system: SystemName, recordId: z.string() }),
  z.object({ state: z.literal('dead_lettered'), deadLetterId: z.string(), message: z.string() }),
  z.object({ state: z.literal('failed'), message: z.string() }),
]);
export type CorrectionOutcome = z.infer<typeof CorrectionOutcome>;
