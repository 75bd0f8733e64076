import { type RecordSource, recordVersionKey } from '../../model/index.js';
import type { ReadCursorRepository, SeenVersion } from '../../store/repositories/readCursors.js';
import type { CanonicalRecords, Connector, Entity } from '../connector.js';
import { ConnectorError } from './connectorError.js';
import { displayName } from './systemNames.js';

export interface IncrementalReaderOptions {
  readonly connector: Connector;
  readonly connectionId: string;
  readonly cursors: ReadCursorRepository;
  /**
   * How far before the cursor each read starts again, to catch records whose change stamp is earlier than the
   * moment they became visible (long transactions, clock skew between a system's servers).
   */
  readonly lookBackMs: number;
  /**
   * The consumer whose cursor this is (e.g. `workflow:order-to-cash`). Readers of the same connection and entity with
   * different keys keep separate cursors, so one never consumes the changes another has yet to see. Without a key
   * the cursor is the connection's own for that entity.
   */
  readonly cursorKey?: string | undefined;
}

export interface ReadRunOptions {
  /** `incremental` (default) reads from the cursor minus the look-back and drops versions already processed; `full` reads and yields everything. */
  readonly mode?: 'incremental' | 'full' | undefined;
  readonly limit?: number | undefined;
  readonly signal?: AbortSignal | undefined;
}

export interface ReadPage<E extends Entity> {
  /** Records not processed before, in the order the system returned them. */
  readonly records: readonly CanonicalRecords[E][];
  /** Records of this page left out because this version was already processed. */
  readonly skipped: number;
  /** Call once the page is processed (stored, queued): only then are its versions remembered and the cursor moved. */
  acknowledge(): void;
}

export interface ReadSummary {
  readonly mode: 'incremental' | 'full';
  /** The instant the read asked from; undefined for a full read. */
  readonly modifiedSince: string | undefined;
  readonly pages: number;
  readonly records: number;
  readonly skipped: number;
  readonly cursorBefore: string | undefined;
  readonly cursorAfter: string | undefined;
  /** True when every page was read and acknowledged, so the cursor could move to the end of the read. */
  readonly complete: boolean;
}

export interface IncrementalRead<E extends Entity> extends AsyncIterable<ReadPage<E>> {
  /** Figures of the read so far; final once iteration ends. */
  summary(): ReadSummary;
}

interface PageVersions {
  readonly seen: SeenVersion[];
  /** The newest change stamp in the page (skipped records included), as epoch milliseconds. */
  readonly newest: number | undefined;
}

/**
 * Reads one entity of one connection incrementally: from the stored cursor minus the look-back window, without the
 * versions already processed, advancing the cursor only after the caller acknowledges pages. A crash or an early
 * stop therefore re-reads (harmlessly, the versions are remembered) rather than loses records.
 */
export class IncrementalReader {
  constructor(private readonly options: IncrementalReaderOptions) {}

