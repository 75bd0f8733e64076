import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createKashFlowConnector } from '../../../src/connectors/kashflow/index.js';
import { ConnectorError } from '../../../src/connectors/shared/connectorError.js';
import { secretReference } from '../../../src/secrets/keychain.js';
import { MemoryVault } from '../shared/memoryVault.js';
import { readAll } from './harness.js';

let stub: FastifyInstance | undefined;
afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

/** A server that logs in like KashFlow and then answers lists with whatever the test says. */
async function garbageKashFlow(answers: Record<string, { type: string; body: string }>) {
  const hits: string[] = [];
  stub = Fastify();
  stub.post('/v2/sessiontoken', async (_request, reply) =>
    reply.code(201).send({ TemporaryToken: 't', MemorableWordList: [{ Position: 1, Value: '' }] }),
  );
  stub.put('/v2/sessiontoken', async () => ({ SessionToken: 's', CompanyName: 'Stub Ltd' }));
  for (const [path, answer] of Object.entries(answers)) {
    stub.get(`/v2${path}`, async (_request, reply) => {
      hits.push(path);
      return reply.type(answer.type).send(answer.body);
    });
  }
  await stub.listen({ host: '127.0.0.1', port: 0 });
  const address = stub.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const vault = new MemoryVault();
  const connectionId = randomUUID();
  await vault.store(secretReference(connectionId, 'password'), 'pw');
  await vault.store(secretReference(connectionId, 'memorable_word'), 'word');
  const connector = createKashFlowConnector({
    connectionId,
    settings: { baseUrl: `http://127.0.0.1:${port}/v2`, userName: 'u' },
    secrets: vault,
  });
  return { connector, hits };
}

describe('a malformed KashFlow response', () => {
  it('becomes one ConnectorError naming KashFlow and the endpoint, not a crash deeper in', async () => {
    const { connector, hits } = await garbageKashFlow({
      '/customers': { type: 'application/json', body: JSON.stringify({ MetaData: null, Data: [{ Id: 'seven' }] }) },
      '/invoices': { type: 'text/html', body: '<html><body>502 Bad Gateway</body></html>' },
      '/nominals': { type: 'application/json', body: '{"Message": "not an array"}' },
    });
    const parties = await readAll(connector.read('party')).catch((error: unknown) => error);
    expect(parties).toBeInstanceOf(ConnectorError);
    expect(parties).toMatchObject({ system: 'kashflow', kind: 'validation', context: { endpoint: 'GET /customers' } });
    expect((parties as ConnectorError).message).toMatch(
      /^KashFlow answered GET \/customers with a response Counterpart does not understand \(Data\.0\.Id/,
    );

    const invoices = await readAll(connector.read('invoice')).catch((error: unknown) => error);
    expect(invoices).toMatchObject({
      system: 'kashflow',
      kind: 'configuration',
      context: { endpoint: 'GET /invoices' },
    });
    expect((invoices as ConnectorError).message).toMatch(/not JSON .*check that the connection's base URL/);

    const nominals = await readAll(connector.read('ledgerAccount')).catch((error: unknown) => error);
    expect(nominals).toMatchObject({ kind: 'validation', context: { endpoint: 'GET /nominals' } });
    // Each was asked once: a response KashFlow meant is not retried into the same answer.
    expect(hits).toEqual(['/customers', '/invoices', '/nominals']);
    await connector.close();
  });
});
