import { z } from 'zod';
import { defineTransform, NoOptions, type TransformDefinition } from './types.js';

/** Applies a text change to a string, or to each string of a list (address lines); other values pass unchanged. */
function onText(change: (text: string) => string) {
  return () => (value: unknown) => {
    if (typeof value === 'string') return change(value);
    if (Array.isArray(value)) return value.map((item) => (typeof item === 'string' ? change(item) : item));
    return value;
  };
}

/** Text clean-up and target field limits: `trim`, `upper`, `lower`, `{truncate: 30}`. */
export const textTransforms: readonly TransformDefinition[] = [
  defineTransform({ name: 'trim', family: 'text', options: NoOptions('trim'), create: onText((text) => text.trim()) }),
  defineTransform({
    name: 'upper',
    family: 'text',
    options: NoOptions('upper'),
    create: onText((text) => text.toUpperCase()),
  }),
  defineTransform({
    name: 'lower',
    family: 'text',
    options: NoOptions('lower'),
    create: onText((text) => text.toLowerCase()),
  }),
  defineTransform({
    name: 'truncate',
    family: 'text',
    // A target system's field limit (X3 BPCNAM 35, Xero item code 30): the value is cut, never refused.
    options: z.object({ truncate: z.number().int().positive() }).strict(),
    create: ({ truncate }) => onText((text) => [...text].slice(0, truncate).join('').trimEnd())(),
  }),
];
