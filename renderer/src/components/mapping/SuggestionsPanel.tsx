import type { FieldSuggestions } from '../../../../src/api/schemas/mapping';

/** For each target field of the flow, the source fields that look most like it, with the reason they were chosen. */
export function SuggestionsPanel({
  suggestions,
  busy,
  onSuggest,
  disabled,
}: {
  readonly suggestions: FieldSuggestions | undefined;
  readonly busy: boolean;
  readonly onSuggest: () => void;
  readonly disabled: boolean;
}) {
  return (
    <section className="panel" aria-labelledby="mapping-suggestions-title">
      <h2 id="mapping-suggestions-title">Field suggestions</h2>
      <div>
        <button type="button" className="button" onClick={onSuggest} disabled={busy || disabled}>
          {busy ? 'Suggesting…' : 'Suggest source fields'}
        </button>
      </div>
      {suggestions === undefined ? (
        <p className="muted">Suggestions compare the flow’s target fields with the fields of the sample records.</p>
      ) : suggestions.fields.length === 0 ? (
        <p className="muted">No suggestions for this flow.</p>
      ) : (
        <dl className="suggestions">
          {suggestions.fields.map((field) => (
            <div key={field.target}>
              <dt>{field.target}</dt>
              <dd>
                {field.candidates.length === 0
                  ? 'no likely source field'
                  : field.candidates
                      .slice(0, 3)
                      .map(
                        (candidate) =>
                          `${candidate.source} (${Math.round(candidate.score * 100)}%: ${candidate.reason})`,
                      )
                      .join('; ')}
              </dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}
