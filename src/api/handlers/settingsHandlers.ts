import { userInfo } from 'node:os';
import type { DemoEnvironment } from '../../demo/demoEnvironment.js';
import type { Workspace } from '../../store/workspace.js';
import type { EventBus } from '../eventBus.js';
import { Settings, type SettingsUpdate } from '../schemas/settings.js';

const SETTINGS_KEY = 'console.settings';

function defaultSettings(): Settings {
  let userName = 'me';
  try {
    userName = userInfo().username || userName;
  } catch {
    // some containers have no passwd entry; a generic name is fine until the person sets theirs
  }
  return { userName, role: 'preparer', theme: 'system', firstRunComplete: false, demoMode: false };
}

export function readSettings(workspace: Workspace): Settings {
  return workspace.settings.get(SETTINGS_KEY, Settings) ?? defaultSettings();
}

/** Writes settings and their audit entry in one transaction, then tells every open console. */
function changeSettings(workspace: Workspace, bus: EventBus, action: string, next: Settings): Settings {
  const before = readSettings(workspace);
  const entry = workspace.db.transaction(() => {
    workspace.settings.set(SETTINGS_KEY, next);
    return workspace.auditLog.append({ actor: next.userName, action, subject: 'settings', before, after: next });
  })();
  bus.publish('settingsChanged', next);
  bus.publish('auditAppended', entry);
  return next;
}

export function settingsHandlers(workspace: Workspace, bus: EventBus, demo: DemoEnvironment) {
  return {
    getSettings: () => readSettings(workspace),
    updateSettings: (update: SettingsUpdate) =>
      changeSettings(workspace, bus, 'settings.updated', { ...readSettings(workspace), ...update }),
    completeFirstRun: ({ choice }: { choice: 'demo' | 'ownConnections' }) => {
      const settings = changeSettings(workspace, bus, 'onboarding.completed', {
        ...readSettings(workspace),
        firstRunComplete: true,
        demoMode: choice === 'demo',
      });
      // The sandboxes start in the background; the console follows them through demoStatusChanged.
      if (choice === 'demo') void demo.ensureRunning();
      return settings;
    },
  };
}
