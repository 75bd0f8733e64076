import { createServer as createHttpServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import { type AddressInfo, connect, createServer as createTcpServer, type Server, type Socket } from 'node:net';

/**
 * What a sync process does on the wire, as seen between it and the sandboxes: every Sage X3 request it sends (the
 * X3 traffic is TLS, so a request is counted by the client's writes on the tunnel), every Xero read, and each Xero
 * write at three moments — sent to Xero, answered by Xero but not yet seen by the sync, and handed to the sync.
 */
export type WireEvent = 'x3-request' | 'xero-read' | 'xero-write-sent' | 'xero-write-answered' | 'xero-write-handed';
export const WIRE_EVENTS: readonly WireEvent[] = [
  'x3-request',
  'xero-read',
  'xero-write-sent',
  'xero-write-answered',
  'xero-write-handed',
];

/** Called on each event with its count since the last reset; an `xero-write-answered` answer waits for it. */
export type WireListener = (event: WireEvent, count: number) => void | Promise<void>;

export interface WireTap {
  /** Xero's API root through the tap (the connection's `apiBasePath`). */
  readonly xeroApiBasePath: string;
  /** Sage X3's server through the tap (the connection's `baseUrl`). */
  readonly x3BaseUrl: string;
  readonly counts: Readonly<Record<WireEvent, number>>;
  /** Counts from zero again and listens anew, e.g. for each sync process started. */
  reset(listener?: WireListener): void;
  close(): Promise<void>;
}

export async function startWireTap(options: { xeroApiBasePath: string; x3BaseUrl: string }): Promise<WireTap> {
  const counts = Object.fromEntries(WIRE_EVENTS.map((event) => [event, 0])) as Record<WireEvent, number>;
  let listener: WireListener = () => {};
  // Each reset starts a generation: what a killed process's connections still do afterwards is not counted.
  let generation = 0;
  const emitter = () => {
    const born = generation;
    return async (event: WireEvent) => {
      if (born !== generation) return;
      counts[event] += 1;
      await listener(event, counts[event]);
    };
  };
  const xero = new URL(options.xeroApiBasePath);
  const x3 = new URL(options.x3BaseUrl);
  const http = createHttpServer((incoming, outgoing) => {
    relayXero(xero, incoming, outgoing, emitter()).catch(() => outgoing.destroy());
  });
  const sockets = new Set<Socket>();
  const tunnel = createTcpServer((client) => {
    const server = connect(Number(x3.port), x3.hostname);
    for (const socket of [client, server]) {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        server.destroy();
      });
    }
    const emit = emitter();
    client.on('data', (chunk: Buffer) => {
      server.write(chunk);
      // TLS handshakes are small; a request is a record of application data worth counting.
      if (chunk.length > 100) void emit('x3-request');
    });
    server.pipe(client);
  });
  const xeroPort = await listen(http);
  const x3Port = await listen(tunnel);
  return {
    xeroApiBasePath: `http://127.0.0.1:${xeroPort}${xero.pathname}`,
    x3BaseUrl: `${x3.protocol}//127.0.0.1:${x3Port}`,
    counts,
    reset: (next) => {
      generation += 1;
      for (const event of WIRE_EVENTS) counts[event] = 0;
      listener = next ?? (() => {});
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      http.closeAllConnections();
      await Promise.all([close(http), close(tunnel)]);
    },
  };
}

async function relayXero(
  xero: URL,
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  emit: (event: WireEvent) => Promise<void>,
): Promise<void> {
  const body = await readAll(incoming);
  const write = incoming.method !== 'GET' && incoming.method !== 'HEAD';
  if (write) await emit('xero-write-sent');
  else await emit('xero-read');
  const answer = await forward(xero, incoming, body);
  if (write) await emit('xero-write-answered');
  // A process killed while Xero's answer was held never gets it.
  if (outgoing.destroyed || incoming.socket.destroyed) return;
  outgoing.writeHead(answer.status, answer.headers);
  outgoing.end(answer.body);
  if (write) await emit('xero-write-handed');
}

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[]>;
  readonly body: Buffer;
}

function forward(xero: URL, incoming: IncomingMessage, body: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const upstream = request(
      {
        host: xero.hostname,
        port: xero.port,
        method: incoming.method,
        path: incoming.url,
        headers: { ...incoming.headers, host: xero.host },
      },
      (response) => {
        readAll(response).then(
          (answer) =>
            resolve({
              status: response.statusCode ?? 502,
              headers: withoutHopByHop(response.headers),
              body: answer,
            }),
          reject,
        );
      },
    );
    upstream.on('error', reject);
    // A caller that gives up (timeout, SIGKILL) closes its socket: drop the upstream request as a real client would.
    incoming.socket.once('close', () => upstream.destroy());
    upstream.end(body);
  });
}

function withoutHopByHop(headers: IncomingMessage['headers']): Record<string, string | string[]> {
  const kept: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || ['connection', 'keep-alive', 'transfer-encoding'].includes(name)) continue;
    kept[name] = value;
  }
  return kept;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
