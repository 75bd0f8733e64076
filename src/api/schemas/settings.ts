import { z } from 'zod';

/** Reconciliation roles: a preparer proposes, an approver approves corrections and signs periods off. */
export const Role = z.enum(['preparer', 'approver'], 'Choose preparer or approver');
export type Role = z.infer<typeof Role>;

export const Settings = z.object({
  userName: z
    .string('Enter your name')
    .trim()
    .min(1, 'Enter your name')
    .max(100, 'Keep the name to 100 characters or fewer'),
  role: Role,
  theme: z.enum(['system', 'light', 'dark'], 'Choose system, light or dark'),
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
