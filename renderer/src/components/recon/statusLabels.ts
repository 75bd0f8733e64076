/** Words for row statuses; an unknown status shows as written, never hidden. */
const labels: Readonly<Record<string, string>> = {
  auto: 'Auto-matched',
  suggested: 'Suggested',
  unmatched: 'Unmatched',
  differences: 'With differences',
  accepted: 'Accepted',
  manual: 'Matched by hand',
  rejected: 'Rejected',
  explained: 'Explained',
  corrected: 'Correction proposed',
};

/** A mark per status so that status never depends on colour alone. */
const marks: Readonly<Record<string, string>> = {
  auto: '✓',
  accepted: '✓',
  manual: '✓',
  suggested: '?',
  unmatched: '∅',
  differences: '≠',
  rejected: '✕',
  explained: '✎',
  corrected: '↻',
};

export function statusLabel(status: string): string {
  return labels[status] ?? status.replaceAll('_', ' ');
}

export function statusMark(status: string): string {
  return marks[status] ?? '•';
}

/** 0.8734 → "87%"; shown next to suggested and auto matches. */
export function percent(confidence: number): string {
  return `${Math.round(confidence * 100)}%`;
}

/** "party_name" → "Party name". */
export function fieldLabel(field: string): string {
  const words = field
    .replaceAll('_', ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
