import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog } from 'electron';
import { startEngine } from '../src/api/transports/engineClient.js';
import { rendererDirectory } from '../src/productInfo.js';
import { resolveDataDirectory } from '../src/store/dataDirectory.js';
import { notifyAlerts } from './alertNotifications.js';
import { APP_ORIGIN, registerAppScheme, serveRenderer } from './appProtocol.js';
import { bindConsoleApi } from './ipc.js';
import { lockDown } from './security.js';

// The Electron shell: windows, IPC binding and OS integration only. Everything else runs in the engine thread.
registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let window: BrowserWindow | undefined;
  app.on('second-instance', () => {
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });
  app.on('window-all-closed', () => app.quit());
  app.whenReady().then(async () => {
    try {
      serveRenderer(rendererDirectory());
      const engine = await startEngine({ dataDirectory: dataDirectoryFromArguments(), workspace: 'default' });
      window = createWindow();
      bindConsoleApi(engine, window);
      notifyAlerts(engine, () => window);
      app.on('before-quit', () => void engine.stop());
      await window.loadURL(`${APP_ORIGIN}/index.html`);
    } catch (error) {
      dialog.showErrorBox('Counterpart could not start', error instanceof Error ? error.message : String(error));
      app.exit(1);
    }
  });
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 640,
    title: 'Counterpart',
    show: false,
    webPreferences: {
      preload: fileURLToPath(new URL('./preload.cjs', import.meta.url)),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  lockDown(window);
  window.once('ready-to-show', () => window.show());
  return window;
}

function dataDirectoryFromArguments(): string {
  const index = process.argv.indexOf('--data-dir');
  const flag = index >= 0 ? process.argv[index + 1] : undefined;
  return resolveDataDirectory({ flag });
}
