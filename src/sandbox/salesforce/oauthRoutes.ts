import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { OAuthError, type TokenAuthority } from './auth.js';
import type { SalesforceSettings } from './settings.js';

const JSON_TYPE = 'application/json;charset=UTF-8';

/** The login server's endpoints: authorize, token, revoke, and the identity URL / userinfo. */
export function registerOAuthRoutes(
  app: FastifyInstance,
  auth: TokenAuthority,
  settings: SalesforceSettings,
  baseUrl: () => string,
): void {
  app.get('/services/oauth2/authorize', async (request, reply) => {
    try {
      return reply.redirect(auth.authorize(stringRecord(request.query)), 302);
    } catch (error) {
      return oauthFailure(reply, error);
    }
  });
  app.post('/services/oauth2/token', async (request, reply) => {
    try {
      return reply.type(JSON_TYPE).send(auth.token(stringRecord(request.body)));
    } catch (error) {
      return oauthFailure(reply, error);
    }
  });
  app.post('/services/oauth2/revoke', async (request, reply) => {
    const token = stringRecord(request.body).token ?? stringRecord(request.query).token ?? '';
    if (!auth.revoke(token)) {
      return reply
        .code(400)
        .type(JSON_TYPE)
        .send({ error: 'unsupported_token_type', error_description: 'this token type is not supported' });
    }
    return reply.code(200).send();
  });
  const identity = async (request: FastifyRequest, reply: FastifyReply) => {
    const token = stringRecord(request.query).oauth_token;
    const session = auth.session(request.headers.authorization ?? (token ? `Bearer ${token}` : undefined));
    if (!session) return reply.code(403).type(JSON_TYPE).send('Bad_OAuth_Token');
    return reply.type(JSON_TYPE).send(identityBody(settings, auth.identityUrl(), baseUrl()));
  };
  app.get('/id/:orgId/:userId', identity);
  app.get('/services/oauth2/userinfo', identity);
}

function oauthFailure(reply: FastifyReply, error: unknown): FastifyReply {
  if (error instanceof OAuthError) {
    return reply.code(error.status).type(JSON_TYPE).send({ error: error.error, error_description: error.description });
  }
  throw error;
}

function identityBody(settings: SalesforceSettings, id: string, baseUrl: string): Record<string, unknown> {
  return {
    id,
    asserted_user: true,
    user_id: settings.userId,
    organization_id: settings.orgId,
    username: settings.username,
    nick_name: 'integration',
    display_name: 'Integration User',
    email: settings.username,
    email_verified: true,
    first_name: 'Integration',
    last_name: 'User',
    timezone: 'GMT',
    active: true,
    user_type: 'STANDARD',
    language: 'en_US',
    locale: 'en_GB',
    utcOffset: settings.utcOffsetMinutes * 60_000,
    urls: {
      enterprise: `${baseUrl}/services/Soap/c/{version}/${settings.orgId.slice(0, 15)}`,
      partner: `${baseUrl}/services/Soap/u/{version}/${settings.orgId.slice(0, 15)}`,
      rest: `${baseUrl}/services/data/v{version}/`,
      sobjects: `${baseUrl}/services/data/v{version}/sobjects/`,
      search: `${baseUrl}/services/data/v{version}/search/`,
      query: `${baseUrl}/services/data/v{version}/query/`,
      profile: `${baseUrl}/${settings.userId}`,
    },
    is_app_installed: true,
    last_modified_date: '2026-01-01T00:00:00.000+0000',
  };
}

function stringRecord(value: unknown): Record<string, string | undefined> {
  if (!value || typeof value !== 'object') return {};
  const out: Record<string, string | undefined> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry === 'string') out[key] = entry;
    else if (Array.isArray(entry) && typeof entry[0] === 'string') out[key] = entry[0];
  }
  return out;
}
