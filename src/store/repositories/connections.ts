import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { CounterpartError } from '../../errors.js';
import { SystemName } from '../../model/index.js';

const JsonValue: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(JsonValue), z.record(z.string(), JsonValue)]),
);
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Non-secret settings of a connection: base URL, tenant id, company folder, user name, CA bundle. */
export const ConnectionSettings = z.record(z.string(), JsonValue);
export type ConnectionSettings = z.infer<typeof ConnectionSettings>;

/** Where one named secret of a connection lives in the keychain: its name and the keychain account name. */
export const SecretRef = z.object({
  name: z.string().regex(/^[a-z][a-z0-9_]*$/),
  reference: z.string().min(1),
});
export type SecretRef = z.infer<typeof SecretRef>;
const SecretRefs = z.array(SecretRef);

export interface Connection {
  readonly id: string;
  readonly system: SystemName;
  readonly name: string;
  readonly isSandbox: boolean;
  readonly settings: ConnectionSettings;
  readonly secretRefs: readonly SecretRef[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface NewConnection {
  readonly system: SystemName;
  readonly name: string;
  readonly isSandbox?: boolean | undefined;
  readonly settings?: ConnectionSettings | undefined;
  /** Chosen by the caller only when it must be known in advance; a UUID otherwise. */
  readonly id?: string | undefined;
}

export interface ConnectionChanges {
  readonly name?: string | undefined;
  readonly isSandbox?: boolean | undefined;
  readonly settings?: ConnectionSettings | undefined;
}

interface ConnectionRow {
  id: string;
  system: string;
  name: string;
  is_sandbox: number;
  settings_json: string;
  secret_refs_json: string;
  created_at: string;
  updated_at: string;
}

/** Keys that name a secret; such a value belongs in the keychain (`ConnectionSecrets`), never in settings. */
const SECRET_LOOKING_KEY =
  /(secret|password|passwd|passphrase|memorable|token|apikey|api_key|privatekey|private_key)$/i;

/** Connections without their secrets: settings are plain JSON, secrets only appear as keychain references. */
export class ConnectionRepository {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  create(input: NewConnection): Connection {
    const name = checkedName(input.name);
    const settings = checkedSettings(input.settings ?? {});
    const id = input.id ?? randomUUID();
    const at = this.now().toISOString();
    this.guardName(name, () =>
      this.db
        .prepare(
          `INSERT INTO connections (id, system, name, is_sandbox, settings_json, secret_refs_json, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, '[]', ?, ?)`,
        )
        .run(id, SystemName.parse(input.system), name, input.isSandbox ? 1 : 0, JSON.stringify(settings), at, at),
    );
    return this.require(id);
  }

  list(): Connection[] {
    const rows = this.db.prepare('SELECT * FROM connections ORDER BY name COLLATE NOCASE').all() as ConnectionRow[];
    return rows.map(fromRow);
  }

  get(id: string): Connection | undefined {
    const row = this.db.prepare('SELECT * FROM connections WHERE id = ?').get(id) as ConnectionRow | undefined;
    return row && fromRow(row);
  }

  findByName(name: string): Connection | undefined {
    const row = this.db.prepare('SELECT * FROM connections WHERE name = ?').get(name) as ConnectionRow | undefined;
    return row && fromRow(row);
  }

  /** The connection, or a clear error naming the id when it does not exist (deleted meanwhile, wrong workspace). */
  require(id: string): Connection {
    const connection = this.get(id);
    if (!connection) {
      throw new CounterpartError(
        'store.connection_not_found',
        `There is no connection ${id} in this workspace: it may have been deleted; choose one from the Connections page.`,
        { connection: id },
      );
    }
    return connection;
  }

  update(id: string, changes: ConnectionChanges): Connection {
    const current = this.require(id);
    const name = changes.name === undefined ? current.name : checkedName(changes.name);
    const settings = changes.settings === undefined ? current.settings : checkedSettings(changes.settings);
    const isSandbox = changes.isSandbox ?? current.isSandbox;
    this.guardName(name, () =>
      this.db
        .prepare('UPDATE connections SET name = ?, is_sandbox = ?, settings_json = ?, updated_at = ? WHERE id = ?')
        .run(name, isSandbox ? 1 : 0, JSON.stringify(settings), this.now().toISOString(), id),
    );
    return this.require(id);
  }

  /** Records which keychain entries hold this connection's secrets (references only; see `ConnectionSecrets`). */
  setSecretRefs(id: string, refs: readonly SecretRef[]): Connection {
    this.require(id);
    const checked = SecretRefs.parse(refs);
    this.db
      .prepare('UPDATE connections SET secret_refs_json = ?, updated_at = ? WHERE id = ?')
      .run(JSON.stringify(checked), this.now().toISOString(), id);
    return this.require(id);
  }

  /**
   * Deletes the row and, by cascade, its read cursors and seen versions. The keychain entries are not touched
   * here: delete through `ConnectionSecrets.deleteConnection` so they go too.
   */
  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM connections WHERE id = ?').run(id).changes > 0;
  }

  private guardName(name: string, write: () => unknown): void {
    try {
      write();
    } catch (error) {
      if (
        (error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE' &&
        /connections\.name/.test(String(error))
      ) {
        throw new CounterpartError(
          'store.connection_name_taken',
          `A connection named "${name}" already exists: choose another name, or edit or delete that connection.`,
          { name },
          { cause: error },
        );
      }
      throw error;
    }
  }
}

function checkedName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '' || trimmed.length > 100) {
    throw new CounterpartError('store.bad_connection_name', 'A connection needs a name of 1 to 100 characters.', {
      name,
    });
  }
  return trimmed;
}

function checkedSettings(settings: ConnectionSettings): ConnectionSettings {
  const parsed = ConnectionSettings.parse(settings);
  const secretKey = Object.keys(parsed).find((key) => SECRET_LOOKING_KEY.test(key));
  if (secretKey !== undefined) {
    throw new CounterpartError(
      'store.secret_in_settings',
      `The connection setting "${secretKey}" looks like a secret: secrets are kept in the OS keychain, not in the workspace database.`,
      { setting: secretKey },
    );
  }
  return parsed;
}

function fromRow(row: ConnectionRow): Connection {
  const settings = ConnectionSettings.safeParse(parseJson(row.settings_json));
  const secretRefs = SecretRefs.safeParse(parseJson(row.secret_refs_json));
  const system = SystemName.safeParse(row.system);
  if (!settings.success || !secretRefs.success || !system.success) {
    throw new CounterpartError(
      'store.bad_connection',
      `The stored connection "${row.name}" is damaged (its settings or secret references cannot be read): delete it and connect again.`,
      { connection: row.id },
    );
  }
  return {
    id: row.id,
    system: system.data,
    name: row.name,
    isSandbox: row.is_sandbox === 1,
    settings: settings.data,
    secretRefs: secretRefs.data,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
