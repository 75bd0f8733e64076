/**
 * The reconciliation workspace in Chromium on 100,000 invoices per side: how long until the first aligned rows show,
 * how smooth scrolling is (frame times sampled with requestAnimationFrame while the grids scroll together), and how
 * long a status filter and a sort take to show their rows. Medians over RUNS fresh pages; prints figures, never fails
 * on time.
 *
 *   npx tsx bench/recon/consoleGrid.bench.ts            (COUNT=100000 RUNS=3 by default; needs `npm run build`)
 *
 * The two exports are generated (bench/recon/generateInvoices.ts) and reconciled through the console API in this
 * process, on the data directory that `counterpart serve` then serves to the browser: the web host refuses request
 * bodies over 1 MB, so two 10 MB files cannot be sent to it over HTTP.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Page } from 'playwright-core';
import { createConsoleService } from '../../src/api/service.js';
import { MemoryVault } from '../../src/secrets/memoryVault.js';
import { openWorkspace } from '../../src/store/workspace.js';
import { launchBrowser, openConsolePage, type ServedConsole, startServe } from '../../test/e2e/harness.js';
import { median, printTable } from '../support/runs.js';
import { generateInvoices } from './generateInvoices.js';

const COUNT = Number(process.env.COUNT ?? 100_000);
const RUNS = Number(process.env.RUNS ?? 3);
const SCROLL_MS = 3000;
const READY_TIMEOUT_MS = 30 * 60_000;

interface Figures {
  readonly firstRowsMs: number;
  readonly frameMedianMs: number;
  readonly frameP95Ms: number;
  readonly filterMs: number;
  readonly sortMs: number;
}

/** Starts the reconciliation of the two files through the console API and waits until it is ready. */
async function reconcile(dataDirectory: string, leftFile: string, rightFile: string): Promise<string> {
  const workspace = openWorkspace({ dataDirectory, name: 'default' });
  const service = createConsoleService(workspace, { vault: new MemoryVault() });
  const call = async (name: string, input: unknown): Promise<unknown> => {
    const answer = await service.dispatch(name, input, { transport: 'cli' });
    if (!answer.ok) throw new Error(`${name}: ${answer.error.message}`);
    return answer.value;
  };
  try {
    const file = (path: string) => ({ name: basename(path), contentBase64: readFileSync(path).toString('base64') });
    const started = performance.now();
    const { id } = (await call('startReconciliation', {
      left: { file: file(leftFile) },
      right: { file: file(rightFile) },
      entity: 'invoice',
      period: { start: '2024-01-01', end: '2024-12-31' },
    })) as { id: string };
    for (;;) {
      const { status, problem } = (await call('getReconciliation', { id })) as {
        status: string;
        problem: string | null;
      };
      if (status === 'ready') break;
      if (status !== 'running') throw new Error(`The reconciliation ended ${status}: ${problem ?? 'no reason given'}`);
      if (performance.now() - started > READY_TIMEOUT_MS) throw new Error('The reconciliation did not finish in time.');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    console.log(
      `reconciled ${COUNT.toLocaleString()} × ${COUNT.toLocaleString()} in ${seconds(performance.now() - started)}`,
    );
    return id;
  } finally {
    await service.close();
    workspace.close();
  }
}

// The measurements run inside the page (as script text: this file is compiled without the DOM's types), so
// browser-to-test round trips do not count. They resolve when the left grid's first row shows rendered values.
const FIRST_ROW = '.recon-grid .ag-row[row-index="0"]';

/** In the page: resolves with the milliseconds until the first row is another record than `previous`, rendered. */
const waitForFirstRow = `(selector, previous, since) => new Promise((resolve) => {
  const check = () => {
    const row = document.querySelector(selector);
    const cell = row && row.querySelector('.ag-cell');
    const text = cell ? cell.textContent : '';
    if (row && row.getAttribute('row-id') !== previous && text && !text.includes('Loading')) {
      resolve(performance.now() - since);
    } else requestAnimationFrame(check);
  };
  check();
})`;

/** In the page: scrolls the grids for `duration` ms, 400 px a frame, and resolves with each frame's duration. */
const sampleScrollFrames = `(duration) => new Promise((resolve, reject) => {
  const viewport = document.querySelector('.recon-grid .ag-grid-viewport, .recon-grid .ag-body-viewport');
  if (!viewport) return reject(new Error('No grid viewport to scroll.'));
  const times = [];
  const started = performance.now();
  let last = started;
  const step = (now) => {
    times.push(now - last);
    last = now;
    viewport.scrollTop += 400;
    if (now - started < duration) requestAnimationFrame(step);
    else resolve(times.slice(1));
  };
  requestAnimationFrame(step);
})`;

function inPage(fn: string, ...args: unknown[]): string {
  return `(${fn})(${args.map((arg) => JSON.stringify(arg)).join(', ')})`;
}

async function measure(page: Page, served: ServedConsole, id: string): Promise<Figures> {
  await page.goto(served.url);
  await page.getByRole('heading', { level: 1 }).waitFor();
  const hash = `#/reconciliation?id=${encodeURIComponent(id)}`;
  const firstRowsMs = await page.evaluate<number>(
    `(() => { const since = performance.now(); window.location.hash = ${JSON.stringify(hash)};
      return ${inPage(waitForFirstRow, FIRST_ROW, null)}.then(() => performance.now() - since); })()`,
  );

  const frames = await page.evaluate<number[]>(inPage(sampleScrollFrames, SCROLL_MS));
  const sorted = [...frames].sort((a, b) => a - b);

  await page.evaluate<void>(
    `(() => { const viewport = document.querySelector('.recon-grid .ag-grid-viewport, .recon-grid .ag-body-viewport'); if (viewport) viewport.scrollTop = 0; })()`,
  );
  await page.locator(`${FIRST_ROW} .ag-cell`).first().waitFor();
  const filterMs = await timeUntilFirstRowChanges(page, async () => {
    await page.getByRole('form', { name: 'Filter both sides' }).getByLabel('Status').selectOption('suggested');
  });
  const sortMs = await timeUntilFirstRowChanges(page, async () => {
    await page.locator('.recon-grid').first().locator('.ag-header-cell[col-id="left.total"]').click();
  });
  return {
    firstRowsMs,
    frameMedianMs: median(frames),
    frameP95Ms: sorted[Math.floor(sorted.length * 0.95)] ?? 0,
    filterMs,
    sortMs,
  };
}

/** Time from the action until the left grid's first row shows another record with its values rendered. */
async function timeUntilFirstRowChanges(page: Page, action: () => Promise<void>): Promise<number> {
  const before = await page.locator(FIRST_ROW).first().getAttribute('row-id');
  const started = await page.evaluate<number>('performance.now()');
  await action();
  return page.evaluate<number>(inPage(waitForFirstRow, FIRST_ROW, before, started));
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

function millis(ms: number): string {
  return `${ms.toFixed(1)} ms`;
}

async function main(): Promise<void> {
  const { leftFile, rightFile } = await generateInvoices(COUNT);
  const served = await startServe();
  const browser = await launchBrowser();
  try {
    const ready = await served.api('completeFirstRun', { choice: 'ownConnections' });
    if (ready.status !== 200) throw new Error('counterpart serve refused to finish its first run.');
    const id = await reconcile(served.dataDirectory, leftFile, rightFile);
    const runs: Figures[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const { page, context } = await openConsolePage(browser);
      runs.push(await measure(page, served, id));
      await context.close();
    }
    const of = (pick: (figures: Figures) => number) => median(runs.map(pick));
    console.log(`\nreconciliation workspace, ${COUNT.toLocaleString()} invoices per side, median of ${RUNS} runs`);
    printTable(
      [
        { title: 'measure', width: 44 },
        { title: 'median', width: 12, align: 'right' },
      ],
      [
        ['time to first rows rendered', millis(of((figures) => figures.firstRowsMs))],
        ['frame time while scrolling, median', millis(of((figures) => figures.frameMedianMs))],
        ['frame time while scrolling, 95th percentile', millis(of((figures) => figures.frameP95Ms))],
        ['status filter applied (first rows shown)', millis(of((figures) => figures.filterMs))],
        ['sort by total applied (first rows shown)', millis(of((figures) => figures.sortMs))],
      ],
      '  ',
    );
  } finally {
    await browser.close();
    await served.stop();
  }
}

await main();
