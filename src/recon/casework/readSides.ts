import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { descriptorFor } from '../../connections/connectorRegistry.js';
import type { CanonicalRecords, Connector } from '../../connectors/connector.js';
import { CounterpartError } from '../../errors.js';
import type { SecretVault } from '../../secrets/keychain.js';
import type { ConnectionRepository } from '../../store/repositories/connections.js';
import type { StoredSide } from '../../store/repositories/reconciliations.js';
import { readRecordFile } from '../input/readFile.js';
import { settingsFor } from '../settings.js';
import { canonicalValuesAt, type RecordTable, recordTableFrom } from '../table.js';
import { canonicalValuesOf, recordDateOf } from './canonicalValues.js';
import { engineEntityOf, type ReconEntityName } from './entities.js';

/** One side as read: the engine's table and, for each of its records, what is kept as the record's original. */
export interface SideRead {
  readonly description: StoredSide;
  readonly table: RecordTable;
  /** The canonical record (connections) or the file row's canonical values (files), by table index. */
  readonly originals: readonly unknown[];
}

export type SideRequest =
  | { readonly connectionId: string }
  | { readonly file: { readonly name: string; readonly contentBase64: string } };

export interface SideReadContext {
  readonly entity: ReconEntityName;
  readonly period: { readonly start: string; readonly end: string };
  readonly connections: ConnectionRepository;
  readonly vault: SecretVault;
  readonly signal: AbortSignal;
  /** Records read so far, for progress. */
  readonly onRecords: (count: number) => void;
}

/** How a side is described before it is read: a connection by its name and system, a file by its name. */
export function describeSide(request: SideRequest, connections: ConnectionRepository): StoredSide {
  if ('file' in request) return { kind: 'file', label: request.file.name, connectionId: null, system: null };
  const connection = connections.require(request.connectionId);
  return { kind: 'connection', label: connection.name, connectionId: connection.id, system: connection.system };
}

export function readSide(request: SideRequest, context: SideReadContext): Promise<SideRead> {
  return 'file' in request ? readFileSide(request.file, context) : readConnectionSide(request.connectionId, context);
}

/**
 * An uploaded export: written to a private temporary folder under its own name (so messages name the file the
 * person chose) and read by the same readers as `counterpart recon`; the copy is removed straight after.
 */
async function readFileSide(
  file: { name: string; contentBase64: string },
  context: SideReadContext,
): Promise<SideRead> {
  const folder = await mkdtemp(join(tmpdir(), 'counterpart-recon-'));
  try {
    const path = join(folder, file.name);
    await writeFile(path, Buffer.from(file.contentBase64, 'base64'));
    const entity = engineEntityOf(context.entity);
    const settings = settingsFor(entity);
    const table = await readRecordFile(path, entity, {
      explicitMap: new Map(),
      defaultCurrency: settings.defaultCurrency,
      monthFirst: settings.monthFirst,
      onRows: context.onRecords,
    });
    if (table.size === 0 && table.issues.length === 0) {
      throw new CounterpartError('recon.empty_file', `${file.name} has a header but no records.`, { file: file.name });
    }
    const originals = Array.from({ length: table.size }, (_, i) => canonicalValuesAt(table, i));
    return { description: { kind: 'file', label: file.name, connectionId: null, system: null }, table, originals };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** Every record of the entity dated in the period, read page by page through the connection's connector. */
async function readConnectionSide(connectionId: string, context: SideReadContext): Promise<SideRead> {
  const connection = context.connections.require(connectionId);
  const connector = descriptorFor(connection.system).create({
    connectionId,
    settings: connection.settings,
    secrets: context.vault,
  });
  try {
    if (!connector.capabilities[context.entity]?.read) {
      throw new CounterpartError(
        'recon.entity_not_readable',
        `${connection.name} (${connection.system}) cannot read ${context.entity} records, so it cannot be reconciled on them.`,
        { connectionId, entity: context.entity },
      );
    }
    const records = await readInPeriod(connector, context);
    const rows = records.map((record, index) =>
      canonicalValuesOf(context.entity, record, record.source?.id ?? fallbackId(record, index)),
    );
    const table = recordTableFrom(engineEntityOf(context.entity), connection.name, rows);
    return {
      description: { kind: 'connection', label: connection.name, connectionId, system: connection.system },
      table,
      originals: records,
    };
  } finally {
    await connector.close();
  }
}

async function readInPeriod(
  connector: Connector,
  context: SideReadContext,
): Promise<CanonicalRecords[ReconEntityName][]> {
  const records: CanonicalRecords[ReconEntityName][] = [];
  let seen = 0;
  for await (const page of connector.read(context.entity, { signal: context.signal })) {
    for (const record of page) {
      const date = recordDateOf(context.entity, record);
      if (date === undefined || (date >= context.period.start && date <= context.period.end)) records.push(record);
    }
    seen += page.length;
    context.onRecords(seen);
    if (context.signal.aborted) throw cancelled();
  }
  return records;
}

/** Records without a system id (not expected from connectors) are keyed by their number or code, then position. */
function fallbackId(record: CanonicalRecords[ReconEntityName], index: number): string {
  const keyed = record as Partial<{ number: string; code: string }>;
  return keyed.number ?? keyed.code ?? `#${index + 1}`;
}

export function cancelled(): CounterpartError {
  return new CounterpartError('recon.cancelled', 'The reconciliation was cancelled before it finished.');
}
