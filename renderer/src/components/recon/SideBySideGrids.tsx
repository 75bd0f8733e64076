import type {
  BodyScrollEvent,
  CellFocusedEvent,
  ColDef,
  GridApi,
  IDatasource,
  RowClassRules,
  SortChangedEvent,
} from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { consoleGridTheme } from '../grid';
import { FieldCell, FlagsCell, StatusCell } from './cells';
import { createRowCache, type PageLoader, type RowPage } from './rowCache';
import { type Column, groupPositionOf, type ReconRow, type RowSort, type Side, sortColumnOf } from './types';

/** Rows per request to the server: a few screens' worth, so a fast scroll asks for few pages. */
export const PAGE_SIZE = 200;
const ROW_HEIGHT = 38;

export type RowLoader = (offset: number, limit: number, sort: RowSort | null) => Promise<RowPage<ReconRow>>;

export interface SelectedKeys {
  readonly left: readonly string[];
  readonly right: readonly string[];
}

export interface GridsHandle {
  /** Reloads the rows in view (after a decision) keeping the scroll position. */
  refresh(): void;
  clearSelection(): void;
}

interface Props {
  readonly systems: Readonly<Record<Side, string>>;
  readonly columns: Readonly<Record<Side, readonly Column[]>>;
  /** A new loader (a new filter or search) starts both grids again from the top. */
  readonly load: RowLoader;
  readonly currentRowKey: string | null;
  readonly onCurrentRow: (row: ReconRow) => void;
  readonly onSelection: (keys: SelectedKeys) => void;
  readonly onReady: (handle: GridsHandle) => void;
  readonly locked: boolean;
}

const other = (side: Side): Side => (side === 'left' ? 'right' : 'left');

/** The element that scrolls a grid's rows: `.ag-grid-viewport` in AG Grid 36, `.ag-body-viewport` in earlier versions. */
const SCROLLING_VIEWPORT = '.ag-grid-viewport, .ag-body-viewport';

/**
 * The two systems' records in two grids whose rows line up: row n on the left is the counterpart of row n on the
 * right. Both read the same server pages through one shared cache, scroll together and share one sort.
 */
export function SideBySideGrids(props: Props) {
  const { systems, columns, load, currentRowKey, onCurrentRow, onSelection, onReady, locked } = props;
  const apis = useRef<Partial<Record<Side, GridApi<ReconRow>>>>({});
  const frames = useRef<Partial<Record<Side, HTMLElement | null>>>({});
  const sort = useRef<RowSort | null>(null);
  const applyingSort = useRef(false);
  const cache = useRef<PageLoader<ReconRow> | undefined>(undefined);

  // Each new query (loader) or sort gets its own cache; both grids read through it, so a page is fetched once.
  const freshCache = useCallback(() => {
    const sortNow = sort.current;
    cache.current = createRowCache((offset, limit) => load(offset, limit, sortNow));
  }, [load]);

  const datasource = useMemo<IDatasource>(() => {
    freshCache();
    return {
      getRows(params) {
        const limit = params.endRow - params.startRow;
        const read = cache.current ?? createRowCache((offset, count) => load(offset, count, sort.current));
        read(params.startRow, limit).then(
          (page) => params.successCallback(page.rows as ReconRow[], lastRowOf(page, params.startRow, limit)),
          () => params.failCallback(),
        );
      },
    };
  }, [freshCache, load]);

  const handle = useMemo<GridsHandle>(
    () => ({
      refresh() {
        freshCache();
        apis.current.left?.refreshInfiniteCache();
        apis.current.right?.refreshInfiniteCache();
      },
      clearSelection() {
        apis.current.left?.deselectAll();
        apis.current.right?.deselectAll();
      },
    }),
    [freshCache],
  );
  useEffect(() => onReady(handle), [handle, onReady]);

  const onSortChanged = useCallback(
    (side: Side, event: SortChangedEvent<ReconRow>) => {
      if (applyingSort.current) return;
      const sorted = event.api.getColumnState().find((column) => column.sort);
      const field = sorted?.colId.slice(sorted.colId.indexOf('.') + 1) ?? '';
      const column = sorted?.colId === 'status' ? 'status' : sortColumnOf(field);
      sort.current = sorted?.sort && column ? { column, direction: sorted.sort } : null;
      // The other grid shows the same sort on its column of the same field, when it has one.
      applyingSort.current = true;
      apis.current[other(side)]?.applyColumnState({
        state: sorted?.sort ? [{ colId: `${other(side)}.${field}`, sort: sorted.sort }] : [],
        defaultState: { sort: null },
      });
      applyingSort.current = false;
      freshCache();
      apis.current.left?.purgeInfiniteCache();
      apis.current.right?.purgeInfiniteCache();
    },
    [freshCache],
  );

  const onBodyScroll = useCallback((side: Side, event: BodyScrollEvent<ReconRow>) => {
    if (event.direction !== 'vertical') return;
    const viewport = frames.current[other(side)]?.querySelector(SCROLLING_VIEWPORT);
    if (viewport instanceof HTMLElement && Math.abs(viewport.scrollTop - event.top) >= 1) {
      viewport.scrollTop = event.top;
    }
  }, []);

  const reportSelection = useCallback(() => {
    const keysOf = (side: Side) =>
      (apis.current[side]?.getSelectedRows() ?? []).flatMap((row) => {
        const record = row[side];
        return record ? [record.key] : [];
      });
    onSelection({ left: keysOf('left'), right: keysOf('right') });
  }, [onSelection]);

  const onCellFocused = useCallback(
    (event: CellFocusedEvent<ReconRow>) => {
      if (event.rowIndex === null || event.rowPinned) return;
      const row = event.api.getDisplayedRowAtIndex(event.rowIndex)?.data;
      if (row) onCurrentRow(row);
    },
    [onCurrentRow],
  );

  const columnDefs = useMemo(
    () => ({ left: columnsFor('left', columns, systems), right: columnsFor('right', columns, systems) }),
    [columns, systems],
  );

  const grid = (side: Side) => (
    <section
      className="recon-grid"
      aria-label={`Records in ${systems[side]}`}
      ref={(element) => {
        frames.current[side] = element;
      }}
    >
      <h2 className="recon-grid__title">
        <span className="recon-grid__side">{side === 'left' ? 'Left' : 'Right'}</span> {systems[side]}
      </h2>
      <div className="recon-grid__body">
        <AgGridReact<ReconRow>
          theme={consoleGridTheme}
          rowModelType="infinite"
          datasource={datasource}
          cacheBlockSize={PAGE_SIZE}
          maxBlocksInCache={30}
          blockLoadDebounceMillis={30}
          rowHeight={ROW_HEIGHT}
          getRowId={({ data }) => data.rowKey}
          columnDefs={columnDefs[side]}
          defaultColDef={defaultColDef}
          rowSelection={{
            mode: 'multiRow',
            checkboxes: ({ data }) => !locked && data?.[side] != null,
            headerCheckbox: false,
            enableClickSelection: false,
            hideDisabledCheckboxes: true,
          }}
          selectionColumnDef={{ headerName: '', width: 48, pinned: 'left', suppressHeaderMenuButton: true }}
          rowClassRules={rowClassRules}
          onGridReady={(event) => {
            apis.current[side] = event.api;
          }}
          onBodyScroll={(event) => onBodyScroll(side, event)}
          onSortChanged={(event) => onSortChanged(side, event)}
          onSelectionChanged={reportSelection}
          onCellFocused={onCellFocused}
          onRowClicked={({ data }) => data && onCurrentRow(data)}
          overlayNoRowsTemplate="No rows match these filters."
        />
      </div>
    </section>
  );

  return (
    <div className="recon-grids">
      {currentRowKey === null ? null : (
        // The current row is marked on both sides by its id; a style rule avoids redrawing rows (and losing focus).
        <style>{`.recon-grids .ag-row[row-id="${CSS.escape(currentRowKey)}"] { box-shadow: var(--recon-current-outline); }`}</style>
      )}
      {grid('left')}
      {grid('right')}
    </div>
  );
}

