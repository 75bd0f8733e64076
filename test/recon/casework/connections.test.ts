import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionManager } from '../../../src/connections/connectionManager.js';
import { generateDemoCompany } from '../../../src/sandbox/demo/demoCompany.js';
import { type RunningSandboxes, startSandboxes } from '../../../src/sandbox/startSandboxes.js';
import type { ProposedWrite, ProposedWriteResult, SyncEngineApi } from '../../../src/sync/syncContract.js';
import { MemoryVault } from '../../connectors/shared/memoryVault.js';
import { APPROVER, type ConsoleUnderTest, closeConsole, openConsoleUnderTest, PREPARER } from './support.js';

/** The sync engine as corrections see it: what was submitted, and the answer chosen by the test. */
class SyncEngineDouble {
  readonly submitted: ProposedWrite[] = [];
  answer: (write: ProposedWrite) => ProposedWriteResult = (write) => ({
    state: 'written',
    ref: { system: 'xero', id: write.target?.id ?? 'new' },
  });

  asApi(): SyncEngineApi {
    const submitWrite = async (write: ProposedWrite) => {
      this.submitted.push(write);
      return this.answer(write);
    };
    return { submitWrite } as unknown as SyncEngineApi;
  }
}

const sync = new SyncEngineDouble();
let demo: RunningSandboxes;
let folder: string;
let c: ConsoleUnderTest;
let id: string;
let xeroId: string;

// One reconciliation of the demo companies' invoices (Xero against Sage X3, the whole three months they trade over)
// serves every test here: reading 3,000 invoices through two connectors is the slow part.
beforeAll(async () => {
  demo = await startSandboxes({ seed: { kind: 'demo' } });
  folder = mkdtempSync(join(tmpdir(), 'counterpart-'));
  const vault = new MemoryVault();
  c = openConsoleUnderTest(folder, { vault, actor: PREPARER, syncEngine: sync.asApi() });
  const manager = new ConnectionManager(c.workspace, vault);
  const connect = (system: 'xero' | 'sagex3', name: string) =>
    manager.connectSandbox(
      system,
      name,
      { baseUrl: demo.sandboxes[system].baseUrl, ...demo.sandboxes[system].credentials },
      'test',
    );
  const xero = await connect('xero', 'Demo Xero');
  const x3 = await connect('sagex3', 'Demo Sage X3');
  xeroId = xero.id;
  id = await c.run({
    left: { connectionId: xero.id },
    right: { connectionId: x3.id },
    entity: 'invoice',
    period: generateDemoCompany().period,
  });
}, 300_000);

