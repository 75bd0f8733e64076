import { type FormEvent, useId, useState } from 'react';
import type { NewReconciliation, ReconEntityName, SideSource } from '../../../../src/api/schemas/reconciliations';
import { ConsoleApiError } from '../../api/client';
import { useConsole } from '../../app/consoleContext';
import { messageOf } from '../../app/notifications';
import { useConnections } from '../../app/useConnections';
import { fileToBase64 } from './download';
import { entityLabel, entityNames } from './reconLabels';
import type { Side } from './types';

interface SideDraft {
  readonly kind: 'connection' | 'file';
  readonly connectionId: string;
  readonly file: File | null;
}

const emptySide: SideDraft = { kind: 'connection', connectionId: '', file: null };

/** The calendar month before today, the usual month-end period. */
function lastMonth(): { start: string; end: string } {
  const now = new Date();
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 0));
  return { start: start.toISOString().slice(0, 10), end: end.toISOString().slice(0, 10) };
}

/** Two connections or two exported files, an entity and a period; the run then shows its progress. */
export function StartReconciliation({ onStarted }: { readonly onStarted: (id: string) => void }) {
  const { client } = useConsole();
  const { list } = useConnections();
  const [sides, setSides] = useState<Record<Side, SideDraft>>({ left: emptySide, right: emptySide });
  const [entity, setEntity] = useState<ReconEntityName>('invoice');
  const [period, setPeriod] = useState(lastMonth);
  const [starting, setStarting] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const ids = { entity: useId(), start: useId(), end: useId(), problem: useId() };

  async function sourceOf(side: SideDraft): Promise<SideSource> {
    if (side.kind === 'connection') return { connectionId: side.connectionId };
    if (side.file === null) throw new ConsoleApiError('form.no_file', 'Choose a file for each side.');
    return { file: { name: side.file.name, contentBase64: await fileToBase64(side.file) } };
  }

  async function start(event: FormEvent): Promise<void> {
    event.preventDefault();
    setStarting(true);
    setProblem(null);
    try {
      const request: NewReconciliation = {
        left: await sourceOf(sides.left),
        right: await sourceOf(sides.right),
        entity,
        period,
      };
      const { id } = await client.call('startReconciliation', request);
      onStarted(id);
    } catch (error) {
      setProblem(problemText(error));
    } finally {
      setStarting(false);
    }
  }

  const connections = list?.connections ?? [];
  return (
    <form className="panel start-recon" onSubmit={start} aria-labelledby="start-recon-title" noValidate>
      <h2 id="start-recon-title">Start a reconciliation</h2>
      <div className="start-recon__sides">
        {(['left', 'right'] as const).map((side) => (
          <SidePicker
            key={side}
            side={side}
            draft={sides[side]}
            connections={connections}
            onChange={(draft) => setSides({ ...sides, [side]: draft })}
          />
        ))}
      </div>
      <div className="start-recon__what">
        <div className="field">
          <label htmlFor={ids.entity}>Records</label>
          <select id={ids.entity} value={entity} onChange={(event) => setEntity(event.target.value as ReconEntityName)}>
            {entityNames.map((name) => (
              <option key={name} value={name}>
                {entityLabel(name)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.start}>Period from</label>
          <input
            id={ids.start}
            type="date"
            value={period.start}
            required
            onChange={(event) => setPeriod({ ...period, start: event.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.end}>Period to</label>
          <input
            id={ids.end}
            type="date"
            value={period.end}
            required
            onChange={(event) => setPeriod({ ...period, end: event.target.value })}
          />
        </div>
      </div>
      {problem ? (
        <p className="form-error" role="alert" id={ids.problem}>
          {problem}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={starting}>
          {starting ? 'Starting…' : 'Reconcile'}
        </button>
      </div>
    </form>
  );
}

function problemText(error: unknown): string {
  if (error instanceof ConsoleApiError && error.issues.length > 0) {
    return error.issues.map((issue) => `${issue.path.join(' ')}: ${issue.message}`).join(' ');
  }
  return messageOf(error);
}

function SidePicker({
  side,
  draft,
  connections,
  onChange,
}: {
  readonly side: Side;
  readonly draft: SideDraft;
  readonly connections: readonly { readonly id: string; readonly name: string }[];
  readonly onChange: (draft: SideDraft) => void;
}) {
  const ids = { connection: useId(), file: useId() };
  const title = side === 'left' ? 'Left side' : 'Right side';
  return (
    <fieldset className="field side-picker">
      <legend>{title}</legend>
      <div className="segmented">
        {(['connection', 'file'] as const).map((kind) => (
          <label key={kind} className="radio">
            <input
              type="radio"
              name={`${side}-kind`}
              value={kind}
              checked={draft.kind === kind}
              onChange={() => onChange({ ...draft, kind })}
            />
            <span className="radio__label">{kind === 'connection' ? 'A connection' : 'An exported file'}</span>
          </label>
        ))}
      </div>
      {draft.kind === 'connection' ? (
        <div className="field">
          <label htmlFor={ids.connection}>{title}: connection</label>
          <select
            id={ids.connection}
            value={draft.connectionId}
            onChange={(event) => onChange({ ...draft, connectionId: event.target.value })}
          >
            <option value="">Choose a connection…</option>
            {connections.map((connection) => (
              <option key={connection.id} value={connection.id}>
                {connection.name}
              </option>
            ))}
          </select>
        </div>
      ) : (
        <div className="field">
          <label htmlFor={ids.file}>{title}: CSV or XLSX file</label>
          <input
            id={ids.file}
            type="file"
            accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(event) => onChange({ ...draft, file: event.target.files?.[0] ?? null })}
          />
        </div>
      )}
    </fieldset>
  );
}
