import { type FormEvent, useId, useState } from 'react';
import type { DeadLetter } from '../../../../src/api/schemas/sync';
import { useConsole } from '../../app/consoleContext';
import { messageOf, useNotifications } from '../../app/notifications';
import { formatWhen } from './syncFormat';

/**
 * Writes a system refused for good. Each one keeps what was sent and the system's own words; the person fixes the
 * record and replays it, or closes it with a note saying why it needs no replay. Nothing leaves the queue silently.
 */
export function DeadLettersPanel({ deadLetters }: { readonly deadLetters: readonly DeadLetter[] }) {
  const { client } = useConsole();
  const { notify, reportError } = useNotifications();
  const [selectedId, setSelectedId] = useState<string>();
  const [replayingAll, setReplayingAll] = useState(false);
  const selected = deadLetters.find((letter) => letter.id === selectedId) ?? deadLetters[0];

  async function replayAll(): Promise<void> {
    setReplayingAll(true);
    try {
      const { deadLetters: replayed } = await client.call('replayAllDeadLetters', {});
      const still = replayed.filter((letter) => letter.state === 'open').length;
      notify(
        'success',
        'Dead letters replayed',
        `${replayed.length - still} written${still > 0 ? `, ${still} refused again` : ''}.`,
      );
    } catch (error) {
      reportError('Could not replay the dead letters', error);
    } finally {
      setReplayingAll(false);
    }
  }

  return (
    <section className="panel" aria-labelledby="dead-letters-title">
      <div className="page-header">
        <h2 id="dead-letters-title">Dead letters ({deadLetters.length})</h2>
        {deadLetters.length > 0 ? (
          <button type="button" className="button" onClick={() => void replayAll()} disabled={replayingAll}>
            {replayingAll ? 'Replaying…' : 'Replay all'}
          </button>
        ) : null}
      </div>
      {deadLetters.length === 0 ? (
        <p className="muted">No writes are waiting: every record a run tried to write was accepted.</p>
      ) : (
        <div className="sync-split">
          <ul className="sync-list" aria-label="Open dead letters">
            {deadLetters.map((letter) => (
              <li key={letter.id}>
                <button
                  type="button"
                  className="sync-list__item"
                  aria-pressed={letter.id === selected?.id}
                  onClick={() => setSelectedId(letter.id)}
                >
                  <span>
                    {letter.flow}: {recordName(letter)}
                  </span>
                  <span className="sync-list__detail">
                    {letter.errorClass} · {letter.errorCode}
                  </span>
                </button>
              </li>
            ))}
          </ul>
          {selected ? <DeadLetterDetail key={selected.id} letter={selected} /> : null}
        </div>
      )}
    </section>
  );
}

function recordName(letter: DeadLetter): string {
  return letter.source?.number ?? letter.source?.id ?? letter.id;
}

function DeadLetterDetail({ letter }: { readonly letter: DeadLetter }) {
  const { client } = useConsole();
  const { notify } = useNotifications();
  const [payload, setPayload] = useState(() => JSON.stringify(letter.payload, null, 2));
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState<'replay' | 'resolve'>();
  const [error, setError] = useState<string>();
  const ids = { payload: useId(), note: useId(), title: useId() };

  async function replay(): Promise<void> {
    let edited: unknown;
    try {
      edited = JSON.parse(payload);
    } catch (parseError) {
      setError(`The record is not valid JSON: ${(parseError as Error).message}`);
      return;
    }
    setBusy('replay');
    setError(undefined);
    try {
      const result = await client.call('replayDeadLetter', { id: letter.id, payload: edited });
      if (result.state === 'open') setError(`Refused again: ${result.systemMessage}`);
      else notify('success', 'Dead letter replayed', `${recordName(letter)} was written.`);
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(undefined);
    }
  }

  async function resolve(event: FormEvent): Promise<void> {
    event.preventDefault();
    setBusy('resolve');
    setError(undefined);
    try {
      await client.call('resolveDeadLetter', { id: letter.id, note });
      notify('success', 'Dead letter resolved', `${recordName(letter)}: ${note.trim()}`);
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(undefined);
    }
  }

  return (
    <article className="panel" aria-labelledby={ids.title}>
      <h3 id={ids.title}>
        {letter.flow}: {recordName(letter)}
      </h3>
      <dl className="facts">
        <dt>Entity</dt>
        <dd>{letter.entity}</dd>
        <dt>Error</dt>
        <dd>
          {letter.errorClass} · {letter.errorCode}
        </dd>
        <dt>Attempts</dt>
        <dd>{letter.attempts}</dd>
        <dt>First refused</dt>
        <dd>{formatWhen(letter.createdAt)}</dd>
      </dl>
      <div>
        <p>The system said:</p>
        <p className="system-message">{letter.systemMessage}</p>
      </div>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="field">
        <label htmlFor={ids.payload}>Record to send</label>
        <textarea
          id={ids.payload}
          className="payload-editor"
          value={payload}
          spellCheck={false}
          onChange={(event) => setPayload(event.target.value)}
        />
      </div>
      <div className="form-actions">
        <button
          type="button"
          className="button button--primary"
          onClick={() => void replay()}
          disabled={busy !== undefined}
        >
          {busy === 'replay' ? 'Replaying…' : 'Replay'}
        </button>
      </div>
      <form className="field" onSubmit={(event) => void resolve(event)} aria-label="Resolve without replaying">
        <label htmlFor={ids.note}>Note (why it needs no replay)</label>
        <input id={ids.note} value={note} onChange={(event) => setNote(event.target.value)} />
        <div className="form-actions">
          <button type="submit" className="button" disabled={busy !== undefined || note.trim() === ''}>
            {busy === 'resolve' ? 'Resolving…' : 'Resolve with note'}
          </button>
        </div>
      </form>
    </article>
  );
}
