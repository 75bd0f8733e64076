import type { SelectedKeys } from './SideBySideGrids';
import type { ShortcutAction } from './shortcuts';
import type { ReconRow } from './types';

/** What each decision needs before it can be taken on the current row or the ticked rows. */
export function availableActions(row: ReconRow | null, selection: SelectedKeys): Record<ShortcutAction, boolean> {
  const manyToMany = selection.left.length > 1 && selection.right.length > 1;
  return {
    accept: row?.status === 'suggested',
    reject: row !== null && row.matchId !== null,
    match: selection.left.length > 0 && selection.right.length > 0 && !manyToMany,
    explain: row !== null && (row.differences.length > 0 || row.status === 'unmatched'),
    correct: row !== null,
    help: true,
  };
}

/**
 * The decisions, as buttons that also show their key. With the period locked they stay visible but disabled, with
 * the reason next to them, so nobody wonders where they went.
 */
export function ActionBar({
  row,
  selection,
  locked,
  onAction,
  onBulkAccept,
}: {
  readonly row: ReconRow | null;
  readonly selection: SelectedKeys;
  readonly locked: boolean;
  readonly onAction: (action: ShortcutAction) => void;
  readonly onBulkAccept: () => void;
}) {
  const available = availableActions(row, selection);
  const button = (action: ShortcutAction, label: string, key: string) => (
    <button
      type="button"
      className="button button--small"
      disabled={locked || !available[action]}
      aria-keyshortcuts={key}
      onClick={() => onAction(action)}
    >
      {label}{' '}
      <span className="key-hint" aria-hidden="true">
        {key}
      </span>
    </button>
  );
  const ticked = selection.left.length + selection.right.length;
  return (
    <div className="recon-actions" role="toolbar" aria-label="Decisions">
      {button('accept', 'Accept', 'A')}
      {button('reject', 'Reject…', 'R')}
      {button('match', ticked > 0 ? `Match ${selection.left.length} ↔ ${selection.right.length}` : 'Match ticked', 'M')}
      {button('explain', 'Explain…', 'E')}
      {button('correct', 'Propose correction…', 'C')}
      <button type="button" className="button button--small" disabled={locked} onClick={onBulkAccept}>
        Bulk accept…
      </button>
      <button
        type="button"
        className="button button--quiet button--small"
        aria-keyshortcuts="?"
        onClick={() => onAction('help')}
      >
        Shortcuts{' '}
        <span className="key-hint" aria-hidden="true">
          ?
        </span>
      </button>
      <p className="recon-actions__hint" aria-live="polite">
        {locked
          ? 'This period is signed off: decisions are locked.'
          : ticked > 0
            ? `${selection.left.length} left and ${selection.right.length} right ticked for a manual match.`
            : 'Tick rows on both sides (Space) to match them by hand.'}
      </p>
    </div>
  );
}
