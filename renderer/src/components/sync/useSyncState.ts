import { useCallback, useEffect, useState } from 'react';
import type {
  DeadLetter,
  SyncConflict,
  SyncPairSummary,
  SyncProgress,
  SyncRun,
} from '../../../../src/api/schemas/sync';
import { useConsole } from '../../app/consoleContext';
import { useNotifications } from '../../app/notifications';

/** The flows of one running run, as the engine last reported them. */
export interface LiveRun {
  readonly runId: string;
  readonly flows: Readonly<Record<string, SyncProgress>>;
}

export interface SyncState {
  readonly pairs: readonly SyncPairSummary[] | undefined;
  readonly runs: readonly SyncRun[];
  readonly deadLetters: readonly DeadLetter[];
  readonly conflicts: readonly SyncConflict[];
  /** Live progress by pair id, while a run of that pair works. */
  readonly live: Readonly<Record<string, LiveRun>>;
  readonly reload: () => void;
}

const RUNS_SHOWN = 100;

/**
 * Everything the Sync page shows, read from the console API and kept current by its events: progress while a run
 * works, the run's figures when it ends, and the dead-letter queue whenever it changes.
 */
export function useSyncState(): SyncState {
  const { client, liveState } = useConsole();
  const { reportError } = useNotifications();
  const [pairs, setPairs] = useState<readonly SyncPairSummary[]>();
  const [runs, setRuns] = useState<readonly SyncRun[]>([]);
  const [deadLetters, setDeadLetters] = useState<readonly DeadLetter[]>([]);
  const [conflicts, setConflicts] = useState<readonly SyncConflict[]>([]);
  const [live, setLive] = useState<Readonly<Record<string, LiveRun>>>({});

  const reloadDeadLetters = useCallback(() => {
    client.call('listDeadLetters', { state: 'open' }).then(
      (result) => setDeadLetters(result.deadLetters),
      (error: unknown) => reportError('Could not list the dead letters', error),
    );
  }, [client, reportError]);

  const reload = useCallback(() => {
    Promise.all([
      client.call('listSyncPairs', {}),
      client.call('listSyncRuns', { limit: RUNS_SHOWN }),
      client.call('listSyncConflicts', { state: 'open' }),
    ]).then(
      ([pairList, runList, conflictList]) => {
        setPairs(pairList.pairs);
        setRuns(runList.runs);
        setConflicts(conflictList.conflicts);
      },
      (error: unknown) => reportError('Could not load the sync pairs and runs', error),
    );
    reloadDeadLetters();
  }, [client, reportError, reloadDeadLetters]);

  // Events missed while the socket was down are read again when it is back.
  useEffect(() => {
    if (liveState === 'live') reload();
  }, [liveState, reload]);

  useEffect(
    () =>
      client.subscribe((event) => {
        if (event.name === 'syncProgress') {
          const progress = event.payload;
          setLive((current) => withProgress(current, progress));
        } else if (event.name === 'syncRunFinished') {
          const run = event.payload;
          setLive(({ [run.pairId]: _finished, ...others }) => others);
          reload();
        } else if (event.name === 'deadLettersChanged') {
          reloadDeadLetters();
        } else if (event.name === 'connectionsChanged') {
          reload();
        }
      }),
    [client, reload, reloadDeadLetters],
  );

  return { pairs, runs, deadLetters, conflicts, live, reload };
}

function withProgress(current: Readonly<Record<string, LiveRun>>, progress: SyncProgress) {
  const previous = current[progress.pairId];
  const flows = previous?.runId === progress.runId ? previous.flows : {};
  return { ...current, [progress.pairId]: { runId: progress.runId, flows: { ...flows, [progress.flow]: progress } } };
}
