import { useId, useState } from 'react';
import type { MappingFlowSummary } from '../../../../src/api/schemas/mapping';
import type {
  WorkflowDefinition,
  WorkflowEntity,
  WorkflowSide,
  WorkflowStep,
} from '../../../../src/workflows/definition';
import { FlowRules } from './FlowRules';
import { CheckboxField, type Choice, NumberField, SelectField, TextField } from './fields';
import { ENTITY_CHOICES, entityLabel, kindLabel, outletsOf, sideLabels, targetOf } from './stepKinds';
import type { WorkflowMapping } from './useMappingDocument';

type Step<K extends WorkflowStep['kind']> = Extract<WorkflowStep, { kind: K }>;

const sideChoices: readonly Choice[] = (['accounting', 'erp'] as const).map((side) => ({
  value: side,
  label: sideLabels[side],
}));
const entityChoices: readonly Choice[] = ENTITY_CHOICES.map((entity) => ({
  value: entity,
  label: entityLabel(entity),
}));

const EXPRESSION_HINT = 'JSONata over trigger (the record that started the run) and steps.<id> (each step’s output).';

/** The selected step's settings, and where each of its ways out leads (the keyboard's way to link steps). */
export function StepPanel({
  definition,
  step,
  mapping,
  problems,
  onChange,
  onLink,
  onRemove,
}: {
  readonly definition: WorkflowDefinition;
  readonly step: WorkflowStep;
  readonly mapping: WorkflowMapping;
  readonly problems: readonly string[];
  readonly onChange: (step: WorkflowStep) => void;
  readonly onLink: (outlet: string, to: string | null) => void;
  readonly onRemove: () => void;
}) {
  const others = definition.steps.filter((other) => other.id !== step.id);
  const stepChoices: Choice[] = [
    { value: '', label: 'End of the run' },
    ...others.map((other) => ({ value: other.id, label: `${other.label || other.id} (${kindLabel(other.kind)})` })),
  ];
  return (
    <div className="wf-panel__body">
      <h3>
        {kindLabel(step.kind)}: {step.label || step.id}
      </h3>
      <ProblemLines problems={problems} />
      <TextField label="Step name" value={step.label ?? ''} onChange={(label) => onChange({ ...step, label })} />
      <StepIdField step={step} taken={others.map((other) => other.id)} onRename={(id) => onChange({ ...step, id })} />
      <KindSettings step={step} definition={definition} mapping={mapping} onChange={onChange} />
      <fieldset className="field wf-panel__links">
        <legend>Then</legend>
        {outletsOf(step).map((outlet) => (
          <SelectField
            key={outlet.id}
            label={outletsOf(step).length > 1 || step.kind === 'approval' ? `${outlet.label}: go to` : 'Go to'}
            value={targetOf(step, outlet.id) ?? ''}
            choices={stepChoices}
            onChange={(to) => onLink(outlet.id, to === '' ? null : to)}
          />
        ))}
        {step.kind === 'approval' ? <p className="field__hint">A rejection ends the run as rejected.</p> : null}
      </fieldset>
      <button type="button" className="button" onClick={onRemove}>
        Remove this step
      </button>
    </div>
  );
}

const STEP_ID = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

/**
 * The step's id, which expressions name (`steps.find1`). It changes when the field is left, and only to an id that is
 * well formed and free, so links never point at a half-typed or doubled id.
 */
