import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { signConnectedAppJwt } from '../../../src/sandbox/sagex3/index.js';
import { startX3, x3Path } from './harness.js';

describe('Sage X3 authentication', () => {
  it('requires Basic credentials of an X3 user', async () => {
    const x3 = await startX3();
    const path = x3Path('TABVAT', '$query');
    const none = await x3.call(path, { headers: { authorization: '' } });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Basic/);
    const wrong = await x3.call(path, {
      headers: { authorization: `Basic ${Buffer.from('ADMIN:wrong').toString('base64')}` },
    });
    expect(wrong.status).toBe(401);
    expect((await x3.call(path)).status).toBe(200);
  });

  it('accepts a connected-app JWT signed with the client secret and stamps its user', async () => {
    const x3 = await startX3({
      settings: { users: { ADMIN: 'pw', JANE: 'pw2' }, connectedApp: { allowedUsers: ['JANE'] } },
    });
    const credentials = x3.sandbox.credentials as Record<string, string>;
    const token = await signConnectedAppJwt({
      clientId: credentials.clientId as string,
      clientSecret: credentials.clientSecret as string,
      user: credentials.jwtUser as string,
      audience: credentials.jwtAudience as string,
    });
    const created = await x3.call(x3Path('BPCUSTOMER', '$create'), {
      method: 'POST',
      body: { BPCNUM: 'J1', BPCNAM: 'Jwt Ltd' },
      headers: { authorization: `Bearer ${token}` },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ CREUSR: 'JANE', UPDUSR: 'JANE' });
  });

  it('answers "Error NN: Invalid token" for each kind of bad JWT', async () => {
    const x3 = await startX3({ settings: { connectedApp: { audience: 'https://x3.example/xtrem/api' } } });
    const credentials = x3.sandbox.credentials as Record<string, string>;
    const base = {
      clientId: credentials.clientId as string,
      clientSecret: credentials.clientSecret as string,
      user: 'ADMIN',
      audience: 'https://x3.example/xtrem/api',
    };
    const attempt = async (token: string): Promise<string> => {
      const response = await x3.call(x3Path('TABVAT', '$query'), { headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(401);
      return response.text;
    };
    expect(await attempt(await signConnectedAppJwt({ ...base, clientId: 'someone-else' }))).toBe(
      'Error 41: Invalid token',
    );
    expect(await attempt(await signConnectedAppJwt({ ...base, user: 'INTRUDER' }))).toBe('Error 42: Invalid token');
    expect(await attempt(await signConnectedAppJwt({ ...base, audience: '' }))).toBe('Error 45: Invalid token');
    expect(
      await attempt(await signConnectedAppJwt({ ...base, clientSecret: 'a-different-secret-of-enough-length' })),
    ).toBe('Error 50: Invalid token');
    expect(await attempt(await signConnectedAppJwt({ ...base, lifetimeSeconds: 3600 }))).toBe(
      'Error 50: Invalid token',
    );
    expect(await attempt(await signConnectedAppJwt({ ...base, now: new Date(Date.now() + 120_000) }))).toBe(
      'Error 21: Invalid token',
    );
    const none = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS512' })
      .setIssuer(base.clientId)
      .setSubject('ADMIN')
      .setAudience(base.audience)
      .setIssuedAt()
      .setExpirationTime('1m')
      .sign(new TextEncoder().encode(base.clientSecret));
    expect(await attempt(none)).toBe('Error 50: Invalid token');
  });

  it('expires tokens on the scaled clock', async () => {
    // 60× faster: a 6-second token lasts 100 ms after its issuing second.
    const x3 = await startX3({}, 60);
    const credentials = x3.sandbox.credentials as Record<string, string>;
    const token = await signConnectedAppJwt({
      clientId: credentials.clientId as string,
      clientSecret: credentials.clientSecret as string,
      user: 'ADMIN',
      audience: '',
      lifetimeSeconds: 6,
    });
    const headers = { authorization: `Bearer ${token}` };
    expect((await x3.call(x3Path('TABVAT', '$query'), { headers })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const expired = await x3.call(x3Path('TABVAT', '$query'), { headers });
    expect(expired.status).toBe(401);
    expect(expired.text).toBe('Error 50: Invalid token');
  });

  it('can answer JWT failures inside $diagnoses and switch Basic off', async () => {
    const x3 = await startX3({ settings: { auth: ['bearer'], connectedApp: { errorBody: 'diagnoses' } } });
    const basicOnly = await x3.call(x3Path('TABVAT', '$query'));
    expect(basicOnly.status).toBe(401);
    const bad = await x3.call(x3Path('TABVAT', '$query'), { headers: { authorization: 'Bearer not-a-jwt' } });
    expect(bad.body).toEqual({ $diagnoses: [{ $severity: 'error', $message: 'Error 50: Invalid token' }] });
  });
});
