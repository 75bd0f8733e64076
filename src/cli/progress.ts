import { SingleBar } from 'cli-progress';
import type { CliContext } from './context.js';

export interface ProgressReporter {
  update(done: number, total?: number): void;
  stop(): void;
}

/** A progress bar on stderr for long work; silent when output is JSON or stderr is not a terminal. */
export function progressBar(context: Pick<CliContext, 'json'>, label: string): ProgressReporter {
  if (context.json || !process.stderr.isTTY) return { update: () => {}, stop: () => {} };
  const bar = new SingleBar({
    format: `${label} [{bar}] {percentage}% | {value}/{total}`,
    stream: process.stderr,
    hideCursor: true,
  });
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(total ?? done, done);
        started = true;
      }
      if (total !== undefined) bar.setTotal(total);
      bar.update(done);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
