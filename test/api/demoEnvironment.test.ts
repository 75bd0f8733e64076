import { describe, expect, it } from 'vitest';
import type { DemoStatus } from '../../src/api/schemas/demo.js';
import { DemoEnvironment } from '../../src/demo/demoEnvironment.js';
import { startSandboxes } from '../../src/sandbox/startSandboxes.js';

describe('demo companies', () => {
  it('start the four seeded sandboxes once, report where they run and what was planted, and stop', async () => {
    const seen: DemoStatus['state'][] = [];
    const demo = new DemoEnvironment((status) => seen.push(status.state));
    const [first, second] = await Promise.all([demo.ensureRunning(), demo.ensureRunning()]);
    try {
      expect(second).toBe(first);
      expect(first.state).toBe('running');
      if (first.state !== 'running') return;
      expect(first.systems.map((system) => system.name)).toEqual(['Xero', 'Salesforce', 'Sage X3', 'KashFlow']);
      for (const system of first.systems) {
        const response = await fetch(system.baseUrl, { signal: AbortSignal.timeout(5000) }).catch(() => undefined);
        // Sage X3 answers over HTTPS from its own CA, which fetch does not trust; the others answer plain HTTP.
        if (system.system !== 'sagex3') expect(response?.status).toBeGreaterThanOrEqual(200);
      }
      const kinds = new Set(first.discrepancies.map((discrepancy) => discrepancy.kind));
      expect(kinds.size).toBeGreaterThanOrEqual(5);
      expect(JSON.stringify(first)).not.toMatch(/password|secret|token/i);
    } finally {
      await demo.stop();
    }
    expect(seen).toEqual(['starting', 'running', 'off']);
  });

  it('say why when the sandboxes cannot start, without throwing at the console', async () => {
    const demo = new DemoEnvironment(
      () => {},
      () => Promise.reject(new Error('port in use')),
    );
    expect(await demo.ensureRunning()).toEqual({
      state: 'failed',
      message: 'The demo companies could not start: port in use',
    });
  });

  it('serve every system from the same sandbox set the CLI starts', async () => {
    const sandboxes = await startSandboxes({ seed: { kind: 'demo' } });
    try {
      const described = sandboxes.describe();
      expect(Object.keys(described)).toEqual(['xero', 'salesforce', 'sagex3', 'kashflow']);
      for (const system of Object.values(described)) expect(system.baseUrl).toMatch(/^https?:\/\/127\.0\.0\.1:\d+/);
    } finally {
      await sandboxes.close();
    }
  });
});
