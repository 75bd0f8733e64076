import { request } from 'node:https';
import type { RunningSandboxes } from '../../../src/sandbox/startSandboxes.js';

/** A warehouse clerk working in the Sage X3 sandbox through its REST API: shipping an order is a delivery there. */
export class SageX3Api {
  private readonly apiUrl: string;
  private readonly authorization: string;
  private readonly ca: string;

  constructor(sandboxes: RunningSandboxes) {
    const credentials = sandboxes.sandboxes.sagex3.credentials as Record<string, string>;
    this.apiUrl = String(credentials.apiUrl);
    this.ca = String(credentials.caCertificatePem);
    this.authorization = `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`).toString('base64')}`;
  }

  /** Delivers everything left on an order (its X3 key, SOHNUM), as X3 does for a delivery naming only the order. */
  async shipOrder(orderKey: string): Promise<void> {
    await this.call('POST', '/SDELIVERY?representation=SDELIVERY.$create', {
      SHIDAT: new Date().toISOString().slice(0, 10),
      SOHNUM: orderKey,
    });
  }

  /** The sandbox speaks HTTPS with its own CA, as an on-premises X3 would. */
  private call(method: string, path: string, body?: unknown): Promise<unknown> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const sent = request(
        `${this.apiUrl}${path}`,
        { method, ca: this.ca, headers: { authorization: this.authorization, 'content-type': 'application/json' } },
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => {
            text += chunk;
          });
          response.on('end', () => {
            const status = response.statusCode ?? 0;
            if (status >= 400) reject(new Error(`Sage X3 ${method} ${path}: ${status} ${text}`));
            else resolve(text === '' ? undefined : JSON.parse(text));
          });
        },
      );
      sent.on('error', reject);
      sent.end(payload);
    });
  }
}
