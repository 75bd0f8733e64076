import { type FormEvent, useEffect, useId, useState } from 'react';
import { flagLabel } from './FlagChip';
import { statusLabel } from './statusLabels';
import type { Column, StatusFilter } from './types';

export interface RowFilter {
  readonly status: StatusFilter | null;
  readonly flag: string | null;
  readonly search: string;
}

export const noFilter: RowFilter = { status: null, flag: null, search: '' };

const statusOptions: readonly StatusFilter[] = ['auto', 'suggested', 'accepted', 'manual', 'unmatched', 'differences'];

/**
 * Filters that apply to both grids at once (the server filters the aligned rows): status, flag, and words searched
 * in either side's values. The search applies on Enter or the button, not on every keystroke, so a 100,000-row
 * reconciliation is not queried once per letter.
 */
export function RowFilters({
  filter,
  flags,
  onChange,
  total,
}: {
  readonly filter: RowFilter;
  readonly flags: readonly string[];
  readonly onChange: (filter: RowFilter) => void;
  readonly total: number | null;
}) {
  const [search, setSearch] = useState(filter.search);
  const ids = { status: useId(), flag: useId(), search: useId() };
  useEffect(() => setSearch(filter.search), [filter.search]);

  function applySearch(event: FormEvent): void {
    event.preventDefault();
    onChange({ ...filter, search: search.trim() });
  }

  return (
    <form className="filter-bar recon-filters" onSubmit={applySearch} aria-label="Filter both sides">
      <div className="field field--inline">
        <label htmlFor={ids.status}>Status</label>
        <select
          id={ids.status}
          value={filter.status ?? ''}
          onChange={(event) => onChange({ ...filter, status: (event.target.value || null) as StatusFilter | null })}
        >
          <option value="">All rows</option>
          {statusOptions.map((status) => (
            <option key={status} value={status}>
              {statusLabel(status)}
            </option>
          ))}
        </select>
      </div>
      <div className="field field--inline">
        <label htmlFor={ids.flag}>Flag</label>
        <select
          id={ids.flag}
          value={filter.flag ?? ''}
          onChange={(event) => onChange({ ...filter, flag: event.target.value || null })}
        >
          <option value="">Any or none</option>
          {flags.map((code) => (
            <option key={code} value={code}>
              {flagLabel(code)}
            </option>
          ))}
        </select>
      </div>
      <div className="field field--inline">
        <label htmlFor={ids.search}>Search</label>
        <input
          id={ids.search}
          type="search"
          value={search}
          placeholder="number, party, amount…"
          onChange={(event) => setSearch(event.target.value)}
        />
        <button type="submit" className="button">
          Search
        </button>
      </div>
      {filter !== noFilter && (filter.status || filter.flag || filter.search) ? (
        <button type="button" className="button button--quiet" onClick={() => onChange(noFilter)}>
          Clear filters
        </button>
      ) : null}
      <p className="filter-bar__summary" aria-live="polite">
        {total === null ? 'Loading…' : `${total.toLocaleString()} ${total === 1 ? 'row' : 'rows'}`}
      </p>
    </form>
  );
}

/** Which fields the grids show; the choice applies to both sides. */
export function ColumnChooser({
  columns,
  hidden,
  onChange,
}: {
  readonly columns: readonly Column[];
  readonly hidden: ReadonlySet<string>;
  readonly onChange: (hidden: ReadonlySet<string>) => void;
}) {
  return (
    <details className="column-chooser">
      <summary className="button">Columns</summary>
      <fieldset className="column-chooser__list">
        <legend className="visually-hidden">Columns shown on both sides</legend>
        {columns.map((column) => (
          <label key={column.field} className="column-chooser__option">
            <input
              type="checkbox"
              checked={!hidden.has(column.field)}
              onChange={(event) => {
                const next = new Set(hidden);
                if (event.target.checked) next.delete(column.field);
                else next.add(column.field);
                onChange(next);
              }}
            />
            {column.label}
          </label>
        ))}
      </fieldset>
    </details>
  );
}
