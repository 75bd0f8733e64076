import type { SyncFigures } from './syncContract.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const zero = (): Mutable<SyncFigures> => ({ read: 0, written: 0, skipped: 0, failed: 0, conflicts: 0, apiCalls: 0 });

/** The figures of one run, per flow, added up as the run goes. */
export class RunFigures {
  private readonly flows = new Map<string, Mutable<SyncFigures>>();

  add(flow: string, figure: keyof SyncFigures, amount = 1): void {
    let figures = this.flows.get(flow);
    if (!figures) {
      figures = zero();
      this.flows.set(flow, figures);
    }
    figures[figure] += amount;
  }

  of(flow: string): SyncFigures {
    return this.flows.get(flow) ?? zero();
  }

  byFlow(): Record<string, SyncFigures> {
    return Object.fromEntries([...this.flows].map(([flow, figures]) => [flow, { ...figures }]));
  }

  totals(): SyncFigures {
    const totals = zero();
    for (const figures of this.flows.values()) {
      for (const key of Object.keys(totals) as (keyof SyncFigures)[]) totals[key] += figures[key];
    }
    return totals;
  }
}
