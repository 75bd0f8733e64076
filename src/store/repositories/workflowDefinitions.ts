import type { Database } from 'better-sqlite3';
import { CounterpartError } from '../../errors.js';
import { WorkflowDefinition } from '../../workflows/definition.js';

/** One saved version of a workflow. */
export interface StoredWorkflow {
  readonly id: string;
  readonly version: number;
  readonly name: string;
  readonly definition: WorkflowDefinition;
  readonly savedBy: string;
  readonly savedAt: string;
}

export interface WorkflowState {
  readonly enabled: boolean;
  /** When the workflow was last enabled: records created before then are not "created" events for it. */
  readonly enabledAt: string | null;
  /** When its schedule last started a run. */
  readonly lastFiredAt: string | null;
}

interface Row {
  workflow_id: string;
  version: number;
  name: string;
  definition_json: string;
  saved_by: string;
  saved_at: string;
}

interface StateRow {
  enabled: number;
  enabled_at: string | null;
  last_fired_at: string | null;
}

function storedOf(row: Row): StoredWorkflow {
  return {
    id: row.workflow_id,
    version: row.version,
    name: row.name,
    definition: WorkflowDefinition.parse(JSON.parse(row.definition_json)),
    savedBy: row.saved_by,
    savedAt: row.saved_at,
  };
}

/** The workspace's workflow definitions, every version kept, and whether each is enabled. */
export class WorkflowDefinitionRepository {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Saves a checked definition as the next version of its id. */
  save(definition: WorkflowDefinition, savedBy: string): StoredWorkflow {
    return this.db.transaction(() => {
      const latest = this.db
        .prepare('SELECT max(version) AS v FROM workflow_definitions WHERE workflow_id = ?')
        .get(definition.id) as { v: number | null };
      const row: Row = {
        workflow_id: definition.id,
        version: (latest.v ?? 0) + 1,
        name: definition.name,
        definition_json: JSON.stringify(definition),
        saved_by: savedBy,
        saved_at: this.now().toISOString(),
      };
      this.db
        .prepare(
          `INSERT INTO workflow_definitions (workflow_id, version, name, definition_json, saved_by, saved_at)
           VALUES (@workflow_id, @version, @name, @definition_json, @saved_by, @saved_at)`,
        )
        .run(row);
      this.db
        .prepare('INSERT INTO workflow_states (workflow_id, enabled) VALUES (?, 0) ON CONFLICT DO NOTHING')
        .run(definition.id);
      return storedOf(row);
    })();
  }

  get(id: string, version?: number): StoredWorkflow | undefined {
    const row = (
      version === undefined
        ? this.db
            .prepare('SELECT * FROM workflow_definitions WHERE workflow_id = ? ORDER BY version DESC LIMIT 1')
            .get(id)
        : this.db.prepare('SELECT * FROM workflow_definitions WHERE workflow_id = ? AND version = ?').get(id, version)
    ) as Row | undefined;
    return row && storedOf(row);
  }

  require(id: string, version?: number): StoredWorkflow {
    const stored = this.get(id, version);
    if (!stored) {
      throw new CounterpartError(
        'workflows.not_found',
        version === undefined
          ? `There is no workflow "${id}" in this workspace.`
          : `Workflow "${id}" has no version ${version}.`,
        { workflow: id, version },
      );
    }
    return stored;
  }

  /** The newest version of every workflow, by name. */
  listLatest(): StoredWorkflow[] {
    const rows = this.db
      .prepare(
        `SELECT d.* FROM workflow_definitions d
         WHERE d.version = (SELECT max(version) FROM workflow_definitions WHERE workflow_id = d.workflow_id)
         ORDER BY d.name, d.workflow_id`,
      )
      .all() as Row[];
    return rows.map(storedOf);
  }

  versions(id: string): { version: number; savedAt: string; savedBy: string }[] {
    const rows = this.db
      .prepare('SELECT version, saved_at, saved_by FROM workflow_definitions WHERE workflow_id = ? ORDER BY version')
      .all(id) as Pick<Row, 'version' | 'saved_at' | 'saved_by'>[];
    return rows.map((row) => ({ version: row.version, savedAt: row.saved_at, savedBy: row.saved_by }));
  }

  state(id: string): WorkflowState {
    const row = this.db.prepare('SELECT * FROM workflow_states WHERE workflow_id = ?').get(id) as StateRow | undefined;
    return {
      enabled: row?.enabled === 1,
      enabledAt: row?.enabled_at ?? null,
      lastFiredAt: row?.last_fired_at ?? null,
    };
  }

  setEnabled(id: string, enabled: boolean): WorkflowState {
    this.require(id);
    this.db
      .prepare(
        `UPDATE workflow_states SET enabled = ?,
           enabled_at = CASE WHEN ? = 1 AND enabled = 0 THEN ? ELSE enabled_at END WHERE workflow_id = ?`,
      )
      .run(enabled ? 1 : 0, enabled ? 1 : 0, this.now().toISOString(), id);
    return this.state(id);
  }

  markFired(id: string, at: string): void {
    this.db.prepare('UPDATE workflow_states SET last_fired_at = ? WHERE workflow_id = ?').run(at, id);
  }

  enabledIds(): string[] {
    const rows = this.db
      .prepare('SELECT workflow_id FROM workflow_states WHERE enabled = 1 ORDER BY workflow_id')
      .all();
    return (rows as { workflow_id: string }[]).map((row) => row.workflow_id);
  }
}
