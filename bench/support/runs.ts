/** How many records each benchmark moves, and how many times it runs (`RECORDS=… RUNS=… npx tsx bench/…`). */
export const RECORDS = Number(process.env.RECORDS ?? 1_000);
export const RUNS = Number(process.env.RUNS ?? 3);

/** The middle value; the mean of the two middle ones for an even count. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/**
 * Runs a benchmark `runs` times and returns the steps of the first run, each with the median of its call counts over
 * all runs (the steps are the same in every run), so one slow or lucky run does not set the figure.
 */
export async function medianOfRuns<R extends { readonly calls: number }>(
  run: () => Promise<R[]>,
  runs: number = RUNS,
): Promise<R[]> {
  const results: R[][] = [];
  for (let index = 0; index < runs; index += 1) results.push(await run());
  return (results[0] ?? []).map((row, index) => ({
    ...row,
    calls: median(results.map((rows) => rows[index]?.calls ?? 0)),
  }));
}

export interface Column {
  readonly title: string;
  /** Padded to this width; 0 leaves the cell as it is (a last, free-text column). */
  readonly width: number;
  readonly align?: 'left' | 'right' | undefined;
}

/** Prints a heading line and one line per row, each cell padded to its column, cells joined by `gap`. */
export function printTable(columns: readonly Column[], rows: readonly (readonly string[])[], gap = ''): void {
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, index) => {
        const column = columns[index];
        if (column === undefined) return cell;
        return column.align === 'right' ? cell.padStart(column.width) : cell.padEnd(column.width);
      })
      .join(gap);
  console.log(line(columns.map((column) => column.title)));
  for (const row of rows) console.log(line(row));
}
