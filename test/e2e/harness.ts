import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { z } from 'zod';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const screenshotDir = join(repoRoot, 'test-results', 'screenshots');

const ServeReady = z.object({ url: z.string(), origin: z.string(), port: z.number(), token: z.string() });

export interface ServedConsole extends z.infer<typeof ServeReady> {
  readonly dataDirectory: string;
  /** Calls the console API the way the renderer does, returning the HTTP status and the parsed envelope. */
  api(operation: string, body: unknown, options?: { token?: string | null }): Promise<ApiAnswer>;
  stop(): Promise<void>;
}

export interface ApiAnswer {
  readonly status: number;
  readonly body: { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };
}

const READY_TIMEOUT_MS = 20_000;

/**
 * Starts the real CLI, `counterpart serve --json`, on a fresh data directory, and resolves once it printed the JSON
 * line with its address and token. The app must be built first (`npm run build`).
 */
export async function startServe(): Promise<ServedConsole> {
  const cli = join(repoRoot, 'bin', 'counterpart.js');
  if (!existsSync(join(repoRoot, 'dist', 'src', 'cli', 'main.js'))) {
    throw new Error('Counterpart is not built: run `npm run build` before the end-to-end tests.');
  }
  const dataDirectory = mkdtempSync(join(tmpdir(), 'counterpart-'));
  const child = spawn(process.execPath, [cli, 'serve', '--json', '--data-dir', dataDirectory], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });

  let ready: z.infer<typeof ServeReady>;
  try {
    ready = await firstJsonLine(child, () => stderr);
  } catch (error) {
    child.kill('SIGKILL');
    rmSync(dataDirectory, { recursive: true, force: true });
    throw error;
  }

  return {
    ...ready,
    dataDirectory,
    async api(operation, body, options = {}) {
      const token = options.token === undefined ? ready.token : options.token;
      const response = await fetch(`${ready.origin}/api/${operation}`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          ...(token === null ? {} : { Authorization: `Bearer ${token}` }),
        },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as ApiAnswer['body'] };
    },
    async stop() {
      await stopProcess(child);
      rmSync(dataDirectory, { recursive: true, force: true });
    },
  };
}

function firstJsonLine(child: ChildProcess, stderr: () => string): Promise<z.infer<typeof ServeReady>> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(
      () => fail(`counterpart serve printed no address within ${READY_TIMEOUT_MS / 1000} s.`),
      READY_TIMEOUT_MS,
    );
    function fail(message: string): void {
      clearTimeout(timer);
      lines.close();
      reject(new Error(`${message}\n${stderr()}`.trim()));
    }
    lines.once('line', (line) => {
      clearTimeout(timer);
      lines.close();
      try {
        resolve(ServeReady.parse(JSON.parse(line)));
      } catch (error) {
        fail(`counterpart serve printed an unexpected first line: ${line} (${String(error)})`);
      }
    });
    child.once('exit', (code) => fail(`counterpart serve exited with code ${code} before it was ready.`));
  });
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Debian's Chromium, headless, with a throwaway profile and no calls home. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.COUNTERPART_E2E_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

export interface ConsolePage {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Console errors and Content-Security-Policy violations seen so far; a clean console has none. */
  readonly problems: string[];
}

/** A fresh browser context (its own cookies and storage) at 1280×800, the size a finance laptop shows. */
export async function openConsolePage(
  browser: Browser,
  options: { colorScheme?: 'light' | 'dark'; bypassCSP?: boolean } = {},
): Promise<ConsolePage> {
  const context = await browser.newContext({
    bypassCSP: options.bypassCSP ?? false,
    viewport: { width: 1280, height: 800 },
    colorScheme: options.colorScheme ?? 'light',
    locale: 'en-GB',
    timezoneId: 'Europe/London',
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return { context, page, problems };
}

export function screenshotPath(name: string): string {
  mkdirSync(screenshotDir, { recursive: true });
  return join(screenshotDir, `${name}.png`);
}
