import { z } from 'zod';
import { SystemName } from '../../model/recordRef.js';

export const ConnectionCheckResult = z.object({
  at: z.iso.datetime(),
  ok: z.boolean(),
  /** Who the system says we are when it answered (company, org). */
  account: z.string().nullable(),
  errorCode: z.string().nullable(),
  /** What to do about a failure, in one sentence. */
  message: z.string().nullable(),
});

/** A connection as the console shows it: never its secrets, and no settings a person did not choose to see. */
export const ConnectionSummary = z.object({
  id: z.string(),
  system: SystemName,
  name: z.string(),
  isSandbox: z.boolean(),
  createdAt: z.iso.datetime(),
  lastCheck: ConnectionCheckResult.nullable(),
});
export type ConnectionSummary = z.infer<typeof ConnectionSummary>;

export const ConnectionList = z.object({
  connections: z.array(ConnectionSummary),
  /** Systems this version can connect to. */
  systems: z.array(z.object({ system: SystemName, displayName: z.string() })),
});

export const ConnectionId = z.object({ id: z.string().min(1, 'Choose a connection') }).strict();