afterAll(async () => {
  if (c) await closeConsole(c);
  await demo?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

const planted = (system: string, kind: string) =>
  demo.discrepancies.find((item) => item.system === system && item.kind === kind && item.recordType === 'invoice')!;
const autoRow = (offset: number) => c.console.rows(id, { offset, limit: 1, status: 'auto' }).rows[0]!;

describe('reconciling two connections', () => {
  it('reads the period’s invoices through each connector and finds what the demo planted', () => {
    const detail = c.console.get(id);
    expect(detail.problem).toBeNull();
    expect(detail).toMatchObject({
      status: 'ready',
      left: { kind: 'connection', label: 'Demo Xero', system: 'xero', connectionId: xeroId },
      right: { kind: 'connection', label: 'Demo Sage X3', system: 'sagex3' },
    });
    expect(detail.left.records).toBeGreaterThan(1000);
    expect(detail.counts.auto).toBeGreaterThan(detail.left.records * 0.9);
    const missing = planted('xero', 'missingRecord');
    const unmatched = c.console.rows(id, {
      offset: 0,
      limit: 10,
      status: 'unmatched',
      search: missing.businessKey,
    }).rows;
    expect(
      unmatched.map((row) => [row.left, row.right?.values.number]),
      missing.description,
    ).toContainEqual([null, expect.stringContaining(missing.businessKey)]);
    const rounding = planted('xero', 'roundingDifference');
    const [rounded] = c.console.rows(id, { offset: 0, limit: 10, search: rounding.businessKey }).rows;
    expect(rounded?.differences, rounding.description).toContain('total');
    const first = autoRow(0);
    expect(c.workspace.reconciliations.records.get(id, 'left', first.left!.key)?.canonical).toMatchObject({
      source: { system: 'xero', id: first.left!.key },
      kind: 'receivable',
    });
  });

  it('raises no tax flag on the demo invoices that mix 20 %, 5 % and 0 % lines', () => {
    const flags = c.console.get(id).flags;
    expect(flags.find((flag) => flag.code === 'tax_mismatch')).toBeUndefined();
  });

  it('writes an approved correction through the sync engine with its idempotency key, and shows the outcome', async () => {
    c.actAs(PREPARER);
    const row = autoRow(0);
    const proposed = c.console.proposeCorrection({
      id,
      rowKey: row.rowKey,
      side: 'left',
      field: 'reference',
      value: 'PO-7731',
      note: 'Customer PO missing in Xero',
    });
    expect(proposed.correction).toMatchObject({
      state: 'pending',
      proposedBy: PREPARER.name,
      proposedValue: 'PO-7731',
    });
    expect(c.console.pendingApprovals().corrections.map((item) => item.id)).toEqual([proposed.correction.id]);
    expect(autoRow(0).pendingCorrections).toBe(1);
    await expect(
      c.console.decideCorrection({ id, correctionId: proposed.correction.id, approve: true, comment: '' }),
    ).rejects.toMatchObject({ code: 'recon.approver_only' });

    c.actAs(APPROVER);
    expect(() => c.console.signOff({ id, comment: '' })).toThrow(
      expect.objectContaining({
        code: 'recon.pending_corrections',
        message: expect.stringContaining('1 correction is still waiting'),
      }),
    );
    const decided = await c.console.decideCorrection({
      id,
      correctionId: proposed.correction.id,
      approve: true,
      comment: 'ok',
    });
    expect(sync.submitted.at(-1)).toMatchObject({
      connectionId: xeroId,
      entity: 'invoice',
      operation: 'update',
      target: { system: 'xero', id: row.left!.key },
      record: { reference: 'PO-7731', source: { id: row.left!.key } },
      idempotencyKey: `recon:${id}:${proposed.correction.id}`,
      actor: APPROVER.name,
    });
    expect(decided.correction).toMatchObject({
      state: 'approved',
      decidedBy: APPROVER.name,
      outcome: { state: 'written', system: 'xero', recordId: row.left!.key },
    });
    const history = c.console.matchDetail(id, row.rowKey).history;
    expect(history.map((entry) => entry.kind)).toEqual(['read', 'read', 'decision', 'decision', 'written']);
    expect(history.at(-1)?.text).toContain('reference → PO-7731 written to xero');
    expect(c.workspace.auditLog.list({ limit: 1 })[0]).toMatchObject({
      action: 'recon.correction_written',
      actor: APPROVER.name,
    });
  });

  it('records a correction the system refused as its dead letter, and refuses what cannot be written', async () => {
    c.actAs(PREPARER);
    const row = autoRow(1);
    expect(() =>
      c.console.proposeCorrection({ id, rowKey: row.rowKey, side: 'left', field: 'total', value: '1.00', note: 'x' }),
    ).toThrow(
      expect.objectContaining({
        code: 'recon.bad_correction',
        message: expect.stringContaining('total cannot be corrected'),
      }),
    );
    expect(() =>
      c.console.proposeCorrection({
        id,
        rowKey: row.rowKey,
        side: 'left',
        field: 'due_date',
        value: '2024-02-31',
        note: 'x',
      }),
    ).toThrow(expect.objectContaining({ code: 'recon.bad_correction' }));
    const { correction } = c.console.proposeCorrection({
      id,
      rowKey: row.rowKey,
      side: 'right',
      field: 'reference',
      value: 'A long reference',
      note: 'match the PO',
    });
    sync.answer = () => ({
      state: 'dead_lettered',
      deadLetterId: 'dl-1',
      message: 'Reference is too long for Sage X3',
    });
    c.actAs(APPROVER);
    const decided = await c.console.decideCorrection({ id, correctionId: correction.id, approve: true, comment: '' });
    expect(decided.correction.outcome).toEqual({
      state: 'dead_lettered',
      deadLetterId: 'dl-1',
      message: 'Reference is too long for Sage X3',
    });
    await expect(
      c.console.decideCorrection({ id, correctionId: correction.id, approve: false, comment: '' }),
    ).rejects.toMatchObject({ code: 'recon.correction_decided' });
  });

  it('locks once signed off with no correction pending', () => {
    c.actAs(APPROVER);
    c.console.signOff({ id, comment: 'closed' });
    expect(c.console.get(id)).toMatchObject({ locked: true, counts: { pendingCorrections: 0 } });
    expect(() =>
      c.console.proposeCorrection({
        id,
        rowKey: autoRow(2).rowKey,
        side: 'left',
        field: 'reference',
        value: 'x',
        note: 'x',
      }),
    ).toThrow(expect.objectContaining({ code: 'recon.locked' }));
  });
});
