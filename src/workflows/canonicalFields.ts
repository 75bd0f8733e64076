import { z } from 'zod';
import type { Entity } from '../connectors/connector.js';
import { CANONICAL_SCHEMAS } from '../mapping/canonicalSchemas.js';
import { parsePath } from '../mapping/paths.js';

/** Unwraps optional, nullable, default, readonly, lazy and pipe wrappers down to the schema that holds the shape. */
function unwrapped(schema: z.ZodType): z.ZodType {
  let current: z.ZodType = schema;
  for (let depth = 0; depth < 20; depth += 1) {
    if (
      current instanceof z.ZodOptional ||
      current instanceof z.ZodNullable ||
      current instanceof z.ZodDefault ||
      current instanceof z.ZodReadonly
    ) {
      current = current.unwrap() as z.ZodType;
    } else if (current instanceof z.ZodLazy) {
      current = current.unwrap() as z.ZodType;
    } else if (current instanceof z.ZodPipe) {
      current = current.in as z.ZodType;
    } else {
      return current;
    }
  }
  return current;
}

/**
 * Whether a field path names a field of an entity's canonical record (`status`, `party.code`, `lines[0].net`,
 * `customFields.Invoice_Number__c`): what the designer and validation call an unknown field otherwise.
 */
export function isCanonicalField(entity: Entity, path: string): boolean {
  let steps: ReturnType<typeof parsePath>;
  try {
    steps = parsePath(path);
  } catch {
    return false;
  }
  let schema: z.ZodType = CANONICAL_SCHEMAS[entity];
  for (const step of steps) {
    const current = unwrapped(schema);
    if (current instanceof z.ZodRecord || current instanceof z.ZodUnknown || current instanceof z.ZodAny) return true;
    if (step.kind === 'field') {
      if (!(current instanceof z.ZodObject)) return false;
      const field = (current.shape as Record<string, z.ZodType>)[step.name];
      if (field === undefined) return false;
      schema = field;
    } else {
      if (!(current instanceof z.ZodArray)) return false;
      schema = current.element as z.ZodType;
    }
  }
  return true;
}
