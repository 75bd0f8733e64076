import { formatDay } from '../normalise.js';
import type { PreparedSide } from '../prepare.js';
import { NO_DAY } from '../table.js';
import { clampScore, type DetectorContext, type RecordFlag } from './flag.js';

/** Records dated outside the period being reconciled. */
export function detectOutsidePeriod({ state, period }: DetectorContext): RecordFlag[] {
  if (!period) return [];
  const flags: RecordFlag[] = [];
  const check = (side: PreparedSide, name: 'left' | 'right') => {
    for (let i = 0; i < side.size; i++) {
      const day = side.day[i]!;
      if (day === NO_DAY || (day >= period.start && day <= period.end)) continue;
      const distance = day < period.start ? period.start - day : day - period.end;
      flags.push({
        code: 'outside_period',
        severity: 'info',
        score: clampScore(distance / 30),
        message: `${side.table.ids[i]} in ${side.table.source} is dated ${formatDay(day)}, outside the period ${formatDay(period.start)} to ${formatDay(period.end)}.`,
        left: name === 'left' ? [i] : [],
        right: name === 'right' ? [i] : [],
      });
    }
  };
  check(state.left, 'left');
  check(state.right, 'right');
  return flags;
}

/** Records still without a counterpart more than N days after their date. */
export function detectMissingCounterparts({
  state,
  asOfDay,
  settings,
}: DetectorContext & { settings: { missingAfterDays: number } }): RecordFlag[] {
  const flags: RecordFlag[] = [];
  const check = (side: PreparedSide, open: Uint8Array, name: 'left' | 'right', other: string) => {
    for (let i = 0; i < side.size; i++) {
      if (!open[i] || side.day[i] === NO_DAY) continue;
      const age = asOfDay - side.day[i]!;
      if (age <= settings.missingAfterDays) continue;
      flags.push({
        code: 'missing_counterpart',
        severity: 'warning',
        score: clampScore(age / (settings.missingAfterDays * 4)),
        message: `${side.table.ids[i]} in ${side.table.source} has had no counterpart in ${other} for ${age} days (dated ${formatDay(side.day[i]!)}).`,
        left: name === 'left' ? [i] : [],
        right: name === 'right' ? [i] : [],
      });
    }
  };
  check(state.left, state.leftOpen, 'left', state.right.table.source);
  check(state.right, state.rightOpen, 'right', state.left.table.source);
  return flags;
}
