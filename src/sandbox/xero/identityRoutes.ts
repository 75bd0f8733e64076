import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type IdentityService, OAuthError, SANDBOX_USER } from './identity.js';
import { problem } from './responses.js';

type Form = Readonly<Record<string, unknown>>;

function field(form: Form, name: string): string | undefined {
  const value = form[name];
  return typeof value === 'string' ? value : undefined;
}

/** Client id and secret from HTTP Basic (client_secret_basic) or the form (client_secret_post, PKCE). */
function clientCredentials(request: FastifyRequest, form: Form): { id?: string; secret?: string } {
  const header = request.headers.authorization;
  if (header?.startsWith('Basic ')) {
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const formDecode = (text: string) => decodeURIComponent(text.replace(/\+/g, ' '));
    return { id: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
  }
  const id = field(form, 'client_id');
  const secret = field(form, 'client_secret');
  return { ...(id !== undefined ? { id } : {}), ...(secret !== undefined ? { secret } : {}) };
}

function oauthFailure(reply: FastifyReply, error: unknown): FastifyReply {
  if (error instanceof OAuthError) return reply.code(error.status).send({ error: error.error });
  throw error;
}

/** Redirect URIs Xero would accept for the sandbox app: any loopback address (desktop apps use one). */
function acceptableRedirect(uri: string | undefined): boolean {
  if (!uri) return false;
  try {
    const url = new URL(uri);
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)
    );
  } catch {
    return false;
  }
}

export function registerIdentityRoutes(app: FastifyInstance, identity: IdentityService): void {
  app.get('/.well-known/openid-configuration', async () => identity.discovery());
  app.get('/.well-known/openid-configuration/jwks', async () => ({ keys: [identity.publicJwk] }));

  app.get('/identity/connect/authorize', async (request, reply) => {
    const query = request.query as Form;
    const redirectUri = field(query, 'redirect_uri');
    if (!identity.client(field(query, 'client_id')) || !acceptableRedirect(redirectUri) || !redirectUri) {
      // Xero shows an error page rather than redirecting when the client or redirect URI is wrong.
      return reply
        .code(400)
        .type('text/html; charset=utf-8')
        .send('<html><body><h1>Error</h1><p>unauthorized_client: Invalid redirect_uri or client_id</p></body></html>');
    }
    const target = new URL(redirectUri);
    const state = field(query, 'state');
    try {
      if (field(query, 'response_type') !== 'code') throw new OAuthError('unsupported_response_type', 'code only');
      const code = identity.authorize({
        clientId: field(query, 'client_id') ?? '',
        redirectUri,
        scopes: (field(query, 'scope') ?? '').split(/[\s+]+/).filter((s) => s !== ''),
        challenge: field(query, 'code_challenge'),
        challengeMethod:
          field(query, 'code_challenge_method') ?? (field(query, 'code_challenge') ? 'plain' : undefined),
        nonce: field(query, 'nonce'),
      });
      target.searchParams.set('code', code);
      target.searchParams.set('scope', field(query, 'scope') ?? '');
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      target.searchParams.set('error', error.error);
    }
    if (state !== undefined) target.searchParams.set('state', state);
    target.searchParams.set('session_state', 'sandbox');
    return reply.redirect(target.toString(), 302);
  });

  app.post('/connect/token', async (request, reply) => {
    const form = (request.body ?? {}) as Form;
    const { id, secret } = clientCredentials(request, form);
    try {
      const grantType = field(form, 'grant_type');
      const verifier = field(form, 'code_verifier');
      const client = identity.authenticateClient(id, secret, verifier !== undefined || grantType === 'refresh_token');
      reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
      if (grantType === 'authorization_code') {
        return await identity.exchangeCode(client, field(form, 'code') ?? '', field(form, 'redirect_uri'), verifier);
      }
      if (grantType === 'refresh_token') return await identity.refresh(client, field(form, 'refresh_token') ?? '');
      if (grantType === 'client_credentials') {
        const scopes = (field(form, 'scope') ?? '').split(/\s+/).filter((s) => s !== '');
        return await identity.clientCredentials(client, scopes);
      }
      throw new OAuthError('unsupported_grant_type', 'unsupported_grant_type');
    } catch (error) {
      return oauthFailure(reply, error);
    }
  });

  app.post('/connect/revocation', async (request, reply) => {
    const form = (request.body ?? {}) as Form;
    const { id, secret } = clientCredentials(request, form);
    try {
      const client = identity.authenticateClient(id, secret, true);
      identity.revoke(client, field(form, 'token') ?? '');
      return reply.code(200).send();
    } catch (error) {
      return oauthFailure(reply, error);
    }
  });

  app.get('/connect/userinfo', async (request, reply) => {
    try {
      await identity.verifyAccessToken(bearer(request) ?? '');
    } catch {
      return reply.code(401).send();
    }
    return {
      sub: SANDBOX_USER.userId,
      xero_userid: SANDBOX_USER.userId,
      preferred_username: SANDBOX_USER.email,
      email: SANDBOX_USER.email,
      given_name: SANDBOX_USER.givenName,
      family_name: SANDBOX_USER.familyName,
      name: `${SANDBOX_USER.givenName} ${SANDBOX_USER.familyName}`,
    };
  });

  app.get('/connections', async (request, reply) => {
    const claims = await authenticate(identity, request, reply);
    if (!claims) return reply;
    const authEventId = field(request.query as Form, 'authEventId');
    return identity.connectionsOf(claims.clientId).filter((c) => !authEventId || c.authEventId === authEventId);
  });

  app.delete('/connections/:id', async (request, reply) => {
    const claims = await authenticate(identity, request, reply);
    if (!claims) return reply;
    const { id } = request.params as { id: string };
    if (!identity.disconnect(claims.clientId, id))
      return reply.code(404).send(problem(404, 'Not Found', 'Connection not found'));
    return reply.code(204).send();
  });
}

export function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return header?.toLowerCase().startsWith('bearer ') ? header.slice(7).trim() : undefined;
}

/** Verifies the bearer token or answers 401 the way Xero does (problem JSON naming the cause). */
export async function authenticate(
  identity: IdentityService,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<Awaited<ReturnType<IdentityService['verifyAccessToken']>> | undefined> {
  const token = bearer(request);
  try {
    if (!token) throw new OAuthError('AuthenticationUnsuccessful', 'AuthenticationUnsuccessful', 401);
    return await identity.verifyAccessToken(token);
  } catch (error) {
    const detail = error instanceof OAuthError ? error.description : 'AuthenticationUnsuccessful';
    reply
      .code(401)
      .header('www-authenticate', 'Bearer error="invalid_token"')
      .send(problem(401, 'Unauthorized', detail));
    return undefined;
  }
}
