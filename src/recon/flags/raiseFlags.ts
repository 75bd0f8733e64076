import type { ReconInput } from '../engine.js';
import { periodDays } from '../normalise.js';
import type { AnomalyFlag } from '../result.js';
import type { ReconSettings } from '../settings.js';
import type { MatchingState } from '../state.js';
import { NO_DAY } from '../table.js';
import { detectAmountPatterns } from './amounts.js';
import { detectMissingCounterparts, detectOutsidePeriod } from './dates.js';
import { detectDuplicates } from './duplicates.js';
import type { DetectorContext, RecordFlag } from './flag.js';
import { detectFxDrift, detectStatusConflicts } from './matched.js';
import { detectTax } from './tax.js';

/** The anomaly flags of a run, and each record's flag codes by index for attaching to matches. */
export interface RaisedFlags {
  readonly flags: AnomalyFlag[];
  readonly leftCodes: ReadonlyArray<readonly string[] | undefined>;
  readonly rightCodes: ReadonlyArray<readonly string[] | undefined>;
  readonly counts: Readonly<Record<string, number>>;
}

/** Runs every anomaly detector over both sides and the matches found. */
export function raiseFlags(input: ReconInput, state: MatchingState, settings: ReconSettings): RaisedFlags {
  const period = input.period ? periodDays(input.period) : undefined;
  const context: DetectorContext & { settings: ReconSettings } = {
    state,
    settings,
    asOfDay: input.asOfDay ?? period?.end ?? latestDay(state),
    ...(period ? { period } : {}),
    ...(input.fxRates ? { fxRates: input.fxRates } : {}),
  };
  const raised: RecordFlag[] = [
    ...detectDuplicates(context),
    ...detectAmountPatterns(context),
    ...detectTax(context),
    ...detectStatusConflicts(context),
    ...detectFxDrift(context),
    ...detectOutsidePeriod(context),
    ...detectMissingCounterparts(context),
  ];
  const leftIds = state.left.table.ids;
  const rightIds = state.right.table.ids;
  const leftCodes: Array<string[] | undefined> = new Array(state.left.size);
  const rightCodes: Array<string[] | undefined> = new Array(state.right.size);
  const note = (codes: Array<string[] | undefined>, i: number, code: string) => {
    const list = codes[i];
    if (!list) codes[i] = [code];
    else if (!list.includes(code)) list.push(code);
  };
  const counts: Record<string, number> = {};
  const flags: AnomalyFlag[] = raised.map((flag) => {
    for (const i of flag.left) note(leftCodes, i, flag.code);
    for (const j of flag.right) note(rightCodes, j, flag.code);
    counts[flag.code] = (counts[flag.code] ?? 0) + 1;
    return {
      code: flag.code,
      severity: flag.severity,
      score: flag.score,
      message: flag.message,
      side: flag.left.length > 0 && flag.right.length > 0 ? 'both' : flag.left.length > 0 ? 'left' : 'right',
      ids: [...flag.left.map((i) => leftIds[i]!), ...flag.right.map((j) => rightIds[j]!)],
    };
  });
  return { flags, leftCodes, rightCodes, counts };
}

function latestDay(state: MatchingState): number {
  let latest = NO_DAY;
  for (const side of [state.left, state.right]) for (const day of side.day) if (day > latest) latest = day;
  return latest;
}
