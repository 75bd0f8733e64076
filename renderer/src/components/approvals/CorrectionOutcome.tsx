import type { Correction } from '../../../../src/api/schemas/reconciliations';
import { SYSTEM_DISPLAY_NAMES } from '../../../../src/connectors/shared/systemNames';

/** What became of a decided correction: written to the system, parked as a dead letter, or failed — in words. */
export function CorrectionOutcome({ correction }: { readonly correction: Correction }) {
  if (correction.state === 'rejected') {
    return (
      <span>
        <span aria-hidden="true">✕ </span>Rejected by {correction.decidedBy}
        {correction.decisionComment ? `: “${correction.decisionComment}”` : ''}
      </span>
    );
  }
  const outcome = correction.outcome;
  if (correction.state === 'pending' || outcome === null) return <span>Waiting for an approver</span>;
  switch (outcome.state) {
    case 'written':
      return (
        <span className="outcome--written">
          <span aria-hidden="true">✓ </span>Written to {SYSTEM_DISPLAY_NAMES[outcome.system]} (record{' '}
          <code>{outcome.recordId}</code>)
        </span>
      );
    case 'dead_lettered':
      return (
        <span className="outcome--failed">
          <span aria-hidden="true">! </span>Refused by the system, kept as dead letter{' '}
          <code>{outcome.deadLetterId}</code>: {outcome.message}
        </span>
      );
    default:
      return (
        <span className="outcome--failed">
          <span aria-hidden="true">! </span>Not written: {outcome.message}
        </span>
      );
  }
}
