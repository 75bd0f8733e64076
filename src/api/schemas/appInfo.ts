import { z } from 'zod';

export const Transport = z.enum(['ipc', 'web']);
export type Transport = z.infer<typeof Transport>;

export const AppInfo = z.object({
  product: z.literal('Counterpart'),
  version: z.string(),
  workspace: z.string(),
  transport: Transport,
  startedAt: z.iso.datetime(),
});
export type AppInfo = z.infer<typeof AppInfo>;
