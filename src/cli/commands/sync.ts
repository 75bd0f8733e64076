import { setMaxListeners } from 'node:events';
import { type Command, Option } from 'commander';
import { ENTITIES, type Entity } from '../../connectors/connector.js';
import { CounterpartError } from '../../errors.js';
import { OsKeychain } from '../../secrets/keychain.js';
import type { Workspace } from '../../store/workspace.js';
import { openWorkspace } from '../../store/workspace.js';
import type { DeadLetter, SyncEngineApi, SyncPair, SyncProgress, SyncRun } from '../../sync/syncContract.js';
import { createSyncEngine, type SyncEngine } from '../../sync/syncEngine.js';
import { watch } from '../../sync/triggers/watch.js';
import { type CliContext, contextOf } from '../context.js';
import { printResult } from '../output.js';
import { type ProgressReporter, progressBar } from '../progress.js';

interface SyncOptions {
  pair?: string;
  entities?: Entity[];
  once?: boolean;
  watch?: boolean;
  interval: number;
}

interface DeadLetterOptions {
  replay?: string;
  replayAll?: boolean;
  resolve?: string;
  note?: string;
}

const DEFAULT_INTERVAL_SECONDS = 300;
const ENGINE_LISTENERS = 100;

export function registerSyncCommand(program: Command): void {
  const sync = program
    .command('sync')
    .description('sync records between an accounting system and an ERP/CRM')
    .option('--pair <accounting:erp>', 'the two connections to keep in step, by name, e.g. "Demo Xero:Demo Sage X3"')
    .option(
      '--entities <list>',
      `with --once: only these entities, comma-separated (${ENTITIES.join(', ')})`,
      parseEntities,
    )
    .addOption(new Option('--once', 'run once and exit (the default)').conflicts('watch'))
    .addOption(new Option('--watch', 'keep syncing until interrupted (Ctrl+C)').conflicts('once'))
    .option('--interval <seconds>', 'with --watch: seconds between polls', parseInterval, DEFAULT_INTERVAL_SECONDS)
    .addHelpText(
      'after',
      '\nExits non-zero when a record could not be written; such records wait in the dead-letter queue:\n  counterpart sync dead-letters --pair "<accounting>:<erp>"',
    )
    .action(async (options: SyncOptions, command: Command) => {
      const context = contextOf(command);
      // Every request the engine has in flight listens for a cancel on the run's signal, often more than Node's
      // default of 10; this process runs nothing else, so raising the default for its signals hides no leak elsewhere.
      setMaxListeners(ENGINE_LISTENERS);
      if (options.pair === undefined) throw usage('name the pair to sync with --pair "<accounting>:<erp>"');
      if (options.watch && options.entities) throw usage('--entities goes with --once; --watch syncs every entity');
      await withEngine(context, async (engine, workspace) => {
        const pair = ensurePair(engine, workspace, options.pair ?? '');
        if (options.watch) await watchPair(context, engine, pair, options);
        else await syncOnce(context, engine, pair, options.entities);
      });
    });

  sync
    .command('dead-letters')
    .description('list the records a system refused for good; replay or resolve them')
    .option('--replay <id>', 'send one dead letter again')
    .option('--replay-all', 'send every open dead letter again (of --pair when given)')
    .option('--resolve <id>', 'close a dead letter without sending it (needs --note)')
    .option('--note <text>', 'with --resolve: why it needs no replay')
    .action(async (options: DeadLetterOptions, command: Command) => {
      const context = contextOf(command);
      const { pair: pairName } = command.optsWithGlobals<{ pair?: string }>();
      await withEngine(context, async (engine, workspace) => {
        const pair = pairName === undefined ? undefined : findPair(engine, workspace, pairName);
        await actOnDeadLetters(context, engine, pair, options);
      });
    });
}

function usage(message: string): CounterpartError {
  return new CounterpartError('cli.usage', `${message} (see counterpart sync --help)`);
}

function parseEntities(value: string): Entity[] {
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !(ENTITIES as readonly string[]).includes(name));
  if (names.length === 0 || unknown.length > 0) {
    throw usage(`--entities takes ${ENTITIES.join(', ')}; "${unknown.join(', ') || value}" is not one of them`);
  }
  return names as Entity[];
}

function parseInterval(value: string): number {
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds < 1)
    throw usage(`--interval must be a whole number of seconds, not "${value}"`);
  return seconds;
}

/** Opens the workspace and one engine over it for the whole command, and closes both however it ends. */
async function withEngine(
  context: CliContext,
  work: (engine: SyncEngine, workspace: Workspace) => Promise<void>,
): Promise<void> {
  const workspace = openWorkspace({ dataDirectory: context.dataDirectory, name: context.workspace });
  try {
    const engine = createSyncEngine({
      workspace,
      vault: new OsKeychain(),
    });
    try {
      await work(engine, workspace);
    } finally {
      await engine.close();
    }
  } finally {
    workspace.close();
  }
}