function StepIdField({
  step,
  taken,
  onRename,
}: {
  readonly step: WorkflowStep;
  readonly taken: readonly string[];
  readonly onRename: (id: string) => void;
}) {
  const [draft, setDraft] = useState(step.id);
  const ids = { control: useId(), hint: useId() };
  const problem = !STEP_ID.test(draft)
    ? 'Use letters, digits, "-" and "_", starting with a letter.'
    : draft !== step.id && taken.includes(draft)
      ? 'Another step has this id.'
      : undefined;
  function commit(): void {
    if (problem === undefined && draft !== step.id) onRename(draft);
  }
  return (
    <div className="field">
      <label htmlFor={ids.control}>Step id</label>
      <input
        id={ids.control}
        type="text"
        className="wf-code-input"
        spellCheck={false}
        autoComplete="off"
        value={draft}
        aria-invalid={problem !== undefined}
        aria-describedby={ids.hint}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => {
          if (event.key === 'Enter') commit();
        }}
      />
      <span id={ids.hint} className={problem ? 'field__error' : 'field__hint'}>
        {problem ?? `Later steps read this step’s output as steps.${step.id}.`}
      </span>
    </div>
  );
}

export function ProblemLines({ problems }: { readonly problems: readonly string[] }) {
  if (problems.length === 0) return null;
  return (
    <ul className="wf-problem-lines" aria-label="Problems of this step">
      {problems.map((problem) => (
        <li key={problem}>{problem}</li>
      ))}
    </ul>
  );
}

function KindSettings({
  step,
  definition,
  mapping,
  onChange,
}: {
  readonly step: WorkflowStep;
  readonly definition: WorkflowDefinition;
  readonly mapping: WorkflowMapping;
  readonly onChange: (step: WorkflowStep) => void;
}) {
  switch (step.kind) {
    case 'find':
      return <FindSettings step={step} onChange={onChange} />;
    case 'findOrCreate':
      return (
        <>
          <FlowField step={step} mapping={mapping} onChange={(flow) => onChange({ ...step, flow })} />
          <RecordPointerFields
            legend="Record whose counterpart to find"
            pointer={step.source}
            onChange={(source) => onChange({ ...step, source })}
          />
        </>
      );
    case 'create':
    case 'writeBack':
      return (
        <>
          <FlowField step={step} mapping={mapping} onChange={(flow) => onChange({ ...step, flow })} />
          <InputField step={step} definition={definition} onChange={(input) => onChange({ ...step, input })} />
        </>
      );
    case 'update':
      return (
        <>
          <FlowField step={step} mapping={mapping} onChange={(flow) => onChange({ ...step, flow })} />
          <InputField step={step} definition={definition} onChange={(input) => onChange({ ...step, input })} />
          <TextField
            label="Record to update (id)"
            code
            value={step.target}
            onChange={(target) => onChange({ ...step, target })}
            hint={EXPRESSION_HINT}
          />
        </>
      );
    case 'condition':
      return (
        <TextField
          label="Condition"
          code
          multiline
          value={step.condition}
          onChange={(condition) => onChange({ ...step, condition })}
          hint={EXPRESSION_HINT}
        />
      );
    case 'waitUntil':
      return <WaitSettings step={step} onChange={onChange} />;
    case 'approval':
      return (
        <TextField
          label="Question for the approver"
          multiline
          value={step.question}
          onChange={(question) => onChange({ ...step, question })}
        />
      );
  }
}

function FindSettings({
  step,
  onChange,
}: {
  readonly step: Step<'find'>;
  readonly onChange: (step: WorkflowStep) => void;
}) {
  return (
    <>
      <SelectField
        label="Side"
        value={step.side}
        choices={sideChoices}
        onChange={(side) => onChange({ ...step, side: side as WorkflowSide })}
      />
      <SelectField
        label="Entity"
        value={step.entity}
        choices={entityChoices}
        onChange={(entity) => onChange({ ...step, entity: entity as WorkflowEntity })}
      />
      <TextField
        label="Where field"
        code
        value={step.by.field}
        onChange={(field) => onChange({ ...step, by: { ...step.by, field } })}
        hint="A canonical field path, e.g. code, email or externalIds.salesforce."
      />
      <TextField
        label="Equals"
        code
        value={step.by.value}
        onChange={(value) => onChange({ ...step, by: { ...step.by, value } })}
        hint={EXPRESSION_HINT}
      />
      <CheckboxField
        label="Fail the run when nothing is found"
        checked={step.required}
        onChange={(required) => onChange({ ...step, required })}
      />
    </>
  );
}

