import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Whether `x-xero-signature` is the base64 HMAC-SHA256 of the exact body bytes under the app's webhook key.
 * Compared in constant time, so a forger learns nothing from how fast a guess is refused.
 */
export function isXeroSignatureValid(rawBody: Buffer, signature: string | undefined, webhookKey: string): boolean {
  if (signature === undefined || signature === '') return false;
  const expected = createHmac('sha256', webhookKey).update(rawBody).digest();
  const given = Buffer.from(signature, 'base64');
  // Node's base64 decoder skips stray characters; only the canonical spelling of the digest is accepted.
  if (given.toString('base64') !== signature) return false;
  return given.length === expected.length && timingSafeEqual(given, expected);
}
