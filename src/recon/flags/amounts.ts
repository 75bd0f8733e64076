import { byCurrency, groupByParty, type PreparedSide } from '../prepare.js';
import { clampScore, type DetectorContext, median, money, type RecordFlag, robustSpread } from './flag.js';

/** A party needs this many records before its normal amounts can be judged. */
const MIN_HISTORY = 8;
const GLOBAL_SAMPLE = 50_000;
/** Round amounts are unusual for a party when fewer than this share of its amounts are round. */
const ROUND_SHARE = 0.1;

/**
 * Amount patterns learned per party from the data: outliers by robust z-score of the log amount (median and MAD,
 * so one huge invoice does not hide itself), round amounts from a party that rarely bills round figures, and a
 * first-time party with an amount far above what this ledger normally sees.
 */
export function detectAmountPatterns({
  state,
  settings,
}: DetectorContext & { settings: { outlierZ: number } }): RecordFlag[] {
  return [...patternsOn(state.left, 'left', settings.outlierZ), ...patternsOn(state.right, 'right', settings.outlierZ)];
}

function patternsOn(side: PreparedSide, name: 'left' | 'right', outlierZ: number): RecordFlag[] {
  if (!side.hasAmount || !side.hasParty) return [];
  const flags: RecordFlag[] = [];
  const at = (i: number) => ({ left: name === 'left' ? [i] : [], right: name === 'right' ? [i] : [] });
  const ids = side.table.ids;
  // Each record's order of magnitude, worked out once (it is read up to three times below).
  const magnitudes = new Float64Array(side.size);
  for (let i = 0; i < side.size; i++) magnitudes[i] = Math.log10(Math.abs(side.amount[i]!) + 1);
  const magnitude = (i: number) => magnitudes[i]!;
  const groups = groupByParty(side, (i) => !Number.isNaN(side.amount[i]!)).flatMap((members) =>
    byCurrency(side, members),
  );
  // The ledger-wide norm only needs to be about right: every k-th amount, at most about 50,000 of them.
  let counted = 0;
  for (const members of groups) counted += members.length;
  const stride = Math.max(1, Math.ceil(counted / GLOBAL_SAMPLE));
  const all: number[] = [];
  let seen = 0;
  for (const members of groups) for (const i of members) if (seen++ % stride === 0) all.push(magnitude(i));
  const globalCentre = all.length > 0 ? median(all) : 0;
  const globalSpread = all.length > 0 ? robustSpread(all, globalCentre) : 0;
  for (const members of groups) {
    if (members.length === 1 && counted >= MIN_HISTORY * 4 && globalSpread > 0) {
      const i = members[0]!;
      const z = (magnitude(i) - globalCentre) / globalSpread;
      if (z > outlierZ / 2) {
        flags.push({
          code: 'unusual_party',
          severity: 'info',
          score: clampScore(z / outlierZ),
          message: `${ids[i]} is the only record for ${side.party[i]} in ${side.table.source}, and its ${money(side.amount[i]!, side.currency[i]!)} is far above this ledger's usual amounts.`,
          ...at(i),
        });
      }
      continue;
    }
    if (members.length < MIN_HISTORY) continue;
    const values = new Float64Array(members.length);
    for (let k = 0; k < members.length; k++) values[k] = magnitudes[members[k]!]!;
    const centre = median(values);
    const spread = Math.max(robustSpread(values, centre), 0.05);
    for (const i of members) {
      const z = (magnitude(i) - centre) / spread;
      if (Math.abs(z) < outlierZ) continue;
      flags.push({
        code: 'amount_outlier',
        severity: 'warning',
        score: clampScore(Math.abs(z) / (2 * outlierZ)),
        message: `${ids[i]}: ${money(side.amount[i]!, side.currency[i]!)} is ${z > 0 ? 'far above' : 'far below'} what ${side.party[i]} usually has in ${side.table.source} (typically about ${money(Math.round(10 ** centre - 1), side.currency[i]!)}).`,
        ...at(i),
      });
    }
    const unit = 10_000; // 100.00 in a two-digit currency
    const isRound = (i: number) => Math.abs(side.amount[i]!) >= 10 * unit && side.amount[i]! % unit === 0;
    const roundCount = members.filter(isRound).length;
    if (roundCount === 0 || roundCount / members.length >= ROUND_SHARE) continue;
    for (const i of members) {
      if (!isRound(i)) continue;
      flags.push({
        code: 'round_amount',
        severity: 'info',
        score: clampScore(1 - roundCount / members.length / ROUND_SHARE),
        message: `${ids[i]}: ${money(side.amount[i]!, side.currency[i]!)} is a round figure, which ${side.party[i]} rarely has (${roundCount} of ${members.length} records).`,
        ...at(i),
      });
    }
  }
  return flags;
}
