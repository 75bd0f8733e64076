import type { ReactNode } from 'react';
import { BrandMark } from './icons';

interface StatusScreenProps {
  readonly title: ReactNode;
  readonly tone: 'neutral' | 'warning' | 'error';
  readonly busy?: boolean;
  readonly children?: ReactNode;
}

/** A whole-window message shown before the console can open: loading, a missing token, a failed start. */
export function StatusScreen({ title, tone, busy = false, children }: StatusScreenProps) {
  return (
    <main className="status-screen" aria-busy={busy}>
      <div className={`status-card status-card--${tone}`}>
        <div className="status-card__brand">
          <BrandMark />
          <span>Counterpart</span>
        </div>
        <h1 className="status-card__title">{title}</h1>
        {busy ? <div className="spinner" aria-hidden="true" /> : null}
        {children}
      </div>
    </main>
  );
}
