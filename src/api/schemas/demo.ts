import { z } from 'zod';
import { SystemName } from '../../model/recordRef.js';

/** A running demo system as the console may see it: its address, never its credentials. */
export const DemoSystem = z.object({ system: SystemName, name: z.string(), baseUrl: z.url() });

export const PlantedDiscrepancy = z.object({
  system: SystemName,
  kind: z.string(),
  recordType: z.string(),
  businessKey: z.string(),
  description: z.string(),
});

/** The demo companies' sandboxes: off until the person chooses to explore them, then started in-process. */
export const DemoStatus = z.discriminatedUnion('state', [
  z.object({ state: z.literal('off') }),
  z.object({ state: z.literal('starting') }),
  z.object({
    state: z.literal('running'),
    systems: z.array(DemoSystem),
    discrepancies: z.array(PlantedDiscrepancy),
    /** Why the demo connections could not be made (no OS keychain, say); the sandboxes still run. */
    problem: z.string().optional(),
  }),
  z.object({ state: z.literal('failed'), message: z.string() }),
]);
export type DemoStatus = z.infer<typeof DemoStatus>;
