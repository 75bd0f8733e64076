import { groupByParty, type PreparedSide } from '../prepare.js';
import { NO_DAY } from '../table.js';
import { clampScore, type DetectorContext, groupBy, money, type RecordFlag } from './flag.js';

/** Two records of one system this many days apart or less, same party and amount, may be one entered twice. */
const DUPLICATE_DAYS = 3;

/** Suspected duplicates within one system: same party (or reference), currency and amount, dated days apart. */
export function detectDuplicates({ state }: DetectorContext): RecordFlag[] {
  return [...duplicatesOn(state.left, 'left'), ...duplicatesOn(state.right, 'right')];
}

function duplicatesOn(side: PreparedSide, name: 'left' | 'right'): RecordFlag[] {
  if (!side.hasAmount) return [];
  const flags: RecordFlag[] = [];
  const who = (i: number) => side.party[i] || side.reference[i] || '';
  const usable = (i: number) => !Number.isNaN(side.amount[i]!) && side.amount[i] !== 0;
  // By party where there is one (integer codes, cheap); by reference text otherwise.
  const groups: number[][] = groupByParty(side, usable);
  for (const members of groupBy(side.size, (i) =>
    side.partyCode[i]! < 0 && usable(i) ? side.reference[i]! : '',
  ).values()) {
    groups.push(members);
  }
  for (const members of groups) {
    const group = withRepeatedAmount(side, members);
    if (group.length < 2) continue;
    group.sort(
      (a, b) =>
        side.amount[a]! - side.amount[b]! ||
        (side.currency[a]! < side.currency[b]! ? -1 : side.currency[a]! > side.currency[b]! ? 1 : 0) ||
        side.day[a]! - side.day[b]!,
    );
    for (let k = 1; k < group.length; k++) {
      const a = group[k - 1]!;
      const b = group[k]!;
      if (side.amount[a] !== side.amount[b] || side.currency[a] !== side.currency[b]) continue;
      flags.push(...duplicatePair(side, name, a, b, who));
    }
  }
  return flags;
}

/**
 * The members whose amount occurs more than once in the group, in their order — only they can form a pair, and
 * finding them with a native sort of the amounts spares sorting a whole party's records with a comparator.
 */
function withRepeatedAmount(side: PreparedSide, members: readonly number[]): number[] {
  if (members.length < 2) return [];
  const amounts = new Float64Array(members.length);
  for (let k = 0; k < members.length; k++) amounts[k] = side.amount[members[k]!]!;
  amounts.sort();
  let repeated: Set<number> | undefined;
  for (let k = 1; k < amounts.length; k++) {
    if (amounts[k] === amounts[k - 1]) {
      repeated ??= new Set();
      repeated.add(amounts[k]!);
    }
  }
  if (!repeated) return [];
  const found = repeated;
  return members.filter((i) => found.has(side.amount[i]!));
}

function duplicatePair(
  side: PreparedSide,
  name: 'left' | 'right',
  a: number,
  b: number,
  who: (i: number) => string,
): RecordFlag[] {
  const gap = side.day[a] === NO_DAY || side.day[b] === NO_DAY ? 0 : Math.abs(side.day[b]! - side.day[a]!);
  if (gap > DUPLICATE_DAYS) return [];
  const sameReference = side.reference[a] !== '' && side.reference[a] === side.reference[b];
  const ids = side.table.ids;
  const apart = gap === 0 ? 'same day' : `${gap} day${gap === 1 ? '' : 's'} apart`;
  return [
    {
      code: 'duplicate_suspected',
      severity: 'warning',
      score: clampScore((sameReference ? 0.9 : 0.6) - gap * 0.1),
      message: `${ids[a]} and ${ids[b]} in ${side.table.source} look like the same entry twice: ${who(a)}, ${money(side.amount[a]!, side.currency[a]!)}, ${apart}.`,
      left: name === 'left' ? [a, b] : [],
      right: name === 'right' ? [a, b] : [],
    },
  ];
}
