import { useCallback, useEffect, useMemo, useState } from 'react';
import type { DeadLetter } from '../../../src/api/schemas/sync';
import { useConsole } from '../app/consoleContext';
import { useNotifications } from '../app/notifications';
import { PageHeader } from '../components/PageLayout';
import { DeadLettersPanel } from '../components/sync/DeadLettersPanel';
import '../components/monitoring/monitoring.css';
import '../components/sync/sync.css';

interface Group {
  readonly key: string;
  readonly errorClass: string;
  readonly message: string;
  readonly letters: readonly DeadLetter[];
}

/**
 * The dead-letter queue of every pair, grouped by error class and the system's message, so one cause is fixed once:
 * inspect and edit a record and replay it, replay a whole group, or resolve one with a note.
 */
export function DeadLettersPage() {
  const { client } = useConsole();
  const { notify, reportError } = useNotifications();
  const [letters, setLetters] = useState<readonly DeadLetter[]>();
  const [groupKey, setGroupKey] = useState<string>();
  const [replaying, setReplaying] = useState(false);

  const reload = useCallback(() => {
    client.call('listDeadLetters', { state: 'open' }).then(
      (result) => setLetters(result.deadLetters),
      (error: unknown) => reportError('Could not list the dead letters', error),
    );
  }, [client, reportError]);

  useEffect(() => reload(), [reload]);
  useEffect(
    () => client.subscribe((event) => (event.name === 'deadLettersChanged' ? reload() : undefined)),
    [client, reload],
  );

  const groups = useMemo(() => groupsOf(letters ?? []), [letters]);
  const selected = groups.find((group) => group.key === groupKey) ?? groups[0];

  async function replayGroup(group: Group): Promise<void> {
    setReplaying(true);
    let refused = 0;
    try {
      for (const letter of group.letters) {
        const result = await client.call('replayDeadLetter', { id: letter.id });
        if (result.state === 'open') refused += 1;
      }
      notify(
        'success',
        'Group replayed',
        `${group.letters.length - refused} written${refused > 0 ? `, ${refused} refused again` : ''}.`,
      );
    } catch (error) {
      reportError('Could not replay the group', error);
    } finally {
      setReplaying(false);
      reload();
    }
  }

  return (
    <div className="dead-letters-page">
      <PageHeader
        title="Dead letters"
        description="Writes a system refused for good, grouped by cause. Fix the record and replay it, replay a whole group once the cause is fixed, or resolve one with a note."
      />
      {letters === undefined ? <p className="muted">Loading…</p> : null}
      {letters !== undefined && letters.length === 0 ? (
        <p>No writes are waiting: every record a sync tried to write was accepted.</p>
      ) : null}
      {groups.length > 0 ? (
        <section className="panel" aria-labelledby="dead-letter-groups-title">
          <h2 id="dead-letter-groups-title">Causes</h2>
          <ul className="sync-list" aria-label="Dead-letter groups">
            {groups.map((group) => (
              <li key={group.key}>
                <button
                  type="button"
                  className="sync-list__item"
                  aria-pressed={group.key === selected?.key}
                  onClick={() => setGroupKey(group.key)}
                >
                  <span>
                    {group.errorClass}: {group.message}
                  </span>
                  <span className="sync-list__detail">
                    {group.letters.length} record{group.letters.length === 1 ? '' : 's'}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {selected ? (
        <div className="dead-letter-group">
          <div className="form-actions">
            <button
              type="button"
              className="button button--primary"
              disabled={replaying}
              onClick={() => void replayGroup(selected)}
            >
              {replaying ? 'Replaying…' : `Replay this group (${selected.letters.length})`}
            </button>
          </div>
          <DeadLettersPanel key={selected.key} deadLetters={selected.letters} />
        </div>
      ) : null}
    </div>
  );
}

function groupsOf(letters: readonly DeadLetter[]): Group[] {
  const groups = new Map<string, Group>();
  for (const letter of letters) {
    const key = `${letter.errorClass}\u0000${letter.systemMessage}`;
    const group = groups.get(key);
    groups.set(
      key,
      group
        ? { ...group, letters: [...group.letters, letter] }
        : { key, errorClass: letter.errorClass, message: letter.systemMessage, letters: [letter] },
    );
  }
  return [...groups.values()].sort((a, b) => b.letters.length - a.letters.length);
}
