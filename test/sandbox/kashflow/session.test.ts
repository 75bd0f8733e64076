import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.js';
import { KashFlowTestClient, type KfError, type TemporaryTokenResponse } from './kashflowClient.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.sandbox.close();
  harness = undefined;
});

describe('KashFlow sandbox: two-step session token', () => {
  it('asks for three 1-based memorable-word positions and issues a session token for the right characters', async () => {
    harness = await startHarness();
    const { client, credentials } = harness;
    const step1 = await client.raw<TemporaryTokenResponse>('POST', '/sessiontoken', {
      UserName: credentials.userName,
      Password: credentials.password,
    });
    expect(step1.status).toBe(201);
    expect(step1.body.TemporaryToken).toMatch(/^[0-9a-f-]{36}$/);
    const positions = step1.body.MemorableWordList.map((c) => c.Position);
    expect(positions).toHaveLength(3);
    expect(positions.every((p) => p >= 1 && p <= credentials.memorableWord.length)).toBe(true);
    expect(step1.body.MemorableWordList.every((c) => c.Value === '')).toBe(true);

    // Characters are case-insensitive.
    const step2 = await client.raw<{ SessionToken: string; CompanyName: string }>('PUT', '/sessiontoken', {
      TemporaryToken: step1.body.TemporaryToken,
      MemorableWordList: positions.map((Position) => ({
        Position,
        Value: credentials.memorableWord.charAt(Position - 1).toUpperCase(),
      })),
      KeepUserLoggedIn: false,
    });
    expect(step2.status).toBe(200);
    expect(step2.body.SessionToken).toBeTruthy();
    expect(step2.body.CompanyName).toBe('Counterpart Demo Ltd');

    const ok = await client.raw('GET', '/customers', undefined, step2.body.SessionToken);
    expect(ok.status).toBe(200);
  });

  it('refuses a wrong password and wrong characters with {Message, Error}, burning the temporary token', async () => {
    harness = await startHarness();
    const { client, credentials } = harness;
    const wrong = await client.raw<KfError>('POST', '/sessiontoken', { UserName: credentials.userName, Password: 'x' });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toEqual({ Message: expect.any(String), Error: 'InvalidCredentials' });

    const step1 = await client.raw<TemporaryTokenResponse>('POST', '/sessiontoken', {
      UserName: credentials.userName,
      Password: credentials.password,
    });
    const answer = (value: string) =>
      client.raw<KfError>('PUT', '/sessiontoken', {
        TemporaryToken: step1.body.TemporaryToken,
        MemorableWordList: step1.body.MemorableWordList.map(({ Position }) => ({ Position, Value: value })),
      });
    const bad = await answer('#');
    expect(bad.status).toBe(400);
    expect(bad.body.Error).toBe('InvalidMemorableWord');
    const retried = await answer('#');
    expect(retried.body.Error).toBe('InvalidTemporaryToken');
  });

  it('accepts only the KfToken scheme and answers 401 InvalidSessionToken otherwise', async () => {
    harness = await startHarness();
    const token = await harness.client.login();
    const url = `${harness.credentials.baseUrl}/customers`;
    for (const authorization of [undefined, `Bearer ${token}`, 'KfToken not-a-token']) {
      const response = await fetch(url, { headers: authorization ? { Authorization: authorization } : {} });
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({
        Error: 'InvalidSessionToken',
        Message: 'Session token provided is invalid.',
      });
    }
    harness.sandbox.configure({ acceptBearerScheme: true });
    expect((await fetch(url, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
  });

  it('expires an idle session on the sandbox clock and a client logs in again', async () => {
    // 60 idle minutes last one real second at this scale.
    harness = await startHarness({ timeScale: 3_600 });
    const token = await harness.client.login();
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const stale = await harness.client.raw<KfError>('GET', '/customers', undefined, token);
    expect(stale.status).toBe(401);
    expect(stale.body.Error).toBe('InvalidSessionToken');

    const list = await harness.client.get<{ Data: unknown[] }>('/customers');
    expect(Array.isArray(list.Data)).toBe(true);
    expect(harness.client.logins).toBe(2);
  });

  it('keeps a session alive while it is used', async () => {
    harness = await startHarness({ timeScale: 600 }); // 60 idle minutes = 6 s
    const client = new KashFlowTestClient(harness.credentials, { reloginOnInvalidSession: false });
    await client.login();
    for (let i = 0; i < 3; i++) expect((await client.call('GET', '/nominals')).status).toBe(200);
    expect(client.logins).toBe(1);
  });

  it('logs out with DELETE /sessiontoken/{token}', async () => {
    harness = await startHarness();
    const token = await harness.client.login();
    expect(await harness.client.logout()).toBe(200);
    const after = await harness.client.raw<KfError>('GET', '/customers', undefined, token);
    expect(after.status).toBe(401);
  });

  it('locks the account after the configured number of failed logins', async () => {
    harness = await startHarness({ settings: { lockAfterFailedLogins: 2, loginFailureStatus: 401 } });
    const { client, credentials } = harness;
    for (let i = 0; i < 2; i++) {
      const wrong = await client.raw<KfError>('POST', '/sessiontoken', {
        UserName: credentials.userName,
        Password: 'no',
      });
      expect(wrong.status).toBe(401);
    }
    const locked = await client.raw<KfError>('POST', '/sessiontoken', {
      UserName: credentials.userName,
      Password: credentials.password,
    });
    expect(locked.body.Error).toBe('AccountLocked');
  });

  it('matches JSON property names case-insensitively, as ASP.NET binding does', async () => {
    harness = await startHarness();
    const { client, credentials } = harness;
    const step1 = await client.raw<TemporaryTokenResponse>('POST', '/sessiontoken', {
      username: credentials.userName,
      password: credentials.password,
    });
    expect(step1.status).toBe(201);
  });
});
