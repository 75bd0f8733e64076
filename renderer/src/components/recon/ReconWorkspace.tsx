import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ReconciliationDetail } from '../../../../src/api/schemas/reconciliations';
import { useConsole } from '../../app/consoleContext';
import { messageOf, useNotifications } from '../../app/notifications';
import { ActionBar, availableActions } from './ActionBar';
import {
  BulkAcceptDialog,
  CorrectionDialog,
  type CorrectionDraft,
  ExplainDialog,
  RejectDialog,
  SignOffDialog,
} from './DecisionDialogs';
import { DetailPanel } from './DetailPanel';
import { HelpDialog } from './HelpDialog';
import { ColumnChooser, noFilter, type RowFilter, RowFilters } from './RowFilters';
import { periodLabel, sideLabel, unresolvedCount } from './reconLabels';
import { type GridsHandle, type RowLoader, type SelectedKeys, SideBySideGrids } from './SideBySideGrids';
import { SummaryStrip } from './SummaryStrip';
import { type ShortcutAction, useShortcuts } from './shortcuts';
import { statusLabel } from './statusLabels';
import type { ReconRow, StatusFilter } from './types';
import { useReconciliation } from './useReconciliation';
import { WorkspaceHeader } from './WorkspaceHeader';

type DialogName = 'reject' | 'explain' | 'correct' | 'bulk' | 'signOff' | 'help';

const noSelection: SelectedKeys = { left: [], right: [] };

/** An open reconciliation: summary, filters, the two aligned grids, the selected row in full, and the decisions. */
export function ReconWorkspace({ id, onBack }: { readonly id: string; readonly onBack: () => void }) {
  const { detail, changes, reload } = useReconciliation(id);
  if (detail === undefined) {
    return (
      <p className="muted" aria-busy="true">
        Opening the reconciliation…
      </p>
    );
  }
  return <OpenReconciliation detail={detail} changes={changes} reload={reload} onBack={onBack} />;
}