const actor = () => `cli:${process.env.USER ?? 'unknown'}`;

/** "Accounting name:ERP name" → the two saved connections; an unknown name is refused with the names that exist. */
function connectionsNamed(workspace: Workspace, pairName: string): { accountingId: string; erpId: string } {
  const separator = pairName.indexOf(':');
  if (separator <= 0 || separator === pairName.length - 1) {
    throw usage(`--pair takes "<accounting connection>:<erp connection>", not "${pairName}"`);
  }
  const [accountingId, erpId] = [pairName.slice(0, separator), pairName.slice(separator + 1)].map((name) => {
    const connection = workspace.connections.findByName(name.trim());
    if (connection !== undefined) return connection.id;
    const known = workspace.connections.list().map((candidate) => `"${candidate.name}"`);
    throw new CounterpartError(
      'sync.unknown_connection',
      `There is no connection named "${name.trim()}"; ${known.length > 0 ? `known connections: ${known.join(', ')}` : 'create one with `counterpart connect`'}.`,
      { connection: name.trim() },
    );
  }) as [string, string];
  return { accountingId, erpId };
}

function ensurePair(engine: SyncEngineApi, workspace: Workspace, pairName: string): SyncPair {
  const { accountingId, erpId } = connectionsNamed(workspace, pairName);
  return engine.ensurePair({ accountingConnectionId: accountingId, erpConnectionId: erpId, actor: actor() });
}

function findPair(engine: SyncEngineApi, workspace: Workspace, pairName: string): SyncPair {
  const { accountingId, erpId } = connectionsNamed(workspace, pairName);
  const pair = engine
    .listPairs()
    .find((candidate) => candidate.accountingConnectionId === accountingId && candidate.erpConnectionId === erpId);
  if (pair === undefined) {
    throw new CounterpartError('sync.unknown_pair', `"${pairName}" has never been synced, so it has no dead letters.`, {
      pair: pairName,
    });
  }
  return pair;
}

/** Stops the work in hand on Ctrl+C or a service manager's SIGTERM, instead of dying mid-write. */
function onInterrupt(stop: () => void): () => void {
  const handler = () => stop();
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}

async function syncOnce(
  context: CliContext,
  engine: SyncEngineApi,
  pair: SyncPair,
  entities: readonly Entity[] | undefined,
): Promise<void> {
  const controller = new AbortController();
  const release = onInterrupt(() => controller.abort());
  const progress = progressPrinter(context);
  let run: SyncRun;
  try {
    run = await engine.runOnce(pair.id, {
      entities,
      trigger: 'manual',
      signal: controller.signal,
      onProgress: progress.update,
    });
  } finally {
    progress.stop();
    release();
  }
  reportRun(context, engine, pair, run);
}

async function watchPair(context: CliContext, engine: SyncEngineApi, pair: SyncPair, options: SyncOptions) {
  const watching = await watch(engine, pair, {
    settings: { pollSeconds: options.interval },
    // The run cancelled by stopping the watch is expected, not a problem to report.
    onRun: (run: SyncRun) => reportRun(context, engine, pair, run, { quietWhenCancelled: true }),
    onError: (error) => process.stderr.write(`counterpart: ${error.message}\n`),
  });
  if (context.json) {
    const watching = { type: 'watching', pair: pair.label, intervalSeconds: options.interval };
    process.stdout.write(`${JSON.stringify(watching)}\n`);
  } else process.stderr.write(`Watching "${pair.label}" every ${options.interval} s; Ctrl+C stops.\n`);
  await new Promise<void>((resolve) => {
    const release = onInterrupt(() => {
      release();
      resolve();
    });
  });
  await watching.stop();
  // Runs that left dead letters said so as they ended; a watch stopped on purpose ends successfully.
  process.exitCode = 0;
}

/** One progress bar per flow on a terminal, JSON lines with --json. */
function progressPrinter(context: CliContext): { update: (progress: SyncProgress) => void; stop: () => void } {
  let flow: string | undefined;
  let bar: ProgressReporter | undefined;
  return {
    update(progress) {
      if (context.json) {
        process.stdout.write(`${JSON.stringify({ type: 'progress', ...progress })}\n`);
        return;
      }
      if (progress.flow !== flow) {
        bar?.stop();
        flow = progress.flow;
        bar = progressBar(context, progress.flow);
      }
      bar?.update(progress.done, progress.total ?? undefined);
    },
    stop() {
      bar?.stop();
      bar = undefined;
      flow = undefined;
    },
  };
}

/** Prints the run's figures; a run that left dead letters or failed sets a non-zero exit code and says what next. */
function reportRun(
  context: CliContext,
  engine: SyncEngineApi,
  pair: SyncPair,
  run: SyncRun,
  options: { quietWhenCancelled?: boolean } = {},
): void {
  const open = engine.listDeadLetters({ pairId: pair.id, state: 'open' }).length;
  printResult(context, { type: 'run', run, openDeadLetters: open }, () => describeRun(pair, run));
  const problem = problemOf(pair, run, open);
  if (problem === undefined || (options.quietWhenCancelled && run.status === 'cancelled')) return;
  process.exitCode = run.status === 'cancelled' ? 130 : 1;
  if (context.json) process.stderr.write(`${JSON.stringify({ error: problem })}\n`);
  else process.stderr.write(`counterpart: ${problem.message}\n`);
}

