import type { z } from 'zod';
import { CounterpartError } from '../../../errors.js';
import { parseRecord } from '../../../model/index.js';
import { ConnectorError } from '../../shared/connectorError.js';

/**
 * Validates a decoded record against the canonical schema. A record X3 holds but the model refuses (totals that do
 * not add up, a blank name) is a validation ConnectorError naming the class and key, not a crash further in.
 */
export function canonical<S extends z.ZodType>(schema: S, data: unknown, className: string, key: string): z.infer<S> {
  try {
    return parseRecord(schema, data, `Sage X3 ${className} ${key}`, { system: 'sagex3', class: className, key });
  } catch (error) {
    if (!(error instanceof CounterpartError)) throw error;
    throw new ConnectorError({
      kind: 'validation',
      system: 'sagex3',
      message: `${error.message} Correct the record in Sage X3 or the connection's mapping settings.`,
      systemMessage: error.message,
      context: { class: className, key },
      cause: error,
    });
  }
}
