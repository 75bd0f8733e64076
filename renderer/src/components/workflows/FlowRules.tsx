import type { FieldRule, MappingDocument } from '../../../../src/mapping/mappingDocument';
import { transformName } from '../../../../src/mapping/mappingDocument';

interface RuleRow {
  readonly target: string;
  readonly source: string;
  readonly transforms: string;
  readonly required: boolean;
}

/**
 * The field rules of the mapping flow a step uses, as a table: which target field gets which source value. They are
 * edited with the mapping document (Mappings page), so a flow used by sync and by workflows maps the same way.
 */
export function FlowRules({
  document,
  flowId,
  mappingId,
}: {
  readonly document: MappingDocument | undefined;
  readonly flowId: string;
  readonly mappingId: string;
}) {
  const flow = document?.flows.find((candidate) => candidate.id === flowId);
  if (flow === undefined) return null;
  const rows = flatten(flow.fields, '');
  return (
    <details className="wf-rules">
      <summary>
        Field rules of {flow.id} ({rows.length})
      </summary>
      <p className="field__hint">
        {flow.description} <a href={`#/mappings?id=${encodeURIComponent(mappingId)}`}>Edit them in Mappings</a>.
      </p>
      <div className="wf-rules__scroll">
        <table className="table wf-rules__table">
          <thead>
            <tr>
              <th scope="col">Target field</th>
              <th scope="col">From</th>
              <th scope="col">Transforms</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.target}>
                <th scope="row">
                  <code>{row.target}</code>
                  {row.required ? <span className="muted"> required</span> : null}
                </th>
                <td>
                  <code>{row.source}</code>
                </td>
                <td>{row.transforms}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

/** Rules of lists (`each`) are shown under their list's path, e.g. `lines[].amount`. */
function flatten(rules: readonly FieldRule[], prefix: string): RuleRow[] {
  return rules.flatMap((rule) => {
    const target = `${prefix}${rule.to}`;
    if (rule.each) {
      return [
        { target, source: `each of ${rule.each.from}`, transforms: '', required: rule.required },
        ...flatten(rule.each.fields, `${target}[].`),
      ];
    }
    return [
      {
        target,
        source: sourceOf(rule),
        transforms: rule.transforms.map(transformName).join(', '),
        required: rule.required,
      },
    ];
  });
}

function sourceOf(rule: FieldRule): string {
  if (rule.from !== undefined) return Array.isArray(rule.from) ? rule.from.join(' + ') : String(rule.from);
  if (rule.expr !== undefined) return rule.expr;
  if (rule.value !== undefined) return JSON.stringify(rule.value);
  return rule.default === undefined ? '' : `default ${JSON.stringify(rule.default)}`;
}
