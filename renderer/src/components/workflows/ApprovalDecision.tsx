import { useId, useState } from 'react';

/**
 * An approver's decision on a paused approval step: a comment and Approve / Reject. Rejecting needs a comment, so
 * the person who built the workflow learns why the run stopped.
 */
export function ApprovalDecision({
  subject,
  canDecide,
  busy,
  onDecide,
}: {
  /** What is being decided, for the buttons' accessible names (e.g. "Invoice approval in run 12"). */
  readonly subject: string;
  readonly canDecide: boolean;
  readonly busy: boolean;
  readonly onDecide: (approve: boolean, comment: string) => void;
}) {
  const [comment, setComment] = useState('');
  const [missingReason, setMissingReason] = useState(false);
  const ids = { comment: useId(), error: useId() };

  function decide(approve: boolean): void {
    const text = comment.trim();
    if (!approve && text === '') {
      setMissingReason(true);
      return;
    }
    setMissingReason(false);
    onDecide(approve, text);
  }

  return (
    <div className="approval-card__actions">
      <div className="field">
        <label htmlFor={ids.comment}>Comment</label>
        <textarea
          id={ids.comment}
          rows={1}
          value={comment}
          disabled={!canDecide}
          aria-invalid={missingReason}
          aria-describedby={missingReason ? ids.error : undefined}
          onChange={(event) => setComment(event.target.value)}
        />
        {missingReason ? (
          <span id={ids.error} className="field__error">
            Say why you reject it.
          </span>
        ) : null}
      </div>
      <button
        type="button"
        className="button button--primary"
        disabled={!canDecide || busy}
        aria-label={`Approve: ${subject}`}
        onClick={() => decide(true)}
      >
        Approve
      </button>
      <button
        type="button"
        className="button"
        disabled={!canDecide || busy}
        aria-label={`Reject: ${subject}`}
        onClick={() => decide(false)}
      >
        Reject
      </button>
    </div>
  );
}
