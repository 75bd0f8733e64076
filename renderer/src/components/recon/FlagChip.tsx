import { useId } from 'react';

export type Severity = 'info' | 'warning' | 'error';

export interface FlagView {
  readonly code: string;
  readonly severity: Severity;
  /** The sentence the engine wrote for this flag, shown on hover and focus. */
  readonly message: string;
}

const severityMarks: Record<Severity, string> = { info: 'i', warning: '!', error: '‼' };
const severityWords: Record<Severity, string> = { info: 'Note', warning: 'Warning', error: 'Error' };

/** "missing_counterpart" → "Missing counterpart". */
export function flagLabel(code: string): string {
  const words = code.replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function severityWord(severity: Severity): string {
  return severityWords[severity];
}

/**
 * A flag as a chip: severity told by a mark and a word as well as by colour; the flag's sentence appears on hover
 * and on keyboard focus, and is the chip's accessible description.
 */
export function FlagChip({ flag }: { readonly flag: FlagView }) {
  const tipId = useId();
  return (
    <span className="flag-chip-wrap">
      <button type="button" className={`flag-chip flag-chip--${flag.severity}`} aria-describedby={tipId}>
        <span className="flag-chip__mark" aria-hidden="true">
          {severityMarks[flag.severity]}
        </span>
        <span className="visually-hidden">{severityWord(flag.severity)}: </span>
        {flagLabel(flag.code)}
      </button>
      <span role="tooltip" id={tipId} className="flag-chip__tip">
        {flag.message}
      </span>
    </span>
  );
}

/** The compact form used inside grid cells, where a tooltip would be clipped: the sentence is the title and label. */
export function FlagMark({ flag }: { readonly flag: FlagView }) {
  return (
    <span
      className={`flag-mark flag-mark--${flag.severity}`}
      title={flag.message}
      role="img"
      aria-label={`${severityWord(flag.severity)}: ${flagLabel(flag.code)}. ${flag.message}`}
    >
      <span aria-hidden="true">{severityMarks[flag.severity]}</span>
      <span aria-hidden="true" className="flag-mark__text">
        {flagLabel(flag.code)}
      </span>
    </span>
  );
}
