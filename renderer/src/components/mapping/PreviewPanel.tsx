import type { MappedSample, MappingPreview } from '../../../../src/api/schemas/mapping';

/** What the selected flow makes of each sample record: the mapped record, why it was skipped, or why it failed. */
export function PreviewPanel({
  preview,
  busy,
}: {
  readonly preview: MappingPreview | undefined;
  readonly busy: boolean;
}) {
  return (
    <section className="panel" aria-labelledby="mapping-preview-title" aria-busy={busy}>
      <h2 id="mapping-preview-title">Preview</h2>
      {preview === undefined ? <p className="muted">{busy ? 'Mapping the samples…' : 'No preview yet.'}</p> : null}
      {preview?.valid === false ? <p className="muted">Fix the problems in the document to see the preview.</p> : null}
      {preview?.valid && preview.samples.length === 0 ? <p className="muted">No sample records to map.</p> : null}
      {preview?.valid ? (
        <ol className="sync-list" aria-label="Mapped samples">
          {preview.samples.map((sample) => (
            <li key={sample.label} className="preview-sample">
              <SampleOutcome sample={sample} />
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}

function SampleOutcome({ sample }: { readonly sample: MappedSample }) {
  const { outcome } = sample;
  if (outcome.kind === 'mapped') {
    return (
      <details>
        <summary>
          <strong>{sample.label}</strong>: mapped
        </summary>
        <pre className="record-view">{JSON.stringify(outcome.record, null, 2)}</pre>
      </details>
    );
  }
  if (outcome.kind === 'skipped') {
    return (
      <p>
        <strong>{sample.label}</strong>: skipped, {outcome.reason}
      </p>
    );
  }
  return (
    <p className="form-error">
      <strong>{sample.label}</strong>: {outcome.field ? `${outcome.field}: ` : ''}
      {outcome.message}
    </p>
  );
}
