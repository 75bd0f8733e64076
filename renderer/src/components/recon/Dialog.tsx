import { type FormEvent, type ReactNode, useEffect, useId, useRef } from 'react';

/**
 * A modal dialog on the native <dialog> element: the browser traps focus inside it, closes it on Escape and hands
 * focus back to whatever opened it. The body is a form so Enter submits and the primary action is a submit button.
 */
export function Dialog({
  title,
  open,
  onClose,
  onSubmit,
  submitLabel,
  busy = false,
  submitDisabled = false,
  children,
  wide = false,
}: {
  readonly title: string;
  readonly open: boolean;
  readonly onClose: () => void;
  /** Without it the dialog is informational and shows only a Close button. */
  readonly onSubmit?: () => void;
  readonly submitLabel?: string;
  readonly busy?: boolean;
  readonly submitDisabled?: boolean;
  readonly children: ReactNode;
  readonly wide?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null || !open) return;
    // Dialogs are often unmounted rather than closed; focus then goes back to what opened them, by hand.
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    return () => {
      if (dialog.open) dialog.close();
      if (opener?.isConnected) opener.focus();
    };
  }, [open]);

  function submit(event: FormEvent): void {
    event.preventDefault();
    if (!busy && !submitDisabled) onSubmit?.();
  }

  return (
    <dialog
      ref={ref}
      className={`dialog${wide ? ' dialog--wide' : ''}`}
      aria-labelledby={titleId}
      onClose={onClose}
      onCancel={(event) => {
        // Escape closes through our state, so React stays the one place that decides whether the dialog is open.
        event.preventDefault();
        onClose();
      }}
    >
      {open ? (
        <form className="dialog__form" onSubmit={submit}>
          <h2 id={titleId} className="dialog__title">
            {title}
          </h2>
          <div className="dialog__body">{children}</div>
          <div className="dialog__actions">
            <button type="button" className="button button--quiet" onClick={onClose}>
              {onSubmit ? 'Cancel' : 'Close'}
            </button>
            {onSubmit ? (
              <button type="submit" className="button button--primary" disabled={busy || submitDisabled}>
                {busy ? 'Working…' : (submitLabel ?? 'Save')}
              </button>
            ) : null}
          </div>
        </form>
      ) : null}
    </dialog>
  );
}
