import type {
  ReconciliationSummary,
  ReconEntityName,
  SideDescription,
} from '../../../../src/api/schemas/reconciliations';
import { SYSTEM_DISPLAY_NAMES } from '../../../../src/connectors/shared/systemNames';

const entityLabels: Readonly<Record<ReconEntityName, string>> = {
  invoice: 'Invoices',
  creditNote: 'Credit notes',
  payment: 'Payments',
  bankTransaction: 'Bank transactions',
  party: 'Customers and suppliers',
  product: 'Products',
};

export const entityNames = Object.keys(entityLabels) as ReconEntityName[];

export function entityLabel(entity: ReconEntityName): string {
  return entityLabels[entity];
}

const dayFormat = new Intl.DateTimeFormat(undefined, {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

/** "1 Aug 2026 – 31 Oct 2026". */
export function periodLabel(period: { readonly start: string; readonly end: string }): string {
  const format = (day: string) => dayFormat.format(new Date(`${day}T00:00:00Z`));
  return `${format(period.start)} – ${format(period.end)}`;
}

/** "Demo Xero (Xero)" for a connection, the file's name for a file. */
export function sideLabel(side: SideDescription): string {
  if (side.kind === 'file' || side.system === null) return side.label;
  const system = SYSTEM_DISPLAY_NAMES[side.system];
  return side.label.includes(system) ? side.label : `${side.label} (${system})`;
}

/** Rows still needing a decision: what sign-off carries into the next period. */
export function unresolvedCount(summary: ReconciliationSummary): number {
  const { counts } = summary;
  return counts.suggested + counts.unmatchedLeft + counts.unmatchedRight;
}
