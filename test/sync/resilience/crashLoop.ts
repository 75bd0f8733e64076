import { spawn } from 'node:child_process';
import type { SeededRandom } from '../../../src/sandbox/demo/random.js';
import { cliEntry } from '../../support/built.js';
import type { WireEvent, WireTap } from './wireTap.js';

/**
 * Where a sync process is killed with SIGKILL: `delayMs` after the `nth` time the wire tap sees `event` in that
 * process's life, or `delayMs` after it started (`clock`). A kill on `xero-write-answered` holds Xero's answer until
 * the process is dead, so Xero has saved the batch and the sync never learns it did.
 */
export interface KillPoint {
  readonly event: WireEvent | 'clock';
  readonly nth: number;
  readonly delayMs: number;
}

export interface SyncAttempt {
  readonly point: KillPoint | null;
  /** What the kill landed on: the point's event, or `backstop` when the process wrote too much first. */
  readonly killedAt: WireEvent | 'clock' | 'backstop' | null;
  /** `killed` when the SIGKILL landed while the process still ran; `exited` when it ended first. */
  readonly outcome: 'killed' | 'exited';
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** What the process did on the wire before it ended. */
  readonly wire: Readonly<Record<WireEvent, number>>;
}

/** What the next sync process will do first: send writes a killed one left in the outbox, or read the source. */
export type SyncPhase = 'reading' | 'writing';

/**
 * A kill point for a process about to start in `phase`, taking turns among that phase's moments: while reading, at
 * an X3 request (customers, products or any page of invoices) or a plain random moment; while writing, with a batch
 * in flight, saved by Xero but not yet heard of by the sync, or just heard of (between two batches). Counts are
 * small, so that every killed process leaves work for the next one.
 */
export function killPointFor(random: SeededRandom, phase: SyncPhase, turn: number): KillPoint {
  const moments: readonly (() => KillPoint)[] =
    phase === 'reading'
      ? [
          // The first read makes about 220 X3 requests (customers, suppliers, products) before any write.
          () => ({ event: 'x3-request', nth: random.int(1, 200), delayMs: random.int(0, 40) }),
          () => ({ event: 'clock', nth: 1, delayMs: random.int(500, 6_000) }),
        ]
      : [
          () => ({ event: 'xero-write-sent', nth: random.int(1, 3), delayMs: random.int(0, 30) }),
          () => ({ event: 'xero-write-answered', nth: random.int(1, 3), delayMs: 0 }),
          () => ({ event: 'xero-write-handed', nth: random.int(1, 3), delayMs: random.int(0, 5) }),
        ];
  return (moments[turn % moments.length] as () => KillPoint)();
}

/**
 * Runs the built `counterpart` CLI with `args` and kills it at `point` (or lets it finish when `point` is null) — or
 * once Xero has handed it `backstop` batch answers, so that no single process gets through much of the work and
 * the next kill still finds some left.
 */
export function runKilledAt(
  args: readonly string[],
  tap: WireTap,
  point: KillPoint | null,
  backstop = Number.POSITIVE_INFINITY,
): Promise<SyncAttempt> {
  const child = spawn(process.execPath, [cliEntry, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let killedAt: SyncAttempt['killedAt'] = null;
  const kill = async (delayMs: number, at: NonNullable<SyncAttempt['killedAt']>) => {
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (killedAt === null && child.exitCode === null && child.signalCode === null && child.kill('SIGKILL')) {
      killedAt = at;
    }
    await exited;
  };
  tap.reset((event, count) => {
    if (event === 'xero-write-handed' && count === backstop) void kill(0, 'backstop');
    if (point === null || point.event !== event || point.nth !== count) return;
    const killing = kill(point.delayMs, event);
    // Hold Xero's answer until the process is gone; other kill points let the wire run on meanwhile.
    return event === 'xero-write-answered' ? killing : undefined;
  });
  if (point?.event === 'clock') void kill(point.delayMs, 'clock');
  return exited.then((exitCode) => ({
    point,
    killedAt,
    outcome: killedAt === null ? 'exited' : 'killed',
    exitCode,
    stdout,
    stderr,
    wire: { ...tap.counts },
  }));
}
