import { type ReactNode, useId } from 'react';

/** Labelled controls for the designer's side panel: one label, one control, an optional hint under it. */

export interface Choice {
  readonly value: string;
  readonly label: string;
}

export function TextField({
  label,
  value,
  onChange,
  hint,
  code = false,
  disabled = false,
  multiline = false,
}: {
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly hint?: ReactNode;
  /** An expression or a field path: monospaced, no spell-checking. */
  readonly code?: boolean;
  readonly disabled?: boolean;
  readonly multiline?: boolean;
}) {
  const ids = { control: useId(), hint: useId() };
  const common = {
    id: ids.control,
    value,
    disabled,
    className: code ? 'wf-code-input' : undefined,
    spellCheck: !code,
    'aria-describedby': hint ? ids.hint : undefined,
  };
  return (
    <div className="field">
      <label htmlFor={ids.control}>{label}</label>
      {multiline ? (
        <textarea {...common} rows={2} onChange={(event) => onChange(event.target.value)} />
      ) : (
        <input {...common} type="text" autoComplete="off" onChange={(event) => onChange(event.target.value)} />
      )}
      {hint ? (
        <span id={ids.hint} className="field__hint">
          {hint}
        </span>
      ) : null}
    </div>
  );
}

export function NumberField({
  label,
  value,
  onChange,
  min,
  max,
  hint,
}: {
  readonly label: string;
  readonly value: number;
  readonly onChange: (value: number) => void;
  readonly min: number;
  readonly max: number;
  readonly hint?: ReactNode;
}) {
  const ids = { control: useId(), hint: useId() };
  return (
    <div className="field">
      <label htmlFor={ids.control}>{label}</label>
      <input
        id={ids.control}
        type="number"
        inputMode="numeric"
        min={min}
        max={max}
        value={Number.isFinite(value) ? value : ''}
        aria-describedby={hint ? ids.hint : undefined}
        onChange={(event) => onChange(event.target.valueAsNumber)}
      />
      {hint ? (
        <span id={ids.hint} className="field__hint">
          {hint}
        </span>
      ) : null}
    </div>
  );
}

export function SelectField({
  label,
  value,
  choices,
  onChange,
  hint,
  disabled = false,
}: {
  readonly label: string;
  readonly value: string;
  readonly choices: readonly Choice[];
  readonly onChange: (value: string) => void;
  readonly hint?: ReactNode;
  readonly disabled?: boolean;
}) {
  const ids = { control: useId(), hint: useId() };
  // A value the choices do not hold (a flow the mapping no longer has) stays visible rather than silently changing.
  const shown =
    value === '' || choices.some((choice) => choice.value === value)
      ? choices
      : [...choices, { value, label: `${value} (not listed)` }];
  return (
    <div className="field">
      <label htmlFor={ids.control}>{label}</label>
      <select
        id={ids.control}
        value={value}
        disabled={disabled}
        aria-describedby={hint ? ids.hint : undefined}
        onChange={(event) => onChange(event.target.value)}
      >
        {value === '' ? <option value="">Choose…</option> : null}
        {shown.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
      {hint ? (
        <span id={ids.hint} className="field__hint">
          {hint}
        </span>
      ) : null}
    </div>
  );
}

export function CheckboxField({
  label,
  checked,
  onChange,
}: {
  readonly label: string;
  readonly checked: boolean;
  readonly onChange: (checked: boolean) => void;
}) {
  const id = useId();
  return (
    <div className="field field--inline">
      <input id={id} type="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}
