import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { CounterpartError, describeError } from '../../errors.js';
import { describeDifferences, summaryRows, writeResult } from '../../recon/output/writeResult.js';
import type { ReconResult } from '../../recon/result.js';
import { reconcileFiles } from '../../recon/runFiles.js';
import { Entity } from '../../recon/schema.js';
import { ReconSettings } from '../../recon/settings.js';
import { contextOf } from '../context.js';
import { printResult } from '../output.js';
import { progressBar } from '../progress.js';

interface ReconOptions {
  leftFile?: string;
  rightFile?: string;
  left?: string;
  right?: string;
  entity: string;
  period?: string;
  out?: string;
  map: string[];
  leftMap: string[];
  rightMap: string[];
  currency?: string;
  monthFirst?: boolean;
  decisions?: string;
  settings?: string;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function registerReconCommand(program: Command): void {
  program
    .command('recon')
    .description("reconcile two systems' records (or two exported files) for a period")
    .option('--left-file <path>', 'left side: a CSV or XLSX export')
    .option('--right-file <path>', 'right side: a CSV or XLSX export')
    .option('--left <connection>', 'left side: a configured connection')
    .option('--right <connection>', 'right side: a configured connection')
    .requiredOption('--entity <entity>', `what to reconcile: ${Entity.options.join(', ')}`)
    .option('--period <YYYY-MM>', 'the month being reconciled (records dated outside it are flagged)')
    .option('--out <file>', 'write the full result to a .json, .csv or .xlsx file')
    .option('--map <field=Header,...>', 'map file columns to fields explicitly (both files; repeatable)', collect, [])
    .option('--left-map <field=Header,...>', 'column mapping for the left file only (repeatable)', collect, [])
    .option('--right-map <field=Header,...>', 'column mapping for the right file only (repeatable)', collect, [])
    .option('--currency <code>', 'currency of rows without a currency column (default GBP)')
    .option('--month-first', 'read dates such as 03/04/2024 as month/day (US) instead of day/month')
    .option('--decisions <file>', 'JSON list of past approve/reject decisions to respect and learn from')
    .option('--settings <file>', 'JSON object of tolerances and thresholds overriding the entity defaults')
    .action(async (options: ReconOptions, command: Command) => {
      const context = contextOf(command);
      const entity = Entity.safeParse(options.entity);
      if (!entity.success) {
        throw new CounterpartError(
          'cli.usage',
          `--entity must be one of ${Entity.options.join(', ')} (see counterpart --help)`,
        );
      }
      if (options.left !== undefined || options.right !== undefined) {
        throw new CounterpartError(
          'recon.no_connection',
          `Connection inputs need a configured connection, and no connections exist yet; export the records and use --left-file and --right-file.`,
          { left: options.left ?? null, right: options.right ?? null },
        );
      }
      if (!options.leftFile || !options.rightFile) {
        throw new CounterpartError('cli.usage', 'give both --left-file and --right-file (see counterpart --help)');
      }
      if (options.period !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(options.period)) {
        throw new CounterpartError('cli.usage', `--period must be a month written YYYY-MM, not "${options.period}"`);
      }
      if (options.currency !== undefined && !/^[A-Z]{3}$/.test(options.currency)) {
        throw new CounterpartError(
          'cli.usage',
          `--currency must be an ISO 4217 code such as GBP, not "${options.currency}"`,
        );
      }
      const progress = progressBar(context, 'Reconciling');
      let result: ReconResult;
      try {
        result = await reconcileFiles(
          {
            entity: entity.data,
            leftFile: options.leftFile,
            rightFile: options.rightFile,
            ...(options.period ? { period: options.period } : {}),
            map: options.map,
            leftMap: options.leftMap,
            rightMap: options.rightMap,
            settings: {
              ...(options.settings ? await readSettings(options.settings) : {}),
              ...(options.currency ? { defaultCurrency: options.currency } : {}),
              ...(options.monthFirst ? { monthFirst: true } : {}),
            },
            ...(options.decisions ? { decisionsFile: options.decisions } : {}),
          },
          (_stage, fraction) => progress.update(Math.round(fraction * 100), 100),
        );
      } finally {
        progress.stop();
      }
      if (options.out) await writeResult(result, options.out);
      // With --out the file holds the result, so --json prints only the summary.
      const value = options.out ? { summary: result.summary, out: options.out } : result;
      printResult(context, value, () => describe(result, options.out));
    });
}

async function readSettings(path: string): Promise<Partial<ReconSettings>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new CounterpartError('recon.bad_settings', `Cannot read settings from ${path}: ${describeError(error)}.`, {
      file: path,
    });
  }
  const result = ReconSettings.partial().strict().safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new CounterpartError(
      'recon.bad_settings',
      `${path}: ${issue?.path.join('.') || 'settings'} ${issue?.message ?? 'is not valid'} (see docs/recon.md for the settings).`,
      { file: path },
    );
  }
  return result.data;
}

function describe(result: ReconResult, out: string | undefined): string {
  const lines = summaryRows(result).map(([label, value]) => `${label.padEnd(24)} ${value}`);
  for (const issue of result.issues.slice(0, 20)) {
    lines.push(`bad row: ${issue.source}${issue.line > 0 ? ` line ${issue.line}` : ''}: ${issue.reason}`);
  }
  if (result.issues.length > 20) lines.push(`… and ${result.issues.length - 20} more bad rows (see --out)`);
  if (out) lines.push(`result written to ${out}`);
  else {
    const review = result.matches.filter((match) => match.status === 'suggested' || match.differences.length > 0);
    for (const match of review.slice(0, 10)) {
      lines.push(
        `${match.status.padEnd(9)} ${match.left.join('+')} ↔ ${match.right.join('+')} (${(match.confidence * 100).toFixed(1)}%) ${describeDifferences(match.differences)}`,
      );
    }
    if (review.length > 10) lines.push(`… ${review.length - 10} more to review; write them all with --out result.xlsx`);
  }
  return lines.join('\n');
}
