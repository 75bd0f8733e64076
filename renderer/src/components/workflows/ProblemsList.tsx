import type { WorkflowProblem } from '../../../../src/api/schemas/workflows';
import type { WorkflowDefinition } from '../../../../src/workflows/definition';
import { TRIGGER_ID } from './definitionGraph';

/**
 * What stops the workflow from being saved, each with the step it concerns; "Show" selects that step so its settings
 * (where the fix is) open beside the canvas.
 */
export function ProblemsList({
  definition,
  problems,
  checked,
  onShow,
}: {
  readonly definition: WorkflowDefinition;
  readonly problems: readonly WorkflowProblem[];
  /** Whether the definition has been validated since it last changed. */
  readonly checked: boolean;
  readonly onShow: (stepId: string | null) => void;
}) {
  return (
    <section className="panel wf-problems" aria-labelledby="wf-problems-title">
      <h2 id="wf-problems-title">Problems</h2>
      {!checked ? <p className="muted">Validate to check the workflow before saving.</p> : null}
      {checked && problems.length === 0 ? (
        <p className="callout callout--ok" role="status">
          No problems: the workflow can be saved.
        </p>
      ) : null}
      {problems.length > 0 ? (
        <ul className="wf-problems__list" aria-label="Problems found">
          {problems.map((problem) => (
            <li key={`${problem.stepId}:${problem.field}:${problem.message}`}>
              <span>
                <strong>{placeOf(definition, problem)}</strong>
                {problem.field && problem.field !== '(step)' ? <code>{problem.field}</code> : null}: {problem.message}
              </span>
              <button
                type="button"
                className="button button--small"
                onClick={() => onShow(targetOf(definition, problem))}
              >
                Show<span className="visually-hidden"> {placeOf(definition, problem)}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function placeOf(definition: WorkflowDefinition, problem: WorkflowProblem): string {
  if (problem.stepId === null) return problem.field.startsWith('trigger') ? 'Trigger ' : 'Workflow ';
  const step = definition.steps.find((candidate) => candidate.id === problem.stepId);
  return `Step ${step?.label || problem.stepId} `;
}

/** The box to select: the step, the trigger for trigger and start problems, nothing (workflow settings) otherwise. */
function targetOf(definition: WorkflowDefinition, problem: WorkflowProblem): string | null {
  if (problem.stepId !== null) {
    return definition.steps.some((step) => step.id === problem.stepId) ? problem.stepId : null;
  }
  return problem.field.startsWith('trigger') || problem.field === 'start' ? TRIGGER_ID : null;
}
