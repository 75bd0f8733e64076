import { type ReactNode, useEffect, useRef } from 'react';
import { useConsole } from '../app/consoleContext';
import { hrefFor, type PageId, pages, useCurrentPage } from '../app/routes';
import { ActivityPage } from '../pages/ActivityPage';
import { ApprovalsPage } from '../pages/ApprovalsPage';
import { ConnectionsPage } from '../pages/ConnectionsPage';
import { DashboardPage } from '../pages/DashboardPage';
import { DeadLettersPage } from '../pages/DeadLettersPage';
import { LogsPage } from '../pages/LogsPage';
import { MappingPage } from '../pages/MappingPage';
import { NotFoundPage } from '../pages/NotFoundPage';
import { ReconciliationPage } from '../pages/ReconciliationPage';
import { SettingsPage } from '../pages/SettingsPage';
import { SyncPage } from '../pages/SyncPage';
import { WorkflowsPage } from '../pages/WorkflowsPage';
import { BrandMark, PageIcon } from './icons';
import { AlertNotices } from './monitoring/AlertNotices';

const pageViews: Record<PageId, () => ReactNode> = {
  dashboard: DashboardPage,
  connections: ConnectionsPage,
  sync: SyncPage,
  'dead-letters': DeadLettersPage,
  mappings: MappingPage,
  workflows: WorkflowsPage,
  reconciliation: ReconciliationPage,
  approvals: ApprovalsPage,
  activity: ActivityPage,
  logs: LogsPage,
  settings: SettingsPage,
};

export function Shell({ focusHeadingFirst = false }: { readonly focusHeadingFirst?: boolean }) {
  const page = useCurrentPage();
  const mainRef = useRef<HTMLElement>(null);
  const firstPage = useRef(true);
  const label = pages.find((entry) => entry.id === page)?.label ?? 'Page not found';

  // After navigating, move focus to the new page's heading so keyboard and screen-reader users land on it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on every page change by design
  useEffect(() => {
    const initial = firstPage.current;
    firstPage.current = false;
    if (initial && !focusHeadingFirst) return;
    mainRef.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [page]);

  useEffect(() => {
    document.title = `${label} · Counterpart`;
  }, [label]);

  const View = page === undefined ? NotFoundPage : pageViews[page];
  return (
    <div className="shell">
      <button type="button" className="skip-link" onClick={() => focusMain(mainRef.current)}>
        Skip to main content
      </button>
      <TopBar />
      <nav className="sidebar" aria-label="Main">
        <ul className="nav-list">
          {pages.map((entry) => (
            <li key={entry.id}>
              <a className="nav-link" href={hrefFor(entry.id)} aria-current={entry.id === page ? 'page' : undefined}>
                <PageIcon page={entry.id} />
                <span>{entry.label}</span>
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <AlertNotices />
      <main className="content" id="main" ref={mainRef} tabIndex={-1}>
        <View />
      </main>
    </div>
  );
}

function focusMain(main: HTMLElement | null): void {
  const heading = main?.querySelector<HTMLElement>('h1');
  (heading ?? main)?.focus();
}

function TopBar() {
  const { appInfo, settings, liveState } = useConsole();
  return (
    <header className="topbar">
      <div className="topbar__brand">
        <BrandMark />
        <span className="topbar__product">Counterpart</span>
      </div>
      <div className="topbar__workspace">
        <span className="topbar__label">Workspace</span>
        <span className="topbar__value">{appInfo.workspace}</span>
        {settings.demoMode ? <span className="badge badge--demo">Demo companies</span> : null}
      </div>
      <div className="topbar__end">
        <LiveIndicator state={liveState} />
        <div className="person">
          <span className="person__avatar" aria-hidden="true">
            {initialsOf(settings.userName)}
          </span>
          <span className="person__text">
            <span className="person__name" title={settings.userName}>
              {settings.userName}
            </span>
            <span className="person__role">{roleLabel(settings.role)}</span>
          </span>
        </div>
      </div>
    </header>
  );
}

function LiveIndicator({ state }: { readonly state: 'connecting' | 'live' | 'reconnecting' }) {
  const text = state === 'live' ? 'Live' : state === 'connecting' ? 'Connecting…' : 'Reconnecting…';
  const title =
    state === 'live'
      ? 'Changes made elsewhere appear here as they happen.'
      : 'Live updates are paused; changes made elsewhere will appear when the connection returns.';
  return (
    <span className={`live live--${state}`} title={title}>
      <span className="live__dot" aria-hidden="true" />
      {text}
    </span>
  );
}

function roleLabel(role: 'preparer' | 'approver'): string {
  return role === 'approver' ? 'Approver' : 'Preparer';
}

function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words.at(-1)] : [words[0]];
  return letters
    .map((word) => word?.[0] ?? '')
    .join('')
    .toUpperCase();
}
