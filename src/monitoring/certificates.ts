import { X509Certificate } from 'node:crypto';
import { certificatesIn } from '../connectors/shared/httpFailure.js';
import type { Connection } from '../store/repositories/connections.js';

export interface KnownInstant {
  readonly value: string | null;
  readonly reason: string | null;
}

/**
 * When the company CA certificate a LAN Sage X3 connection trusts stops being valid: the earliest expiry in its CA
 * bundle. The server's own certificate is checked on every call and not kept, so it is not what this reports.
 */
export function certificateExpiry(connection: Connection): KnownInstant {
  if (connection.system !== 'sagex3') {
    return { value: null, reason: 'Only LAN Sage X3 connections trust a company certificate of their own.' };
  }
  const pem = connection.settings.caBundlePem;
  if (typeof pem !== 'string' || pem.trim() === '') {
    return {
      value: null,
      reason: 'The connection trusts the system certificate authorities only; no CA bundle is kept.',
    };
  }
  try {
    const expiries = certificatesIn(pem).map((certificate) => Date.parse(new X509Certificate(certificate).validTo));
    return { value: new Date(Math.min(...expiries)).toISOString(), reason: null };
  } catch (error) {
    return { value: null, reason: error instanceof Error ? error.message : String(error) };
  }
}