function WaitSettings({
  step,
  onChange,
}: {
  readonly step: Step<'waitUntil'>;
  readonly onChange: (step: WorkflowStep) => void;
}) {
  return (
    <>
      <RecordPointerFields
        legend="Record to watch"
        pointer={step.record}
        onChange={(record) => onChange({ ...step, record })}
      />
      <TextField
        label="Until"
        code
        multiline
        value={step.condition}
        onChange={(condition) => onChange({ ...step, condition })}
        hint="JSONata over record (the watched record), trigger and steps.<id>."
      />
      <NumberField
        label="Check every (minutes)"
        min={0}
        max={1440}
        value={step.pollMinutes}
        onChange={(pollMinutes) => onChange({ ...step, pollMinutes })}
      />
      <NumberField
        label="Give up after (days)"
        min={1}
        max={366}
        value={step.timeoutDays}
        onChange={(timeoutDays) => onChange({ ...step, timeoutDays })}
      />
    </>
  );
}

interface RecordPointer {
  readonly side: WorkflowSide;
  readonly entity: WorkflowEntity;
  readonly id: string;
}

function RecordPointerFields({
  legend,
  pointer,
  onChange,
}: {
  readonly legend: string;
  readonly pointer: RecordPointer;
  readonly onChange: (pointer: RecordPointer) => void;
}) {
  return (
    <fieldset className="field wf-panel__group">
      <legend>{legend}</legend>
      <SelectField
        label="Side"
        value={pointer.side}
        choices={sideChoices}
        onChange={(side) => onChange({ ...pointer, side: side as WorkflowSide })}
      />
      <SelectField
        label="Entity"
        value={pointer.entity}
        choices={entityChoices}
        onChange={(entity) => onChange({ ...pointer, entity: entity as WorkflowEntity })}
      />
      <TextField
        label="Record id"
        code
        value={pointer.id}
        onChange={(id) => onChange({ ...pointer, id })}
        hint={EXPRESSION_HINT}
      />
    </fieldset>
  );
}

/** The mapping flow a writing step uses, with its field rules under it. */
function FlowField({
  step,
  mapping,
  onChange,
}: {
  readonly step: Step<'findOrCreate' | 'create' | 'update' | 'writeBack'>;
  readonly mapping: WorkflowMapping;
  readonly onChange: (flow: string) => void;
}) {
  const flows = mapping.view?.flows ?? [];
  return (
    <>
      <SelectField
        label="Mapping flow"
        value={step.flow}
        choices={flows.map((flow) => ({ value: flow.id, label: flowLabel(flow) }))}
        onChange={onChange}
        hint={
          mapping.error ??
          (mapping.view
            ? `From ${mapping.view.name}: the flow decides the target system, entity and field rules.`
            : 'Loading the mapping…')
        }
      />
      {mapping.view ? <FlowRules document={mapping.document} flowId={step.flow} mappingId={mapping.view.id} /> : null}
    </>
  );
}

function flowLabel(flow: MappingFlowSummary): string {
  const side = (value: WorkflowSide) => (value === 'accounting' ? 'accounting' : 'ERP/CRM');
  return `${flow.id}: ${side(flow.from.side)} ${flow.from.entity} → ${side(flow.to.side)} ${flow.to.entity} (${flow.operation})`;
}

/** The record a writing step maps: the trigger's record or an earlier step's output. */
function InputField({
  step,
  definition,
  onChange,
}: {
  readonly step: Step<'create' | 'update' | 'writeBack'>;
  readonly definition: WorkflowDefinition;
  readonly onChange: (input: string) => void;
}) {
  const choices: Choice[] = [
    { value: 'trigger', label: 'The record that started the run' },
    ...definition.steps
      .filter((other) => other.id !== step.id)
      .map((other) => ({ value: other.id, label: `Output of ${other.label || other.id}` })),
  ];
  return <SelectField label="Record to map" value={step.input} choices={choices} onChange={onChange} />;
}
