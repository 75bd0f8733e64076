import { type Ref, useId, useImperativeHandle, useMemo, useRef } from 'react';

/** What the page can ask of the editor: show a line a problem names. */
export interface CodeEditorHandle {
  goToLine(line: number): void;
}

/**
 * A plain textarea with a line-number gutter that scrolls with it: screen readers and keyboards get a native text
 * field, and the numbers let a person find the line a problem names. Lines with a problem are marked in the gutter.
 */
export function CodeEditor({
  label,
  value,
  onChange,
  problemLines,
  describedBy,
  ref,
}: {
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly problemLines: ReadonlySet<number>;
  readonly describedBy?: string | undefined;
  readonly ref?: Ref<CodeEditorHandle> | undefined;
}) {
  const id = useId();
  const gutter = useRef<HTMLOListElement>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  useImperativeHandle(ref, () => ({
    goToLine(line) {
      const textarea = area.current;
      if (!textarea) return;
      const lines = textarea.value.split('\n');
      const start = lines.slice(0, line - 1).reduce((offset, text) => offset + text.length + 1, 0);
      textarea.focus();
      textarea.setSelectionRange(start, start + (lines[line - 1]?.length ?? 0));
      const lineHeight = Number.parseFloat(getComputedStyle(textarea).lineHeight) || 18;
      textarea.scrollTop = Math.max(0, (line - 4) * lineHeight);
    },
  }));
  const lineCount = useMemo(() => value.split('\n').length, [value]);
  const numbers = useMemo(() => Array.from({ length: lineCount }, (_, index) => index + 1), [lineCount]);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="code-editor">
        <ol className="code-editor__gutter" ref={gutter} aria-hidden="true">
          {numbers.map((line) => (
            <li key={line} data-problem={problemLines.has(line)}>
              {line}
            </li>
          ))}
        </ol>
        <textarea
          ref={area}
          id={id}
          className="code-editor__text"
          value={value}
          spellCheck={false}
          autoCapitalize="off"
          autoComplete="off"
          wrap="off"
          aria-describedby={describedBy}
          aria-invalid={problemLines.size > 0}
          onChange={(event) => onChange(event.target.value)}
          onScroll={(event) => {
            if (gutter.current) gutter.current.scrollTop = event.currentTarget.scrollTop;
          }}
        />
      </div>
    </div>
  );
}
