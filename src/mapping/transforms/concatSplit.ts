import { z } from 'zod';
import { defineTransform, isEmptyValue, NoOptions, type TransformDefinition } from './types.js';

function texts(value: unknown): string[] {
  const list = Array.isArray(value) ? value.flat() : [value];
  return list.filter((item) => !isEmptyValue(item)).map((item) => String(item).trim());
}

/** "Ada Lovelace" → first "Ada", last "Lovelace"; "Mary Ann Evans" → first "Mary Ann", last "Evans". */
function splitPersonName(name: string, part: 'first' | 'last'): string | undefined {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return undefined;
  if (part === 'last') return words.at(-1);
  return words.length > 1 ? words.slice(0, -1).join(' ') : undefined;
}

const Part = z.union([z.enum(['first', 'last', 'rest', 'all']), z.number().int().min(0)]);

/**
 * Concatenation and splitting: `{join: " "}` (first + last name → contact name, address lines → one street text),
 * `{split: "\n", part: first|last|rest|all|<index>}` (street text → address lines; `rest` is everything after the
 * first part), `{splitName: first|last}` (contact name → first and last name) and `coalesce` (the first value of a
 * list of paths that is not empty).
 */
export const concatSplitTransforms: readonly TransformDefinition[] = [
  defineTransform({
    name: 'join',
    family: 'concat and split',
    options: z.object({ join: z.string() }).strict(),
    create:
      ({ join }) =>
      (value) => {
        const parts = texts(value);
        return parts.length === 0 ? undefined : parts.join(join);
      },
  }),
  defineTransform({
    name: 'split',
    family: 'concat and split',
    options: z
      .object({ split: z.string().min(1), part: Part.default('all'), max: z.number().int().positive().optional() })
      .strict(),
    create:
      ({ split, part, max }) =>
      (value) => {
        if (typeof value !== 'string') return value;
        const pieces = value
          .split(split)
          .map((piece) => piece.trim())
          .filter(Boolean);
        const chosen =
          part === 'all'
            ? pieces
            : part === 'first'
              ? pieces[0]
              : part === 'last'
                ? pieces.at(-1)
                : part === 'rest'
                  ? pieces.slice(1)
                  : pieces[part];
        if (Array.isArray(chosen) && max !== undefined && chosen.length > max) {
          // The last kept piece takes what does not fit, so no part of an address is lost.
          return [...chosen.slice(0, max - 1), chosen.slice(max - 1).join(split === '\n' ? ', ' : split)];
        }
        return chosen;
      },
  }),
  defineTransform({
    name: 'splitName',
    family: 'concat and split',
    options: z.object({ splitName: z.enum(['first', 'last']) }).strict(),
    create:
      ({ splitName }) =>
      (value) =>
        typeof value === 'string' ? splitPersonName(value, splitName) : value,
  }),
  defineTransform({
    name: 'coalesce',
    family: 'concat and split',
    options: NoOptions('coalesce'),
    create: () => (value) => (Array.isArray(value) ? value.find((item) => !isEmptyValue(item)) : value),
  }),
];
