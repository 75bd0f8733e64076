import type { PreparedSide } from '../prepare.js';
import { claim, type MatchingState } from '../state.js';
import { NO_DAY } from '../table.js';

/** Most combinations tried for one record before giving up: keeps the worst case bounded on large leftovers. */
const SEARCH_BUDGET = 20_000;

interface Found {
  readonly members: number[];
  readonly difference: number;
}

/**
 * Pass 4: one-to-many and many-to-one. For each record still open, looks among the open records of the other side
 * with the same party and currency, dated within the window, for a combination (two up to maxGroupSize records)
 * whose amounts add up to its amount within the tolerance — one payment settling several invoices, one invoice
 * split in two, a consolidated posting. A single exact combination is accepted; several are a suggestion.
 */
export function matchGroups(state: MatchingState): void {
  const { left, right } = state;
  if (!left.hasParty || !right.hasParty || !left.hasAmount || !right.hasAmount) return;
  searchDirection(state, left, right, state.leftOpen, state.rightOpen, false);
  searchDirection(state, right, left, state.rightOpen, state.leftOpen, true);
}

function searchDirection(
  state: MatchingState,
  one: PreparedSide,
  many: PreparedSide,
  oneOpen: Uint8Array,
  manyOpen: Uint8Array,
  reversed: boolean,
): void {
  const { settings } = state;
  const byParty = new Map<number, number[]>();
  for (let j = 0; j < many.size; j++) {
    const code = many.partyCode[j]!;
    if (!manyOpen[j] || code < 0 || Number.isNaN(many.amount[j]!)) continue;
    const list = byParty.get(code);
    if (list) list.push(j);
    else byParty.set(code, [j]);
  }
  for (let i = 0; i < one.size; i++) {
    if (!oneOpen[i] || one.partyCode[i]! < 0 || Number.isNaN(one.amount[i]!)) continue;
    const pool = byParty.get(one.partyCode[i]!);
    if (!pool || pool.length < 2) continue;
    const currency = one.currency[i];
    const target = one.amount[i]!;
    const day = one.day[i]!;
    const candidates = pool
      .filter(
        (j) =>
          manyOpen[j] &&
          many.currency[j] === currency &&
          sameSign(many.amount[j]!, target) &&
          Math.abs(many.amount[j]!) <= Math.abs(target) + settings.amountToleranceMinor,
      )
      .filter((j) => withinWindow(day, many.day[j]!, reversed, settings.daysBefore, settings.daysAfter))
      .sort((a, b) => Math.abs(many.day[a]! - day) - Math.abs(many.day[b]! - day))
      .slice(0, settings.maxGroupCandidates);
    if (candidates.length < 2) continue;
    const found = subsetsSumming(
      candidates.map((j) => many.amount[j]!),
      target,
      settings.amountToleranceMinor,
      settings.maxGroupSize,
      3,
    );
    if (found.length === 0) continue;
    const best = found[0]!;
    const members = best.members.map((m) => candidates[m]!);
    const unique = found.length === 1;
    const status = unique && best.difference === 0 ? 'auto' : 'suggested';
    const confidence = status === 'auto' ? 0.95 : 0.5 / found.length;
    const evidence = [
      {
        field: 'amount',
        level: best.difference === 0 ? 'group adds up exactly' : 'group adds up within tolerance',
        weight: 0,
      },
      { field: 'party', level: 'same party', weight: 0 },
      {
        field: 'combinations',
        level: unique ? 'only one combination fits' : `${found.length} combinations fit`,
        weight: 0,
      },
    ];
    const alternatives = found.slice(1).map((other) => {
      const group = other.members.map((m) => candidates[m]!);
      return reversed
        ? { left: group, right: [i], confidence: 0.5 / found.length }
        : { left: [i], right: group, confidence: 0.5 / found.length };
    });
    claim(state, {
      left: reversed ? members : [i],
      right: reversed ? [i] : members,
      status,
      pass: 'group',
      confidence,
      evidence,
      ...(alternatives.length > 0 ? { alternatives } : {}),
    });
  }
}

function sameSign(a: number, b: number): boolean {
  return a === 0 || b === 0 || a > 0 === b > 0;
}

function withinWindow(day: number, other: number, reversed: boolean, before: number, after: number): boolean {
  if (day === NO_DAY || other === NO_DAY) return true;
  const gap = reversed ? day - other : other - day;
  return gap >= -before && gap <= after;
}

/**
 * Index sets of 2..maxSize amounts whose sum is within `tolerance` of `target`, exact ones first, at most `limit`.
 * Depth-first over amounts sorted by size, pruning branches that can no longer reach the target.
 */
export function subsetsSumming(
  amounts: readonly number[],
  target: number,
  tolerance: number,
  maxSize: number,
  limit: number,
): Found[] {
  const sign = target < 0 ? -1 : 1;
  const order = amounts.map((_, i) => i).sort((a, b) => Math.abs(amounts[b]!) - Math.abs(amounts[a]!));
  const values = order.map((i) => Math.abs(amounts[i]!));
  const goal = Math.abs(target);
  // suffix[k] = sum of values[k..]: the most the remaining amounts can add.
  const suffix = new Array<number>(values.length + 1).fill(0);
  for (let k = values.length - 1; k >= 0; k--) suffix[k] = suffix[k + 1]! + values[k]!;
  const found: Found[] = [];
  const chosen: number[] = [];
  let budget = SEARCH_BUDGET;
  const visit = (start: number, sum: number): void => {
    if (budget-- <= 0 || found.length >= limit * 4) return;
    if (chosen.length >= 2 && Math.abs(goal - sum) <= tolerance) {
      found.push({ members: chosen.map((k) => order[k]!), difference: Math.abs(goal - sum) * sign });
    }
    if (chosen.length === maxSize) return;
    for (let k = start; k < values.length; k++) {
      const next = sum + values[k]!;
      if (next > goal + tolerance) continue;
      if (sum + suffix[k]! < goal - tolerance) return;
      chosen.push(k);
      visit(k + 1, next);
      chosen.pop();
    }
  };
  visit(0, 0);
  return found
    .sort((a, b) => Math.abs(a.difference) - Math.abs(b.difference) || a.members.length - b.members.length)
    .slice(0, limit);
}
