import { useId, useState } from 'react';
import type { Correction, ReconEntityName } from '../../../../src/api/schemas/reconciliations';
import { formatWhen } from '../../pages/auditFormat';
import { entityLabel, periodLabel } from '../recon/reconLabels';
import { fieldLabel } from '../recon/statusLabels';

export interface PendingCorrection extends Correction {
  readonly entity: ReconEntityName;
  readonly period: { readonly start: string; readonly end: string };
}

/** One proposed correction: what would change where, who proposed it and why, and the approver's decision. */
export function CorrectionCard({
  correction,
  canDecide,
  busy,
  onDecide,
}: {
  readonly correction: PendingCorrection;
  readonly canDecide: boolean;
  readonly busy: boolean;
  readonly onDecide: (approve: boolean, comment: string) => void;
}) {
  const [comment, setComment] = useState('');
  const ids = { comment: useId(), title: useId() };
  return (
    <article className="approval-card" aria-labelledby={ids.title}>
      <h3 id={ids.title} className="approval-card__change">
        {fieldLabel(correction.field)} of <code>{correction.recordKey}</code>:{' '}
        <del>{correction.currentValue ?? '(empty)'}</del> → <ins>{correction.proposedValue || '(empty)'}</ins>
      </h3>
      <p className="muted">
        {entityLabel(correction.entity)}, {periodLabel(correction.period)} · {correction.side} side · proposed by{' '}
        {correction.proposedBy}, {formatWhen(correction.proposedAt)}
      </p>
      <p>
        <strong>Why:</strong> {correction.note}
      </p>
      <div className="approval-card__actions">
        <div className="field">
          <label htmlFor={ids.comment}>Comment</label>
          <textarea
            id={ids.comment}
            rows={1}
            value={comment}
            disabled={!canDecide}
            onChange={(event) => setComment(event.target.value)}
          />
        </div>
        <button
          type="button"
          className="button button--primary"
          disabled={!canDecide || busy}
          onClick={() => onDecide(true, comment.trim())}
        >
          Approve and write
        </button>
        <button
          type="button"
          className="button"
          disabled={!canDecide || busy}
          onClick={() => onDecide(false, comment.trim())}
        >
          Reject
        </button>
      </div>
    </article>
  );
}
