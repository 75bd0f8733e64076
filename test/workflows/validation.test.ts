import { describe, expect, it } from 'vitest';
import type { WorkflowDefinitionInput } from '../../src/workflows/definition.js';
import { freshOfflineEngines } from './support/offlineEngine.js';

const offlineEngine = freshOfflineEngines();

function setUp() {
  const { workspace, engine } = offlineEngine();
  const kashflow = workspace.connections.create({ system: 'kashflow', name: 'KashFlow books' });
  const salesforce = workspace.connections.create({ system: 'salesforce', name: 'Salesforce CRM' });
  return { workspace, engine, connections: { accounting: kashflow.id, erp: salesforce.id } };
}

function definition(
  connections: { accounting: string; erp: string },
  steps: unknown[],
  extra = {},
): WorkflowDefinitionInput {
  return {
    id: 'won-deals',
    name: 'Won deals',
    connections,
    mapping: { id: 'opportunity-to-invoice' },
    trigger: {
      kind: 'record',
      side: 'erp',
      entity: 'salesOrder',
      event: 'fieldReached',
      field: 'status',
      value: 'open',
    },
    start: 'invoice',
    steps: steps as WorkflowDefinitionInput['steps'],
    ...extra,
  };
}

const createInvoice = { id: 'invoice', kind: 'create', flow: 'opportunity-to-invoice', next: null };

describe('workflow validation', () => {
  it('accepts the shipped templates once their connections are chosen', () => {
    const { engine, connections } = setUp();
    for (const template of engine.templates()) {
      if (template.systems.accounting !== 'kashflow') continue;
      expect(engine.validate({ ...template.definition, connections })).toEqual({ valid: true, problems: [] });
    }
  });

  it('names a step that nothing leads to, and a next step that does not exist', () => {
    const { engine, connections } = setUp();
    const result = engine.validate(
      definition(connections, [
        { ...createInvoice, next: 'writeBack' },
        { id: 'orphan', kind: 'approval', question: 'Anyone?' },
      ]),
    );
    expect(result.valid).toBe(false);
    expect(result.problems).toEqual(
      expect.arrayContaining([
        { stepId: 'invoice', field: 'next', message: 'there is no step "writeBack"' },
        { stepId: 'orphan', field: 'next', message: 'this step is not connected: no step from the start leads to it' },
      ]),
    );
  });

  it('names unknown fields, unknown flows and a flow writing back to the wrong record', () => {
    const { engine, connections } = setUp();
    const result = engine.validate(
      definition(
        connections,
        [
          { ...createInvoice, flow: 'no-such-flow', next: 'lookup' },
          {
            id: 'lookup',
            kind: 'find',
            side: 'accounting',
            entity: 'invoice',
            by: { field: 'invoiceNo', value: '"1"' },
            next: 'back',
          },
          { id: 'back', kind: 'writeBack', flow: 'opportunity-to-invoice', input: 'lookup' },
        ],
        {
          trigger: {
            kind: 'record',
            side: 'erp',
            entity: 'salesOrder',
            event: 'fieldReached',
            field: 'stage',
            value: 'Won',
          },
        },
      ),
    );
    expect(result.problems).toEqual(
      expect.arrayContaining([
        { stepId: null, field: 'trigger.field', message: '"stage" is not a field of a canonical salesOrder' },
        { stepId: 'lookup', field: 'by.field', message: '"invoiceNo" is not a field of a canonical invoice' },
        { stepId: 'invoice', field: 'flow', message: 'mapping "opportunity-to-invoice" has no flow "no-such-flow"' },
        expect.objectContaining({ stepId: 'back', field: 'flow' }),
      ]),
    );
  });

  it('requires an approval before a write the policy covers, on every path', () => {
    const { engine, connections } = setUp();
    const steps = [
      {
        id: 'check',
        kind: 'condition',
        condition: 'totals.gross.amountMinor > 100',
        next: 'approve',
        otherwise: 'invoice',
      },
      { id: 'approve', kind: 'approval', question: 'Invoice it?', next: 'invoice' },
      createInvoice,
    ];
    const result = engine.validate(
      definition(connections, steps, { start: 'check', approvalPolicy: { steps: ['create'] } }),
    );
    expect(result.problems).toEqual([
      expect.objectContaining({
        stepId: 'invoice',
        field: 'kind',
        message: expect.stringContaining('requires an approval'),
      }),
    ]);
    const approvedAlways = [{ ...steps[0], otherwise: 'approve' }, steps[1], createInvoice];
    expect(
      engine.validate(
        definition(connections, approvedAlways, { start: 'check', approvalPolicy: { steps: ['create'] } }),
      ).valid,
    ).toBe(true);
  });

  it('refuses to save an invalid definition, naming the step and field, and saves nothing', () => {
    const { engine, connections, workspace } = setUp();
    expect(() => engine.save(definition(connections, [{ ...createInvoice, kind: 'teleport' }]), 'Sam')).toThrow(
      /step "invoice" kind: Choose a step kind/,
    );
    expect(() => engine.save(definition({ ...connections, accounting: 'gone' }, [createInvoice]), 'Sam')).toThrow(
      /connections\.accounting: there is no connection gone/,
    );
    expect(workspace.workflowDefinitions.listLatest()).toEqual([]);
  });

  it('keeps every saved version and audits each save', () => {
    const { engine, connections, workspace } = setUp();
    engine.save(definition(connections, [createInvoice]), 'Sam');
    const second = engine.save(definition(connections, [createInvoice], { name: 'Won deals to KashFlow' }), 'Sam');
    expect(second).toMatchObject({
      version: 2,
      name: 'Won deals to KashFlow',
      versions: [{ version: 1 }, { version: 2 }],
    });
    expect(engine.view('won-deals', 1).name).toBe('Won deals');
    expect(workspace.auditLog.list({ action: 'workflow.saved', limit: 10 })).toHaveLength(2);
  });
});
