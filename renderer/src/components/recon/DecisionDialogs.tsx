import { useId, useState } from 'react';
import { Dialog } from './Dialog';
import { fieldLabel, percent } from './statusLabels';
import type { Column, ReconRow, Side } from './types';

interface DialogProps<T> {
  readonly open: boolean;
  readonly busy: boolean;
  /** The API's refusal, shown inside the dialog so the person can fix it and try again. */
  readonly error: string | null;
  readonly onClose: () => void;
  readonly onConfirm: (value: T) => void;
}

function DialogError({ error }: { readonly error: string | null }) {
  return error ? (
    <p className="form-error" role="alert">
      {error}
    </p>
  ) : null;
}

/** A required text: the reason for a rejection, the note that explains a difference. */
function TextDialog({
  title,
  label,
  hint,
  submitLabel,
  ...props
}: DialogProps<string> & {
  readonly title: string;
  readonly label: string;
  readonly hint: string;
  readonly submitLabel: string;
}) {
  const [text, setText] = useState('');
  const ids = { text: useId(), hint: useId() };
  return (
    <Dialog
      title={title}
      open={props.open}
      onClose={props.onClose}
      busy={props.busy}
      submitLabel={submitLabel}
      submitDisabled={text.trim() === ''}
      onSubmit={() => props.onConfirm(text.trim())}
    >
      <div className="field">
        <label htmlFor={ids.text}>{label}</label>
        <textarea
          id={ids.text}
          rows={3}
          value={text}
          required
          aria-describedby={ids.hint}
          onChange={(event) => setText(event.target.value)}
        />
        <span id={ids.hint} className="field__hint">
          {hint}
        </span>
      </div>
      <DialogError error={props.error} />
    </Dialog>
  );
}

export function RejectDialog(props: DialogProps<string>) {
  return (
    <TextDialog
      {...props}
      title="Reject this match"
      label="Reason"
      hint="Say why these records are not counterparts. The reason goes on the audit trail, and the pair is never proposed again."
      submitLabel="Reject match"
    />
  );
}

export function ExplainDialog(props: DialogProps<string>) {
  return (
    <TextDialog
      {...props}
      title="Mark as explained"
      label="Explanation"
      hint="What causes the difference (timing, a known rounding rule, a credit note in the next period…). Kept with the row and on the audit trail."
      submitLabel="Save explanation"
    />
  );
}

export interface CorrectionDraft {
  readonly side: Side;
  readonly field: string;
  readonly value: string;
  readonly note: string;
}

