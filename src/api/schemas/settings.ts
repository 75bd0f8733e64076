import { z } from 'zod';

/** Reconciliation roles: a preparer proposes, an approver approves corrections and signs periods off. */
export const Role = z.enum(['preparer', 'approver']);
export type Role = z.infer<typeof Role>;

export const Settings = z.object({
  userName: z.string().trim().min(1).max(100),
  role: Role,
  theme: z.enum(['system', 'light', 'dark']),
  firstRunComplete: z.boolean(),
  demoMode: z.boolean(),
});
export type Settings = z.infer<typeof Settings>;

/** What a person may change directly; onboarding flags change only through their own commands. */
export const SettingsUpdate = Settings.pick({ userName: true, role: true, theme: true })
  .partial()
  .strict()
  .refine((update) => Object.keys(update).length > 0, 'name at least one setting to change');
export type SettingsUpdate = z.infer<typeof SettingsUpdate>;

export const FirstRunChoice = z.object({ choice: z.enum(['demo', 'ownConnections']) }).strict();
