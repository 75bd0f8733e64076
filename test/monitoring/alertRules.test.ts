import { afterEach, describe, expect, it } from 'vitest';
import { AlertMonitor } from '../../src/monitoring/alerts/alertMonitor.js';
import { generateTlsMaterial } from '../../src/sandbox/sagex3/tls.js';
import type { AlertEventRecord } from '../../src/store/repositories/alertEvents.js';
import { freshDirectories } from '../support/tempDirectory.js';
import { type MonitoredWorkspace, monitoredWorkspace } from './workspaceFacts.js';

const tempDirectory = freshDirectories();
const open: MonitoredWorkspace[] = [];
afterEach(() => {
  for (const facts of open.splice(0)) facts.workspace.close();
});

const DAY_MS = 86_400_000;
let now = new Date('2026-11-21T12:30:00.000Z');

function setUp(): { facts: MonitoredWorkspace; monitor: AlertMonitor; raised: AlertEventRecord[] } {
  now = new Date('2026-11-21T12:30:00.000Z');
  const facts = monitoredWorkspace(tempDirectory());
  open.push(facts);
  const raised: AlertEventRecord[] = [];
  const monitor = new AlertMonitor({
    workspace: facts.workspace,
    now: () => now,
    onRaised: (alert) => raised.push(alert),
  });
  return { facts, monitor, raised };
}

describe('alert rules', () => {
  it('come with defaults and keep what someone saved, in the audit trail', () => {
    const { facts, monitor } = setUp();
    expect(monitor.rules().map((rule) => [rule.kind, rule.threshold, rule.enabled])).toEqual([
      ['sync_failures', 3, true],
      ['dead_letter_age', 24, true],
      ['token_expiry', 7, true],
      ['daily_quota', 80, true],
      ['unmatched_age', 14, true],
    ]);
    const saved = monitor.saveRule({ kind: 'sync_failures', enabled: true, threshold: 2 }, 'Ann Smith');
    expect(saved).toMatchObject({
      threshold: 2,
      updatedBy: 'Ann Smith',
      description: 'A sync pair failed 2 runs in a row.',
    });
    expect(facts.workspace.auditLog.list({ limit: 1 })[0]).toMatchObject({ action: 'monitoring.alert_rule.saved' });
  });

  it('raise "sync failed N times in a row" once, and clear it when a run succeeds', () => {
    const { facts, monitor, raised } = setUp();
    facts.run('2026-11-21T10:00:00.000Z', 'failed');
    facts.run('2026-11-21T11:00:00.000Z', 'failed');
    expect(monitor.evaluate().raised).toEqual([]);
    facts.run('2026-11-21T12:00:00.000Z', 'failed');

    monitor.evaluate();
    monitor.evaluate();

    expect(raised).toEqual([
      expect.objectContaining({
        kind: 'sync_failures',
        severity: 'red',
        message: 'The sync of Books:Orders failed 3 times in a row: Sage X3 refused the sign-in.',
      }),
    ]);
    facts.run('2026-11-21T12:20:00.000Z', 'succeeded');
    expect(monitor.evaluate().cleared).toEqual([expect.objectContaining({ kind: 'sync_failures' })]);
    expect(facts.workspace.alertEvents.open()).toEqual([]);
  });

  it('raise "dead-letter items older than X hours" only for letters past the age', () => {
    const { facts, monitor, raised } = setUp();
    facts.deadLetter('2026-11-21T11:00:00.000Z');
    monitor.evaluate();
    expect(raised).toEqual([]);
    facts.deadLetter('2026-11-20T09:00:00.000Z');
    monitor.evaluate();
    expect(raised).toEqual([
      expect.objectContaining({
        kind: 'dead_letter_age',
        severity: 'amber',
        message: '1 dead-letter item has waited more than 24 hours for a replay or a resolution.',
      }),
    ]);
  });

  it('raise "expires within 7 days" for a Sage X3 CA certificate about to lapse', async () => {
    const { facts, monitor, raised } = setUp();
    const material = await generateTlsMaterial(new Date(now.getTime() - 825 * DAY_MS + 3 * DAY_MS));
    facts.workspace.connections.create({
      system: 'sagex3',
      name: 'LAN X3',
      settings: { caBundlePem: material.caCertPem },
    });
    monitor.evaluate();
    expect(raised).toEqual([
      expect.objectContaining({
        kind: 'token_expiry',
        severity: 'amber',
        message: expect.stringMatching(/^The CA certificate of "LAN X3" expires on \d{4}-\d{2}-\d{2}, in 3 days\.$/),
      }),
    ]);
  });

  it('raise "daily API quota above 80%" from the quota the connector last reported', () => {
    const { facts, monitor, raised } = setUp();
    const sample = (remaining: number) =>
      facts.workspace.quotaSamples.record({
        connectionId: facts.books.id,
        window: 'day',
        remaining,
        sampledAt: now.toISOString(),
      });
    sample(1500);
    monitor.evaluate();
    expect(raised).toEqual([]);
    sample(400);
    monitor.evaluate();
    expect(raised).toEqual([
      expect.objectContaining({
        kind: 'daily_quota',
        message: '"Books" has used 92% of its daily API quota (400 calls left).',
      }),
    ]);
  });

  it('raise "unmatched items older than N days" for a reconciliation left with unmatched rows', () => {
    const { facts, monitor, raised } = setUp();
    const { workspace } = facts;
    const { headers, rows } = workspace.reconciliations;
    headers.create({
      id: 'rec-1',
      entity: 'invoice',
      periodStart: '2026-10-01',
      periodEnd: '2026-10-31',
      left: { kind: 'connection', label: 'Books', connectionId: facts.books.id, system: 'xero' },
      right: { kind: 'connection', label: 'Orders', connectionId: facts.orders.id, system: 'sagex3' },
      sidesKey: 'books|orders',
      startedBy: 'Ann Smith',
      startedAt: new Date().toISOString(),
    });
    rows.insertMany('rec-1', [
      {
        rowKey: 'r1',
        rowNo: 1,
        groupId: 'g1',
        matchId: null,
        position: 0,
        groupSize: 1,
        status: 'unmatched',
        confidence: null,
        leftKey: 'INV-001',
        rightKey: null,
        hasDifferences: false,
        explanation: null,
        sort: { key: 'INV-001', party: 'Acme', date: '2026-10-03', amount: 1200, number: 'INV-001' },
        searchText: 'inv-001 acme',
        flagCodes: [],
      },
    ]);
    headers.finish('rec-1', { summaryJson: '{}', weightsJson: null, issuesJson: '[]', carriedFrom: null });
    now = new Date(Date.now() + 3 * DAY_MS);
    monitor.evaluate();
    expect(raised).toEqual([]);
    now = new Date(Date.now() + 15 * DAY_MS);
    monitor.evaluate();
    expect(raised).toEqual([
      expect.objectContaining({
        kind: 'unmatched_age',
        subject: 'reconciliation/rec-1',
        message:
          '1 unmatched invoice item has waited more than 14 days in the reconciliation of 2026-10-01 – 2026-10-31.',
      }),
    ]);
  });

  it('do nothing when switched off, and clear what they had raised', () => {
    const { facts, monitor } = setUp();
    facts.deadLetter('2026-11-19T09:00:00.000Z');
    expect(monitor.evaluate().raised).toHaveLength(1);
    monitor.saveRule({ kind: 'dead_letter_age', enabled: false, threshold: 24 }, 'Ann Smith');
    expect(monitor.evaluate()).toMatchObject({
      raised: [],
      cleared: [expect.objectContaining({ kind: 'dead_letter_age' })],
    });
  });
});
