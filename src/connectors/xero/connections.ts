import { z } from 'zod';
import { ConnectorError } from '../shared/connectorError.js';
import { classifyHttpFailure, classifyTransportError, fetchWithTrust } from '../shared/httpFailure.js';
import type { RateGovernor } from '../shared/rateGovernor.js';
import { type RetryOptions, withRetries } from '../shared/retryPolicy.js';
import { jsonOrUndefined } from '../shared/textTransport.js';
import type { XeroConnectionSettings } from './settings.js';
import type { XeroTokens } from './tokens.js';

/** One organisation (or practice) the consent reaches, from Xero's GET /connections. */
export const XeroTenant = z.object({
  id: z.string(),
  tenantId: z.string(),
  tenantType: z.string(),
  tenantName: z.string().nullable().optional(),
  createdDateUtc: z.string().optional(),
  updatedDateUtc: z.string().optional(),
});
export type XeroTenant = z.infer<typeof XeroTenant>;

/**
 * The tenants the connection's consent reaches. Called directly (xero-node's `updateTenants` has the address
 * hard-coded), paced by the connection's governor, with one token refresh on a 401.
 */
export async function listTenants(
  settings: XeroConnectionSettings,
  tokens: XeroTokens,
  governor: RateGovernor,
  retry: Omit<RetryOptions, 'statistics' | 'signal'> = {},
): Promise<XeroTenant[]> {
  const operation = 'list Xero connections';
  const attempt = async (accessToken: string) =>
    withRetries(
      () =>
        governor.run(async (signal) => {
          let response: Awaited<ReturnType<typeof fetchWithTrust>>;
          try {
            response = await fetchWithTrust(
              settings.connectionsUrl,
              { headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' }, signal },
              { timeoutMs: settings.timeoutMs },
            );
          } catch (error) {
            throw classifyTransportError('xero', error, { url: settings.connectionsUrl, operation });
          }
          const text = await response.text();
          if (!response.ok) {
            throw classifyHttpFailure('xero', {
              url: settings.connectionsUrl,
              operation,
              status: response.status,
              headers: response.headers,
              body: text,
            });
          }
          const parsed = z.array(XeroTenant).safeParse(jsonOrUndefined(text));
          if (!parsed.success) {
            throw new ConnectorError({
              kind: 'transient',
              system: 'xero',
              message: "Xero's list of connected organisations could not be read; it will be retried.",
              context: { operation },
            });
          }
          return parsed.data;
        }),
      { maxAttempts: settings.maxAttempts, ...retry, statistics: governor.statistics },
    );
  const accessToken = await tokens.accessToken();
  try {
    return await attempt(accessToken);
  } catch (error) {
    if (!(error instanceof ConnectorError) || error.context.status !== 401) throw error;
    return attempt(await tokens.refresh(accessToken));
  }
}
