import { type FormEvent, useId, useState } from 'react';
import type { ConnectionSummary } from '../../../../src/api/schemas/connections';
import type { DryRunReport } from '../../../../src/api/schemas/workflows';
import type { WorkflowDefinition, WorkflowEntity } from '../../../../src/workflows/definition';
import { useConsole } from '../../app/consoleContext';
import { messageOf } from '../../app/notifications';
import { type Choice, SelectField, TextField } from './fields';
import { JsonDetails } from './JsonDetails';
import { ENTITY_CHOICES, entityLabel, kindLabel } from './stepKinds';
import { recordLabel } from './workflowFormat';

const outcomeText: Readonly<Record<DryRunReport['outcome'], string>> = {
  completed: 'The run would reach the end.',
  stopped: 'The run would stop here: it pauses (approval, wait) or a condition ends it.',
  failed: 'The run would fail at the step marked below.',
};

/** Runs the definition on screen against a sample record and says what each step would do; nothing is written. */
export function DryRunPanel({
  definition,
  connections,
  report,
  onReport,
}: {
  readonly definition: WorkflowDefinition;
  readonly connections: readonly ConnectionSummary[];
  readonly report: DryRunReport | undefined;
  readonly onReport: (report: DryRunReport | undefined) => void;
}) {
  const { client } = useConsole();
  const trigger = definition.trigger;
  const defaultSide = trigger.kind === 'record' ? trigger.side : 'erp';
  const [choose, setChoose] = useState(false);
  const [connectionId, setConnectionId] = useState(definition.connections[defaultSide] ?? '');
  const [entity, setEntity] = useState<WorkflowEntity>(trigger.kind === 'record' ? trigger.entity : 'party');
  const [recordId, setRecordId] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const ids = { first: useId(), chosen: useId() };

  const used = [definition.connections.accounting, definition.connections.erp];
  const connectionOptions: Choice[] = connections
    .filter((connection) => used.includes(connection.id))
    .map((connection) => ({ value: connection.id, label: connection.name }));

  async function run(event: FormEvent): Promise<void> {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const sample = choose ? { sample: { connectionId, entity, id: recordId.trim() } } : {};
      onReport(await client.call('dryRunWorkflow', { definition, ...sample }));
    } catch (failure) {
      onReport(undefined);
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel" aria-labelledby="wf-dry-run-title">
      <h2 id="wf-dry-run-title">Dry run</h2>
      <form className="wf-dry-run__form" onSubmit={(event) => void run(event)} aria-label="Dry run" noValidate>
        <fieldset className="field">
          <legend>Sample record</legend>
          <label className="radio" htmlFor={ids.first}>
            <input id={ids.first} type="radio" name="sample" checked={!choose} onChange={() => setChoose(false)} />
            <span className="radio__text">
              <span className="radio__label">The first record matching the trigger</span>
            </span>
          </label>
          <label className="radio" htmlFor={ids.chosen}>
            <input id={ids.chosen} type="radio" name="sample" checked={choose} onChange={() => setChoose(true)} />
            <span className="radio__text">
              <span className="radio__label">A record I name</span>
            </span>
          </label>
        </fieldset>
        {choose ? (
          <div className="wf-dry-run__sample">
            <SelectField
              label="Connection"
              value={connectionId}
              choices={connectionOptions}
              onChange={setConnectionId}
            />
            <SelectField
              label="Entity"
              value={entity}
              choices={ENTITY_CHOICES.map((value) => ({ value, label: entityLabel(value) }))}
              onChange={(value) => setEntity(value as WorkflowEntity)}
            />
            <TextField label="Record id in that system" code value={recordId} onChange={setRecordId} />
          </div>
        ) : null}
        <div>
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? 'Trying the steps…' : 'Dry run'}
          </button>
        </div>
      </form>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      {report ? <DryRunResult definition={definition} report={report} /> : null}
    </section>
  );
}

function DryRunResult({
  definition,
  report,
}: {
  readonly definition: WorkflowDefinition;
  readonly report: DryRunReport;
}) {
  const labelOf = (stepId: string) => definition.steps.find((step) => step.id === stepId)?.label || stepId;
  return (
    <div role="status" aria-label="Dry run result" className="wf-dry-run__result">
      <p className={report.outcome === 'failed' ? 'form-error' : 'callout callout--ok'}>
        {report.sample ? <span>Sample {recordLabel(report.sample)}. </span> : null}
        {outcomeText[report.outcome]} Nothing was written.
      </p>
      <ol className="wf-step-log" aria-label="What each step would do">
        {report.steps.map((step) => (
          <li
            key={step.stepId}
            className={step.error ? 'wf-step-log__item wf-step-log__item--failed' : 'wf-step-log__item'}
          >
            <p>
              <strong>{labelOf(step.stepId)}</strong> <span className="muted">({kindLabel(step.kind)})</span>:{' '}
              {step.outcome}
            </p>
            {step.error ? <p className="field__error">{step.error.message}</p> : null}
            <JsonDetails input={step.input} output={step.output} />
          </li>
        ))}
      </ol>
    </div>
  );
}
