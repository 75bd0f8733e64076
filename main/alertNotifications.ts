import { type BrowserWindow, Notification } from 'electron';
import type { EventPayload } from '../src/api/contract.js';
import type { EngineClient } from '../src/api/transports/engineClient.js';

/** Shows each alert the engine raises as a desktop notification; clicking it brings the console forward. */
export function notifyAlerts(engine: EngineClient, window: () => BrowserWindow | undefined): void {
  if (!Notification.isSupported()) return;
  engine.onEvent((event) => {
    if (event.name !== 'alertRaised') return;
    const alert = event.payload as EventPayload<'alertRaised'>;
    const notification = new Notification({ title: 'Counterpart alert', body: alert.message });
    notification.on('click', () => {
      const target = window();
      if (target?.isMinimized()) target.restore();
      target?.focus();
    });
    notification.show();
  });
}
