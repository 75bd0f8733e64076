import { currencyExponent, formatMinorUnits } from '../model/money.js';
import { memoised } from './memo.js';
import { formatDay, normaliseKey, normalisePartyName, normaliseStatus, normaliseText } from './normalise.js';
import type { FieldDifference } from './result.js';
import { fieldsOf } from './schema.js';
import { NO_DAY, type RecordTable } from './table.js';

/** Already-normalised forms of some text columns (field name → value per record). */
export type NormalisedColumns = Readonly<Record<string, readonly string[]>>;

/** One field's comparison; `i` and `j` are the records of a one-to-one match, −1 for groups. */
type Check = (l: readonly number[], r: readonly number[], i: number, j: number, out: FieldDifference[]) => void;

/**
 * Field-level differences of a match after normalisation, so "ACME LTD" vs "Acme Limited" or "AUTHORISED" vs
 * "Open" are not reported. Groups (one-to-many) compare the sum of their amounts and nothing else. The checks are
 * prepared once per reconciliation, then run per match.
 */
export function differenceFinder(
  left: RecordTable,
  right: RecordTable,
  normalised?: { readonly left: NormalisedColumns; readonly right: NormalisedColumns },
): (l: readonly number[], r: readonly number[]) => readonly FieldDifference[] {
  // A ledger spans a few thousand days: each is written out once, not once per differing match.
  const dayText = memoised(formatDay);
  const checks: Check[] = [
    (l, r, _i, _j, out) => {
      const a = left.currencies[l[0]!]!;
      const b = right.currencies[r[0]!]!;
      if (a !== b) out.push({ field: 'currency', left: a, right: b });
    },
  ];
  for (const spec of fieldsOf(left.entity)) {
    if (spec.name === 'id' || spec.kind === 'currency') continue;
    const field = spec.name;
    if (spec.kind === 'money') {
      const a = left.money.get(field);
      const b = right.money.get(field);
      if (a && b) checks.push(moneyCheck(field, a, b, left, right));
    } else if (spec.kind === 'date') {
      const a = left.dates.get(field);
      const b = right.dates.get(field);
      if (a && b)
        checks.push((_l, _r, i, j, out) => {
          if (i < 0) return;
          const x = a[i]!;
          const y = b[j]!;
          if (x !== NO_DAY && y !== NO_DAY && x !== y) out.push({ field, left: dayText(x), right: dayText(y) });
        });
    } else {
      const a = left.text.get(field);
      const b = right.text.get(field);
      if (!a || !b) continue;
      const same = sameness(field, spec.kind);
      // Columns the matching already normalised are compared in that form instead of normalising again.
      const knownLeft = normalised?.left[field];
      const knownRight = normalised?.right[field];
      checks.push((_l, _r, i, j, out) => {
        if (i < 0) return;
        const x = a[i]!;
        const y = b[j]!;
        if (x === y || x === '' || y === '') return;
        if (knownLeft && knownRight ? knownLeft[i] === knownRight[j] : same(x, y)) return;
        out.push({ field, left: x, right: y });
      });
    }
  }
  // Most matches differ in nothing: they are checked into one reused list and get a fresh one only when needed.
  const scratch: FieldDifference[] = [];
  return (l, r) => {
    scratch.length = 0;
    // Only one-to-one matches compare more than amounts.
    const single = l.length === 1 && r.length === 1;
    const i = single ? l[0]! : -1;
    const j = single ? r[0]! : -1;
    for (let k = 0; k < checks.length; k++) checks[k]!(l, r, i, j, scratch);
    return scratch.length === 0 ? NO_DIFFERENCES : scratch.slice();
  };
}

const NO_DIFFERENCES: readonly FieldDifference[] = Object.freeze([]);

function moneyCheck(field: string, a: Float64Array, b: Float64Array, left: RecordTable, right: RecordTable): Check {
  return (l, r, _i, _j, out) => {
    let sumA = 0;
    let sumB = 0;
    for (const i of l) sumA += a[i]!;
    for (const j of r) sumB += b[j]!;
    if (Number.isNaN(sumA) || Number.isNaN(sumB) || sumA === sumB) return;
    out.push({
      field,
      left: formatMinorUnits(sumA, currencyExponent(left.currencies[l[0]!]!)),
      right: formatMinorUnits(sumB, currencyExponent(right.currencies[r[0]!]!)),
    });
  };
}

function sameness(name: string, kind: string): (a: string, b: string) => boolean {
  if (kind === 'status') {
    // A ledger has a handful of status spellings: normalise each once, not once per match.
    const status = memoised(normaliseStatus);
    return (a, b) => {
      const x = status(a);
      const y = status(b);
      return x === y || x === '' || y === '';
    };
  }
  if (name === 'number' || name === 'party_id') return (a, b) => normaliseKey(a) === normaliseKey(b);
  if (name === 'party_name' || name === 'name') return (a, b) => normalisePartyName(a) === normalisePartyName(b);
  return (a, b) => normaliseText(a) === normaliseText(b);
}

/** Differences of one match, for callers that check a single pairing. */
export function differencesOf(
  left: RecordTable,
  right: RecordTable,
  l: readonly number[],
  r: readonly number[],
): FieldDifference[] {
  return [...differenceFinder(left, right)(l, r)];
}
