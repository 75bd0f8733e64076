import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operations } from '../../src/api/contract.js';
import { launchBrowser, openConsolePage, type ServedConsole, startServe } from './harness.js';

/**
 * A stand-in for the desktop preload: the same shape as `window.counterpart` (one function per operation, plus
 * onEvent), relaying to the web host so the engine behind it is real. It records every call it carries.
 */
function fakeBridgeScript(origin: string, token: string): string {
  const names = JSON.stringify(Object.keys(operations));
  return `(() => {
    const calls = [];
    let socketOpen;
    const bridge = { calls, ready: new Promise((resolve) => { socketOpen = resolve; }) };
    for (const name of ${names}) {
      bridge[name] = (input) => {
        calls.push(name);
        return fetch('${origin}/api/' + name, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ${token}' },
          body: JSON.stringify(input),
        }).then((response) => response.json());
      };
    }
    bridge.onEvent = (listener) => {
      const socket = new WebSocket('${origin.replace('http', 'ws')}/api/events?token=${token}');
      socket.onopen = () => socketOpen();
      socket.onmessage = (message) => listener(JSON.parse(message.data));
      return () => socket.close();
    };
    window.counterpart = bridge;
  })();`;
}

describe('desktop bridge', () => {
  let served: ServedConsole;
  let browser: Browser;

  beforeAll(async () => {
    [served, browser] = await Promise.all([startServe(), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });

  it('talks to the engine through window.counterpart when the preload provides it, with no token', async () => {
    const { page, context, problems } = await openConsolePage(browser);
    await context.addInitScript({ content: fakeBridgeScript(served.origin, served.token) });
    await page.goto(`${served.origin}/`);

    await page.getByRole('button', { name: 'Set up my own connections' }).click();
    await page.getByRole('heading', { level: 1, name: 'Connections' }).waitFor();
    expect(await page.getByRole('banner').getByText('Live').isVisible()).toBe(true);

    await page.evaluate('window.counterpart.ready');
    const changed = await served.api('updateSettings', { role: 'approver' });
    expect(changed.status).toBe(200);
    await expect.poll(() => page.getByRole('banner').textContent()).toContain('Approver');

    const calls = await page.evaluate<string[]>('window.counterpart.calls');
    expect(calls).toEqual(expect.arrayContaining(['getAppInfo', 'getSettings', 'completeFirstRun']));
    expect(problems).toEqual([]);
    await context.close();
  });
});
