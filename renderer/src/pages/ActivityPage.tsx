import type { ColDef, ICellRendererParams, RowHeightParams } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { type FormEvent, useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { AuditEntry } from '../../../src/api/schemas/audit';
import { useConsole } from '../app/consoleContext';
import { useNotifications } from '../app/notifications';
import { consoleGridTheme } from '../components/grid';
import { CheckIcon, WarningIcon } from '../components/icons';
import { PageHeader } from '../components/PageLayout';
import { actionLabel, describeChanges, formatWhen, knownActions } from './auditFormat';

const PAGE_SIZE = 100;

interface Filters {
  readonly action: string;
  readonly actor: string;
}

type Verification =
  | { readonly intact: true; readonly entries: number; readonly checkedAt: Date }
  | { readonly intact: false; readonly entries: number; readonly brokenAtSeq: number; readonly checkedAt: Date };

function ChangeCell({ data }: ICellRendererParams<AuditEntry>) {
  if (data === undefined) return null;
  const changes = describeChanges(data.before, data.after);
  if (changes.length === 0) return <span className="muted">—</span>;
  return (
    <ul className="change-list">
      {changes.map((change) => (
        <li key={change}>{change}</li>
      ))}
    </ul>
  );
}

const columns: ColDef<AuditEntry>[] = [
  { headerName: '#', field: 'seq', width: 72, sort: 'desc', type: 'numericColumn' },
  {
    headerName: 'When',
    field: 'at',
    width: 205,
    valueFormatter: ({ value }) => (typeof value === 'string' ? formatWhen(value) : ''),
    tooltipField: 'at',
  },
  { headerName: 'Who', field: 'actor', flex: 1, minWidth: 120, tooltipField: 'actor' },
  {
    headerName: 'What',
    field: 'action',
    flex: 1.2,
    minWidth: 180,
    valueFormatter: ({ value }) => (typeof value === 'string' ? actionLabel(value) : ''),
    tooltipField: 'action',
  },
  { headerName: 'Subject', field: 'subject', width: 110 },
  {
    headerName: 'Before → after',
    colId: 'change',
    flex: 2,
    minWidth: 240,
    cellClass: 'change-cell',
    valueGetter: ({ data }) => (data ? describeChanges(data.before, data.after).join('; ') : ''),
    cellRenderer: ChangeCell,
  },
];

const defaultColDef: ColDef<AuditEntry> = { sortable: true, resizable: true };

// One line per changed field; the row grows to fit them (the height is known from the data, no measuring needed).
const ROW_PADDING_PX = 22;
const CHANGE_LINE_PX = 20;
function rowHeightOf({ data }: RowHeightParams<AuditEntry>): number {
  const lines = data ? Math.max(1, describeChanges(data.before, data.after).length) : 1;
  return Math.max(42, lines * CHANGE_LINE_PX + ROW_PADDING_PX);
}

export function ActivityPage() {
  const { client, liveState } = useConsole();
  const { reportError } = useNotifications();
  const [draft, setDraft] = useState<Filters>({ action: '', actor: '' });
  const [filters, setFilters] = useState<Filters>({ action: '', actor: '' });
  const [entries, setEntries] = useState<readonly AuditEntry[]>([]);
  const [loading, setLoading] = useState(true);
  const [hasOlder, setHasOlder] = useState(false);
  const [verification, setVerification] = useState<Verification | undefined>();
  const [verifying, setVerifying] = useState(false);
  const ids = { action: useId(), actor: useId(), actors: useId() };
  const [reloads, setReloads] = useState(0);
  const previousLiveState = useRef(liveState);

  // Entries appended while the event socket was down never arrived as events; list them again when it is back.
  useEffect(() => {
    if (previousLiveState.current === 'reconnecting' && liveState === 'live') setReloads((count) => count + 1);
    previousLiveState.current = liveState;
  }, [liveState]);

  const fetchPage = useCallback(
    (beforeSeq?: number) =>
      client.call('listAuditEntries', {
        limit: PAGE_SIZE,
        ...(beforeSeq === undefined ? {} : { beforeSeq }),
        ...(filters.action ? { action: filters.action } : {}),
        ...(filters.actor ? { actor: filters.actor } : {}),
      }),
    [client, filters],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: `reloads` changing is the signal to list again
  useEffect(() => {
    let current = true;
    setLoading(true);
    fetchPage().then(
      ({ entries: page }) => {
        if (!current) return;
        setEntries(page);
        setHasOlder(page.length === PAGE_SIZE);
        setLoading(false);
      },
      (error: unknown) => {
        if (!current) return;
        reportError('Could not load the audit trail', error);
        setLoading(false);
      },
    );
    return () => {
      current = false;
    };
  }, [fetchPage, reportError, reloads]);

  // New entries arrive as events; show the ones the current filters would have listed.
  useEffect(
    () =>
      client.subscribe((event) => {
        if (event.name !== 'auditAppended') return;
        const entry = event.payload;
        if (filters.action && entry.action !== filters.action) return;
        if (filters.actor && entry.actor !== filters.actor) return;
        setEntries((current) => (current.some((row) => row.seq === entry.seq) ? current : [entry, ...current]));
        setVerification(undefined);
      }),
    [client, filters],
  );

  async function loadOlder(): Promise<void> {
    const oldest = entries.at(-1);
    if (oldest === undefined) return;
    try {
      const { entries: page } = await fetchPage(oldest.seq);
      setEntries((current) => [...current, ...page]);
      setHasOlder(page.length === PAGE_SIZE);
    } catch (error) {
      reportError('Could not load older entries', error);
    }
  }

  async function verify(): Promise<void> {
    setVerifying(true);
    try {
      const result = await client.call('verifyAuditTrail', {});
      setVerification({ ...result, checkedAt: new Date() });
    } catch (error) {
      reportError('Could not verify the audit trail', error);
    } finally {
      setVerifying(false);
    }
  }

  function applyFilters(event: FormEvent): void {
    event.preventDefault();
    setFilters({ action: draft.action.trim(), actor: draft.actor.trim() });
  }

  function clearFilters(): void {
    const empty = { action: '', actor: '' };
    setDraft(empty);
    setFilters(empty);
  }

  const actorOptions = useMemo(() => [...new Set(entries.map((entry) => entry.actor))].sort(), [entries]);
  const actionOptions = useMemo(
    () =>
      [...new Set([...knownActions, ...entries.map((entry) => entry.action), filters.action].filter(Boolean))].sort(
        (a, b) => actionLabel(a).localeCompare(actionLabel(b)),
      ),
    [entries, filters.action],
  );
  const filtered = filters.action !== '' || filters.actor !== '';

  return (
    <div className="page page--fill">
      <PageHeader
        title="Activity"
        description="The audit trail: every change made in this workspace, newest first, with who made it and what it changed. Entries are chained by hash, so an edit made outside Counterpart shows up when you verify."
        actions={
          <button type="button" className="button" onClick={() => void verify()} disabled={verifying}>
            {verifying ? 'Verifying…' : 'Verify audit trail'}
          </button>
        }
      />
      {verification ? <VerificationResult result={verification} /> : null}
      <form className="filter-bar" onSubmit={applyFilters} aria-label="Filter the audit trail">
        <div className="field field--inline">
          <label htmlFor={ids.action}>What</label>
          <select
            id={ids.action}
            value={draft.action}
            onChange={(event) => setDraft({ ...draft, action: event.target.value })}
          >
            <option value="">Any action</option>
            {actionOptions.map((action) => (
              <option key={action} value={action}>
                {actionLabel(action)}
              </option>
            ))}
          </select>
        </div>
        <div className="field field--inline">
          <label htmlFor={ids.actor}>Who</label>
          <input
            id={ids.actor}
            list={ids.actors}
            value={draft.actor}
            onChange={(event) => setDraft({ ...draft, actor: event.target.value })}
            placeholder="person’s name"
            autoComplete="off"
          />
          <datalist id={ids.actors}>
            {actorOptions.map((actor) => (
              <option key={actor} value={actor} />
            ))}
          </datalist>
        </div>
        <button type="submit" className="button button--primary">
          Apply filters
        </button>
        <button
          type="button"
          className="button button--quiet"
          onClick={clearFilters}
          disabled={!filtered && draft.action === '' && draft.actor === ''}
        >
          Clear
        </button>
        <p className="filter-bar__summary" aria-live="polite">
          {loading
            ? 'Loading…'
            : `${entries.length}${hasOlder ? '+' : ''} ${entries.length === 1 ? 'entry' : 'entries'}${filtered ? ' matching' : ''}`}
        </p>
      </form>
      <section className="grid-frame" aria-label="Audit trail entries">
        <AgGridReact<AuditEntry>
          theme={consoleGridTheme}
          rowData={entries as AuditEntry[]}
          columnDefs={columns}
          defaultColDef={defaultColDef}
          getRowId={({ data }) => String(data.seq)}
          getRowHeight={rowHeightOf}
          loading={loading}
          overlayNoRowsTemplate={
            filtered ? 'No audit entries match these filters.' : 'Nothing has been changed in this workspace yet.'
          }
          tooltipShowDelay={400}
        />
      </section>
      {hasOlder ? (
        <div className="load-older">
          <button type="button" className="button" onClick={() => void loadOlder()}>
            Load older entries
          </button>
        </div>
      ) : null}
    </div>
  );
}

function VerificationResult({ result }: { readonly result: Verification }) {
  const time = result.checkedAt.toLocaleTimeString();
  return (
    <div className={`callout ${result.intact ? 'callout--ok' : 'callout--danger'}`} role="status">
      {result.intact ? <CheckIcon /> : <WarningIcon />}
      <p>
        {result.intact ? (
          <>
            <strong>Audit trail intact.</strong> All {result.entries} {result.entries === 1 ? 'entry' : 'entries'} check
            out (verified at {time}).
          </>
        ) : (
          <>
            <strong>Audit trail altered at entry #{result.brokenAtSeq}.</strong> The {result.entries} entries before it
            check out; that entry or a later one was changed outside Counterpart (verified at {time}). Keep a copy of
            the workspace file and tell whoever looks after it.
          </>
        )}
      </p>
    </div>
  );
}
