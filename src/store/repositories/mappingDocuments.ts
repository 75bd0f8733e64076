import type { Database } from 'better-sqlite3';
import { CounterpartError, describeError } from '../../errors.js';
import { type MappingDocument, parseMappingDocument } from '../../mapping/mappingDocument.js';

/** One saved version of a mapping document. */
export interface StoredMappingDocument {
  readonly id: string;
  readonly version: number;
  readonly name: string;
  /** The validated document, ready to compile. */
  readonly document: MappingDocument;
  /** The document as written, for export and for the editor (it re-validates unchanged). */
  readonly source: unknown;
  readonly origin: string;
  readonly savedBy: string;
  readonly savedAt: string;
  readonly comment: string | null;
}

export type MappingVersionSummary = Omit<StoredMappingDocument, 'document' | 'source'>;

export interface SaveMappingDocument {
  /** The document as written (YAML or JSON read into plain data); validated before anything is saved. */
  readonly document: unknown;
  readonly origin: string;
  readonly savedBy: string;
  readonly comment?: string | undefined;
}

interface Row {
  mapping_id: string;
  version: number;
  name: string;
  document_json: string;
  origin: string;
  saved_by: string;
  saved_at: string;
  comment: string | null;
}

const SUMMARY_COLUMNS = 'mapping_id, version, name, origin, saved_by, saved_at, comment';

function summaryOf(row: Omit<Row, 'document_json'>): MappingVersionSummary {
  return {
    id: row.mapping_id,
    version: row.version,
    name: row.name,
    origin: row.origin,
    savedBy: row.saved_by,
    savedAt: row.saved_at,
    comment: row.comment,
  };
}

/**
 * The workspace's mapping documents, every version kept. `save` adds the next version of a document's id (the
 * version written in the document is replaced by it), so an edit never overwrites what an earlier sync ran with.
 */
export class MappingDocumentRepository {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  save(input: SaveMappingDocument): StoredMappingDocument {
    if (typeof input.document !== 'object' || input.document === null || Array.isArray(input.document)) {
      throw new CounterpartError(
        'mapping.invalid_document',
        `The mapping document from ${input.origin} is not an object.`,
        {
          document: input.origin,
        },
      );
    }
    // Validate first, so that an invalid document is refused with all its issues and nothing is saved.
    const checked = parseMappingDocument(input.document, input.origin);
    return this.db.transaction(() => {
      const version = this.nextVersion(checked.id);
      const source = { ...(input.document as Record<string, unknown>), version };
      const row: Row = {
        mapping_id: checked.id,
        version,
        name: checked.name,
        document_json: JSON.stringify(source),
        origin: input.origin,
        saved_by: input.savedBy,
        saved_at: this.now().toISOString(),
        comment: input.comment ?? null,
      };
      this.db
        .prepare(
          `INSERT INTO mapping_documents (mapping_id, version, name, document_json, origin, saved_by, saved_at, comment)
           VALUES (@mapping_id, @version, @name, @document_json, @origin, @saved_by, @saved_at, @comment)`,
        )
        .run(row);
      return this.stored(row);
    })();
  }

  latest(id: string): StoredMappingDocument | undefined {
    const row = this.db
      .prepare('SELECT * FROM mapping_documents WHERE mapping_id = ? ORDER BY version DESC LIMIT 1')
      .get(id) as Row | undefined;
    return row && this.stored(row);
  }

  get(id: string, version: number): StoredMappingDocument | undefined {
    const row = this.db
      .prepare('SELECT * FROM mapping_documents WHERE mapping_id = ? AND version = ?')
      .get(id, version) as Row | undefined;
    return row && this.stored(row);
  }

  /** The newest version of every document, by id. */
  list(): MappingVersionSummary[] {
    const rows = this.db
      .prepare(
        `SELECT ${SUMMARY_COLUMNS} FROM mapping_documents d
         WHERE version = (SELECT MAX(version) FROM mapping_documents WHERE mapping_id = d.mapping_id)
         ORDER BY mapping_id`,
      )
      .all() as Omit<Row, 'document_json'>[];
    return rows.map(summaryOf);
  }

  /** Every version of one document, newest first. */
  versions(id: string): MappingVersionSummary[] {
    const rows = this.db
      .prepare(`SELECT ${SUMMARY_COLUMNS} FROM mapping_documents WHERE mapping_id = ? ORDER BY version DESC`)
      .all(id) as Omit<Row, 'document_json'>[];
    return rows.map(summaryOf);
  }

  private nextVersion(id: string): number {
    const row = this.db
      .prepare('SELECT MAX(version) AS newest FROM mapping_documents WHERE mapping_id = ?')
      .get(id) as {
      newest: number | null;
    };
    return (row.newest ?? 0) + 1;
  }

  private stored(row: Row): StoredMappingDocument {
    let source: unknown;
    try {
      source = JSON.parse(row.document_json);
    } catch (error) {
      throw new CounterpartError(
        'store.bad_mapping_document',
        `Mapping document "${row.mapping_id}" version ${row.version} is not readable JSON: ${describeError(error)}`,
        { mapping: row.mapping_id, version: row.version },
      );
    }
    return {
      ...summaryOf(row),
      document: parseMappingDocument(source, `${row.mapping_id} version ${row.version}`),
      source,
    };
  }
}
