import { flagLabel, type Severity, severityWord } from './FlagChip';

export interface StatusCount {
  readonly status: string;
  readonly label: string;
  readonly count: number;
}

export interface FlagCount {
  readonly code: string;
  readonly severity: Severity;
  readonly count: number;
}

const CHART_WIDTH = 240;
const CHART_HEIGHT = 18;

/**
 * Counts per status and per flag, each a button that filters the grids, and one stacked bar showing the share of
 * each status. The bar repeats what the numbers say (it is an image with that text as its label); patterns tell the
 * segments apart without colour.
 */
export function SummaryStrip({
  statuses,
  flags,
  onStatus,
  onFlag,
}: {
  readonly statuses: readonly StatusCount[];
  readonly flags: readonly FlagCount[];
  readonly onStatus: (status: string) => void;
  readonly onFlag: (code: string) => void;
}) {
  return (
    <section className="recon-summary" aria-label="Summary of this reconciliation">
      <ul className="recon-summary__counts">
        {statuses.map((entry) => (
          <li key={entry.status}>
            <button
              type="button"
              className={`summary-count summary-count--${entry.status}`}
              onClick={() => onStatus(entry.status)}
            >
              <span className="summary-count__value">{entry.count.toLocaleString()}</span>
              <span className="summary-count__label">{entry.label}</span>
            </button>
          </li>
        ))}
      </ul>
      <StatusChart statuses={statuses} />
      {flags.length > 0 ? (
        <ul className="recon-summary__flags" aria-label="Flags raised">
          {flags.map((flag) => (
            <li key={flag.code}>
              <button
                type="button"
                className={`flag-count flag-count--${flag.severity}`}
                onClick={() => onFlag(flag.code)}
              >
                <span className="visually-hidden">{severityWord(flag.severity)}: </span>
                {flagLabel(flag.code)} <strong>{flag.count.toLocaleString()}</strong>
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted recon-summary__flags">No flags raised.</p>
      )}
    </section>
  );
}

function StatusChart({ statuses }: { readonly statuses: readonly StatusCount[] }) {
  const total = statuses.reduce((sum, entry) => sum + entry.count, 0);
  const description = statuses.map((entry) => `${entry.label} ${entry.count}`).join(', ');
  let x = 0;
  return (
    <svg
      className="status-chart"
      width={CHART_WIDTH}
      height={CHART_HEIGHT}
      viewBox={`0 0 ${CHART_WIDTH} ${CHART_HEIGHT}`}
      role="img"
      aria-label={`Share of rows by status: ${description}`}
    >
      <defs>
        <pattern id="status-chart-hatch" width="4" height="4" patternUnits="userSpaceOnUse">
          <path d="M0 4L4 0" stroke="var(--surface)" strokeWidth="1" />
        </pattern>
      </defs>
      <rect x="0" y="0" width={CHART_WIDTH} height={CHART_HEIGHT} rx="4" fill="var(--surface-sunken)" />
      {total === 0
        ? null
        : statuses.map((entry, index) => {
            const width = (entry.count / total) * CHART_WIDTH;
            const segment = (
              <g key={entry.status}>
                <rect
                  className={`status-chart__segment--${entry.status}`}
                  x={x}
                  y="0"
                  width={width}
                  height={CHART_HEIGHT}
                />
                {index % 2 === 1 ? (
                  <rect x={x} y="0" width={width} height={CHART_HEIGHT} fill="url(#status-chart-hatch)" />
                ) : null}
                <title>{`${entry.label}: ${entry.count}`}</title>
              </g>
            );
            x += width;
            return segment;
          })}
    </svg>
  );
}
