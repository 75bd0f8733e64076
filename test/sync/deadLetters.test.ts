import { afterEach, describe, expect, it } from 'vitest';
import { freshDirectories } from '../support/tempDirectory.js';
import { party } from './support/flows.js';
import { type SyncHarness, syncHarness } from './support/harness.js';
import { recordField, validationError } from './support/ledgerConnector.js';

const tempDirectory = freshDirectories();
const open: SyncHarness[] = [];
afterEach(async () => {
  for (const harness of open.splice(0)) await harness.close();
});

const REFUSAL = 'A contact with the name "Beta Ltd" already exists and has a different tax number.';

function setUp(): SyncHarness {
  const harness = syncHarness(tempDirectory());
  open.push(harness);
  return harness;
}

describe('dead-letter queue', () => {
  it('keeps a mapping failure and a refused write with the payload, the error class and the system message verbatim', async () => {
    const { engine, pair, ledgers } = setUp();
    ledgers.accounting.put('party', 'x-1', party(undefined, 'No Code Ltd'));
    ledgers.accounting.put('party', 'x-2', party('C002', 'Beta Ltd'));
    ledgers.accounting.put('party', 'x-3', party('C003', 'Gamma plc'));
    ledgers.erp.script = (request) =>
      recordField(request, 'code') === 'C002' ? validationError('sagex3', REFUSAL) : undefined;

    const run = await engine.runOnce(pair.id);

    expect(run.status).toBe('partly_failed');
    expect(run.totals).toMatchObject({ written: 1, failed: 2 });
    const letters = engine.listDeadLetters({ pairId: pair.id, state: 'open' });
    expect(letters).toHaveLength(2);
    expect(letters.find((letter) => letter.errorClass === 'mapping')).toMatchObject({
      flow: 'accounting-parties',
      entity: 'party',
      errorCode: 'mapping.required_field',
      systemMessage: 'Party "No Code Ltd" has no code, which the other side needs to find it.',
      source: { system: 'xero', id: 'x-1' },
    });
    expect(letters.find((letter) => letter.errorClass === 'validation')).toMatchObject({
      errorCode: 'connector.validation',
      systemMessage: REFUSAL,
      payload: expect.objectContaining({ code: 'C002', name: 'Beta Ltd' }),
      attempts: 1,
    });
    // A dead letter is not retried by the next run.
    await engine.runOnce(pair.id);
    expect(ledgers.erp.writeCalls.filter((call) => call.keys.length > 0)).toHaveLength(1);
  });

  it('replays a refused write with an edited payload, once, and audits it', async () => {
    const { engine, pair, ledgers, workspace } = setUp();
    ledgers.accounting.put('party', 'x-2', party('C002', 'Beta Ltd'));
    ledgers.erp.script = (request) =>
      recordField(request, 'name') === 'Beta Ltd' ? validationError('sagex3', REFUSAL) : undefined;
    await engine.runOnce(pair.id);
    const [letter] = engine.listDeadLetters({ state: 'open' });

    await expect(
      engine.replayDeadLetter(letter?.id as string, {
        payload: { ...(letter?.payload as object), roles: [] },
        actor: 'ann',
      }),
    ).rejects.toThrow(/roles/);
    const replayed = await engine.replayDeadLetter(letter?.id as string, {
      payload: { ...(letter?.payload as object), name: 'Beta Trading Ltd' },
      actor: 'ann',
    });

    expect(replayed).toMatchObject({ state: 'replayed', resolvedBy: 'ann' });
    expect(ledgers.erp.all('party')).toEqual([expect.objectContaining({ code: 'C002', name: 'Beta Trading Ltd' })]);
    expect(workspace.auditLog.list({ limit: 5, action: 'sync.dead_letter.replayed' })[0]).toMatchObject({
      actor: 'ann',
      subject: `dead-letter/${letter?.id}`,
      after: { edited: true, payload: expect.objectContaining({ name: 'Beta Trading Ltd' }) },
    });
    await expect(engine.replayDeadLetter(letter?.id as string, { actor: 'ann' })).rejects.toThrow(/already replayed/);
    // The write made by the replay is linked: the next run does not create the party again.
    await engine.runOnce(pair.id);
    expect(ledgers.erp.all('party')).toHaveLength(1);
  });

  it('replays every open letter after the cause is fixed, and resolves one with a note', async () => {
    const { engine, pair, ledgers, workspace } = setUp();
    ledgers.accounting.put('party', 'x-2', party('C002', 'Beta Ltd'));
    ledgers.accounting.put('party', 'x-3', party('C003', 'Gamma plc'));
    ledgers.accounting.put('party', 'x-4', party('C004', 'Delta LLP'));
    ledgers.erp.script = () => validationError('sagex3', 'Customer category is closed.');
    await engine.runOnce(pair.id);
    const [first] = engine.listDeadLetters({ state: 'open' });

    const resolved = engine.resolveDeadLetter(first?.id as string, { note: 'Created by hand in X3', actor: 'bob' });
    ledgers.erp.script = () => undefined;
    const replayed = await engine.replayAllDeadLetters({ pairId: pair.id, actor: 'ann' });

    expect(resolved).toMatchObject({ state: 'resolved', note: 'Created by hand in X3', resolvedBy: 'bob' });
    expect(replayed.map((letter) => letter.state)).toEqual(['replayed', 'replayed']);
    expect(ledgers.erp.all('party')).toHaveLength(2);
    expect(workspace.auditLog.list({ limit: 1, action: 'sync.dead_letter.resolved' })[0]).toMatchObject({
      actor: 'bob',
      comment: 'Created by hand in X3',
    });
    expect(workspace.auditLog.list({ limit: 10, action: 'sync.dead_letter.replayed' })).toHaveLength(2);
  });
});
