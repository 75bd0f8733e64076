import { normaliseStatus } from '../normalise.js';
import type { MatchDraft } from '../state.js';
import { NO_DAY } from '../table.js';
import { clampScore, type DetectorContext, median, type RecordFlag, robustSpread } from './flag.js';

/** Status conflicts of matched records: paid in one system and open (or void) in the other. */
export function detectStatusConflicts({ state }: DetectorContext): RecordFlag[] {
  const leftStatus = state.left.table.text.get('status');
  const rightStatus = state.right.table.text.get('status');
  if (!leftStatus || !rightStatus) return [];
  const leftCodes = statusCodes(leftStatus);
  const rightCodes = statusCodes(rightStatus);
  const flags: RecordFlag[] = [];
  for (const draft of state.drafts) {
    // Most matches are one-to-one with agreeing statuses: settle those without building sets.
    if (draft.left.length === 1 && draft.right.length === 1) {
      const a = leftCodes[draft.left[0]!]!;
      const b = rightCodes[draft.right[0]!]!;
      if (a === b || a === 0 || b === 0) continue;
    }
    const a = new Set<string>(draft.left.map((i) => STATUSES[leftCodes[i]!]!).filter((x) => x !== ''));
    const b = new Set<string>(draft.right.map((j) => STATUSES[rightCodes[j]!]!).filter((x) => x !== ''));
    if (a.size === 0 || b.size === 0) continue;
    const conflict = (x: string, y: string) => (a.has(x) && b.has(y)) || (a.has(y) && b.has(x));
    if (!conflict('paid', 'open') && !conflict('void', 'open') && !conflict('void', 'paid')) continue;
    const describe = (set: Set<string>) => [...set].join('/');
    flags.push({
      code: 'status_conflict',
      severity: 'warning',
      score: conflict('paid', 'open') ? 0.8 : 1,
      message: `${ids(state.left.table.ids, draft.left)} is ${describe(a)} in ${state.left.table.source} but ${ids(state.right.table.ids, draft.right)} is ${describe(b)} in ${state.right.table.source}.`,
      left: draft.left,
      right: draft.right,
    });
  }
  return flags;
}

const STATUSES = ['', 'draft', 'open', 'paid', 'void'] as const;

/** Each record's normalised status as a small code (index into STATUSES), each distinct spelling normalised once. */
function statusCodes(column: readonly string[]): Uint8Array {
  const known = new Map<string, number>();
  const codes = new Uint8Array(column.length);
  for (let i = 0; i < column.length; i++) {
    const text = column[i]!;
    let code = known.get(text);
    if (code === undefined) {
      code = STATUSES.indexOf(normaliseStatus(text));
      known.set(text, code);
    }
    codes[i] = code;
  }
  return codes;
}

/**
 * FX rate of matches between different currencies far from the reference rate for that date — the rate given
 * for the day when there is one, otherwise the median rate the data itself shows for that currency pair.
 */
export function detectFxDrift({ state, fxRates }: DetectorContext): RecordFlag[] {
  const { left, right } = state;
  const cross = state.drafts.filter(
    (d) => d.left.length === 1 && d.right.length === 1 && left.currency[d.left[0]!] !== right.currency[d.right[0]!],
  );
  const byPair = new Map<string, MatchDraft[]>();
  for (const draft of cross) {
    const key = `${left.currency[draft.left[0]!]}/${right.currency[draft.right[0]!]}`;
    const list = byPair.get(key);
    if (list) list.push(draft);
    else byPair.set(key, [draft]);
  }
  const flags: RecordFlag[] = [];
  for (const [pair, drafts] of byPair) {
    const implied = drafts.map(
      (d) => Math.abs(right.amount[d.right[0]!]!) / Math.max(1, Math.abs(left.amount[d.left[0]!]!)),
    );
    const centre = median(implied.map(Math.log));
    const spread = Math.max(robustSpread(implied.map(Math.log), centre), 0.005);
    const given = fxRates?.get(pair);
    drafts.forEach((draft, k) => {
      const day = left.day[draft.left[0]!]!;
      const reference = given?.get(day);
      const expected = reference ?? (drafts.length >= 5 ? Math.exp(centre) : undefined);
      if (expected === undefined || day === NO_DAY) return;
      const deviation = Math.abs(Math.log(implied[k]! / expected));
      const limit = reference !== undefined ? 0.02 : Math.max(0.02, 5 * spread);
      if (deviation <= limit) return;
      flags.push({
        code: 'fx_rate',
        severity: 'warning',
        score: clampScore(deviation / (limit * 4)),
        message: `${ids(left.table.ids, draft.left)} ↔ ${ids(right.table.ids, draft.right)} converts ${pair} at ${implied[k]!.toFixed(4)}, ${(deviation * 100).toFixed(1)}% away from the ${reference !== undefined ? 'reference' : 'usual'} rate ${expected.toFixed(4)}.`,
        left: draft.left,
        right: draft.right,
      });
    });
  }
  return flags;
}

function ids(all: readonly string[], indices: readonly number[]): string {
  return indices.map((i) => all[i]!).join(' + ');
}
