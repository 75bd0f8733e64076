import type { ICellRendererParams } from 'ag-grid-community';
import { FlagMark } from './FlagChip';
import { percent, statusLabel, statusMark } from './statusLabels';
import type { ReconRow, Side } from './types';

export interface FieldCellParams extends ICellRendererParams<ReconRow> {
  readonly side: Side;
  readonly field: string;
  readonly otherSystem: string;
  /** The first visible field of a side says when that side has no record on this row. */
  readonly first: boolean;
}

/**
 * A record's value. A value that differs from the counterpart's is underlined and marked with "≠" and says so in
 * words to a screen reader, so the difference never rests on the highlight colour alone.
 */
export function FieldCell({ data, side, field, otherSystem, first }: FieldCellParams) {
  if (data === undefined) return <span className="muted">Loading…</span>;
  const record = data[side];
  if (record === null) {
    return first ? <span className="no-counterpart">No record on this side</span> : null;
  }
  const value = record.values[field] ?? '';
  if (!data.differences.includes(field)) return <span>{value}</span>;
  return (
    <span className="differs" title={`Differs from ${otherSystem}`}>
      <span className="differs__mark" aria-hidden="true">
        ≠
      </span>
      <span className="visually-hidden">Differs from {otherSystem}: </span>
      {value === '' ? <span className="muted">(empty)</span> : value}
    </span>
  );
}

export function StatusCell({ data }: ICellRendererParams<ReconRow>) {
  if (data === undefined) return null;
  return (
    <span className={`row-status row-status--${data.status}`}>
      <span className="row-status__mark" aria-hidden="true">
        {statusMark(data.status)}
      </span>
      {statusLabel(data.status)}
      {data.confidence !== null && data.status !== 'unmatched' ? (
        <span className="row-status__confidence"> {percent(data.confidence)}</span>
      ) : null}
    </span>
  );
}

export function FlagsCell({ data }: ICellRendererParams<ReconRow>) {
  if (data === undefined || data.flags.length === 0) return null;
  return (
    <span className="flag-marks">
      {data.flags.map((flag) => (
        <FlagMark key={flag.code + flag.message} flag={flag} />
      ))}
    </span>
  );
}
