import type { ColDef } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useMemo } from 'react';
import type { SyncPairSummary, SyncRun } from '../../../../src/api/schemas/sync';
import { consoleGridTheme } from '../grid';
import { formatDuration, formatRunStatus, formatWhen } from './syncFormat';

const figure = (headerName: string, key: keyof SyncRun['totals']): ColDef<SyncRun> => ({
  headerName,
  colId: key,
  width: 110,
  type: 'numericColumn',
  valueGetter: ({ data }) => data?.totals[key],
});

function columnsFor(pairLabel: (pairId: string) => string): ColDef<SyncRun>[] {
  return [
    {
      headerName: 'Started',
      field: 'startedAt',
      width: 190,
      sort: 'desc',
      valueFormatter: ({ value }) => (typeof value === 'string' ? formatWhen(value) : ''),
      tooltipField: 'startedAt',
    },
    {
      headerName: 'Pair',
      colId: 'pair',
      flex: 1,
      minWidth: 180,
      valueGetter: ({ data }) => pairLabel(data?.pairId ?? ''),
    },
    {
      headerName: 'Status',
      field: 'status',
      width: 130,
      valueFormatter: ({ value }) => formatRunStatus(value),
      tooltipValueGetter: ({ data }) => data?.error ?? undefined,
    },
    { headerName: 'Trigger', field: 'trigger', width: 100 },
    figure('Read', 'read'),
    figure('Written', 'written'),
    figure('Skipped', 'skipped'),
    figure('Failed', 'failed'),
    figure('Conflicts', 'conflicts'),
    figure('API calls', 'apiCalls'),
    {
      headerName: 'Duration',
      field: 'durationMs',
      width: 120,
      type: 'numericColumn',
      valueFormatter: ({ value }) => (typeof value === 'number' ? formatDuration(value) : '—'),
    },
  ];
}

/** Every run with its figures, newest first, in the same grid as the Activity page. */
export function RunsGrid({
  runs,
  pairs,
}: {
  readonly runs: readonly SyncRun[];
  readonly pairs: readonly SyncPairSummary[];
}) {
  const columns = useMemo(() => {
    const labels = new Map(pairs.map((pair) => [pair.id, pair.label]));
    return columnsFor((pairId) => labels.get(pairId) ?? pairId);
  }, [pairs]);
  return (
    <section className="panel" aria-labelledby="sync-runs-title">
      <h2 id="sync-runs-title">Runs</h2>
      <div className="sync-runs">
        <AgGridReact<SyncRun>
          theme={consoleGridTheme}
          rowData={runs as SyncRun[]}
          columnDefs={columns}
          defaultColDef={{ sortable: true, resizable: true }}
          getRowId={({ data }) => data.id}
          // A dozen columns: render them all, so every figure is in the page for screen readers and tests.
          suppressColumnVirtualisation
          overlayNoRowsTemplate="No runs yet: press Sync now on a pair."
          tooltipShowDelay={400}
        />
      </div>
    </section>
  );
}
