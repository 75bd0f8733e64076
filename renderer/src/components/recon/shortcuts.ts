import { useEffect, useRef } from 'react';

export type ShortcutAction = 'accept' | 'reject' | 'match' | 'explain' | 'correct' | 'help';

/** The workspace's single-key shortcuts, listed in the help dialog in this order. */
export const shortcuts: readonly { readonly key: string; readonly action: ShortcutAction; readonly label: string }[] = [
  { key: 'A', action: 'accept', label: 'Accept the selected suggestion' },
  { key: 'R', action: 'reject', label: 'Reject the selected match, with a reason' },
  { key: 'M', action: 'match', label: 'Match the rows selected on both sides' },
  { key: 'E', action: 'explain', label: 'Mark the selected difference as explained, with a note' },
  { key: 'C', action: 'correct', label: 'Propose a correction to one system' },
  { key: '?', action: 'help', label: 'Show these shortcuts' },
];

const byKey = new Map(shortcuts.map((shortcut) => [shortcut.key.toLowerCase(), shortcut.action]));

/** Typing in a field, or a dialog being open, must never trigger a decision. */
function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.closest('dialog[open]')) return true;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** Listens for the shortcuts on the whole document while `enabled`; the latest handler is always the one called. */
export function useShortcuts(enabled: boolean, onAction: (action: ShortcutAction) => void): void {
  const handler = useRef(onAction);
  handler.current = onAction;
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || isTypingTarget(event.target)) return;
      if (document.querySelector('dialog[open]')) return;
      const action = byKey.get(event.key.toLowerCase());
      if (action === undefined) return;
      event.preventDefault();
      handler.current(action);
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [enabled]);
}
