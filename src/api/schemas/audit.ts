import { z } from 'zod';

export const AuditEntry = z.object({
  seq: z.number().int().positive(),
  at: z.iso.datetime(),
  actor: z.string(),
  action: z.string(),
  subject: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  comment: z.string().nullable(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditQuery = z
  .object({
    limit: z.number().int().min(1).max(500).default(100),
    beforeSeq: z.number().int().positive().optional(),
    action: z.string().min(1).max(100).optional(),
    actor: z.string().min(1).max(100).optional(),
  })
  .strict();

export const AuditVerification = z.discriminatedUnion('intact', [
  z.object({ intact: z.literal(true), entries: z.number().int() }),
  z.object({ intact: z.literal(false), entries: z.number().int(), brokenAtSeq: z.number().int() }),
]);
