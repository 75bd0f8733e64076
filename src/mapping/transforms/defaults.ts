import { z } from 'zod';
import { CustomFieldValue } from '../../model/index.js';
import { defineTransform, isEmptyValue, type TransformDefinition } from './types.js';

/** The value a rule writes when its source is empty: `{default: 30}`, also written as the rule's own `default`. */
export function defaultValue(value: unknown, fallback: unknown): unknown {
  return isEmptyValue(value) ? structuredClone(fallback) : value;
}

/** Default values: `{default: value}` fills an empty value (absent, null, blank text, empty list). */
export const defaultTransforms: readonly TransformDefinition[] = [
  defineTransform({
    name: 'default',
    family: 'default values',
    options: z
      .object({ default: z.union([CustomFieldValue, z.array(z.unknown()), z.record(z.string(), z.unknown())]) })
      .strict(),
    create:
      ({ default: fallback }) =>
      (value) =>
        defaultValue(value, fallback),
  }),
];
