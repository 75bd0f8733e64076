import type { HealthSummary } from '../../../../src/api/schemas/monitoring';

type Bucket = HealthSummary['throughput']['buckets'][number];

const WIDTH = 720;
const HEIGHT = 200;
const PAD = { left: 40, right: 40, top: 10, bottom: 24 };

/**
 * Records written (and failed) per bucket as bars, with the error rate as a line on its own 0–100% scale. Each bar
 * is a button: choosing one opens that bucket's runs.
 */
export function ThroughputChart({
  throughput,
  onSelect,
}: {
  readonly throughput: HealthSummary['throughput'];
  readonly onSelect: (bucket: Bucket) => void;
}) {
  const { buckets } = throughput;
  const most = Math.max(1, ...buckets.map((bucket) => bucket.written + bucket.failed));
  const innerWidth = WIDTH - PAD.left - PAD.right;
  const innerHeight = HEIGHT - PAD.top - PAD.bottom;
  const step = innerWidth / Math.max(1, buckets.length);
  const y = (value: number) => PAD.top + innerHeight - (value / most) * innerHeight;
  const rateY = (rate: number) => PAD.top + innerHeight - rate * innerHeight;
  const rates = buckets
    .map((bucket, index) =>
      bucket.errorRate === null ? null : `${PAD.left + index * step + step / 2},${rateY(bucket.errorRate)}`,
    )
    .filter((point): point is string => point !== null);
  return (
    <figure className="chart">
      {/* biome-ignore lint/a11y/useSemanticElements: a chart of bars that are buttons is a group, not a fieldset */}
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="group" aria-label="Throughput and error rate over time">
        <line className="chart__axis" x1={PAD.left} x2={WIDTH - PAD.right} y1={y(0)} y2={y(0)} />
        <text className="chart__label" x={4} y={PAD.top + 8}>
          {most}
        </text>
        <text className="chart__label" x={WIDTH - PAD.right + 4} y={PAD.top + 8}>
          100%
        </text>
        {buckets.map((bucket, index) => {
          const x = PAD.left + index * step + 2;
          const width = Math.max(2, step - 4);
          const label = `${timeOf(bucket.start)}: ${bucket.runs} runs, ${bucket.written} written, ${bucket.failed} failed${
            bucket.errorRate === null ? '' : `, error rate ${Math.round(bucket.errorRate * 100)}%`
          }`;
          return (
            // biome-ignore lint/a11y/useSemanticElements: an SVG bar cannot be a <button>; it takes its role and keys
            <g
              key={bucket.start}
              role="button"
              tabIndex={bucket.runs > 0 ? 0 : -1}
              aria-label={label}
              aria-disabled={bucket.runs === 0}
              onClick={() => (bucket.runs > 0 ? onSelect(bucket) : undefined)}
              onKeyDown={(event) => {
                if ((event.key === 'Enter' || event.key === ' ') && bucket.runs > 0) {
                  event.preventDefault();
                  onSelect(bucket);
                }
              }}
            >
              <title>{label}</title>
              <rect
                className="chart__bar"
                x={x}
                width={width}
                y={y(bucket.written)}
                height={y(0) - y(bucket.written)}
              />
              <rect
                className="chart__bar chart__bar--failed"
                x={x}
                width={width}
                y={y(bucket.written + bucket.failed)}
                height={y(bucket.written) - y(bucket.written + bucket.failed)}
              />
              {bucket.runs > 0 && bucket.written + bucket.failed === 0 ? (
                <rect className="chart__bar" x={x} width={width} y={y(0) - 2} height={2} />
              ) : null}
              {index % 4 === 0 ? (
                <text className="chart__label" x={x} y={HEIGHT - 6}>
                  {timeOf(bucket.start)}
                </text>
              ) : null}
            </g>
          );
        })}
        {rates.length > 1 ? <polyline className="chart__line" points={rates.join(' ')} /> : null}
      </svg>
      <figcaption className="muted">
        Records written and, in red, refused per {throughput.bucketMinutes} minutes; the line is the error rate. Choose
        a bar to see its runs.
      </figcaption>
    </figure>
  );
}

function timeOf(iso: string): string {
  return new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}