/** A new value for one field of one system's record, proposed to an approver; it is written only once approved. */
export function CorrectionDialog({
  row,
  systems,
  columns,
  ...props
}: DialogProps<CorrectionDraft> & {
  readonly row: ReconRow | null;
  readonly systems: Readonly<Record<Side, string>>;
  readonly columns: Readonly<Record<Side, readonly Column[]>>;
}) {
  const firstSide: Side = row?.left ? 'left' : 'right';
  const firstField = row?.differences[0] ?? columns[firstSide][0]?.field ?? '';
  const [draft, setDraft] = useState<CorrectionDraft>({ side: firstSide, field: firstField, value: '', note: '' });
  const ids = { side: useId(), field: useId(), value: useId(), note: useId(), current: useId() };
  const record = row?.[draft.side];
  const otherRecord = row?.[draft.side === 'left' ? 'right' : 'left'];
  const current = record?.values[draft.field] ?? '';
  const counterpartValue = otherRecord?.values[draft.field];

  return (
    <Dialog
      title="Propose a correction"
      open={props.open}
      onClose={props.onClose}
      busy={props.busy}
      submitLabel="Propose correction"
      submitDisabled={draft.note.trim() === '' || record == null || draft.field === ''}
      onSubmit={() => props.onConfirm({ ...draft, note: draft.note.trim() })}
    >
      <fieldset className="field">
        <legend>System to correct</legend>
        <div className="segmented">
          {(['left', 'right'] as const).map((side) => (
            <label key={side} className="radio">
              <input
                type="radio"
                name="correction-side"
                value={side}
                checked={draft.side === side}
                disabled={row?.[side] == null}
                onChange={() => setDraft({ ...draft, side, value: '' })}
              />
              <span className="radio__label">{systems[side]}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <div className="field">
        <label htmlFor={ids.field}>Field</label>
        <select
          id={ids.field}
          value={draft.field}
          onChange={(event) => setDraft({ ...draft, field: event.target.value })}
        >
          {columns[draft.side].map((column) => (
            <option key={column.field} value={column.field}>
              {column.label}
              {row?.differences.includes(column.field) ? ' (differs)' : ''}
            </option>
          ))}
        </select>
      </div>
      <p id={ids.current} className="field__hint">
        Now in {systems[draft.side]}: <strong>{current === '' ? '(empty)' : current}</strong>
        {counterpartValue === undefined ? null : (
          <>
            {' '}
            · in {systems[draft.side === 'left' ? 'right' : 'left']}: <strong>{counterpartValue || '(empty)'}</strong>{' '}
            <button
              type="button"
              className="button button--quiet button--small"
              onClick={() => setDraft({ ...draft, value: counterpartValue })}
            >
              Use this value
            </button>
          </>
        )}
      </p>
      <div className="field">
        <label htmlFor={ids.value}>New value for {fieldLabel(draft.field)}</label>
        <input
          id={ids.value}
          value={draft.value}
          aria-describedby={ids.current}
          autoComplete="off"
          onChange={(event) => setDraft({ ...draft, value: event.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor={ids.note}>Why</label>
        <textarea
          id={ids.note}
          rows={2}
          value={draft.note}
          required
          onChange={(event) => setDraft({ ...draft, note: event.target.value })}
        />
      </div>
      <DialogError error={props.error} />
    </Dialog>
  );
}

export function BulkAcceptDialog(props: DialogProps<number> & { readonly suggested: number }) {
  const [threshold, setThreshold] = useState(90);
  const id = useId();
  return (
    <Dialog
      title="Accept suggestions in bulk"
      open={props.open}
      onClose={props.onClose}
      busy={props.busy}
      submitLabel={`Accept at ${threshold}% or above`}
      onSubmit={() => props.onConfirm(threshold / 100)}
    >
      <p>
        Accepts every suggested match whose confidence is at least the figure below ({props.suggested.toLocaleString()}{' '}
        suggestions open). Each accepted match is recorded on the audit trail as one bulk decision.
      </p>
      <div className="field field--inline">
        <label htmlFor={id}>Lowest confidence accepted (%)</label>
        <input
          id={id}
          type="number"
          min={50}
          max={100}
          step={1}
          value={threshold}
          onChange={(event) => setThreshold(Math.min(100, Math.max(0, Number(event.target.value) || 0)))}
        />
      </div>
      <p className="field__hint">For example {percent(0.95)} accepts only near-certain pairs.</p>
      <DialogError error={props.error} />
    </Dialog>
  );
}

export function SignOffDialog(
  props: DialogProps<string> & { readonly periodLabel: string; readonly unresolved: number },
) {
  const [comment, setComment] = useState('');
  const id = useId();
  return (
    <Dialog
      title={`Sign off ${props.periodLabel}`}
      open={props.open}
      onClose={props.onClose}
      busy={props.busy}
      submitLabel="Sign off and lock"
      onSubmit={() => props.onConfirm(comment.trim())}
    >
      <p>
        Signing off locks this reconciliation: no further decisions can be made on it.{' '}
        {props.unresolved > 0
          ? `The ${props.unresolved.toLocaleString()} unresolved items are carried into the next period’s reconciliation of the same systems.`
          : 'Nothing is left unresolved.'}
      </p>
      <div className="field">
        <label htmlFor={id}>Comment (optional)</label>
        <textarea id={id} rows={2} value={comment} onChange={(event) => setComment(event.target.value)} />
      </div>
      <DialogError error={props.error} />
    </Dialog>
  );
}
