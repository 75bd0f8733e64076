import { describe, expect, it } from 'vitest';
import type { ReconStage } from '../../src/recon/engine.js';
import { runReconInWorker } from '../../src/recon/worker/runner.js';
import { csv, tempFile } from './helpers.js';
import { table } from './records.js';

describe('running off the main thread', () => {
  it('reconciles files in a worker thread and reports progress', async () => {
    const left = tempFile(
      'l.csv',
      csv([
        ['id', 'date', 'amount', 'reference'],
        ['A', '2024-03-01', '10.00', 'RENT MARCH'],
      ]),
    );
    const right = tempFile(
      'r.csv',
      csv([
        ['id', 'date', 'amount', 'reference'],
        ['B', '2024-03-02', '10.00', 'RENT MARCH'],
      ]),
    );
    const stages: ReconStage[] = [];
    const running = runReconInWorker(
      { kind: 'files', request: { entity: 'payments', leftFile: left, rightFile: right } },
      (stage) => stages.push(stage),
    );
    const result = await running.result;
    expect(result.matches.map((m) => [m.left, m.right])).toEqual([[['A'], ['B']]]);
    expect(stages[0]).toBe('preparing');
    expect(stages.at(-1)).toBe('done');
  });

  it('takes record sets already in memory, as a connector snapshot would give', async () => {
    const input = {
      entity: 'payments' as const,
      left: table('payments', [{ id: 'A', date: '2024-03-01', amount: '5.00', reference: 'X' }]),
      right: table('payments', [{ id: 'B', date: '2024-03-01', amount: '5.00', reference: 'X' }]),
    };
    const result = await runReconInWorker({ kind: 'input', input }).result;
    expect(result.matches).toHaveLength(1);
  });

  it('passes errors back with their code', async () => {
    const running = runReconInWorker({
      kind: 'files',
      request: { entity: 'payments', leftFile: '/nowhere/a.csv', rightFile: '/nowhere/b.csv' },
    });
    await expect(running.result).rejects.toMatchObject({ code: 'recon.file_unreadable' });
  });
});