function OpenReconciliation({
  detail,
  changes,
  reload,
  onBack,
}: {
  readonly detail: ReconciliationDetail;
  readonly changes: number;
  readonly reload: () => void;
  readonly onBack: () => void;
}) {
  const { client } = useConsole();
  const { notify, reportError } = useNotifications();
  const [filter, setFilter] = useState<RowFilter>(noFilter);
  const [hidden, setHidden] = useState<ReadonlySet<string>>(() => new Set());
  const [current, setCurrent] = useState<ReconRow | null>(null);
  const [selection, setSelection] = useState<SelectedKeys>(noSelection);
  const [total, setTotal] = useState<number | null>(null);
  const [dialog, setDialog] = useState<DialogName | null>(null);
  const [busy, setBusy] = useState(false);
  const [dialogError, setDialogError] = useState<string | null>(null);
  const grids = useRef<GridsHandle | undefined>(undefined);
  const id = detail.id;

  const systems = useMemo(
    () => ({ left: sideLabel(detail.left), right: sideLabel(detail.right) }),
    [detail.left, detail.right],
  );
  const allColumns = detail.columns;
  const columns = useMemo(
    () => ({
      left: allColumns.left.filter((column) => !hidden.has(column.field)),
      right: allColumns.right.filter((column) => !hidden.has(column.field)),
    }),
    [allColumns, hidden],
  );
  const chooserColumns = useMemo(() => {
    const seen = new Map(allColumns.left.map((column) => [column.field, column]));
    for (const column of allColumns.right) if (!seen.has(column.field)) seen.set(column.field, column);
    return [...seen.values()];
  }, [allColumns]);

  const load = useCallback<RowLoader>(
    async (offset, limit, sort) => {
      const page = await client.call('getReconciliationRows', {
        id,
        offset,
        limit,
        ...(filter.status ? { status: filter.status } : {}),
        ...(filter.flag ? { flag: filter.flag } : {}),
        ...(filter.search ? { search: filter.search } : {}),
        ...(sort ? { sort } : {}),
      });
      setTotal(page.total);
      return { rows: page.rows, total: page.total };
    },
    [client, id, filter],
  );

  // Every change to the reconciliation (a decision here or in another window) reloads the rows in view.
  useEffect(() => {
    if (changes > 1) grids.current?.refresh();
  }, [changes]);

  const onGridsReady = useCallback((handle: GridsHandle) => {
    grids.current = handle;
  }, []);

  function closeDialog(): void {
    setDialog(null);
    setDialogError(null);
  }

  /** Runs one decision: on success it closes the dialog and says what happened; a refusal stays in the dialog. */
  async function decide<T>(title: string, run: () => Promise<T>, done: (result: T) => string): Promise<void> {
    setBusy(true);
    setDialogError(null);
    try {
      const result = await run();
      setDialog(null);
      notify('success', title, done(result));
      grids.current?.clearSelection();
      reload();
    } catch (error) {
      if (dialog !== null) setDialogError(messageOf(error));
      else reportError(`Could not ${title.toLowerCase()}`, error);
    } finally {
      setBusy(false);
    }
  }

  function followRows(rows: readonly ReconRow[]): void {
    setCurrent(rows.find((row) => row.rowKey === current?.rowKey) ?? rows[0] ?? null);
  }

  function act(action: ShortcutAction): void {
    if (action === 'help') {
      setDialog('help');
      return;
    }
    if (detail.locked) {
      notify('error', 'This period is locked', 'It was signed off; decisions can no longer be changed.');
      return;
    }
    if (!availableActions(current, selection)[action]) {
      notify('error', 'Nothing to do here', unavailableReason(action, current));
      return;
    }
    if (action === 'accept') {
      if (current === null) return;
      void decide(
        'Match accepted',
        () => client.call('acceptMatch', { id, rowKey: current.rowKey }),
        (outcome) => {
          followRows(outcome.rows);
          return 'The suggestion is now an accepted match, recorded in Activity.';
        },
      );
    } else if (action === 'match') {
      void decide(
        'Records matched',
        () => client.call('matchManually', { id, leftKeys: [...selection.left], rightKeys: [...selection.right] }),
        (outcome) => {
          followRows(outcome.rows);
          return `${selection.left.length} left and ${selection.right.length} right records are now one match.`;
        },
      );
    } else {
      setDialog(action);
    }
  }

  useShortcuts(true, act);

  const rejectRow = (reason: string) =>
    current &&
    void decide(
      'Match rejected',
      () => client.call('rejectMatch', { id, rowKey: current.rowKey, reason }),
      (outcome) => {
        followRows(outcome.rows);
        return 'The records are unmatched again; the pair will not be proposed again.';
      },
    );
  const explainRow = (note: string) =>
    current &&
    void decide(
      'Difference explained',
      () => client.call('explainDifference', { id, rowKey: current.rowKey, note }),
      (outcome) => {
        followRows(outcome.rows);
        return 'The explanation is kept with the row.';
      },
    );
  const proposeCorrection = (draft: CorrectionDraft) =>
    current &&
    void decide(
      'Correction proposed',
      () => client.call('proposeCorrection', { id, rowKey: current.rowKey, ...draft }),
      ({ correction }) =>
        `${correction.field} → “${correction.proposedValue}” waits for an approver on the Approvals page.`,
    );
  const bulkAccept = (minConfidence: number) =>
    void decide(
      'Suggestions accepted',
      () => client.call('bulkAcceptMatches', { id, minConfidence }),
      ({ accepted }) => `${accepted.toLocaleString()} suggested matches accepted.`,
    );
  const signOff = (comment: string) =>
    void decide(
      'Period signed off',
      () => client.call('signOffPeriod', { id, comment }),
      () => 'The reconciliation is locked; unresolved items go to the next period.',
    );

  const { counts } = detail;
  const statuses: { status: StatusFilter; label: string; count: number }[] = [
    { status: 'auto', label: statusLabel('auto'), count: counts.auto },
    { status: 'suggested', label: statusLabel('suggested'), count: counts.suggested },
    { status: 'accepted', label: statusLabel('accepted'), count: counts.accepted },
    { status: 'manual', label: statusLabel('manual'), count: counts.manual },
    { status: 'unmatched', label: statusLabel('unmatched'), count: counts.unmatchedLeft + counts.unmatchedRight },
    { status: 'differences', label: statusLabel('differences'), count: counts.differences },
  ];

  return (
    <div className="recon-workspace">
      <WorkspaceHeader detail={detail} onBack={onBack} onSignOff={() => setDialog('signOff')} />
      <SummaryStrip
        statuses={statuses}
        flags={detail.flags}
        onStatus={(status) => setFilter({ ...filter, status: status as StatusFilter })}
        onFlag={(flag) => setFilter({ ...filter, flag })}
      />
      {counts.pendingCorrections > 0 ? (
        <p className="muted">
          {counts.pendingCorrections} proposed correction{counts.pendingCorrections === 1 ? '' : 's'} waiting for an
          approver.
        </p>
      ) : null}
      <div className="recon-toolbar">
        <RowFilters
          filter={filter}
          flags={detail.flags.map((flag) => flag.code)}
          onChange={(next) => {
            setFilter(next);
            setCurrent(null);
          }}
          total={total}
        />
        <ColumnChooser columns={chooserColumns} hidden={hidden} onChange={setHidden} />
      </div>
      <ActionBar
        row={current}
        selection={selection}
        locked={detail.locked}
        onAction={act}
        onBulkAccept={() => setDialog('bulk')}
      />
      <SideBySideGrids
        systems={systems}
        columns={columns}
        load={load}
        currentRowKey={current?.rowKey ?? null}
        onCurrentRow={setCurrent}
        onSelection={setSelection}
        onReady={onGridsReady}
        locked={detail.locked}
      />
      <DetailPanel reconciliationId={id} rowKey={current?.rowKey ?? null} systems={systems} changes={changes} />
      {renderDialog()}
    </div>
  );

  function renderDialog() {
    const common = { open: true, busy, error: dialogError, onClose: closeDialog };
    switch (dialog) {
      case 'reject':
        return <RejectDialog {...common} onConfirm={rejectRow} />;
      case 'explain':
        return <ExplainDialog {...common} onConfirm={explainRow} />;
      case 'correct':
        return (
          <CorrectionDialog
            {...common}
            row={current}
            systems={systems}
            columns={columns}
            onConfirm={proposeCorrection}
          />
        );
      case 'bulk':
        return <BulkAcceptDialog {...common} suggested={counts.suggested} onConfirm={bulkAccept} />;
      case 'signOff':
        return (
          <SignOffDialog
            {...common}
            periodLabel={periodLabel(detail.period)}
            unresolved={unresolvedCount(detail)}
            onConfirm={signOff}
          />
        );
      case 'help':
        return <HelpDialog open onClose={closeDialog} />;
      default:
        return null;
    }
  }
}

function unavailableReason(action: ShortcutAction, row: ReconRow | null): string {
  if (action === 'match') return 'Tick one record on one side and one or more on the other side first.';
  if (row === null) return 'Select a row first.';
  if (action === 'accept') return 'Only a suggested match can be accepted.';
  if (action === 'reject') return 'This row is not matched, so there is nothing to reject.';
  if (action === 'explain') return 'This row has no difference to explain.';
  return 'This action does not apply to the selected row.';
}
