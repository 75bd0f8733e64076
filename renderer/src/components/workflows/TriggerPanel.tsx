import type {
  WorkflowDefinition,
  WorkflowEntity,
  WorkflowSide,
  WorkflowTrigger,
} from '../../../../src/workflows/definition';
import { type Choice, NumberField, SelectField, TextField } from './fields';
import { ProblemLines } from './StepPanel';
import { ENTITY_CHOICES, entityLabel, kindLabel, sideLabels } from './stepKinds';

type RecordTrigger = Extract<WorkflowTrigger, { kind: 'record' }>;

const triggerKinds: readonly Choice[] = [
  { value: 'manual', label: 'Started by hand' },
  { value: 'record', label: 'A record event in a connected system' },
  { value: 'schedule', label: 'On a schedule' },
];

const eventChoices: readonly Choice[] = [
  { value: 'created', label: 'Created' },
  { value: 'updated', label: 'Updated' },
  { value: 'fieldReached', label: 'A field reaches a value' },
];

function defaultTrigger(kind: string): WorkflowTrigger {
  if (kind === 'schedule') return { kind: 'schedule', everyMinutes: 60 };
  if (kind === 'record') return { kind: 'record', side: 'erp', entity: 'salesOrder', event: 'created' };
  return { kind: 'manual' };
}

/** What starts a run, and which step comes first. */
export function TriggerPanel({
  definition,
  problems,
  onChange,
  onStart,
}: {
  readonly definition: WorkflowDefinition;
  readonly problems: readonly string[];
  readonly onChange: (trigger: WorkflowTrigger) => void;
  readonly onStart: (stepId: string | null) => void;
}) {
  const { trigger } = definition;
  return (
    <div className="wf-panel__body">
      <h3>Trigger</h3>
      <ProblemLines problems={problems} />
      <SelectField
        label="Starts when"
        value={trigger.kind}
        choices={triggerKinds}
        onChange={(kind) => onChange(defaultTrigger(kind))}
      />
      {trigger.kind === 'schedule' ? (
        <NumberField
          label="Every (minutes)"
          min={1}
          max={10_080}
          value={trigger.everyMinutes}
          onChange={(everyMinutes) => onChange({ ...trigger, everyMinutes })}
        />
      ) : null}
      {trigger.kind === 'record' ? <RecordTriggerFields trigger={trigger} onChange={onChange} /> : null}
      <SelectField
        label="First step"
        value={definition.steps.some((step) => step.id === definition.start) ? definition.start : ''}
        choices={definition.steps.map((step) => ({
          value: step.id,
          label: `${step.label || step.id} (${kindLabel(step.kind)})`,
        }))}
        onChange={(stepId) => onStart(stepId === '' ? null : stepId)}
      />
    </div>
  );
}

function RecordTriggerFields({
  trigger,
  onChange,
}: {
  readonly trigger: RecordTrigger;
  readonly onChange: (trigger: WorkflowTrigger) => void;
}) {
  const { field: _field, value: _value, ...withoutField } = trigger;
  return (
    <>
      <SelectField
        label="Side"
        value={trigger.side}
        choices={(['accounting', 'erp'] as const).map((side) => ({ value: side, label: sideLabels[side] }))}
        onChange={(side) => onChange({ ...trigger, side: side as WorkflowSide })}
      />
      <SelectField
        label="Entity"
        value={trigger.entity}
        choices={ENTITY_CHOICES.map((entity) => ({ value: entity, label: entityLabel(entity) }))}
        onChange={(entity) => onChange({ ...trigger, entity: entity as WorkflowEntity })}
      />
      <SelectField
        label="Event"
        value={trigger.event}
        choices={eventChoices}
        onChange={(event) =>
          onChange(
            event === 'fieldReached'
              ? { ...trigger, event, field: trigger.field ?? 'status', value: trigger.value ?? '' }
              : { ...withoutField, event: event === 'updated' ? 'updated' : 'created' },
          )
        }
      />
      {trigger.event === 'fieldReached' ? (
        <>
          <TextField
            label="Field"
            code
            value={trigger.field ?? ''}
            onChange={(field) => onChange({ ...trigger, field })}
            hint="A canonical field path, e.g. status or customFields.StageName."
          />
          <TextField
            label="Reaches the value"
            value={String(trigger.value ?? '')}
            onChange={(value) => onChange({ ...trigger, value })}
          />
        </>
      ) : null}
      <TextField
        label="Only when (optional)"
        code
        value={trigger.condition ?? ''}
        onChange={(condition) => {
          const { condition: _old, ...rest } = trigger;
          onChange(condition.trim() === '' ? rest : { ...rest, condition });
        }}
        hint="JSONata over the record, e.g. totals.gross.amountMinor > 0."
      />
    </>
  );
}
