import { describe, expect, it } from 'vitest';
import { FAULTS_PATH } from '../../src/sandbox/shared/server.js';
import { startSandboxes } from '../../src/sandbox/startSandboxes.js';

describe('faults set while the sandboxes run', () => {
  it('take effect on every system at once and can be lifted again', async () => {
    const sandboxes = await startSandboxes();
    try {
      const kashflow = sandboxes.sandboxes.kashflow.baseUrl;
      const control = `${new URL(sandboxes.sandboxes.xero.baseUrl).origin}${FAULTS_PATH}`;
      const put = (spec: unknown) =>
        fetch(control, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(spec) });

      expect((await put({ kashflow: { status: { '503': 1 } } })).status).toBe(204);
      const failing = await fetch(`${kashflow}/sessiontoken`, { method: 'POST' });
      expect(failing.status).toBe(503);
      expect(await failing.json()).toMatchObject({ Message: expect.any(String), Error: expect.any(String) });

      expect((await put({})).status).toBe(204);
      expect((await fetch(`${kashflow}/sessiontoken`, { method: 'POST' })).status).not.toBe(503);

      const refused = await put({ kashflow: { status: { '503': 'often' } } });
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({ error: expect.stringContaining('kashflow.status.503') });
    } finally {
      await sandboxes.close();
    }
  });
});
