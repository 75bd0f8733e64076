import { z } from 'zod';
import { ConnectionField } from '../../connections/connectionForm.js';
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

export const ConnectableSystem = z.object({
  system: SystemName,
  displayName: z.string(),
  /** Sign-in happens in the browser (OAuth); the form then only holds the app's details. */
  signsInWithBrowser: z.boolean(),
  settings: z.array(ConnectionField),
  secrets: z.array(ConnectionField),
});

export const ConnectionList = z.object({
  connections: z.array(ConnectionSummary),
  /** Systems this version can connect to, with the fields a new connection asks for. */
  systems: z.array(ConnectableSystem),
});

export const NewConnection = z
  .object({
    system: SystemName,
    name: z.string().trim().min(1, 'Name the connection').max(100, 'Keep the name to 100 characters or fewer'),
    settings: z.record(z.string(), z.string()),
    secrets: z.record(z.string(), z.string()),
  })
  .strict();

export const CreatedConnection = z.object({ connection: ConnectionSummary, account: z.string() });

export const ConnectionId = z.object({ id: z.string().min(1, 'Choose a connection') }).strict();
