import type { HealthSummary } from '../../../../src/api/schemas/monitoring';

const LABELS = { green: 'Healthy', amber: 'Needs attention', red: 'Failing' } as const;

/** Green, amber or red, always with a word: colour alone says nothing to some people. */
export function HealthLevel({ level }: { readonly level: HealthSummary['level'] }) {
  return <span className={`health-level health-level--${level}`}>{LABELS[level]}</span>;
}
