import { describe, expect, it } from 'vitest';
import type { WorkflowDefinitionInput } from '../../src/workflows/definition.js';
import { freshOfflineEngines } from './support/offlineEngine.js';

const offlineEngine = freshOfflineEngines();

/** Workflows whose steps touch no system (conditions, approvals): the run mechanics without sandboxes. */
function setUp(definition: (connections: { accounting: string; erp: string }) => WorkflowDefinitionInput) {
  const { workspace, engine, later } = offlineEngine();
  const connections = {
    accounting: workspace.connections.create({ system: 'xero', name: 'Xero books' }).id,
    erp: workspace.connections.create({ system: 'sagex3', name: 'Sage X3' }).id,
  };
  const saved = engine.save(definition(connections), 'Sam');
  return { workspace, engine, id: saved.id, later };
}

const base = (connections: { accounting: string; erp: string }) => ({
  name: 'Month-end check',
  connections,
  mapping: { id: 'order-to-cash-x3-xero' },
});

describe('workflow runs', () => {
  it('starts a scheduled workflow once per interval', async () => {
    const { engine, id, later } = setUp((connections) => ({
      ...base(connections),
      id: 'hourly',
      trigger: { kind: 'schedule', everyMinutes: 60 },
      start: 'check',
      steps: [{ id: 'check', kind: 'condition', condition: '$count(steps) = 0', next: null }],
    }));
    await engine.tick();
    expect(engine.listRuns({ workflowId: id })).toEqual([]);
    engine.setEnabled(id, true, 'Sam');
    await engine.tick();
    await engine.tick();
    expect(engine.listRuns({ workflowId: id })).toEqual([
      expect.objectContaining({ state: 'succeeded', triggeredBy: 'schedule' }),
    ]);
    later(61 * 60_000);
    await engine.tick();
    expect(engine.listRuns({ workflowId: id })).toHaveLength(2);
  });

  it('ends a run as rejected when the approver rejects it, with the decision audited', async () => {
    const { engine, id, workspace } = setUp((connections) => ({
      ...base(connections),
      id: 'by-hand',
      trigger: { kind: 'manual' },
      start: 'approve',
      steps: [
        { id: 'approve', kind: 'approval', question: 'Close the month?', next: 'done' },
        { id: 'done', kind: 'condition', condition: 'true', next: null },
      ],
    }));
    const started = await engine.startManualRun(id, undefined, 'Sam');
    await engine.idle();
    expect(engine.runView(started.id)).toMatchObject({
      state: 'awaiting_approval',
      pendingApproval: { stepId: 'approve', question: 'Close the month?' },
    });
    await expect(engine.retry(started.id, 'approve', 'Sam')).rejects.toThrow(/has not failed/);
    const rejected = await engine.decide(
      { runId: started.id, stepId: 'approve', approve: false, comment: 'Bank feed not reconciled yet' },
      'Priya Approver',
    );
    expect(rejected).toMatchObject({ state: 'rejected', pendingApproval: null });
    expect(rejected.steps.map((step) => [step.stepId, step.state])).toEqual([['approve', 'rejected']]);
    expect(workspace.auditLog.list({ action: 'workflow.approval.rejected', limit: 5 })).toEqual([
      expect.objectContaining({ actor: 'Priya Approver', comment: 'Bank feed not reconciled yet' }),
    ]);
    await expect(
      engine.decide({ runId: started.id, stepId: 'approve', approve: true, comment: '' }, 'Priya Approver'),
    ).rejects.toThrow(/not waiting for approval/);
  });
});
