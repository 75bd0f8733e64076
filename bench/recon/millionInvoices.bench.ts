/**
 * 1,000,000 invoices per side with realistic discrepancies (numbers missing or mistyped, cents of rounding,
 * shifted dates, split postings, status conflicts, records on one side only). Reports, side by side in the same
 * run, the full multi-pass reconciliation and DuckDB doing only the exact-reference join of the same two files:
 * run time (median of RUNS), peak memory (each run in its own process) and precision/recall against the truth.
 *
 *   npx tsx bench/recon/millionInvoices.bench.ts            (COUNT=1000000 RUNS=3 by default)
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { reconcileFiles } from '../../src/recon/runFiles.js';
import { generateInvoices } from './generateInvoices.js';

const count = Number(process.env.COUNT ?? 1_000_000);
const runs = Number(process.env.RUNS ?? 3);
const mode = process.argv[2];

interface Measure {
  seconds: number;
  /** Processor time of all threads (above wall time when work ran in parallel; less affected by other load). */
  cpuSeconds: number;
  peakMb: number;
  autoPrecision: number;
  autoShare: number;
  recall: number;
  pairs: number;
}

async function child(kind: 'engine' | 'duckdb'): Promise<void> {
  const { leftFile, rightFile, truth } = await generateInvoices(count);
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const proposed: Array<{ left: readonly string[]; right: readonly string[]; auto: boolean }> = [];
  if (kind === 'engine') {
    const result = await reconcileFiles({ entity: 'invoices', leftFile, rightFile });
    for (const match of result.matches)
      proposed.push({ left: match.left, right: match.right, auto: match.status === 'auto' });
  } else {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const reader = await connection.runAndReadAll(
      `SELECT l.InvoiceID, r."Record ID" FROM read_csv('${leftFile}', all_varchar = true) l
       JOIN read_csv('${rightFile}', all_varchar = true) r ON l.InvoiceNumber = r."Your Reference"`,
    );
    for (const [left, right] of reader.getRows())
      proposed.push({ left: [String(left)], right: [String(right)], auto: true });
    connection.closeSync();
    instance.closeSync();
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStarted);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  let auto = 0;
  let autoCorrect = 0;
  let correct = 0;
  for (const match of proposed) {
    const expected = match.left.length === 1 ? truth.get(match.left[0]!) : undefined;
    const right = [...match.right].sort().join(' ');
    const ok = expected !== undefined && [...expected].sort().join(' ') === right;
    if (match.auto) {
      auto++;
      if (ok) autoCorrect++;
    }
    if (ok) correct++;
  }
  const measure: Measure = {
    seconds,
    cpuSeconds,
    peakMb: process.resourceUsage().maxRSS / 1024,
    autoPrecision: autoCorrect / Math.max(1, auto),
    autoShare: autoCorrect / truth.size,
    recall: correct / truth.size,
    pairs: proposed.length,
  };
  process.stdout.write(`${JSON.stringify(measure)}\n`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main(): Promise<void> {
  const generating = performance.now();
  const { truth } = await generateInvoices(count);
  console.log(
    `${count.toLocaleString('en-GB')} invoices per side, ${truth.size.toLocaleString('en-GB')} true pairs (files ready in ${((performance.now() - generating) / 1000).toFixed(1)} s)`,
  );
  const script = fileURLToPath(import.meta.url);
  for (const kind of ['duckdb', 'engine'] as const) {
    const measures: Measure[] = [];
    for (let run = 0; run < runs; run++) {
      const outcome = spawnSync(process.execPath, [...process.execArgv, script, kind], {
        encoding: 'utf8',
        env: process.env,
        maxBuffer: 1 << 24,
      });
      if (outcome.status !== 0) {
        console.log(`${kind}: run failed\n${outcome.stderr}`);
        break;
      }
      measures.push(JSON.parse(outcome.stdout.trim().split('\n').at(-1)!) as Measure);
    }
    if (measures.length === 0) continue;
    const last = measures.at(-1)!;
    const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
    console.log(
      `${kind === 'engine' ? 'counterpart full reconciliation' : 'duckdb exact-reference join'}: ${median(measures.map((m) => m.seconds)).toFixed(2)} s wall, ${median(measures.map((m) => m.cpuSeconds)).toFixed(2)} s CPU (median of ${measures.length}), peak ${Math.round(median(measures.map((m) => m.peakMb)))} MB, auto precision ${pct(last.autoPrecision)}, matched automatically ${pct(last.autoShare)}, recall ${pct(last.recall)}`,
    );
  }
}

if (mode === 'engine' || mode === 'duckdb') await child(mode);
else await main();
