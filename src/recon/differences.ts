import { currencyExponent, formatMinorUnits } from '../model/money.js';
import { formatDay, normaliseKey, normalisePartyName, normaliseStatus, normaliseText } from './normalise.js';
import type { FieldDifference } from './result.js';
import { fieldsOf } from './schema.js';
import { NO_DAY, type RecordTable } from './table.js';

/** Already-normalised forms of some text columns (field name → value per record). */
export type NormalisedColumns = Readonly<Record<string, readonly string[]>>;

type Check = (l: readonly number[], r: readonly number[], out: FieldDifference[]) => void;

/**
 * Field-level differences of a match after normalisation, so "ACME LTD" vs "Acme Limited" or "AUTHORISED" vs
 * "Open" are not reported. Groups (one-to-many) compare the sum of their amounts and nothing else. The checks are
 * prepared once per reconciliation, then run per match.
 */
export function differenceFinder(
  left: RecordTable,
  right: RecordTable,
  normalised?: { readonly left: NormalisedColumns; readonly right: NormalisedColumns },
): (l: readonly number[], r: readonly number[]) => FieldDifference[] {
  const checks: Check[] = [
    (l, r, out) => {
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
        checks.push(
          singles((i, j, out) => {
            const x = a[i]!;
            const y = b[j]!;
            if (x !== NO_DAY && y !== NO_DAY && x !== y) out.push({ field, left: formatDay(x), right: formatDay(y) });
          }),
        );
    } else {
      const a = left.text.get(field);
      const b = right.text.get(field);
      if (!a || !b) continue;
      const same = sameness(field, spec.kind);
      // Columns the matching already normalised are compared in that form instead of normalising again.
      const knownLeft = normalised?.left[field];
      const knownRight = normalised?.right[field];
      checks.push(
        singles((i, j, out) => {
          const x = a[i]!;
          const y = b[j]!;
          if (x === y || x === '' || y === '') return;
          if (knownLeft && knownRight ? knownLeft[i] === knownRight[j] : same(x, y)) return;
          out.push({ field, left: x, right: y });
        }),
      );
    }
  }
  return (l, r) => {
    const out: FieldDifference[] = [];
    for (const check of checks) check(l, r, out);
    return out;
  };
}

function singles(check: (i: number, j: number, out: FieldDifference[]) => void): Check {
  return (l, r, out) => {
    if (l.length === 1 && r.length === 1) check(l[0]!, r[0]!, out);
  };
}

function moneyCheck(field: string, a: Float64Array, b: Float64Array, left: RecordTable, right: RecordTable): Check {
  return (l, r, out) => {
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
    return (a, b) => {
      const x = normaliseStatus(a);
      const y = normaliseStatus(b);
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
  return differenceFinder(left, right)(l, r);
}
