import { normaliseText } from './normalise.js';
import type { PreparedSide } from './prepare.js';
import type { Entity } from './schema.js';
import type { ReconSettings } from './settings.js';
import { boundedEditDistance, jaroWinkler } from './similarity.js';
import { NO_DAY } from './table.js';

/**
 * A comparison turns one field of a candidate pair into a level (Fellegi–Sunter): the levels are ordered from
 * strongest agreement to disagreement, and the last level always means "missing on one side" (it carries no
 * evidence either way, so its weight is fixed at zero).
 */
export interface Comparison {
  readonly field: string;
  readonly levels: readonly string[];
  /** Levels run from agreement to disagreement, so weights may not rise along them. */
  readonly ordered: boolean;
  level(left: number, right: number): number;
}

export interface ComparisonContext {
  readonly left: PreparedSide;
  readonly right: PreparedSide;
  readonly settings: ReconSettings;
  /** Information (bits) of each token id: rare words say more than "PAYMENT". */
  readonly tokenBits: Float64Array;
  /** The word of each token id. */
  readonly words: readonly string[];
}

export function comparisonsFor(entity: Entity, context: ComparisonContext): Comparison[] {
  const { left, right } = context;
  const comparisons: Comparison[] = [];
  if (left.hasAmount && right.hasAmount) comparisons.push(amountComparison(context));
  if (left.hasDate && right.hasDate) comparisons.push(dateComparison(context));
  if (left.hasReference && right.hasReference) {
    comparisons.push(referenceComparison(context));
  }
  if (left.hasParty && right.hasParty && entity !== 'parties' && entity !== 'products') {
    comparisons.push(partyComparison(context));
  }
  if (left.hasNumber && right.hasNumber) comparisons.push(numberComparison(context));
  for (const field of ['email', 'tax_number', 'postcode', 'currency']) {
    const l = left.table.text.get(field);
    const r = right.table.text.get(field);
    if (field === 'currency') comparisons.push(currencyComparison(context));
    else if (l && r) comparisons.push(exactTextComparison(field, l, r));
  }
  return comparisons;
}

const AMOUNT_STEPS = [0.002, 0.005, 0.01, 0.02, 0.035, 0.05, 0.08];

export function amountComparison({ left, right, settings }: ComparisonContext): Comparison {
  const percent = settings.amountPercent;
  return {
    field: 'amount',
    ordered: true,
    levels: [
      'exact',
      'within tolerance',
      ...AMOUNT_STEPS.map((step) => `within ${step * 100}%`),
      `within ${percent * 100}%`,
      'different',
      'missing',
    ],
    level(l, r) {
      const a = left.amount[l]!;
      const b = right.amount[r]!;
      if (Number.isNaN(a) || Number.isNaN(b)) return AMOUNT_STEPS.length + 4;
      if (a === b) return 0;
      const difference = Math.abs(a - b);
      if (difference <= settings.amountToleranceMinor) return 1;
      // A ratio of two integer minor-unit amounts, compared with thresholds: no money is added up in floats.
      const relative = difference / Math.max(Math.abs(a), Math.abs(b));
      for (let s = 0; s < AMOUNT_STEPS.length; s++) if (relative <= AMOUNT_STEPS[s]!) return 2 + s;
      return relative <= percent ? AMOUNT_STEPS.length + 2 : AMOUNT_STEPS.length + 3;
    },
  };
}

export function dateComparison({ left, right, settings }: ComparisonContext): Comparison {
  return {
    field: 'date',
    ordered: false,
    levels: [
      'same day',
      '1 day later',
      '2 days later',
      '3 days later',
      '4–6 days later',
      '7–10 days later',
      '11–21 days later',
      'later, within window',
      '1 day earlier',
      '2–3 days earlier',
      'earlier, within window',
      'outside window',
      'missing',
    ],
    level(l, r) {
      const a = left.day[l]!;
      const b = right.day[r]!;
      if (a === NO_DAY || b === NO_DAY) return 12;
      const d = b - a;
      if (d >= 0) {
        if (d <= 3) return d;
        if (d <= 6) return 4;
        if (d <= 10) return 5;
        if (d <= 21) return 6;
        return d <= settings.daysAfter ? 7 : 11;
      }
      if (d === -1) return 8;
      if (d >= -3) return 9;
      return -d <= settings.daysBefore ? 10 : 11;
    },
  };
}

/**
 * How two references' words overlap, weighed by information (bits: rare words say more than "PAYMENT"): what
 * they share, and how much each holds that the other lacks — the smaller of the two, because a memo that one
 * system shortened or decorated ("J B MONEY BGC" against "J B BGC") lacks words without contradicting anything.
 * The last word of either side may be a truncated form of a word on the other.
 */
export interface WordOverlap {
  readonly sharedWords: number;
  readonly sharedBits: number;
  readonly conflictBits: number;
}

