import type { ColDef, ICellRendererParams, RowHeightParams } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { type FormEvent, useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { AuditEntry } from '../../../src/api/schemas/audit';
import type { ReconciliationSummary } from '../../../src/api/schemas/reconciliations';
import { useConsole } from '../app/consoleContext';
import { useNotifications } from '../app/notifications';
import { consoleGridTheme } from '../components/grid';
import { CheckIcon, WarningIcon } from '../components/icons';
import { PageHeader } from '../components/PageLayout';
import {
  actionOfDecision,
  reconActionLabel,
  reconActions,
  reconciliationSubject,
} from '../components/recon/decisionLabels';
import { entityLabel, periodLabel } from '../components/recon/reconLabels';
import { actionLabel as auditActionLabel, describeChanges, formatWhen, knownActions } from './auditFormat';

const PAGE_SIZE = 100;

interface Filters {
  readonly action: string;
  readonly actor: string;
  /** One reconciliation's decisions instead of the whole trail; '' for the whole trail. */
  readonly reconciliation: string;
}

const noFilters: Filters = { action: '', actor: '', reconciliation: '' };

/** A line of the grid: an audit entry, or one reconciliation's decision (which points at its audit entry). */
type ActivityRow = Omit<AuditEntry, 'hash'>;

function actionLabel(action: string): string {
  return reconActionLabel(action) ?? auditActionLabel(action);
}

type Verification =
  | { readonly intact: true; readonly entries: number; readonly checkedAt: Date }
  | { readonly intact: false; readonly entries: number; readonly brokenAtSeq: number; readonly checkedAt: Date };

function ChangeCell({ data }: ICellRendererParams<ActivityRow>) {
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

const columns: ColDef<ActivityRow>[] = [
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
  { headerName: 'Subject', field: 'subject', width: 130, tooltipField: 'subject' },
  {
    headerName: 'Before → after',
    colId: 'change',
    flex: 2,
    minWidth: 240,
    cellClass: 'change-cell',
    valueGetter: ({ data }) => (data ? describeChanges(data.before, data.after).join('; ') : ''),
    cellRenderer: ChangeCell,
  },
  { headerName: 'Comment', field: 'comment', flex: 1.2, minWidth: 160, tooltipField: 'comment', wrapText: true },
];

const defaultColDef: ColDef<ActivityRow> = { sortable: true, resizable: true };

// One line per changed field; the row grows to fit them (the height is known from the data, no measuring needed).
const ROW_PADDING_PX = 22;
const CHANGE_LINE_PX = 20;
function rowHeightOf({ data }: RowHeightParams<ActivityRow>): number {
  const lines = data ? Math.max(1, describeChanges(data.before, data.after).length) : 1;
  return Math.max(42, lines * CHANGE_LINE_PX + ROW_PADDING_PX);
}

export function ActivityPage() {
  const { client, liveState } = useConsole();
  const { reportError } = useNotifications();
  const [draft, setDraft] = useState<Filters>(noFilters);
  const [filters, setFilters] = useState<Filters>(noFilters);
  const [entries, setEntries] = useState<readonly ActivityRow[]>([]);
  const reconciliations = useReconciliationChoices();
  const [loading, setLoading] = useState(true);
  const [hasOlder, setHasOlder] = useState(false);
  const [verification, setVerification] = useState<Verification | undefined>();
  const [verifying, setVerifying] = useState(false);
  const ids = { action: useId(), actor: useId(), actors: useId(), reconciliation: useId() };
  const [reloads, setReloads] = useState(0);
  const previousLiveState = useRef(liveState);

  // Entries appended while the event socket was down never arrived as events; list them again when it is back.
  useEffect(() => {
    if (previousLiveState.current === 'reconnecting' && liveState === 'live') setReloads((count) => count + 1);
    previousLiveState.current = liveState;
  }, [liveState]);

  const fetchPage = useCallback(
    async (beforeSeq?: number): Promise<{ entries: ActivityRow[] }> => {
      if (filters.reconciliation !== '') {
        // One reconciliation's decisions come whole (there are few); the same filters apply to them here.
        if (beforeSeq !== undefined) return { entries: [] };
        const { decisions } = await client.call('listReconDecisions', { id: filters.reconciliation });
        const rows = decisions.map(
          (decision): ActivityRow => ({
            seq: decision.auditSeq,
            at: decision.at,
            actor: decision.actor,
            action: actionOfDecision(decision.kind),
            subject: decision.rowKeys.join(', '),
            before: decision.before,
            after: decision.after,
            comment: decision.comment,
          }),
        );
        return {
          entries: rows
            .filter((row) => (filters.action ? row.action === filters.action : true))
            .filter((row) => (filters.actor ? row.actor === filters.actor : true))
            .reverse(),
        };
      }
      return client.call('listAuditEntries', {
        limit: PAGE_SIZE,
        ...(beforeSeq === undefined ? {} : { beforeSeq }),
        ...(filters.action ? { action: filters.action } : {}),
        ...(filters.actor ? { actor: filters.actor } : {}),
      });
    },
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
        setHasOlder(filters.reconciliation === '' && page.length === PAGE_SIZE);
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
        setVerification(undefined);
        if (filters.reconciliation !== '') {
          // A new decision on the reconciliation shown: list its decisions again.
          if (entry.subject.startsWith(reconciliationSubject(filters.reconciliation))) setReloads((count) => count + 1);
          return;
        }
        if (filters.action && entry.action !== filters.action) return;
        if (filters.actor && entry.actor !== filters.actor) return;
        setEntries((current) => (current.some((row) => row.seq === entry.seq) ? current : [entry, ...current]));
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
    setFilters({ action: draft.action.trim(), actor: draft.actor.trim(), reconciliation: draft.reconciliation });
  }

  function clearFilters(): void {
    setDraft(noFilters);
    setFilters(noFilters);
  }

  const actorOptions = useMemo(() => [...new Set(entries.map((entry) => entry.actor))].sort(), [entries]);
  const actionOptions = useMemo(
    () =>
      [
        ...new Set(
          [...knownActions, ...reconActions, ...entries.map((entry) => entry.action), filters.action].filter(Boolean),
        ),
      ].sort((a, b) => actionLabel(a).localeCompare(actionLabel(b))),
    [entries, filters.action],
  );
  const filtered = filters.action !== '' || filters.actor !== '' || filters.reconciliation !== '';
  const draftEmpty = draft.action === '' && draft.actor === '' && draft.reconciliation === '';

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
          <label htmlFor={ids.reconciliation}>Reconciliation</label>
          <select
            id={ids.reconciliation}
            value={draft.reconciliation}
            onChange={(event) => setDraft({ ...draft, reconciliation: event.target.value })}
          >
            <option value="">Whole audit trail</option>
            {reconciliations.map((recon) => (
              <option key={recon.id} value={recon.id}>
                {entityLabel(recon.entity)}, {periodLabel(recon.period)} ({recon.left.label} ↔ {recon.right.label})
              </option>
            ))}
          </select>
        </div>
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
          disabled={!filtered && draftEmpty}
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
        <AgGridReact<ActivityRow>
          theme={consoleGridTheme}
          rowData={entries as ActivityRow[]}
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

/** Reconciliations to pick from, newest first; an empty list when none exist or they cannot be listed. */
function useReconciliationChoices(): readonly ReconciliationSummary[] {
  const { client } = useConsole();
  const [list, setList] = useState<readonly ReconciliationSummary[]>([]);
  useEffect(() => {
    let current = true;
    client.call('listReconciliations', {}).then(
      ({ reconciliations }) => current && setList(reconciliations),
      () => current && setList([]),
    );
    return () => {
      current = false;
    };
  }, [client]);
  return list;
}
