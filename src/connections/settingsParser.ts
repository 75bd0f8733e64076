import type { z } from 'zod';
import { displayName } from '../connectors/shared/systemNames.js';
import { CounterpartError } from '../errors.js';
import type { SystemName } from '../model/index.js';
import { ConnectionSettings } from '../store/repositories/connections.js';

/** Parses a connector's settings with its schema, turning the first problem into one clear, fixable error. */
export function settingsParser(system: SystemName, schema: z.ZodType) {
  return (input: unknown): ConnectionSettings => {
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'settings'}: ${issue.message}`);
      throw new CounterpartError(
        'connections.bad_settings',
        `${displayName(system)} settings: ${problems.join('; ')}`,
        {
          system,
        },
      );
    }
    return storedSettings(parsed.data);
  };
}

/** Settings as the connections table keeps them: plain JSON, fields left undefined dropped. */
export function storedSettings(settings: unknown): ConnectionSettings {
  return ConnectionSettings.parse(JSON.parse(JSON.stringify(settings)));
}
