import { type FormEvent, useCallback, useEffect, useId, useState } from 'react';
import type { LogEntry } from '../../../src/api/schemas/monitoring';
import { useConsole } from '../app/consoleContext';
import { useNotifications } from '../app/notifications';
import { PageHeader } from '../components/PageLayout';
import '../components/monitoring/monitoring.css';

type Level = 'debug' | 'info' | 'warn' | 'error';

/** The structured log, searchable, with secrets already redacted; exportable as one zip for support. */
export function LogsPage() {
  const { client } = useConsole();
  const { reportError } = useNotifications();
  const [text, setText] = useState('');
  const [level, setLevel] = useState<Level>('info');
  const [result, setResult] = useState<{ entries: readonly LogEntry[]; truncated: boolean }>();
  const ids = { text: useId(), level: useId() };

  const search = useCallback(
    (query: { text: string; level: Level }) => {
      client
        .call('searchLogs', { ...(query.text.trim() ? { text: query.text.trim() } : {}), level: query.level })
        .then(setResult, (error: unknown) => reportError('Could not search the logs', error));
    },
    [client, reportError],
  );

  useEffect(() => search({ text: '', level: 'info' }), [search]);

  function submit(event: FormEvent): void {
    event.preventDefault();
    search({ text, level });
  }

  async function exportLogs(): Promise<void> {
    try {
      const exported = await client.call('exportLogs', {});
      const bytes = Uint8Array.from(atob(exported.contentBase64), (char) => char.charCodeAt(0));
      const url = URL.createObjectURL(new Blob([bytes], { type: 'application/zip' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = exported.fileName;
      link.click();
      URL.revokeObjectURL(url);
    } catch (error) {
      reportError('Could not export the logs', error);
    }
  }

  return (
    <div className="logs-page">
      <PageHeader
        title="Logs"
        description="What Counterpart did, newest first, with secrets redacted. Export them as one file for a support request."
        actions={
          <button type="button" className="button" onClick={() => void exportLogs()}>
            Export logs
          </button>
        }
      />
      <form className="panel" aria-label="Search the logs" onSubmit={submit}>
        <div className="field">
          <label htmlFor={ids.text}>Search</label>
          <input id={ids.text} value={text} onChange={(event) => setText(event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={ids.level}>At least</label>
          <select id={ids.level} value={level} onChange={(event) => setLevel(event.target.value as Level)}>
            <option value="debug">Debug</option>
            <option value="info">Information</option>
            <option value="warn">Warnings</option>
            <option value="error">Errors</option>
          </select>
        </div>
        <button type="submit" className="button button--primary">
          Search
        </button>
      </form>
      {result === undefined ? <p className="muted">Loading…</p> : null}
      {result !== undefined && result.entries.length === 0 ? <p className="muted">No log line matches.</p> : null}
      {result !== undefined && result.entries.length > 0 ? (
        <table className="monitoring-table" aria-label="Log entries">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Level</th>
              <th scope="col">Message</th>
            </tr>
          </thead>
          <tbody>
            {result.entries.map((entry) => (
              <tr key={`${entry.time}|${entry.message}|${JSON.stringify(entry.fields)}`}>
                <td>{new Date(entry.time).toLocaleString()}</td>
                <td>{entry.level}</td>
                <td>
                  <details>
                    <summary>{entry.message}</summary>
                    <pre className="log-entry">{JSON.stringify(entry.fields, null, 2)}</pre>
                  </details>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {result?.truncated ? <p className="muted">Showing the newest matches only; narrow the search.</p> : null}
    </div>
  );
}
