import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

/**
 * Where workspaces live: `--data-dir` wins, then `COUNTERPART_HOME`, then the OS's per-user application data
 * folder (the same folder Electron's `app.getPath('userData')` would choose for an app named Counterpart).
 */
export function resolveDataDirectory(options: { flag?: string | undefined; env?: NodeJS.ProcessEnv } = {}): string {
  const env = options.env ?? process.env;
  const chosen = options.flag ?? env.COUNTERPART_HOME;
  if (chosen && chosen.trim() !== '') return isAbsolute(chosen) ? chosen : resolve(chosen);
  return defaultDataDirectory(process.platform, env);
}

export function defaultDataDirectory(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string {
  const home = env.HOME ?? env.USERPROFILE ?? homedir();
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Counterpart');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Counterpart');
  return join(env.XDG_DATA_HOME ?? join(home, '.local', 'share'), 'counterpart');
}
