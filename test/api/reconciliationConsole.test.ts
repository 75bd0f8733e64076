import { describe, expect, it } from 'vitest';
import type {
  ConsoleEvent,
  EventName,
  OperationInput,
  OperationName,
  OperationOutput,
} from '../../src/api/contract.js';
import type { ConsoleService } from '../../src/api/service.js';
import { invoiceExports, MARCH_2024, upload } from '../recon/casework/support.js';
import { freshConsoleServices } from '../support/consoleService.js';

const newService = freshConsoleServices();
const web = { transport: 'web' } as const;

async function call<N extends OperationName>(
  service: ConsoleService,
  operation: N,
  input: OperationInput<N>,
): Promise<OperationOutput<N>> {
  const result = await service.dispatch(operation, input, web);
  if (!result.ok) throw Object.assign(new Error(result.error.message), result.error);
  return result.value as OperationOutput<N>;
}

function isEvent<E extends EventName>(event: ConsoleEvent, name: E): event is ConsoleEvent<E> {
  return event.name === name;
}

/** Starts a reconciliation of the two invoice exports and waits for the console to hear it finished. */
async function reconciled(service: ConsoleService, events: ConsoleEvent[]): Promise<string> {
  const files = invoiceExports();
  const finished = new Promise<void>((resolve) => {
    const stop = service.events.subscribe((event) => {
      if (!isEvent(event, 'reconciliationChanged')) return;
      void call(service, 'getReconciliation', { id: event.payload.id }).then((detail) => {
        if (detail.status !== 'running') {
          stop();
          resolve();
        }
      });
    });
  });
  service.events.subscribe((event) => events.push(event));
  const { id } = await call(service, 'startReconciliation', {
    left: upload('xero.csv', files.left),
    right: upload('x3.csv', files.right),
    entity: 'invoice',
    period: MARCH_2024,
  });
  await finished;
  return id;
}

describe('the reconciliation console API', () => {
  it('starts a reconciliation of two uploaded files, reports progress and lists it', async () => {
    const service = newService();
    const events: ConsoleEvent[] = [];
    const id = await reconciled(service, events);
    expect(events.some((event) => isEvent(event, 'reconciliationProgress') && event.payload.stage === 'done')).toBe(
      true,
    );
    expect(events.some((event) => isEvent(event, 'auditAppended') && event.payload.action === 'recon.started')).toBe(
      true,
    );
    const list = await call(service, 'listReconciliations', {});
    expect(list).toMatchObject({ reconciliations: [{ id, status: 'ready', entity: 'invoice', period: MARCH_2024 }] });
    const page = await call(service, 'getReconciliationRows', { id, offset: 0, limit: 5, status: 'suggested' });
    expect(page).toMatchObject({ total: 1, rows: [{ status: 'suggested', left: { key: 'X-95' } }] });
  });

  it('acts as the person settings name, and refuses a preparer what only an approver may do', async () => {
    const service = newService();
    await call(service, 'updateSettings', { userName: 'Ann Smith', role: 'preparer' });
    const id = await reconciled(service, []);
    const page = await call(service, 'getReconciliationRows', { id, status: 'suggested' });
    const accepted = await call(service, 'acceptMatch', { id, rowKey: page.rows[0]!.rowKey });
    expect(accepted).toMatchObject({ decision: { actor: 'Ann Smith', role: 'preparer', kind: 'accepted' } });
    const refused = await service.dispatch('signOffPeriod', { id, comment: 'done' }, web);
    expect(refused).toMatchObject({ ok: false, error: { code: 'recon.approver_only' } });
    await call(service, 'updateSettings', { role: 'approver' });
    expect(await call(service, 'signOffPeriod', { id })).toMatchObject({ locked: true, signOff: { by: 'Ann Smith' } });
    expect(await call(service, 'listPendingApprovals', {})).toEqual({ corrections: [], signOffs: [] });
  });

  it('answers bad input with one clear error each', async () => {
    const service = newService();
    const id = await reconciled(service, []);
    const attempts = {
      unknownRow: await service.dispatch('acceptMatch', { id, rowKey: 'm4040:0' }, web),
      noReason: await service.dispatch('rejectMatch', { id, rowKey: 'm1:0', reason: ' ' }, web),
      manyToMany: await service.dispatch('matchManually', { id, leftKeys: ['a', 'b'], rightKeys: ['c', 'd'] }, web),
      twice: await service.dispatch('matchManually', { id, leftKeys: ['X-90'], rightKeys: ['S-91', 'S-91'] }, web),
      notAnExport: await service.dispatch(
        'startReconciliation',
        {
          left: upload('notes.docx', 'PK\u0003\u0004'),
          right: upload('r.csv', 'id\n1\n'),
          entity: 'invoice',
          period: MARCH_2024,
        },
        web,
      ),
      backwardsPeriod: await service.dispatch(
        'startReconciliation',
        {
          left: upload('l.csv', 'id\n'),
          right: upload('r.csv', 'id\n'),
          entity: 'invoice',
          period: { start: '2024-03-31', end: '2024-03-01' },
        },
        web,
      ),
    };
    expect(attempts.unknownRow).toMatchObject({ ok: false, error: { code: 'recon.unknown_row' } });
    expect(attempts.noReason).toMatchObject({
      ok: false,
      error: { code: 'api.invalid_input', issues: [{ path: ['reason'], message: 'Say why the match is wrong' }] },
    });
    expect(attempts.manyToMany).toMatchObject({
      ok: false,
      error: { issues: [{ message: 'Match one record to one or many, not many to many' }] },
    });
    expect(attempts.twice).toMatchObject({
      ok: false,
      error: { issues: [{ path: ['rightKeys'], message: 'A record is chosen twice on the right' }] },
    });
    expect(attempts.notAnExport).toMatchObject({
      ok: false,
      error: {
        code: 'recon.unsupported_file',
        message: 'notes.docx (left side) is neither a CSV nor an XLSX file; export it as CSV or XLSX.',
      },
    });
    expect(attempts.backwardsPeriod).toMatchObject({ ok: false, error: { issues: [{ path: ['period', 'end'] }] } });

    await call(service, 'updateSettings', { role: 'approver' });
    await call(service, 'signOffPeriod', { id });
    const locked = await service.dispatch('explainDifference', { id, rowKey: 'm1:0', note: 'late' }, web);
    expect(locked).toMatchObject({ ok: false, error: { code: 'recon.locked' } });
  });

  it('exports the reconciliation as a file the console can download', async () => {
    const service = newService();
    const id = await reconciled(service, []);
    for (const format of ['xlsx', 'csv', 'pdf'] as const) {
      const file = await call(service, 'exportReconciliation', { id, format });
      expect(Buffer.from(file.contentBase64, 'base64').length).toBeGreaterThan(500);
    }
    const detail = await call(service, 'getMatchDetail', { id, rowKey: 'm1:0' });
    expect(detail).toMatchObject({ row: { rowKey: 'm1:0' }, pass: 'reference' });
  });
});