const defaultColDef: ColDef<ReconRow> = { sortable: false, resizable: true, suppressHeaderMenuButton: true };

const rowClassRules: RowClassRules<ReconRow> = {
  'recon-row--unmatched': ({ data }) => data?.status === 'unmatched',
  'recon-row--group': ({ data }) => data !== undefined && data.groupSize > 1,
  'recon-row--group-first': ({ data }) => data !== undefined && groupPositionOf(data) === 'first',
  'recon-row--group-last': ({ data }) => data !== undefined && groupPositionOf(data) === 'last',
  'recon-row--differs': ({ data }) => (data?.differences.length ?? 0) > 0,
};

function lastRowOf(page: RowPage<ReconRow>, offset: number, limit: number): number | undefined {
  if (page.total !== null) return page.total;
  return page.rows.length < limit ? offset + page.rows.length : undefined;
}

function columnsFor(
  side: Side,
  columns: Readonly<Record<Side, readonly Column[]>>,
  systems: Readonly<Record<Side, string>>,
): ColDef<ReconRow>[] {
  const otherSystem = systems[other(side)];
  const fields: ColDef<ReconRow>[] = columns[side].map((column, index) => ({
    colId: `${side}.${column.field}`,
    headerName: column.label,
    minWidth: column.kind === 'money' || column.kind === 'date' ? 105 : 120,
    flex: column.kind === 'text' ? 1.4 : 1,
    type: column.kind === 'money' ? 'rightAligned' : undefined,
    sortable: sortColumnOf(column.field) !== undefined,
    valueGetter: ({ data }) => data?.[side]?.values[column.field] ?? '',
    cellRenderer: FieldCell,
    cellRendererParams: { side, field: column.field, otherSystem, first: index === 0 },
    cellClassRules: { 'cell--differs': ({ data }) => data?.differences.includes(column.field) ?? false },
  }));
  if (side === 'right') return fields;
  return [
    { colId: 'status', headerName: 'Status', width: 190, pinned: 'left', sortable: true, cellRenderer: StatusCell },
    { colId: 'flags', headerName: 'Flags', width: 140, cellRenderer: FlagsCell },
    ...fields,
  ];
}
