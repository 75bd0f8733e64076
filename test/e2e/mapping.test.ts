import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openConsolePage, type ServedConsole, screenshotPath, startServe } from './harness.js';

/** Replaces the first `from` after `anchor` in the text (a rule inside one flow of the document). */
function replaceAfter(text: string, anchor: string, from: string, to: string): string {
  const start = text.indexOf(anchor);
  const at = text.indexOf(from, start);
  if (start < 0 || at < 0) throw new Error(`"${from}" after "${anchor}" is not in the document`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

describe('mapping editor', () => {
  let served: ServedConsole;
  let browser: Browser;

  beforeAll(async () => {
    [served, browser] = await Promise.all([startServe(), launchBrowser()]);
    await served.api('completeFirstRun', { choice: 'demo' });
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });

  it('edits a field rule with a live preview on demo records, shows a validation error in place, and saves a version', async () => {
    // Demo records are read through the demo connections, which the console makes once the demo companies run.
    await expect
      .poll(
        async () => {
          const listed = await served.api('listConnections', {});
          return listed.body.ok ? (listed.body.value as { connections: unknown[] }).connections.length : 0;
        },
        { timeout: 60_000 },
      )
      .toBe(4);
    const { page, context, problems } = await openConsolePage(browser);
    await page.goto(served.url);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Mappings', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Mappings' }).waitFor();

    const documents = page.getByRole('navigation', { name: 'Documents' });
    await documents.getByRole('button', { name: /Xero ⇄ Sage X3/ }).click();
    const editor = page.getByLabel('Mapping document (YAML)');
    await expect.poll(() => editor.inputValue(), { timeout: 15_000 }).toContain('id: products-to-xero');

    // Preview the products flow on the demo company's Sage X3 items.
    await page.getByLabel('Flow to preview').selectOption('products-to-xero');
    const samples = page.getByRole('list', { name: 'Mapped samples' }).getByRole('listitem');
    await expect.poll(() => samples.count(), { timeout: 30_000 }).toBe(5);
    const firstRecord = samples.first().locator('pre');
    await samples.first().locator('summary').click();
    const mappedName = async () => (JSON.parse((await firstRecord.textContent()) ?? '{}') as { name: string }).name;
    expect((await mappedName()).length).toBeGreaterThan(8);

    // Edit the name rule: truncate names to 8 characters; the preview follows.
    const original = await editor.inputValue();
    await editor.fill(replaceAfter(original, 'id: products-to-xero', 'truncate: 50', 'truncate: 8'));
    await expect.poll(async () => (await mappedName()).length, { timeout: 30_000 }).toBeLessThanOrEqual(8);
    await page.screenshot({ path: screenshotPath('mapping-preview'), fullPage: true });

    // A wrong operation is shown in place, with its line and path, and the document cannot be saved.
    const edited = await editor.inputValue();
    await editor.fill(replaceAfter(edited, 'id: products-to-xero', 'operation: upsert', 'operation: sometimes'));
    const problemList = page.getByRole('list', { name: 'Problems in the document' });
    await problemList.waitFor({ timeout: 30_000 });
    const problem = (await problemList.getByRole('listitem').first().textContent()) ?? '';
    expect(problem).toMatch(/^Line \d+: flows\[\d+\]\.operation: /);
    const line = Number(/^Line (\d+)/.exec(problem)?.[1]);
    expect((await editor.inputValue()).split('\n')[line - 1]).toContain('operation: sometimes');
    // The problem's line number takes the person to that line, selected.
    await problemList.getByRole('button', { name: `Line ${line}` }).click();
    const selected = await editor.evaluate((area: { value: string; selectionStart: number; selectionEnd: number }) =>
      area.value.slice(area.selectionStart, area.selectionEnd),
    );
    expect(selected).toContain('operation: sometimes');
    await page.screenshot({ path: screenshotPath('mapping-problem'), fullPage: true });
    await page.getByRole('button', { name: 'Save as new version' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/was not saved: line \d+/);

    // Fixed, it saves as a new version; the template stays as version 1.
    await editor.fill(edited);
    await expect.poll(() => problemList.count()).toBe(0);
    await page.getByRole('button', { name: 'Save as new version' }).click();
    await page.getByText('Xero ⇄ Sage X3 is now version 2.').waitFor();
    const versions = page.getByRole('list', { name: 'Versions of Xero ⇄ Sage X3' });
    await expect.poll(() => versions.getByRole('button').count()).toBe(2);
    expect(await page.getByRole('heading', { name: /version 2/ }).isVisible()).toBe(true);

    // Suggestions rank the X3 item fields for the Xero item fields.
    await page.getByRole('button', { name: 'Suggest source fields' }).click();
    await expect.poll(() => page.locator('.suggestions dt').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await page.screenshot({ path: screenshotPath('mapping-saved'), fullPage: true });

    const saved = await served.api('getMapping', { id: 'xero-sagex3' });
    expect(saved.body).toMatchObject({ ok: true, value: { version: 2, origin: 'stored' } });
    expect(problems.filter((message) => !message.includes('status of'))).toEqual([]);
    await context.close();
  });
});
