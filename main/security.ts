import { type BrowserWindow, session, shell } from 'electron';
import { APP_ORIGIN } from './appProtocol.js';

/**
 * The window may show only the console: navigation elsewhere is blocked, new windows are refused and http(s) links
 * open in the system browser instead, and no web permission (camera, notifications from pages, …) is granted.
 */
export function lockDown(window: BrowserWindow): void {
  window.webContents.on('will-navigate', (event, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
  });
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, grant) => grant(false));
}
