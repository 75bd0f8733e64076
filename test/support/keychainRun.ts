import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import pino from 'pino';
import { expect } from 'vitest';
import type { ConnectionCheck, Connector, Entity } from '../../src/connectors/connector.js';
import { IncrementalReader } from '../../src/connectors/shared/incrementalReader.js';
import type { RetryEvent } from '../../src/connectors/shared/retryPolicy.js';
import { OsKeychain, type SecretVault } from '../../src/secrets/keychain.js';
import type { Workspace } from '../../src/store/workspace.js';

/**
 * The real OS keychain under a service name of its own (so runs never meet each other's entries), noting every value
 * stored through it so a secret scan looks for every token ever issued.
 */
export class RecordingKeychain implements SecretVault {
  readonly stored = new Set<string>();
  constructor(private readonly keychain: SecretVault = new OsKeychain(`Counterpart test ${randomUUID()}`)) {}
  async store(reference: string, secret: string): Promise<void> {
    this.stored.add(secret);
    await this.keychain.store(reference, secret);
  }
  read(reference: string): Promise<string | null> {
    return this.keychain.read(reference);
  }
  remove(reference: string): Promise<boolean> {
    return this.keychain.remove(reference);
  }
}

export type CapturedLog = ReturnType<typeof capturedLog>;

/** A pino logger whose output the test can read, as the app's logs would be. */
export function capturedLog() {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  const logger = pino({ level: 'trace' }, stream);
  return {
    logger,
    text: () => text,
    /** An `onRetry` that logs each retry with the error it carries. */
    retries: (event: RetryEvent) => logger.warn({ error: event.error, attempt: event.attempt }, 'retrying'),
    /** Logs a refused Test connection with everything its error carries. */
    refusal: (refused: ConnectionCheck) =>
      logger.error(
        { refused, error: refused.ok ? undefined : { ...refused.error, message: refused.error.message } },
        'refused',
      ),
  };
}

/** Reads each entity to the end through the reader, acknowledging every page and logging pages and summaries. */
export async function readAndLog(
  reader: IncrementalReader,
  entities: readonly Entity[],
  log: CapturedLog,
  pageDetail: (records: readonly unknown[]) => unknown = (records) => records,
): Promise<void> {
  for (const entity of entities) {
    const read = reader.read(entity);
    for await (const page of read) {
      log.logger.debug({ entity, records: pageDetail(page.records) }, 'read page');
      page.acknowledge();
    }
    log.logger.info({ summary: read.summary() }, `read ${entity}`);
  }
}

/**
 * Test connection (which must pass), then every entity read to the end through an IncrementalReader on the
 * workspace's cursors, all logged. Returns the reader, for a later incremental read.
 */
export async function checkThenRead(
  connector: Connector,
  workspace: Workspace,
  connectionId: string,
  entities: readonly Entity[],
  log: CapturedLog,
  pageDetail?: (records: readonly unknown[]) => unknown,
): Promise<IncrementalReader> {
  const check = await connector.testConnection();
  log.logger.info({ check }, 'test connection');
  expect(check.ok).toBe(true);
  const reader = new IncrementalReader({ connector, connectionId, cursors: workspace.readCursors, lookBackMs: 60_000 });
  await readAndLog(reader, entities, log, pageDetail);
  return reader;
}