function problemOf(pair: SyncPair, run: SyncRun, openDeadLetters: number) {
  const see = `counterpart sync dead-letters --pair "${pair.label}"`;
  if (run.status === 'cancelled') {
    return { code: 'sync.cancelled', message: 'The run was cancelled; the next run carries on from where it stopped.' };
  }
  if (run.status === 'failed' || run.status === 'interrupted') {
    return { code: 'sync.run_failed', message: `The run failed: ${run.error ?? 'see the figures above'}.` };
  }
  if (run.totals.failed > 0 || openDeadLetters > 0) {
    const count = Math.max(run.totals.failed, openDeadLetters);
    const records = count === 1 ? '1 record' : `${count} records`;
    return {
      code: 'sync.dead_letters',
      message: `${records} could not be written and ${count === 1 ? 'waits' : 'wait'} in the dead-letter queue; see ${count === 1 ? 'it' : 'them'} with: ${see}`,
    };
  }
  return undefined;
}

const FIGURE_COLUMNS = ['read', 'written', 'skipped', 'failed', 'conflicts', 'apiCalls'] as const;

function describeRun(pair: SyncPair, run: SyncRun): string {
  const rows = [
    ...Object.entries(run.byFlow).map(([flow, figures]) => [
      flow,
      ...FIGURE_COLUMNS.map((key) => String(figures[key])),
    ]),
    ['total', ...FIGURE_COLUMNS.map((key) => String(run.totals[key]))],
  ];
  const duration = run.durationMs === null ? '' : ` in ${(run.durationMs / 1000).toFixed(1)} s`;
  return [
    `Sync of "${pair.label}": ${run.status.replace('_', ' ')}${duration} (run ${run.id})`,
    formatTable(['flow', 'read', 'written', 'skipped', 'failed', 'conflicts', 'API calls'], rows),
  ].join('\n');
}

function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => row[column]?.length ?? 0)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)))
      .join('  ');
  return [line(headers), ...rows.map(line)].join('\n');
}

async function actOnDeadLetters(
  context: CliContext,
  engine: SyncEngineApi,
  pair: SyncPair | undefined,
  options: DeadLetterOptions,
): Promise<void> {
  const chosen = [options.replay, options.replayAll, options.resolve].filter((option) => option !== undefined);
  if (chosen.length > 1) throw usage('choose one of --replay, --replay-all and --resolve');
  if (options.note !== undefined && options.resolve === undefined) throw usage('--note goes with --resolve');
  if (options.replay !== undefined) {
    const letter = await engine.replayDeadLetter(options.replay, { actor: actor() });
    printResult(context, letter, () => describeOutcome([letter]));
  } else if (options.replayAll) {
    const letters = await engine.replayAllDeadLetters({ pairId: pair?.id, actor: actor() });
    printResult(context, { deadLetters: letters }, () => describeOutcome(letters));
  } else if (options.resolve !== undefined) {
    if (options.note === undefined || options.note.trim() === '') throw usage('--resolve needs --note saying why');
    const letter = engine.resolveDeadLetter(options.resolve, { note: options.note.trim(), actor: actor() });
    printResult(context, letter, () => `Dead letter ${letter.id} resolved: ${letter.note ?? ''}`);
  } else {
    const letters = engine.listDeadLetters({ pairId: pair?.id, state: 'open' });
    printResult(context, { deadLetters: letters }, describeDeadLetters);
  }
}

function describeOutcome(letters: readonly DeadLetter[]): string {
  if (letters.length === 0) return 'No open dead letters to replay.';
  const still = letters.filter((letter) => letter.state === 'open');
  const lines = letters.map((letter) =>
    letter.state === 'open'
      ? `${letter.id}: refused again: ${letter.systemMessage}`
      : `${letter.id}: ${letter.state} (${letter.flow})`,
  );
  if (still.length > 0) {
    process.exitCode = 1;
    lines.push(`${still.length} still open; fix the record (in the console's Sync page) or resolve it with a note.`);
  }
  return lines.join('\n');
}

function describeDeadLetters({ deadLetters }: { deadLetters: readonly DeadLetter[] }): string {
  if (deadLetters.length === 0) return 'No open dead letters.';
  const rows = deadLetters.map((letter) => [
    letter.id,
    letter.flow,
    letter.source?.number ?? letter.source?.id ?? '',
    `${letter.errorClass}/${letter.errorCode}`,
    letter.systemMessage,
  ]);
  return [
    formatTable(['id', 'flow', 'record', 'error', 'system said'], rows),
    'Replay one with --replay ID, all with --replay-all, or close one with --resolve ID --note "why".',
  ].join('\n');
}
