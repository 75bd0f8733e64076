import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openConsolePage, type ServedConsole, startServe } from './harness.js';

const axeScript = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly { readonly target: readonly string[] }[];
}

/** Runs axe-core (WCAG 2.1 A and AA rules) on the page and lists what it found, one readable line each. */
async function accessibilityProblems(page: Page): Promise<string[]> {
  if ((await page.evaluate<string>('typeof axe')) === 'undefined') await page.addScriptTag({ path: axeScript });
  const violations = await page.evaluate<AxeViolation[]>(
    `axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }).then((result) => result.violations)`,
  );
  return violations.map(
    (violation) =>
      `${violation.impact ?? 'unknown'}: ${violation.id} — ${violation.help} (${violation.nodes
        .map((node) => node.target.join(' '))
        .join(', ')})`,
  );
}

describe('accessibility', () => {
  let served: ServedConsole;
  let browser: Browser;

  beforeAll(async () => {
    [served, browser] = await Promise.all([startServe(), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });

  // Nine screens, twice each, through axe: minutes on a loaded 2-core machine, so a generous limit (not a timing check).
  it('meets WCAG 2.1 AA on every screen, in the light and the dark theme', { timeout: 600_000 }, async () => {
    // axe is injected as a script, which the console's Content-Security-Policy would rightly refuse.
    const { page, context } = await openConsolePage(browser, { bypassCSP: true });
    const found: Record<string, string[]> = {};
    // The theme setting is "system", so switching the emulated OS preference switches the console's theme.
    const check = async (screen: string) => {
      for (const colorScheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme });
        await expect.poll(() => page.locator('html').getAttribute('data-theme')).toBe(colorScheme);
        found[`${screen} (${colorScheme})`] = await accessibilityProblems(page);
      }
    };

    await page.goto(`${served.origin}/`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await check('missing token');

    // Same tab, now with the token: the console starts itself again.
    await page.goto(served.url);
    const explore = page.getByRole('button', { name: 'Explore with demo companies' });
    await explore.waitFor();
    await check('first run');
    await explore.click();

    for (const label of ['Connections', 'Sync', 'Workflows', 'Reconciliation', 'Approvals', 'Activity', 'Settings']) {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label, exact: true }).click();
      await page.getByRole('heading', { level: 1, name: label, exact: true }).waitFor({ timeout: 90_000 });
      // A limit, not a timing check: while demo mode starts its sandboxes on a loaded machine the first list is slow.
      if (label === 'Activity') await page.locator('.ag-row').first().waitFor({ timeout: 90_000 });
      await check(label);
    }

    expect(Object.fromEntries(Object.entries(found).filter(([, problems]) => problems.length > 0))).toEqual({});
    await context.close();
  });
});