export function overlapOf(context: ComparisonContext, l: number, r: number): WordOverlap {
  const { left, right, tokenBits } = context;
  const l0 = left.tokenStart[l]!;
  const l1 = left.tokenStart[l + 1]!;
  const r0 = right.tokenStart[r]!;
  const r1 = right.tokenStart[r + 1]!;
  let shared = 0;
  let sharedWords = 0;
  let onlyLeft = 0;
  let onlyRight = 0;
  for (let i = l0; i < l1; i++) {
    const a = left.tokenIds[i]!;
    let found = false;
    for (let j = r0; j < r1; j++) {
      const b = right.tokenIds[j]!;
      if (a === b || (i === l1 - 1 && truncates(context.words[a]!, context.words[b]!))) {
        found = true;
        break;
      }
    }
    if (found) {
      shared += tokenBits[a]!;
      sharedWords++;
    } else onlyLeft += tokenBits[a]!;
  }
  for (let j = r0; j < r1; j++) {
    const b = right.tokenIds[j]!;
    let found = false;
    for (let i = l0; i < l1; i++) {
      const a = left.tokenIds[i]!;
      if (
        a === b ||
        (j === r1 - 1 && truncates(context.words[b]!, context.words[a]!)) ||
        (i === l1 - 1 && truncates(context.words[a]!, context.words[b]!))
      ) {
        found = true;
        break;
      }
    }
    if (!found) onlyRight += tokenBits[b]!;
  }
  return { sharedWords, sharedBits: shared, conflictBits: Math.min(onlyLeft, onlyRight) };
}

function truncates(short: string, long: string): boolean {
  return short.length >= 2 && short.length < long.length && long.startsWith(short);
}

/** Bits of shared words that separate a weak from a strong agreement ("J B" against "J ANGSTROM"). */
const SHARED_STEPS = [22, 15, 10] as const;
/** Bits each side holds that the other lacks (the smaller side): none, a common word, a few, many. */
const CONFLICT_STEPS = [0.5, 4, 8] as const;

/**
 * References compared by the information they share crossed with the information in conflict. Crossing the two,
 * instead of two separate comparisons, keeps the same words from being counted twice; this is the term-frequency
 * adjustment of Fellegi–Sunter applied to words.
 */
export function referenceComparison(context: ComparisonContext): Comparison {
  const { left, right } = context;
  const sharedLabels = [
    ...SHARED_STEPS.map((bits) => `${bits}+ bits shared`),
    `under ${SHARED_STEPS.at(-1)} bits shared`,
  ];
  const conflictLabels = [
    'nothing conflicting',
    ...CONFLICT_STEPS.slice(1).map((bits) => `under ${bits} bits conflicting`),
    'more conflicting',
  ];
  const levels = sharedLabels.map((shared) => `exact, ${shared}`);
  for (const conflict of conflictLabels) for (const shared of sharedLabels) levels.push(`${shared}, ${conflict}`);
  const different = levels.length;
  levels.push('nothing shared', 'missing');
  const width = SHARED_STEPS.length + 1;
  return {
    field: 'reference',
    ordered: false,
    levels,
    level(l, r) {
      const a = left.reference[l]!;
      const b = right.reference[r]!;
      if (a === '' || b === '') return different + 1;
      const { sharedWords, sharedBits, conflictBits } = overlapOf(context, l, r);
      if (sharedWords === 0) return different;
      let shared = 0;
      while (shared < SHARED_STEPS.length && sharedBits < SHARED_STEPS[shared]!) shared++;
      if (a === b) return shared;
      let conflict = 0;
      while (conflict < CONFLICT_STEPS.length && conflictBits >= CONFLICT_STEPS[conflict]!) conflict++;
      return width * (1 + conflict) + shared;
    },
  };
}

export function partyComparison({ left, right }: ComparisonContext): Comparison {
  return {
    field: 'party',
    ordered: true,
    levels: ['exact', 'similar name', 'shares a word', 'different', 'missing'],
    level(l, r) {
      const a = left.party[l]!;
      const b = right.party[r]!;
      if (a === '' || b === '') return 4;
      if (a === b) return 0;
      if (jaroWinkler(a, b) >= 0.92) return 1;
      const words = new Set(a.split(' '));
      for (const word of b.split(' ')) if (word.length > 2 && words.has(word)) return 2;
      return 3;
    },
  };
}

export function numberComparison({ left, right }: ComparisonContext): Comparison {
  return {
    field: 'number',
    ordered: true,
    levels: ['exact', 'one character apart', 'one contains the other', 'different', 'missing'],
    level(l, r) {
      const a = left.key[l]!;
      const b = right.key[r]!;
      if (a === '' || b === '') return 4;
      if (a === b) return 0;
      if (boundedEditDistance(a, b, 1) <= 1) return 1;
      if ((a.length >= 3 && b.includes(a)) || (b.length >= 3 && a.includes(b))) return 2;
      return 3;
    },
  };
}

function currencyComparison({ left, right }: ComparisonContext): Comparison {
  return {
    field: 'currency',
    ordered: true,
    levels: ['same', 'different', 'missing'],
    level: (l, r) => (left.currency[l] === right.currency[r] ? 0 : 1),
  };
}

function exactTextComparison(field: string, l: readonly string[], r: readonly string[]): Comparison {
  return {
    field,
    ordered: true,
    levels: ['same', 'different', 'missing'],
    level(i, j) {
      const a = normaliseText(l[i]!);
      const b = normaliseText(r[j]!);
      if (a === '' || b === '') return 2;
      return a === b ? 0 : 1;
    },
  };
}
