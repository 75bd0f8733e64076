import { useId, useState } from 'react';

/** The drag payload's type: only palette items carry it, so other drags over the canvas are ignored. */
export const STEP_KIND_DRAG_TYPE = 'application/x-counterpart-step-kind';

export interface PaletteEntry {
  readonly kind: string;
  readonly label: string;
  readonly description: string;
}

/**
 * The steps that can be added: dragged onto the canvas with a mouse, or chosen in the list and added with the button
 * (keyboard), which places the step below the selected one and links it.
 */
export function StepPalette({
  entries,
  disabled,
  onAdd,
}: {
  readonly entries: readonly PaletteEntry[];
  readonly disabled: boolean;
  readonly onAdd: (kind: string) => void;
}) {
  const [kind, setKind] = useState(entries[0]?.kind ?? '');
  const ids = { kind: useId(), hint: useId() };
  return (
    <div className="wf-palette">
      <ul className="wf-palette__items" aria-label="Steps to drag onto the canvas">
        {entries.map((entry) => (
          <li
            key={entry.kind}
            className="wf-palette__item"
            draggable={!disabled}
            title={entry.description}
            onDragStart={(event) => {
              event.dataTransfer.setData(STEP_KIND_DRAG_TYPE, entry.kind);
              event.dataTransfer.effectAllowed = 'copy';
            }}
          >
            {entry.label}
          </li>
        ))}
      </ul>
      <div className="wf-palette__add">
        <label htmlFor={ids.kind} className="visually-hidden">
          Step to add
        </label>
        <select id={ids.kind} value={kind} disabled={disabled} onChange={(event) => setKind(event.target.value)}>
          {entries.map((entry) => (
            <option key={entry.kind} value={entry.kind}>
              {entry.label}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="button"
          disabled={disabled || kind === ''}
          aria-describedby={ids.hint}
          onClick={() => onAdd(kind)}
        >
          Add step
        </button>
        <span id={ids.hint} className="visually-hidden">
          Adds the step after the selected one and links them.
        </span>
      </div>
    </div>
  );
}
