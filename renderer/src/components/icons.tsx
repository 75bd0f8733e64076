import type { ReactNode } from 'react';
import type { PageId } from '../app/routes';

/** Decorative line icons: every one sits next to a text label, so they are hidden from assistive technology. */
function Icon({ children, size = 20 }: { readonly children: ReactNode; readonly size?: number }) {
  return (
    <svg
      className="icon"
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {children}
    </svg>
  );
}

const pageIcons: Record<PageId, ReactNode> = {
  connections: (
    <>
      <path d="M9 15l6-6" />
      <path d="M11 6l1.5-1.5a4.2 4.2 0 016 6L17 12" />
      <path d="M13 18l-1.5 1.5a4.2 4.2 0 01-6-6L7 12" />
    </>
  ),
  sync: (
    <>
      <path d="M20 8a8 8 0 00-14.3-2.5L4 7" />
      <path d="M4 3v4h4" />
      <path d="M4 16a8 8 0 0014.3 2.5L20 17" />
      <path d="M20 21v-4h-4" />
    </>
  ),
  mappings: (
    <>
      <path d="M4 6h6" />
      <path d="M4 12h6" />
      <path d="M4 18h6" />
      <path d="M14 6h6" />
      <path d="M14 18h6" />
      <path d="M10 6l4 12" />
      <path d="M10 18l4-12" />
    </>
  ),
  workflows: (
    <>
      <rect x="3" y="3" width="6" height="6" rx="1.5" />
      <rect x="15" y="15" width="6" height="6" rx="1.5" />
      <path d="M9 6h4a3 3 0 013 3v6" />
    </>
  ),
  reconciliation: (
    <>
      <path d="M12 4v16" />
      <path d="M5 8h14" />
      <path d="M5 8l-2.5 6a3 3 0 005 0L5 8z" />
      <path d="M19 8l-2.5 6a3 3 0 005 0L19 8z" />
      <path d="M8 20h8" />
    </>
  ),
  dashboard: (
    <>
      <path d="M4 20V10" />
      <path d="M10 20V4" />
      <path d="M16 20v-7" />
      <path d="M22 20H2" />
    </>
  ),
  'dead-letters': (
    <>
      <path d="M3 7l9 6 9-6" />
      <rect x="3" y="5" width="18" height="14" rx="2" />
      <path d="M15 15l4 4M19 15l-4 4" />
    </>
  ),
  logs: (
    <>
      <path d="M6 3h9l4 4v14H6z" />
      <path d="M9 11h7M9 15h7M9 19h4" />
    </>
  ),
  approvals: (
    <>
      <path d="M9 12l2 2 4-4" />
      <path d="M12 3l7 3v5c0 4.5-3 8.3-7 10-4-1.7-7-5.5-7-10V6l7-3z" />
    </>
  ),
  activity: (
    <>
      <path d="M8 6h12" />
      <path d="M8 12h12" />
      <path d="M8 18h12" />
      <circle cx="4" cy="6" r="0.8" />
      <circle cx="4" cy="12" r="0.8" />
      <circle cx="4" cy="18" r="0.8" />
    </>
  ),
  settings: (
    <>
      <circle cx="12" cy="12" r="3" />
      <path d="M19.4 15a1.7 1.7 0 00.3 1.8l.1.1a2 2 0 11-2.8 2.8l-.1-.1a1.7 1.7 0 00-1.8-.3 1.7 1.7 0 00-1 1.5V21a2 2 0 11-4 0v-.1a1.7 1.7 0 00-1.1-1.5 1.7 1.7 0 00-1.8.3l-.1.1a2 2 0 11-2.8-2.8l.1-.1a1.7 1.7 0 00.3-1.8 1.7 1.7 0 00-1.5-1H3a2 2 0 110-4h.1a1.7 1.7 0 001.5-1.1 1.7 1.7 0 00-.3-1.8l-.1-.1a2 2 0 112.8-2.8l.1.1a1.7 1.7 0 001.8.3H9a1.7 1.7 0 001-1.5V3a2 2 0 114 0v.1a1.7 1.7 0 001 1.5 1.7 1.7 0 001.8-.3l.1-.1a2 2 0 112.8 2.8l-.1.1a1.7 1.7 0 00-.3 1.8V9a1.7 1.7 0 001.5 1H21a2 2 0 110 4h-.1a1.7 1.7 0 00-1.5 1z" />
    </>
  ),
};

export function PageIcon({ page, size }: { readonly page: PageId; readonly size?: number }) {
  return <Icon size={size}>{pageIcons[page]}</Icon>;
}

export function CheckIcon() {
  return (
    <Icon size={18}>
      <path d="M5 12l5 5 9-10" />
    </Icon>
  );
}

export function WarningIcon() {
  return (
    <Icon size={18}>
      <path d="M12 3l10 18H2L12 3z" />
      <path d="M12 10v5" />
      <path d="M12 18h.01" />
    </Icon>
  );
}

/** Two overlapping circles — two systems' records and what they agree on: the product's mark. */
export function BrandMark({ size = 28 }: { readonly size?: number }) {
  return (
    <svg className="brand-mark" width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <circle cx="12" cy="16" r="9" fill="var(--brand-a)" />
      <circle cx="20" cy="16" r="9" fill="var(--brand-b)" opacity="0.85" />
      <path
        d="M13.2 16.2l2.2 2.2 4-4.6"
        fill="none"
        stroke="var(--brand-ink)"
        strokeWidth="2.2"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
