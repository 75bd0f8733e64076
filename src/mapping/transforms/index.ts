import { concatSplitTransforms } from './concatSplit.js';
import { conversionTransforms } from './conversion.js';
import { currencyTransforms } from './currency.js';
import { dateTransforms } from './dates.js';
import { defaultTransforms } from './defaults.js';
import { lookupTransforms } from './lookup.js';
import { statusMapTransforms } from './statusMap.js';
import { textTransforms } from './text.js';
import type { TransformDefinition } from './types.js';

/** Every transform a mapping rule can name, by name. */
export const TRANSFORMS: ReadonlyMap<string, TransformDefinition> = new Map(
  [
    ...conversionTransforms,
    ...dateTransforms,
    ...concatSplitTransforms,
    ...textTransforms,
    ...lookupTransforms,
    ...statusMapTransforms,
    ...currencyTransforms,
    ...defaultTransforms,
  ].map((definition) => [definition.name, definition]),
);

export * from './types.js';
