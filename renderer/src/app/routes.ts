import { useEffect, useState } from 'react';

/** The console's top-level pages, in navigation order. The route lives in the URL fragment: `#/reconciliation`. */
export const pages = [
  { id: 'dashboard', label: 'Dashboard' },
  { id: 'connections', label: 'Connections' },
  { id: 'sync', label: 'Sync' },
  { id: 'dead-letters', label: 'Dead letters' },
  { id: 'mappings', label: 'Mappings' },
  { id: 'workflows', label: 'Workflows' },
  { id: 'reconciliation', label: 'Reconciliation' },
  { id: 'approvals', label: 'Approvals' },
  { id: 'activity', label: 'Activity' },
  { id: 'logs', label: 'Logs' },
  { id: 'settings', label: 'Settings' },
] as const;

export type PageId = (typeof pages)[number]['id'];

export const DEFAULT_ROUTE = '/connections';

export function hrefFor(page: PageId): string {
  return `#/${page}`;
}

/** The page named by the fragment, `undefined` for an address that names no page. */
export function pageForHash(hash: string): PageId | undefined {
  const path = (hash.startsWith('#') ? hash.slice(1) : hash).split('?', 1)[0] ?? '';
  // The dashboard is home; it points to Connections while there are none.
  if (path === '' || path === '/') return 'dashboard';
  return pages.find((page) => `/${page.id}` === path)?.id;
}

export function useCurrentPage(): PageId | undefined {
  const [hash, setHash] = useState(() => window.location.hash);
  useEffect(() => {
    const onChange = () => setHash(window.location.hash);
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return pageForHash(hash);
}
