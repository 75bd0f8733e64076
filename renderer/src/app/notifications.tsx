import { createContext, type ReactNode, useCallback, useContext, useMemo, useRef, useState } from 'react';
import { ConsoleApiError } from '../api/client';

export interface Notice {
  readonly id: number;
  readonly kind: 'error' | 'success';
  readonly title: string;
  readonly message: string;
}

interface Notifications {
  notify(kind: Notice['kind'], title: string, message: string): void;
  /** Shows a failed call as a readable message; errors stay on screen until dismissed. */
  reportError(title: string, error: unknown): void;
}

const NotificationsContext = createContext<Notifications | undefined>(undefined);

const SUCCESS_VISIBLE_MS = 6000;

export function NotificationsProvider({ children }: { readonly children: ReactNode }) {
  const [notices, setNotices] = useState<readonly Notice[]>([]);
  const nextId = useRef(1);

  const dismiss = useCallback(
    (id: number) => setNotices((current) => current.filter((notice) => notice.id !== id)),
    [],
  );

  const notify = useCallback(
    (kind: Notice['kind'], title: string, message: string) => {
      const id = nextId.current++;
      setNotices((current) => [...current.slice(-4), { id, kind, title, message }]);
      if (kind === 'success') window.setTimeout(() => dismiss(id), SUCCESS_VISIBLE_MS);
    },
    [dismiss],
  );

  const value = useMemo<Notifications>(
    () => ({ notify, reportError: (title, error) => notify('error', title, messageOf(error)) }),
    [notify],
  );

  return (
    <NotificationsContext.Provider value={value}>
      {children}
      <section className="notices" aria-label="Notifications">
        {/* Two live regions: errors interrupt (alert), confirmations wait their turn (status). */}
        <div role="alert" className="notices__stack">
          {notices
            .filter((notice) => notice.kind === 'error')
            .map((notice) => (
              <NoticeCard key={notice.id} notice={notice} onDismiss={dismiss} />
            ))}
        </div>
        <div role="status" className="notices__stack">
          {notices
            .filter((notice) => notice.kind === 'success')
            .map((notice) => (
              <NoticeCard key={notice.id} notice={notice} onDismiss={dismiss} />
            ))}
        </div>
      </section>
    </NotificationsContext.Provider>
  );
}

function NoticeCard({ notice, onDismiss }: { readonly notice: Notice; readonly onDismiss: (id: number) => void }) {
  return (
    <div className={`notice notice--${notice.kind}`}>
      <span className="notice__icon" aria-hidden="true">
        {notice.kind === 'error' ? '!' : '✓'}
      </span>
      <div className="notice__body">
        <p className="notice__title">
          <span className="visually-hidden">{notice.kind === 'error' ? 'Error: ' : 'Done: '}</span>
          {notice.title}
        </p>
        <p className="notice__message">{notice.message}</p>
      </div>
      <button
        type="button"
        className="notice__dismiss"
        aria-label={`Dismiss: ${notice.title}`}
        onClick={() => onDismiss(notice.id)}
      >
        Dismiss
      </button>
    </div>
  );
}

export function useNotifications(): Notifications {
  const value = useContext(NotificationsContext);
  if (value === undefined) throw new Error('useNotifications is used outside NotificationsProvider.');
  return value;
}

export function messageOf(error: unknown): string {
  if (error instanceof ConsoleApiError) return error.message;
  if (error instanceof Error) return `Something unexpected went wrong: ${error.message}`;
  return `Something unexpected went wrong: ${String(error)}`;
}
