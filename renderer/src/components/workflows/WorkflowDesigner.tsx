import { ReactFlowProvider, type XYPosition } from '@xyflow/react';
import { useMemo, useState } from 'react';
import type { DryRunReport, WorkflowView } from '../../../../src/api/schemas/workflows';
import type { WorkflowDefinition, WorkflowStep } from '../../../../src/workflows/definition';
import { useConnections } from '../../app/useConnections';
import { DryRunPanel } from './DryRunPanel';
import {
  addStep,
  canvasLinks,
  canvasSteps,
  moveStep,
  problemsOn,
  removeStep,
  replaceStep,
  type StepBadges,
  setLink,
  TRIGGER_ID,
  triggerProblems,
  workflowProblems,
} from './definitionGraph';
import { ProblemsList } from './ProblemsList';
import { StepPalette } from './StepPalette';
import { StepPanel } from './StepPanel';
import { isStepKind, paletteEntries } from './stepKinds';
import { TriggerPanel } from './TriggerPanel';
import { useMappingDocument } from './useMappingDocument';
import { useWorkflowDraft, type WorkflowDraft } from './useWorkflowDraft';
import { type CanvasActions, WorkflowCanvas } from './WorkflowCanvas';
import { WorkflowRuns } from './WorkflowRuns';
import { WorkflowSettingsPanel } from './WorkflowSettingsPanel';
import { WorkflowToolbar } from './WorkflowToolbar';

/**
 * The workflow designer: palette, canvas and the selected step's settings side by side, then the problems, a dry run
 * and the workflow's runs. Everything edits one definition; saving stores it as the workflow's next version.
 */
export function WorkflowDesigner({
  initial,
  onBack,
  onOpenRun,
}: {
  readonly initial: { readonly definition: WorkflowDefinition; readonly saved?: WorkflowView };
  readonly onBack: () => void;
  readonly onOpenRun: (runId: string) => void;
}) {
  const draft = useWorkflowDraft(initial);
  const { definition, change, problems } = draft;
  const { list } = useConnections();
  const connections = list?.connections ?? [];
  const mapping = useMappingDocument(definition.mapping);
  const [selected, setSelected] = useState<string | null>(TRIGGER_ID);
  const [dryRun, setDryRun] = useState<DryRunReport>();

  const steps = useMemo(() => canvasSteps(definition, problems, badgesOf(dryRun)), [definition, problems, dryRun]);
  const links = useMemo(() => canvasLinks(definition), [definition]);

  const actions = useMemo<CanvasActions>(
    () => ({
      onMove: (stepId: string, position: XYPosition) => {
        if (stepId !== TRIGGER_ID) change((current) => moveStep(current, stepId, position));
      },
      onSelect: setSelected,
      onLink: (link) => change((current) => setLink(current, link.from, link.outlet, link.to)),
      onUnlink: (link) => change((current) => setLink(current, link.from, link.outlet, null)),
      onRemove: (stepId) => {
        change((current) => removeStep(current, stepId));
        setSelected((current) => (current === stepId ? null : current));
      },
      onDropKind: (kind, position) => {
        if (!isStepKind(kind)) return;
        setSelected(addAndName(change, (current) => addStep(current, kind, { position })));
      },
    }),
    [change],
  );

  function addFromPalette(kind: string): void {
    if (!isStepKind(kind)) return;
    setSelected(addAndName(change, (current) => addStep(current, kind, { after: selected })));
  }

  const selectedStep = definition.steps.find((step) => step.id === selected);
  const title = definition.name || 'New workflow';

  return (
    <div className="wf-designer">
      <WorkflowToolbar draft={draft} title={title} onBack={onBack} onStarted={onOpenRun} />
      <StepPalette entries={paletteEntries} disabled={false} onAdd={addFromPalette} />
      <div className="wf-designer__work">
        <ReactFlowProvider>
          <WorkflowCanvas
            steps={steps}
            links={links}
            selectedId={selected}
            label={`Steps of ${title}`}
            actions={actions}
          />
        </ReactFlowProvider>
        <aside className="wf-panel" aria-label="Settings of the selected step">
          {selected === TRIGGER_ID ? (
            <TriggerPanel
              definition={definition}
              problems={triggerProblems(problems)}
              onChange={(trigger) => change((current) => ({ ...current, trigger }))}
              onStart={(stepId) => change((current) => setLink(current, TRIGGER_ID, 'next', stepId))}
            />
          ) : selectedStep ? (
            <StepPanel
              key={selectedStep.id}
              definition={definition}
              step={selectedStep}
              mapping={mapping}
              problems={problemsOn(problems, selectedStep.id)}
              onChange={(step: WorkflowStep) => {
                change((current) => replaceStep(current, selectedStep.id, step));
                if (step.id !== selectedStep.id) setSelected(step.id);
              }}
              onLink={(outlet, to) => change((current) => setLink(current, selectedStep.id, outlet, to))}
              onRemove={() => actions.onRemove(selectedStep.id)}
            />
          ) : (
            <WorkflowSettingsPanel
              definition={definition}
              isNew={draft.saved === undefined}
              connections={connections}
              problems={workflowProblems(problems)}
              onChange={(next) => change(() => next)}
            />
          )}
          {selected !== null ? (
            <button type="button" className="button button--quiet" onClick={() => setSelected(null)}>
              Workflow settings
            </button>
          ) : null}
        </aside>
      </div>
      <ProblemsList definition={definition} problems={problems} checked={draft.checked} onShow={setSelected} />
      <DryRunPanel definition={definition} connections={connections} report={dryRun} onReport={setDryRun} />
      {draft.saved ? <WorkflowRuns workflowId={draft.saved.id} onOpenRun={onOpenRun} /> : null}
    </div>
  );
}

/** Applies an addition (the draft runs edits at once, not in a state updater) and gives the new step's id. */
function addAndName(
  change: WorkflowDraft['change'],
  add: (current: WorkflowDefinition) => { readonly definition: WorkflowDefinition; readonly stepId: string },
): string {
  let stepId = '';
  change((current) => {
    const added = add(current);
    stepId = added.stepId;
    return added.definition;
  });
  return stepId;
}

/** The dry run's outcome drawn on each step it reached. */
function badgesOf(report: DryRunReport | undefined): StepBadges {
  if (report === undefined) return {};
  return Object.fromEntries(
    report.steps.map((step) => [
      step.stepId,
      step.error ? { tone: 'danger' as const, text: 'Would fail' } : { tone: 'ok' as const, text: 'Dry run: ok' },
    ]),
  );
}
