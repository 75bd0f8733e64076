import { type FormEvent, useState } from 'react';
import type { ConnectionSummary } from '../../../../src/api/schemas/connections';
import type { WorkflowTemplate } from '../../../../src/api/schemas/workflows';
import { SYSTEM_DISPLAY_NAMES } from '../../../../src/connectors/shared/systemNames';
import type { SystemName } from '../../../../src/model/recordRef';
import { useConsole } from '../../app/consoleContext';
import { messageOf, useNotifications } from '../../app/notifications';
import { connectionChoices } from './connectionChoices';
import { SelectField, TextField } from './fields';

/** The workflows shipped with Counterpart; copying one into the workspace for two connections opens it to edit. */
export function TemplateList({
  templates,
  connections,
  onCopied,
}: {
  readonly templates: readonly WorkflowTemplate[];
  readonly connections: readonly ConnectionSummary[];
  readonly onCopied: (workflowId: string) => void;
}) {
  const [copying, setCopying] = useState<string | null>(null);
  return (
    <section className="panel" aria-labelledby="wf-templates-title">
      <h2 id="wf-templates-title">Built-in templates</h2>
      {templates.length === 0 ? <p className="muted">No templates are shipped with this version.</p> : null}
      <ul className="wf-templates">
        {templates.map((template) => (
          <li key={template.id} className="wf-template">
            <h3>{template.name}</h3>
            <p className="muted">
              {systemName(template.systems.erp)} and {systemName(template.systems.accounting)}
            </p>
            {template.description ? <p>{template.description}</p> : null}
            {copying === template.id ? (
              <CopyTemplateForm
                template={template}
                connections={connections}
                onCancel={() => setCopying(null)}
                onCopied={onCopied}
              />
            ) : (
              <div>
                <button
                  type="button"
                  className="button"
                  onClick={() => setCopying(template.id)}
                  aria-label={`Copy and edit ${template.name}`}
                >
                  Copy and edit
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function systemName(system: string): string {
  return Object.hasOwn(SYSTEM_DISPLAY_NAMES, system) ? SYSTEM_DISPLAY_NAMES[system as SystemName] : system;
}

function CopyTemplateForm({
  template,
  connections,
  onCancel,
  onCopied,
}: {
  readonly template: WorkflowTemplate;
  readonly connections: readonly ConnectionSummary[];
  readonly onCancel: () => void;
  readonly onCopied: (workflowId: string) => void;
}) {
  const { client } = useConsole();
  const { notify } = useNotifications();
  const accounting = connectionChoices(connections, 'accounting', template.systems.accounting);
  const erp = connectionChoices(connections, 'erp', template.systems.erp);
  const [accountingId, setAccountingId] = useState(accounting[0]?.value ?? '');
  const [erpId, setErpId] = useState(erp[0]?.value ?? '');
  const [name, setName] = useState(template.name);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const view = await client.call('copyWorkflowTemplate', {
        templateId: template.id,
        name: name.trim(),
        connections: { accounting: accountingId, erp: erpId },
      });
      notify('success', 'Template copied', `${view.name} is in your workflows, disabled until you enable it.`);
      onCopied(view.id);
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="wf-copy-form"
      onSubmit={(event) => void submit(event)}
      aria-label={`Copy ${template.name}`}
      noValidate
    >
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <TextField label="Name of the copy" value={name} onChange={setName} />
      <SelectField
        label="Accounting connection"
        value={accountingId}
        choices={accounting}
        onChange={setAccountingId}
        hint={accounting.length === 0 ? `Connect ${systemName(template.systems.accounting)} first.` : undefined}
      />
      <SelectField
        label="ERP or CRM connection"
        value={erpId}
        choices={erp}
        onChange={setErpId}
        hint={erp.length === 0 ? `Connect ${systemName(template.systems.erp)} first.` : undefined}
      />
      <div className="wf-copy-form__actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Copying…' : 'Copy and open'}
        </button>
        <button type="button" className="button button--quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