  read<E extends Entity>(entity: E, run: ReadRunOptions = {}): IncrementalRead<E> {
    const { connector, connectionId, cursors, lookBackMs, cursorKey } = this.options;
    const cursorEntity = cursorKey === undefined ? entity : `${entity}@${cursorKey}`;
    const capability = connector.capabilities[entity];
    if (!capability?.read) {
      throw new ConnectorError({
        kind: 'configuration',
        system: connector.system,
        message: `Counterpart cannot read ${entity} records from ${displayName(connector.system)}.`,
        context: { connection: connectionId, entity },
      });
    }
    const mode = run.mode ?? 'incremental';
    const cursorBefore = cursors.get(connectionId, cursorEntity)?.cursorAt;
    const modifiedSince =
      mode === 'incremental' && capability.incremental && cursorBefore !== undefined
        ? new Date(Date.parse(cursorBefore) - lookBackMs).toISOString()
        : undefined;
    const perPageCursor = capability.ordersByModified === true && run.limit === undefined;
    const figures = { pages: 0, records: 0, skipped: 0, complete: false };
    let newestAcknowledged: number | undefined;
    let allAcknowledged = true;

    const commit = (versions: PageVersions | undefined, moveCursor: boolean) => {
      if (versions?.newest !== undefined) newestAcknowledged = Math.max(newestAcknowledged ?? 0, versions.newest);
      const cursorAt = moveCursor && newestAcknowledged !== undefined ? newestAcknowledged : undefined;
      cursors.acknowledge(connectionId, cursorEntity, {
        seen: versions?.seen ?? [],
        cursorAt: cursorAt === undefined ? undefined : new Date(cursorAt).toISOString(),
        // Without incremental reads every read returns every record, so every version must stay remembered.
        forgetBefore:
          cursorAt === undefined || !capability.incremental ? undefined : new Date(cursorAt - lookBackMs).toISOString(),
      });
    };

    async function* pages(): AsyncGenerator<ReadPage<E>> {
      const yielded = new Set<string>();
      const request = { modifiedSince, limit: run.limit, signal: run.signal };
      for await (const page of connector.read(entity, request)) {
        const { fresh, skipped, versions } = sortPage(page, mode, yielded, (candidates) =>
          cursors.unseen(connectionId, cursorEntity, candidates),
        );
        figures.pages += 1;
        figures.records += fresh.length;
        figures.skipped += skipped;
        let acknowledged = false;
        const acknowledge = () => {
          if (acknowledged) return;
          acknowledged = true;
          commit(versions, perPageCursor && allAcknowledged);
        };
        if (fresh.length === 0) {
          acknowledge();
          continue;
        }
        yield { records: fresh, skipped, acknowledge };
        if (!acknowledged) allAcknowledged = false;
      }
      figures.complete = allAcknowledged && run.limit === undefined;
      if (figures.complete) commit(undefined, true);
    }

    return {
      [Symbol.asyncIterator]: () => pages(),
      summary: () => ({
        mode,
        modifiedSince,
        ...figures,
        cursorBefore,
        cursorAfter: cursors.get(connectionId, cursorEntity)?.cursorAt,
      }),
    };
  }
}

/** Splits a page into records to yield and versions already processed, noting the versions to remember. */
function sortPage<R extends { readonly source?: RecordSource | undefined }>(
  page: readonly R[],
  mode: 'incremental' | 'full',
  yielded: Set<string>,
  unseen: (candidates: readonly (SeenVersion & { index: number })[]) => (SeenVersion & { index: number })[],
): { fresh: R[]; skipped: number; versions: PageVersions } {
  const candidates: (SeenVersion & { index: number })[] = [];
  let newest: number | undefined;
  page.forEach((record, index) => {
    if (record.source === undefined) return;
    const modified = Date.parse(record.source.updatedAt);
    newest = Math.max(newest ?? modified, modified);
    candidates.push({
      index,
      recordId: record.source.id,
      versionKey: recordVersionKey(record.source),
      modifiedAt: record.source.updatedAt,
    });
  });
  const keep = new Set((mode === 'incremental' ? unseen(candidates) : candidates).map((candidate) => candidate.index));
  const byIndex = new Map(candidates.map((candidate) => [candidate.index, candidate]));
  const fresh: R[] = [];
  const seen: SeenVersion[] = [];
  page.forEach((record, index) => {
    const candidate = byIndex.get(index);
    // Records without a source cannot be recognised again, so they always pass.
    if (candidate === undefined) {
      fresh.push(record);
      return;
    }
    if (!keep.has(index) || yielded.has(candidate.versionKey)) return;
    yielded.add(candidate.versionKey);
    fresh.push(record);
    seen.push({ recordId: candidate.recordId, versionKey: candidate.versionKey, modifiedAt: candidate.modifiedAt });
  });
  return { fresh, skipped: page.length - fresh.length, versions: { seen, newest } };
}
