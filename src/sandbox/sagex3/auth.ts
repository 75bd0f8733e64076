import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { compactVerify, decodeJwt, type JWTPayload, SignJWT } from 'jose';
import type { SandboxClock } from '../shared/clock.js';
import { setRequestUser, type X3Context } from './context.js';
import { diagnosesBody } from './errors.js';
import type { SageX3Settings } from './settings.js';

/** Why a request was refused, and the body X3 gives for it. */
export interface AuthFailure {
  readonly ok: false;
  readonly message: string;
  readonly scheme: 'basic' | 'bearer';
}
export type AuthResult = { readonly ok: true; readonly user: string } | AuthFailure;

/**
 * On-premises X3 accepts Basic (an X3 login) and, for connected applications, a JWT the client signs itself with
 * HS256 and the app's secret (no token endpoint): iss = client id, sub = an allowed login, aud = the configured
 * audience, exp no later than iat + the configured validity. With `--time-scale`, a token's life shrinks too: it
 * expires `(exp - iat) / scale` real seconds after the end of its `iat` second.
 */
export async function authenticate(
  header: string | undefined,
  settings: SageX3Settings,
  clock: SandboxClock,
): Promise<AuthResult> {
  const [scheme = '', credentials = ''] = (header ?? '').split(/\s+/, 2);
  const kind = scheme.toLowerCase();
  if (kind === 'basic' && settings.auth.includes('basic')) return basic(credentials, settings);
  if (kind === 'bearer' && settings.auth.includes('bearer')) return bearer(credentials, settings, clock);
  return {
    ok: false,
    scheme: settings.auth.includes('basic') ? 'basic' : 'bearer',
    message: 'Authentication required.',
  };
}

function basic(credentials: string, settings: SageX3Settings): AuthResult {
  const decoded = Buffer.from(credentials, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const user = colon < 0 ? decoded : decoded.slice(0, colon);
  const password = colon < 0 ? '' : decoded.slice(colon + 1);
  const expected = Object.hasOwn(settings.users, user) ? settings.users[user] : undefined;
  if (expected === undefined || !sameText(password, expected)) {
    return { ok: false, scheme: 'basic', message: 'Invalid user or password.' };
  }
  return { ok: true, user };
}

async function bearer(token: string, settings: SageX3Settings, clock: SandboxClock): Promise<AuthResult> {
  const app = settings.connectedApp;
  const fail = (code: number): AuthFailure => ({
    ok: false,
    scheme: 'bearer',
    message: `Error ${code}: Invalid token`,
  });
  let claims: JWTPayload;
  try {
    claims = decodeJwt(token);
  } catch {
    return fail(app.errorCodes.badSignatureOrExpired);
  }
  if (claims.iss !== app.clientId) return fail(app.errorCodes.unknownClient);
  if (typeof claims.sub !== 'string' || !app.allowedUsers.includes(claims.sub))
    return fail(app.errorCodes.userNotAllowed);
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud ?? ''];
  if (!audiences.includes(app.audience)) return fail(app.errorCodes.audienceMismatch);
  try {
    await compactVerify(token, new TextEncoder().encode(app.clientSecret), { algorithms: ['HS256'] });
  } catch {
    return fail(app.errorCodes.badSignatureOrExpired);
  }
  const { iat, exp } = claims;
  if (typeof iat !== 'number' || typeof exp !== 'number' || exp <= iat)
    return fail(app.errorCodes.badSignatureOrExpired);
  if (exp - iat > app.tokenValiditySeconds) return fail(app.errorCodes.badSignatureOrExpired);
  const now = clock.now().getTime();
  if (iat * 1000 > now + app.clockSkewSeconds * 1000) return fail(app.errorCodes.issuedInFuture);
  // iat has whole seconds, so the issuing second counts in full before the (scaled) lifetime starts to run.
  if (now >= (iat + 1) * 1000 + clock.realDuration((exp - iat) * 1000))
    return fail(app.errorCodes.badSignatureOrExpired);
  return { ok: true, user: claims.sub };
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Signs a connected-app JWT the way a client does (for tests, the demo and our own connector's checks).
 * `lifetimeSeconds` defaults to the sample's 60 s.
 */
export async function signConnectedAppJwt(options: {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly user: string;
  readonly audience: string;
  readonly lifetimeSeconds?: number;
  readonly now?: Date;
}): Promise<string> {
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(options.clientId)
    .setSubject(options.user)
    .setAudience(options.audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + (options.lifetimeSeconds ?? 60))
    .sign(new TextEncoder().encode(options.clientSecret));
}

/** Every api1 and GraphQL request must authenticate; the user is remembered for CREUSR/UPDUSR. */
export function installAuth(app: FastifyInstance, context: X3Context): void {
  app.addHook('onRequest', async (request, reply) => {
    const path = request.url;
    if (!path.startsWith('/api1/') && !path.startsWith('/xtrem/')) return;
    const result = await authenticate(request.headers.authorization, context.settings, context.clock);
    if (result.ok) {
      setRequestUser(request, result.user);
      return;
    }
    reply.code(401);
    if (result.scheme === 'basic') reply.header('www-authenticate', 'Basic realm="Sage X3"');
    else reply.header('www-authenticate', 'Bearer');
    if (result.scheme === 'bearer' && context.settings.connectedApp.errorBody === 'text') {
      return reply.type('text/plain; charset=utf-8').send(result.message);
    }
    return reply.send(diagnosesBody([result.message]));
  });
}
