/**
 * Bank-transfers benchmark: 45,326 payments sent vs 45,326 received (../shared/benchmarks/bank-transfers), scored
 * against truth.csv. Prints auto precision, the share of true pairs matched automatically, recall of auto +
 * suggested, and the run time (median of several runs). Never fails on time.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { reconcile } from '../../src/recon/engine.js';
import { readRecordFile } from '../../src/recon/input/readFile.js';
import type { ReconResult } from '../../src/recon/result.js';

const here = dirname(fileURLToPath(import.meta.url));
const folder = resolve(process.env.BANK_TRANSFERS_DIR ?? join(here, '../../../shared/benchmarks/bank-transfers'));
const runs = Number(process.env.RUNS ?? 5);

const truth = new Map<string, string>();
for (const line of readFileSync(join(folder, 'truth.csv'), 'utf8').split('\n').slice(1)) {
  const [sent, received] = line.trim().split(',');
  if (sent && received) truth.set(sent, received);
}

export function evaluate(result: ReconResult, truthPairs: ReadonlyMap<string, string>) {
  let auto = 0;
  let autoCorrect = 0;
  let proposedCorrect = 0;
  for (const match of result.matches) {
    const correct =
      match.left.length === 1 && match.right.length === 1 && truthPairs.get(match.left[0]!) === match.right[0];
    if (match.status === 'auto') {
      auto++;
      if (correct) autoCorrect++;
    }
    if (correct) proposedCorrect++;
  }
  return {
    autoPrecision: autoCorrect / Math.max(1, auto),
    autoShare: autoCorrect / truthPairs.size,
    recall: proposedCorrect / truthPairs.size,
    auto,
    autoWrong: auto - autoCorrect,
    suggested: result.matches.length - auto,
  };
}

const times: number[] = [];
const cpuTimes: number[] = [];
let last: ReturnType<typeof evaluate> | undefined;
for (let run = 0; run < runs; run++) {
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const options = { explicitMap: new Map<string, string>(), defaultCurrency: 'GBP' };
  const [left, right] = await Promise.all([
    readRecordFile(join(folder, 'payments_sent.csv'), 'payments', options),
    readRecordFile(join(folder, 'payments_received.csv'), 'payments', options),
  ]);
  const read = performance.now();
  const result = reconcile({ entity: 'payments', left, right });
  const elapsed = performance.now() - started;
  times.push(elapsed);
  const cpu = process.cpuUsage(cpuStarted);
  cpuTimes.push((cpu.user + cpu.system) / 1000);
  last = evaluate(result, truth);
  if (run === 0 && process.env.VERBOSE) console.log(JSON.stringify(result.weights, null, 1));
  console.error(
    `run ${run + 1}: ${(elapsed / 1000).toFixed(2)} s wall, ${(cpuTimes.at(-1)! / 1000).toFixed(2)} s CPU (reading ${((read - started) / 1000).toFixed(2)} s)`,
  );
}
const median = medianOf(times);
const cpuMedian = medianOf(cpuTimes);
const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
console.log(`bank-transfers: ${truth.size} true pairs`);
console.log(`  auto precision          ${pct(last!.autoPrecision)} (${last!.autoWrong} wrong of ${last!.auto})`);
console.log(`  matched automatically   ${pct(last!.autoShare)}`);
console.log(`  recall auto + suggested ${pct(last!.recall)} (${last!.suggested} suggested)`);
console.log(
  `  run time (median of ${runs}, files to result) ${(median / 1000).toFixed(2)} s wall, ${(cpuMedian / 1000).toFixed(2)} s CPU`,
);

function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
