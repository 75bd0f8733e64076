import { join, normalize, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { net, protocol } from 'electron';
import { contentSecurityPolicy } from '../src/api/transports/contentSecurityPolicy.js';

/** The console is served from `app://console/` rather than file://, so it gets a real origin and a CSP header. */
export const APP_ORIGIN = 'app://console';

export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true } }]);
}

export function serveRenderer(rendererDirectory: string): void {
  protocol.handle('app', async (request) => {
    const { host, pathname } = new URL(request.url);
    const file = normalize(join(rendererDirectory, decodeURIComponent(pathname === '/' ? '/index.html' : pathname)));
    if (host !== 'console' || !file.startsWith(rendererDirectory + sep))
      return new Response('Not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', contentSecurityPolicy());
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
}
