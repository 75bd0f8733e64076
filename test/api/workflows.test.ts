import { describe, expect, it } from 'vitest';
import { freshConsoleServices } from '../support/consoleService.js';

const newService = freshConsoleServices();

function withConnections() {
  const service = newService();
  const kashflow = service.workspace.connections.create({ system: 'kashflow', name: 'KashFlow books' });
  const salesforce = service.workspace.connections.create({ system: 'salesforce', name: 'Salesforce CRM' });
  const call = (name: string, input: unknown = {}) => service.dispatch(name, input, { transport: 'web' });
  return { service, call, connections: { accounting: kashflow.id, erp: salesforce.id } };
}

describe('workflow operations of the console API', () => {
  it('lists the shipped templates and copies one for two connections, disabled until enabled', async () => {
    const { call, connections } = withConnections();
    const templates = await call('listWorkflowTemplates');
    expect(templates).toMatchObject({ ok: true });
    const ids = (templates as { value: { templates: { id: string }[] } }).value.templates.map(
      (template) => template.id,
    );
    expect(ids).toEqual(['opportunity-to-invoice', 'order-to-cash-x3-xero']);

    const copied = await call('copyWorkflowTemplate', { templateId: 'opportunity-to-invoice', connections });
    expect(copied).toMatchObject({ ok: true, value: { id: 'opportunity-to-invoice', version: 1, enabled: false } });
    expect(await call('setWorkflowEnabled', { id: 'opportunity-to-invoice', enabled: true })).toMatchObject({
      ok: true,
      value: { enabled: true, triggerLabel: 'When a salesOrder in Salesforce CRM has status = open' },
    });
    expect(await call('listWorkflows')).toMatchObject({
      ok: true,
      value: { workflows: [{ id: 'opportunity-to-invoice' }] },
    });
    expect(await call('listWorkflowRuns', {})).toEqual({ ok: true, value: { runs: [] } });
  });

  it('validates a definition and refuses to save it with the step and field named', async () => {
    const { call, connections } = withConnections();
    const definition = {
      id: 'broken',
      name: 'Broken',
      connections,
      mapping: { id: 'opportunity-to-invoice' },
      trigger: { kind: 'manual' },
      start: 'invoice',
      steps: [{ id: 'invoice', kind: 'create', flow: 'opportunity-to-invoice', next: 'nowhere' }],
    };
    expect(await call('validateWorkflow', { definition })).toEqual({
      ok: true,
      value: { valid: false, problems: [{ stepId: 'invoice', field: 'next', message: 'there is no step "nowhere"' }] },
    });
    expect(await call('saveWorkflow', { definition })).toMatchObject({
      ok: false,
      error: { code: 'workflows.invalid_definition', context: { step: 'invoice', field: 'next' } },
    });
  });

  it('lets only an approver decide an approval', async () => {
    const { call } = withConnections();
    expect(await call('decideWorkflowApproval', { runId: 'r1', stepId: 'approve', approve: true })).toMatchObject({
      ok: false,
      error: { code: 'workflows.not_an_approver' },
    });
  });
});
