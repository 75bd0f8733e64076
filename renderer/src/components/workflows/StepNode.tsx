import { Handle, type Node, type NodeProps, Position } from '@xyflow/react';

/** A way out of a step: `next` for most steps; a branch has one per outcome (e.g. "yes" / "no"). */
export interface StepOutlet {
  readonly id: string;
  readonly label: string;
}

/** What a step box on the canvas shows; derived from the definition on every change, never edited in place. */
export interface StepNodeData extends Record<string, unknown> {
  readonly kindLabel: string;
  readonly title: string;
  readonly summary: string;
  readonly hasInput: boolean;
  readonly outlets: readonly StepOutlet[];
  readonly problems: readonly string[];
  /** Dry-run or run outcome shown on the step, when the canvas displays one. */
  readonly badge?: { readonly tone: 'ok' | 'warning' | 'danger' | 'neutral'; readonly text: string } | undefined;
}

export type StepFlowNode = Node<StepNodeData, 'step'>;

/** One step on the canvas: its kind, name and what it does, with its problems marked so they are seen where they are. */
export function StepNode({ data, selected }: NodeProps<StepFlowNode>) {
  const invalid = data.problems.length > 0;
  return (
    <div className={`wf-node${selected ? ' wf-node--selected' : ''}${invalid ? ' wf-node--invalid' : ''}`}>
      {/* Handles are for the mouse; the side panel's "Go to" selects link steps from the keyboard. */}
      {data.hasInput ? <Handle type="target" position={Position.Top} /> : null}
      <span className="wf-node__kind">{data.kindLabel}</span>
      <span className="wf-node__title">{data.title}</span>
      {data.summary ? <span className="wf-node__summary">{data.summary}</span> : null}
      {invalid ? (
        <span className="wf-node__problems">
          <span aria-hidden="true">! </span>
          {data.problems.length === 1 ? data.problems[0] : `${data.problems.length} problems`}
        </span>
      ) : null}
      {data.badge ? (
        <span className={`wf-node__badge wf-node__badge--${data.badge.tone}`}>{data.badge.text}</span>
      ) : null}
      {data.outlets.length > 1 ? (
        <span className="wf-node__outlets" aria-hidden="true">
          {data.outlets.map((outlet) => (
            <span key={outlet.id}>{outlet.label}</span>
          ))}
        </span>
      ) : null}
      {data.outlets.map((outlet, index) => (
        <Handle
          key={outlet.id}
          id={outlet.id}
          type="source"
          position={Position.Bottom}
          style={{ left: `${((index + 1) / (data.outlets.length + 1)) * 100}%` }}
        />
      ))}
    </div>
  );
}
