import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Connection, OAuth2 } from 'jsforce';
import { type SecretVault, secretReference } from '../../secrets/keychain.js';
import { ConnectorError } from '../shared/connectorError.js';
import { listenForRedirect } from '../shared/loopbackRedirect.js';
import { RateGovernor } from '../shared/rateGovernor.js';
import { asSalesforceError } from './errors.js';
import { SALESFORCE_SECRET_NAMES, type SalesforceConnectionSettings } from './settings.js';
import { GovernedTransport } from './transport.js';

export interface SalesforceAuthorizationOptions {
  readonly connectionId: string;
  readonly settings: SalesforceConnectionSettings;
  readonly secrets: SecretVault;
  /** Opens the consent page in the user's browser (the desktop shell's `shell.openExternal`, or printing it). */
  readonly openBrowser: (url: string) => void | Promise<void>;
  /** How long to wait for the user to approve. Default 5 minutes. */
  readonly timeoutMs?: number | undefined;
  readonly signal?: AbortSignal | undefined;
}

/** What an authorisation yields that is not secret: it goes into the connection's settings. */
export interface SalesforceAuthorization {
  readonly instanceUrl: string;
  readonly organizationId: string;
  readonly userId: string;
}

/**
 * The OAuth 2.0 web-server flow with PKCE for a desktop app, through jsforce's OAuth2: a one-shot listener on
 * 127.0.0.1 at the redirect URI's port, the consent page opened in the browser with a random `state`, the code
 * exchanged with the PKCE verifier (jsforce sends `code_challenge` without a method, which Salesforce reads as
 * S256), and the tokens stored in the keychain. The client secret, when the connected app has one, must already be
 * in the keychain.
 */
export async function authorizeSalesforce(options: SalesforceAuthorizationOptions): Promise<SalesforceAuthorization> {
  const { settings, secrets, connectionId } = options;
  const listener = await listenForRedirect(settings.redirectUri, {
    system: 'salesforce',
    otherRedirect: 'register another loopback callback URL on the connected app and set it as the redirect URI',
    timeoutMs: options.timeoutMs,
    signal: options.signal,
  });
  try {
    const clientSecret = await secrets.read(secretReference(connectionId, SALESFORCE_SECRET_NAMES.clientSecret));
    const oauth2 = new OAuth2({
      loginUrl: settings.loginUrl,
      clientId: settings.clientId,
      ...(clientSecret === null ? {} : { clientSecret }),
      redirectUri: listener.redirectUri,
      useVerifier: true,
    });
    const transport = new GovernedTransport({
      governor: new RateGovernor({ system: 'salesforce', connectionId }),
      retry: { maxAttempts: 2 },
      timeoutMs: settings.timeoutMs,
      caBundlePem: settings.caBundlePem,
      passUnauthorized: false,
    });
    oauth2._transport = transport;
    const state = randomBytes(24).toString('base64url');
    await options.openBrowser(oauth2.getAuthorizationUrl({ scope: settings.scopes.join(' '), state }));
    const callback = new URL(await listener.callback);
    const error = callback.searchParams.get('error');
    if (error !== null) {
      throw asSalesforceError(
        Object.assign(new Error(callback.searchParams.get('error_description') ?? error), { errorCode: error }),
      );
    }
    if (!sameText(callback.searchParams.get('state') ?? '', state)) {
      throw new ConnectorError({
        kind: 'authentication',
        system: 'salesforce',
        message:
          'The Salesforce sign-in answer did not belong to this request (its state differs): start connecting again.',
      });
    }
    const code = callback.searchParams.get('code');
    if (code === null || code === '') {
      throw new ConnectorError({
        kind: 'authentication',
        system: 'salesforce',
        message: 'Salesforce returned no authorisation code: start connecting again and approve access.',
      });
    }
    const connection = new Connection({ oauth2, version: settings.apiVersion });
    connection._transport = transport;
    let userInfo: { id: string; organizationId: string };
    try {
      userInfo = await connection.authorize(code);
    } catch (failure) {
      throw asSalesforceError(failure, transport.lastFailure);
    }
    if (!connection.refreshToken) {
      throw new ConnectorError({
        kind: 'configuration',
        system: 'salesforce',
        message:
          "Salesforce issued no refresh token: add the 'refresh_token, offline_access' scope to the connected app and to the connection's scopes, then connect again.",
      });
    }
    await secrets.store(secretReference(connectionId, SALESFORCE_SECRET_NAMES.refreshToken), connection.refreshToken);
    await secrets.store(
      secretReference(connectionId, SALESFORCE_SECRET_NAMES.accessToken),
      connection.accessToken ?? '',
    );
    return { instanceUrl: connection.instanceUrl, organizationId: userInfo.organizationId, userId: userInfo.id };
  } finally {
    await listener.close();
  }
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
