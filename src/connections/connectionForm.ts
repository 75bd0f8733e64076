import { z } from 'zod';

/**
 * One field of the "Add connection" form, described by the connector so the console can draw any system's form.
 * Secret fields are typed once and go to the keychain; they are never shown again.
 */
export const ConnectionField = z.object({
  name: z.string(),
  label: z.string(),
  kind: z.enum(['text', 'url', 'secret', 'multiline', 'choice']),
  required: z.boolean(),
  help: z.string().optional(),
  defaultValue: z.string().optional(),
  choices: z.array(z.object({ value: z.string(), label: z.string() })).optional(),
});
export type ConnectionField = z.infer<typeof ConnectionField>;

export interface ConnectionForm {
  readonly settings: readonly ConnectionField[];
  readonly secrets: readonly ConnectionField[];
}
