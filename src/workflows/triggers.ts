import { IncrementalReader } from '../connectors/shared/incrementalReader.js';
import { readPath } from '../mapping/paths.js';
import { type RecordSource, recordVersionKey } from '../model/index.js';
import type { StoredWorkflow } from '../store/repositories/workflowDefinitions.js';
import type { Workspace } from '../store/workspace.js';
import type { WorkflowDefinition } from './definition.js';
import { holds } from './expressions.js';
import type { WorkflowConnections } from './workflowConnections.js';

type RecordTrigger = Extract<WorkflowDefinition['trigger'], { kind: 'record' }>;

/** A record event that should start a run, with the key that makes it start one run only. */
export interface TriggerEvent {
  readonly record: { readonly source?: RecordSource | undefined };
  readonly triggerKey: string;
}

export interface TriggerPollOptions {
  readonly workspace: Workspace;
  readonly connections: WorkflowConnections;
  readonly lookBackMs: number;
  /** Starts the run of one event (stored before the page is acknowledged, so a crash re-reads rather than loses it). */
  readonly start: (workflow: StoredWorkflow, event: TriggerEvent) => Promise<void>;
}

/** The read cursor a workflow's trigger keeps for itself, apart from the sync engine's and other workflows'. */
export function triggerCursorKey(workflowId: string): string {
  return `workflow:${workflowId}`;
}

/**
 * Polls one workflow's record trigger: reads what changed since its own cursor and starts a run for each event.
 * Only changes made since the workflow was enabled count (to the second, as systems stamp changes), so enabling a
 * workflow does not start runs for every record that already has the value.
 */
export async function pollRecordTrigger(workflow: StoredWorkflow, options: TriggerPollOptions): Promise<number> {
  const { definition } = workflow;
  const { trigger } = definition;
  if (trigger.kind !== 'record') return 0;
  const enabledAt = options.workspace.workflowDefinitions.state(definition.id).enabledAt;
  if (enabledAt === null) return 0;
  const since = Math.floor(Date.parse(enabledAt) / 1000) * 1000;
  const connection = options.connections.connection(definition, trigger.side);
  const reader = new IncrementalReader({
    connector: options.connections.connector(connection),
    connectionId: connection.id,
    cursors: options.workspace.readCursors,
    lookBackMs: options.lookBackMs,
    cursorKey: triggerCursorKey(definition.id),
  });
  let started = 0;
  for await (const page of reader.read(trigger.entity)) {
    for (const record of page.records) {
      const event = await eventOf(trigger, record, since);
      if (event === undefined) continue;
      await options.start(workflow, event);
      started += 1;
    }
    page.acknowledge();
  }
  return started;
}

async function eventOf(
  trigger: RecordTrigger,
  record: { readonly source?: RecordSource | undefined },
  since: number,
): Promise<TriggerEvent | undefined> {
  const source = record.source;
  if (source === undefined || Date.parse(source.updatedAt) < since) return undefined;
  if (
    trigger.condition !== undefined &&
    !(await holds(trigger.condition, record, { step: null, field: 'trigger.condition' }))
  ) {
    return undefined;
  }
  switch (trigger.event) {
    case 'created': {
      const createdAt = source.createdAt === undefined ? undefined : Date.parse(source.createdAt);
      return createdAt !== undefined && createdAt >= since ? { record, triggerKey: `created:${source.id}` } : undefined;
    }
    case 'updated':
      return { record, triggerKey: `updated:${recordVersionKey(source)}` };
    case 'fieldReached': {
      const value = trigger.field === undefined ? undefined : readPath(record, trigger.field);
      if (value === undefined || value === null || String(value) !== String(trigger.value)) return undefined;
      // One run per record reaching the value: reading it again (or a later unrelated edit) starts nothing more.
      return { record, triggerKey: `reached:${source.id}:${trigger.field}=${String(trigger.value)}` };
    }
  }
}
