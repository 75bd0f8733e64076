import type { RunningSandbox, SandboxOptions } from '../shared/runningSandbox.js';
import { createSandboxServer, listenOnLoopback } from '../shared/server.js';
import type { KashFlowContext } from './context.js';
import { installDefaults } from './defaults.js';
import { loadDemo } from './demoSeed.js';
import { kashflowErrorResponse } from './errors.js';
import { registerKashFlowRoutes } from './routes/index.js';
import { type KashFlowSeed, loadSeed } from './seed.js';
import { KashFlowSessions } from './sessions.js';
import { type KashFlowSettings, type KashFlowSettingsInput, parseKashFlowSettings } from './settings.js';
import { KashFlowStore } from './store.js';

export type { KashFlowSeed } from './seed.js';
export type { KashFlowSettings, KashFlowSettingsInput } from './settings.js';

export interface KashFlowSandboxOptions extends SandboxOptions<KashFlowSeed> {
  /** Wire behaviour the reference could not confirm; see `settings.ts` and docs/sandbox-kashflow.md. */
  readonly settings?: KashFlowSettingsInput;
}

/** The running KashFlow sandbox, with a few handles tests use to steer it. */
export interface KashFlowSandbox extends RunningSandbox {
  readonly system: 'kashflow';
  /** Changes settings while running (merged over the current ones). */
  configure(patch: KashFlowSettingsInput): void;
  readonly settings: KashFlowSettings;
  /** Ends every session at once, as an idle timeout would. */
  expireSessions(): void;
}

/**
 * Starts the KashFlow REST v2 sandbox on 127.0.0.1. The base URL ends in `/v2`, like `https://api.kashflow.com/v2`;
 * clients log in with the two-step session token and send `Authorization: KfToken <token>`.
 */
export async function startKashFlowSandbox(options: KashFlowSandboxOptions): Promise<KashFlowSandbox> {
  const store = new KashFlowStore();
  let settings = parseKashFlowSettings(options.settings);
  const context: KashFlowContext = {
    store,
    sessions: new KashFlowSessions(() => context.settings, options.clock),
    clock: options.clock,
    faults: options.faults,
    settings,
    origin: '',
  };
  if (options.state !== undefined) {
    store.restore(options.state);
  } else {
    installDefaults(store);
    if (options.demo) loadDemo(context, options.demo);
    if (options.seed !== undefined) loadSeed(context, options.seed);
  }

  const app = createSandboxServer({
    system: 'kashflow',
    faults: options.faults,
    clock: options.clock,
    errorResponse: kashflowErrorResponse,
  });
  await registerKashFlowRoutes(app, context);
  const origin = await listenOnLoopback(app, options.port, false);
  context.origin = origin;
  const baseUrl = `${origin}/v2`;

  return {
    system: 'kashflow',
    baseUrl,
    credentials: {
      baseUrl,
      userName: settings.userName,
      password: settings.password,
      memorableWord: settings.memorableWord,
    },
    get settings() {
      return context.settings;
    },
    configure(patch) {
      settings = parseKashFlowSettings({ ...context.settings, ...patch });
      context.settings = settings;
    },
    expireSessions: () => context.sessions.expireAll(),
    snapshot: () => store.snapshot(),
    close: async () => {
      await app.close();
    },
  };
}
