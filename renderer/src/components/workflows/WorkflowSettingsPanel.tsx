import { useEffect, useState } from 'react';
import type { ConnectionSummary } from '../../../../src/api/schemas/connections';
import type { MappingSummary } from '../../../../src/api/schemas/mapping';
import { type WorkflowDefinition, WRITE_STEP_KINDS } from '../../../../src/workflows/definition';
import { useConsole } from '../../app/consoleContext';
import { useNotifications } from '../../app/notifications';
import { connectionChoices, fittingMappings } from './connectionChoices';
import { CheckboxField, SelectField, TextField } from './fields';
import { ProblemLines } from './StepPanel';
import { kindLabel } from './stepKinds';

type WriteKind = (typeof WRITE_STEP_KINDS)[number];

/** The workflow as a whole: its name, the two connections it works between, its mapping and its approval policy. */
export function WorkflowSettingsPanel({
  definition,
  isNew,
  connections,
  problems,
  onChange,
}: {
  readonly definition: WorkflowDefinition;
  /** A workflow not yet saved can still change its id. */
  readonly isNew: boolean;
  readonly connections: readonly ConnectionSummary[];
  readonly problems: readonly string[];
  readonly onChange: (definition: WorkflowDefinition) => void;
}) {
  const mappings = useMappings();
  const fitting = fittingMappings(mappings, connections, definition.connections);
  const policy = definition.approvalPolicy?.steps ?? [];

  function setPolicy(kind: WriteKind, required: boolean): void {
    const steps = required
      ? [...policy.filter((entry) => entry !== kind), kind]
      : policy.filter((entry) => entry !== kind);
    const { approvalPolicy: _old, ...rest } = definition;
    onChange(steps.length === 0 ? rest : { ...rest, approvalPolicy: { ...definition.approvalPolicy, steps } });
  }

  return (
    <div className="wf-panel__body">
      <h3>Workflow</h3>
      <ProblemLines problems={problems} />
      <TextField label="Name" value={definition.name} onChange={(name) => onChange({ ...definition, name })} />
      <TextField
        label="Workflow id"
        code
        value={definition.id}
        disabled={!isNew}
        onChange={(id) => onChange({ ...definition, id })}
        hint={isNew ? 'Lower-case letters, digits and "-"; it cannot change once saved.' : undefined}
      />
      <TextField
        label="Description"
        multiline
        value={definition.description ?? ''}
        onChange={(description) => onChange({ ...definition, description })}
      />
      <SelectField
        label="Accounting connection"
        value={definition.connections.accounting ?? ''}
        choices={connectionChoices(connections, 'accounting')}
        onChange={(accounting) =>
          onChange({ ...definition, connections: { ...definition.connections, accounting: accounting || null } })
        }
      />
      <SelectField
        label="ERP or CRM connection"
        value={definition.connections.erp ?? ''}
        choices={connectionChoices(connections, 'erp')}
        onChange={(erp) => onChange({ ...definition, connections: { ...definition.connections, erp: erp || null } })}
      />
      <SelectField
        label="Mapping"
        value={definition.mapping.id}
        choices={fitting.map((mapping) => ({
          value: mapping.id,
          label: `${mapping.name}${mapping.origin === 'template' ? ' (shipped)' : ''}`,
        }))}
        onChange={(id) => onChange({ ...definition, mapping: { id } })}
        hint="Writing steps use this document’s flows and field rules; the latest version is used."
      />
      <fieldset className="field">
        <legend>Approval needed before</legend>
        {WRITE_STEP_KINDS.map((kind) => (
          <CheckboxField
            key={kind}
            label={`${kindLabel(kind)} steps`}
            checked={policy.includes(kind)}
            onChange={(required) => setPolicy(kind, required)}
          />
        ))}
      </fieldset>
    </div>
  );
}

function useMappings(): readonly MappingSummary[] {
  const { client } = useConsole();
  const { reportError } = useNotifications();
  const [mappings, setMappings] = useState<readonly MappingSummary[]>([]);
  useEffect(() => {
    client.call('listMappings', {}).then(
      (list) => setMappings(list.mappings),
      (error: unknown) => reportError('Could not list the mapping documents', error),
    );
  }, [client, reportError]);
  return mappings;
}
