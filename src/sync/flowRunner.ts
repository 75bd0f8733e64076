import type { CanonicalRecords, Entity } from '../connectors/connector.js';
import { IncrementalReader } from '../connectors/shared/incrementalReader.js';
import { describeError } from '../errors.js';
import { CANONICAL_SCHEMAS } from '../mapping/canonicalSchemas.js';
import type { CompiledFlow, MappingContext } from '../mapping/compiledMapping.js';
import { parseRecord, type RecordRef, type RecordSource, recordVersionKey } from '../model/index.js';
import type { CrossReference, LinkEnd } from '../store/repositories/crossReferences.js';
import type { NewSnapshot, RecordSnapshot } from '../store/repositories/recordSnapshots.js';
import type { Workspace } from '../store/workspace.js';
import { canonicalJson, contentHash, fieldContents, fieldValue, withoutSource } from './content.js';
import { entityLabel } from './entityLabel.js';
import { invalidRecordFailure, mappingFailure, type WriteFailure } from './failures.js';
import { FlowCursors } from './flowCursors.js';
import { recordDeadLetter } from './outboxSender.js';
import { counterpartOf, otherSide, type PairContext, refOnSide, reverseFlows } from './pairContext.js';
import { type ConflictingField, decideLinked, type FieldContents } from './recordDecision.js';
import type { RunFigures } from './runFigures.js';
import type { SyncProgress } from './syncContract.js';
import { syncWriteKey } from './writeKeys.js';

/** What must agree between two copies of a transaction found on both sides: its money and its dates. */
const DOCUMENT_FIELDS = new Set(['currency', 'totals', 'amount', 'issueDate', 'dueDate', 'date', 'orderDate']);

export interface FlowRunOptions {
  readonly runId: string;
  readonly lookBackMs: number;
  readonly today: string;
  readonly newId: () => string;
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ((progress: SyncProgress) => void) | undefined;
}

type Action =
  | { readonly kind: 'skip'; readonly reason: string }
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'conflict_open' }
  | { readonly kind: 'conflict'; readonly fields: readonly ConflictingField[] }
  | { readonly kind: 'dead'; readonly failure: WriteFailure; readonly payload: unknown }
  | {
      readonly kind: 'write';
      readonly operation: 'create' | 'update' | 'upsert';
      readonly target: RecordRef | null;
      readonly payload: unknown;
      readonly fields: readonly string[] | null;
    };

/** One source record read, with what the engine decided to do about it. */
interface Prepared {
  readonly record: { readonly source?: RecordSource | undefined };
  readonly source: RecordSource;
  readonly snapshot: NewSnapshot;
  readonly link: CrossReference | undefined;
  /** A target record found by business key, to link before anything is created. */
  readonly keyMatch: RecordSnapshot | undefined;
  /** Source fields changed since the last sync, to carry into unsent writes the other way. */
  readonly changedSource: readonly string[];
  readonly action: Action;
}

/**
 * Runs one flow of a pair: reads what changed on the source side, decides per record (link by business key, skip an
 * echo, detect a conflict, map, validate) and, per page, stores snapshots, links, conflicts, dead letters and outbox
 * writes in the same transaction that acknowledges the page. Nothing is sent here.
 */
export class FlowRunner {
  private readonly keyIndexes = new Map<string, Map<string, RecordSnapshot>>();

  constructor(
    private readonly workspace: Workspace,
    private readonly context: PairContext,
    private readonly figures: RunFigures,
    private readonly options: FlowRunOptions,
  ) {}

  async run(flow: CompiledFlow): Promise<void> {
    const { workspace, context, options } = this;
    const side = flow.from.side;
    const reader = new IncrementalReader({
      connector: context.connector(side),
      connectionId: context.connections[side].id,
      cursors: new FlowCursors(workspace.db, `${context.pair.id}/${flow.id}`),
      lookBackMs: options.lookBackMs,
    });
    let done = 0;
    this.progress(flow, 'reading', done);
    for await (const page of reader.read(flow.from.entity, { signal: options.signal })) {
      options.signal?.throwIfAborted();
      const prepared = await this.prepareAll(flow, page.records);
      workspace.db.transaction(() => {
        for (const item of prepared) this.apply(flow, item);
        page.acknowledge();
      })();
      done += page.records.length;
      this.figures.add(flow.id, 'read', page.records.length);
      this.progress(flow, 'mapping', done);
    }
  }

  /** Processes records again outside a read (a conflict's kept side), with a key salt so the write is a new one. */
  async reprocess(flow: CompiledFlow, records: readonly unknown[], salt: string, after: () => void): Promise<void> {
    const prepared = await this.prepareAll(flow, records, salt);
    this.workspace.db.transaction(() => {
      for (const item of prepared) this.apply(flow, item, salt);
      after();
    })();
  }

  private async prepareAll(flow: CompiledFlow, records: readonly unknown[], salt?: string): Promise<Prepared[]> {
    const prepared: Prepared[] = [];
    for (const record of records) {
      const item = await this.prepare(flow, record as Prepared['record'], salt);
      if (item) prepared.push(item);
      else this.figures.add(flow.id, 'skipped');
    }
    return prepared;
  }

  private async prepare(flow: CompiledFlow, record: Prepared['record'], salt?: string): Promise<Prepared | undefined> {
    const { workspace, context } = this;
    const source = record.source;
    // A record without its identity cannot be linked or recognised again: syncing it would duplicate it every run.
    if (source === undefined) return undefined;
    const sourceSide = flow.from.side;
    const snapshot = snapshotOf(context.connections[sourceSide].id, flow.from.entity, record, source);
    const link = workspace.crossReferences.find(context.pair.id, sourceSide, flow.from.entity, source.id);
    const keyMatch = link === undefined && flow.operation !== 'update' ? await this.findByKey(flow, record) : undefined;
    const golden = link && workspace.goldenRecords.get(link.id);
    const sourceFields = fieldContents(record);
    const baselineSource = golden?.[sourceSide] as FieldContents | undefined;
    const changedSource = changedFields(sourceFields, baselineSource);
    const base = { record, source, snapshot, link, keyMatch, changedSource };
    if (link && workspace.syncConflicts.openFor(link.id)) return { ...base, action: { kind: 'conflict_open' } };
    if (salt === undefined && link?.[sourceSide].hash === snapshot.contentHash) {
      return { ...base, action: { kind: 'unchanged' } };
    }
    if (link && flow.operation === 'create') {
      return { ...base, action: { kind: 'skip', reason: 'the record already exists on the other side' } };
    }
    const mapped = await this.map(flow, record);
    if (mapped.kind !== 'mapped') return { ...base, action: mapped.action };
    if (keyMatch && flow.operation === 'create')
      return { ...base, action: this.existingDocument(flow, keyMatch, mapped.record) };
    if (flow.operation === 'update') return { ...base, action: this.updateAction(flow, source, mapped.record) };
    if (!link && !keyMatch) {
      return {
        ...base,
        action: { kind: 'write', operation: 'create', target: null, payload: mapped.record, fields: null },
      };
    }
    const targetSide = otherSide(sourceSide);
    const targetRecord = keyMatch ? (JSON.parse(keyMatch.recordJson) as unknown) : this.targetSnapshot(flow, link);
    const targetFields =
      targetRecord === undefined ? (golden?.[targetSide] as FieldContents | undefined) : fieldContents(targetRecord);
    const decision = decideLinked({
      sourceSide,
      source: sourceFields,
      mapped: fieldContents(mapped.record),
      target: targetFields,
      baseline: { source: baselineSource, target: golden?.[targetSide] as FieldContents | undefined },
      owners: flow.systemOfRecord,
    });
    if (decision.kind !== 'write') return { ...base, action: decision };
    const target = keyMatch
      ? {
          system: context.systems[targetSide],
          id: keyMatch.recordId,
          ...(keyMatch.recordNumber ? { number: keyMatch.recordNumber } : {}),
        }
      : refOnSide(context, link as CrossReference, targetSide);
    const payload = mergedPayload(targetRecord, mapped.record, decision.fields);
    const valid = this.validate(flow, payload);
    if (valid.kind !== 'mapped') return { ...base, action: valid.action };
    return {
      ...base,
      action: { kind: 'write', operation: 'update', target, payload: valid.record, fields: decision.fields },
    };
  }

  /**
   * A transaction found on both sides by its number is never written again; when the two copies disagree on the
   * money or the dates, that is a conflict for a person (a rounding difference, a mistyped amount). Lines, statuses
   * and references are the reconciliation's to compare: systems legitimately hold them differently.
   */
  private existingDocument(flow: CompiledFlow, target: RecordSnapshot, mapped: unknown): Action {
    const pick = (fields: Record<string, string>) =>
      Object.fromEntries(Object.entries(fields).filter(([field]) => DOCUMENT_FIELDS.has(field)));
    const decision = decideLinked({
      sourceSide: flow.from.side,
      source: {},
      mapped: pick(fieldContents(mapped)),
      target: pick(fieldContents(JSON.parse(target.recordJson) as unknown)),
      baseline: { source: undefined, target: undefined },
      owners: {},
    });
    return decision.kind === 'conflict'
      ? decision
      : { kind: 'skip', reason: 'the record already exists on the other side' };
  }

  private updateAction(flow: CompiledFlow, source: RecordSource, payload: unknown): Action {
    const { workspace, context } = this;
    const target = counterpartOf(workspace, context, flow.from.entity, source);
    if (target === undefined) {
      return { kind: 'skip', reason: `the ${entityLabel(flow.from.entity)} has no counterpart to update yet` };
    }
    const link = workspace.crossReferences.find(context.pair.id, flow.to.side, flow.to.entity, target.id);
    if (link?.[flow.to.side].hash === contentHash(payload)) return { kind: 'unchanged' };
    return { kind: 'write', operation: 'update', target, payload, fields: null };
  }

  private async map(
    flow: CompiledFlow,
    record: Prepared['record'],
  ): Promise<{ kind: 'mapped'; record: unknown } | { kind: 'rejected'; action: Action }> {
    const { workspace, context, options } = this;
    const mappingContext: MappingContext = {
      systems: context.systems,
      today: options.today,
      counterpartOf: (entity: Entity, source: RecordRef) => counterpartOf(workspace, context, entity, source),
    };
    let outcome: Awaited<ReturnType<CompiledFlow['map']>>;
    try {
      outcome = await flow.map(record as CanonicalRecords[Entity], mappingContext);
    } catch (error) {
      const failure = { code: 'mapping.failed', message: describeError(error), flow: flow.id };
      return { kind: 'rejected', action: { kind: 'dead', failure: mappingFailure(failure), payload: record } };
    }
    if (outcome.kind === 'skipped') return { kind: 'rejected', action: { kind: 'skip', reason: outcome.reason } };
    if (outcome.kind === 'failed') {
      return { kind: 'rejected', action: { kind: 'dead', failure: mappingFailure(outcome.failure), payload: record } };
    }
    return this.validate(flow, withoutSource(outcome.record));
  }

  private validate(
    flow: CompiledFlow,
    record: unknown,
  ): { kind: 'mapped'; record: unknown } | { kind: 'rejected'; action: Action } {
    try {
      const parsed = parseRecord(
        CANONICAL_SCHEMAS[flow.to.entity],
        record,
        `The mapped ${entityLabel(flow.to.entity)}`,
        {
          flow: flow.id,
        },
      );
      return { kind: 'mapped', record: parsed };
    } catch (error) {
      return { kind: 'rejected', action: { kind: 'dead', failure: invalidRecordFailure(error), payload: record } };
    }
  }

  private targetSnapshot(flow: CompiledFlow, link: CrossReference | undefined): unknown {
    if (link === undefined) return undefined;
    const side = flow.to.side;
    const snapshot = this.workspace.recordSnapshots.get(
      this.context.connections[side].id,
      flow.to.entity,
      link[side].id,
    );
    return snapshot === undefined ? undefined : (JSON.parse(snapshot.recordJson) as unknown);
  }

  /** The unlinked target record with the same business key, reading the target once per flow to know them all. */
  private async findByKey(flow: CompiledFlow, record: Prepared['record']): Promise<RecordSnapshot | undefined> {
    const key = flow.sourceKey(record as CanonicalRecords[Entity]);
    if (key === undefined) return undefined;
    const index = await this.keyIndex(flow);
    const match = index.get(key);
    if (match === undefined) return undefined;
    const linked = this.workspace.crossReferences.find(
      this.context.pair.id,
      flow.to.side,
      flow.to.entity,
      match.recordId,
    );
    return linked ? undefined : match;
  }

  private async keyIndex(flow: CompiledFlow): Promise<Map<string, RecordSnapshot>> {
    const cached = this.keyIndexes.get(flow.id);
    if (cached) return cached;
    const { workspace, context } = this;
    if (!workspace.syncPairs.isSeeded(context.pair.id, flow.id)) await this.seed(flow);
    const index = new Map<string, RecordSnapshot>();
    const connectionId = context.connections[flow.to.side].id;
    for (const snapshot of [...workspace.recordSnapshots.iterate(connectionId, flow.to.entity)]) {
      const key = flow.targetKey(JSON.parse(snapshot.recordJson) as CanonicalRecords[Entity]);
      if (key !== undefined && !index.has(key)) index.set(key, snapshot);
    }
    this.keyIndexes.set(flow.id, index);
    return index;
  }

  /** Reads every target record once, so records that already exist on both sides are linked, not created again. */
  private async seed(flow: CompiledFlow): Promise<void> {
    const { workspace, context, options } = this;
    const side = flow.to.side;
    const connector = context.connector(side);
    if (connector.capabilities[flow.to.entity]?.read) {
      for await (const page of connector.read(flow.to.entity, { signal: options.signal })) {
        workspace.db.transaction(() => {
          for (const record of page) {
            const source = (record as { source?: RecordSource }).source;
            if (source === undefined) continue;
            workspace.recordSnapshots.save(snapshotOf(context.connections[side].id, flow.to.entity, record, source));
          }
        })();
      }
    }
    workspace.syncPairs.markSeeded(context.pair.id, flow.id);
  }

  /** Stores what was decided for one record; runs inside the page's transaction. */
  private apply(flow: CompiledFlow, item: Prepared, salt?: string): void {
    const { workspace, figures } = this;
    workspace.recordSnapshots.save(item.snapshot);
    const link = item.keyMatch ? this.linkByKey(flow, item) : item.link;
    const action = item.action;
    switch (action.kind) {
      case 'skip':
        figures.add(flow.id, 'skipped');
        return;
      case 'conflict_open':
        figures.add(flow.id, 'conflicts');
        return;
      case 'unchanged':
        figures.add(flow.id, 'skipped');
        if (link) this.markInStep(flow, link, item);
        return;
      case 'conflict':
        figures.add(flow.id, 'conflicts');
        if (link) this.openConflict(flow, link, action.fields);
        return;
      case 'dead':
        figures.add(flow.id, 'failed');
        this.deadLetter(flow, item, action.failure, action.payload, salt);
        return;
      case 'write': {
        const { inserted } = workspace.outbox.enqueue({
          ...this.outboxWrite(flow, item, salt),
          operation: action.operation,
          target: action.target,
          payload: action.payload,
          fields: action.fields,
        });
        if (!inserted) figures.add(flow.id, 'skipped');
        if (link) this.rebaseReverseWrites(flow, link, item);
        return;
      }
    }
  }

  private linkByKey(flow: CompiledFlow, item: Prepared): CrossReference {
    const match = item.keyMatch as RecordSnapshot;
    const sourceEnd: LinkEnd = { entity: flow.from.entity, id: item.source.id, number: item.source.number };
    const targetEnd: LinkEnd = { entity: flow.to.entity, id: match.recordId, number: match.recordNumber ?? undefined };
    const [accounting, erp] = flow.from.side === 'accounting' ? [sourceEnd, targetEnd] : [targetEnd, sourceEnd];
    this.keyIndexes.get(flow.id)?.forEach((snapshot, key, index) => {
      if (snapshot.recordId === match.recordId) index.delete(key);
    });
    return this.workspace.crossReferences.link(this.context.pair.id, accounting, erp, 'business_key');
  }

  /** The source changed nothing the target lacks: remember this version, and its content as the source's baseline. */
  private markInStep(flow: CompiledFlow, link: CrossReference, item: Prepared): void {
    const { workspace } = this;
    const side = flow.from.side;
    workspace.crossReferences.touch(link.id, side, {
      version: item.snapshot.versionKey,
      hash: item.snapshot.contentHash,
    });
    if (flow.operation !== 'upsert') return;
    const golden = workspace.goldenRecords.get(link.id);
    const sourceFields = fieldContents(item.record);
    const otherFields = golden?.[otherSide(side)] ?? {};
    workspace.goldenRecords.save({
      crossReferenceId: link.id,
      entity: flow.from.entity,
      merged: golden?.merged ?? parsedFields(sourceFields),
      accounting: side === 'accounting' ? sourceFields : otherFields,
      erp: side === 'erp' ? sourceFields : otherFields,
      owners: flow.systemOfRecord,
    });
    this.rebaseReverseWrites(flow, link, item);
  }

  private openConflict(flow: CompiledFlow, link: CrossReference, fields: readonly ConflictingField[]): void {
    const { workspace, context, options } = this;
    const sourceIsAccounting = flow.from.side === 'accounting';
    workspace.syncConflicts.open({
      id: options.newId(),
      pairId: context.pair.id,
      flowId: flow.id,
      entity: flow.from.entity,
      crossReferenceId: link.id,
      accounting: refOnSide(context, link, 'accounting'),
      erp: refOnSide(context, link, 'erp'),
      fields: fields.map((field) => {
        const source = field.source === undefined ? null : (JSON.parse(field.source) as unknown);
        const target = field.target === undefined ? null : (JSON.parse(field.target) as unknown);
        return {
          field: field.field,
          accounting: sourceIsAccounting ? source : target,
          erp: sourceIsAccounting ? target : source,
        };
      }),
    });
    // Whatever either direction queued for this record and has not sent yet must not overwrite the other side.
    const held = [
      ...workspace.outbox.unsentFor(context.pair.id, flow.id, link[flow.from.side].id),
      ...reverseFlows(context.mapping, flow).flatMap((reverse) =>
        workspace.outbox.unsentFor(context.pair.id, reverse.id, link[flow.to.side].id),
      ),
    ];
    workspace.outbox.hold(held.map((entry) => entry.id));
  }

  /**
   * A write the other way, queued earlier in this stage from an older copy of this record, would put back the
   * source's old values: carry the fields the source changed into it (those it does not itself change).
   */
  private rebaseReverseWrites(flow: CompiledFlow, link: CrossReference, item: Prepared): void {
    if (item.changedSource.length === 0) return;
    const { workspace, context } = this;
    const fresh = withoutSource(item.record) as Record<string, unknown>;
    for (const reverse of reverseFlows(context.mapping, flow)) {
      for (const entry of workspace.outbox.unsentFor(context.pair.id, reverse.id, link[flow.to.side].id)) {
        const own = new Set(entry.fields ?? []);
        const carried = item.changedSource.filter((field) => !own.has(field));
        if (carried.length === 0 || entry.operation !== 'update') continue;
        const payload = { ...(entry.payload as Record<string, unknown>) };
        for (const field of carried) {
          if (fresh[field] === undefined) delete payload[field];
          else payload[field] = fresh[field];
        }
        workspace.outbox.revise(entry.id, { payload });
      }
    }
  }

  private deadLetter(flow: CompiledFlow, item: Prepared, failure: WriteFailure, payload: unknown, salt?: string): void {
    const { workspace, options } = this;
    const { entry, inserted } = workspace.outbox.enqueue({
      ...this.outboxWrite(flow, item, salt),
      operation: flow.operation === 'update' ? 'update' : 'create',
      target: null,
      payload,
      fields: null,
    });
    if (inserted) recordDeadLetter(workspace, { ...entry, attempts: 1 }, options.newId(), failure);
  }

  /** Where a write for this record goes and where it came from; its key makes a re-read of this version no new write. */
  private outboxWrite(flow: CompiledFlow, item: Prepared, salt: string | undefined) {
    const { context, options } = this;
    return {
      idempotencyKey: syncWriteKey(context.pair.id, flow.id, item.source.id, item.snapshot.versionKey, salt),
      pairId: context.pair.id,
      flowId: flow.id,
      runId: options.runId,
      connectionId: context.connections[flow.to.side].id,
      entity: flow.to.entity,
      source: sourceOf(flow, item),
      sourceRecord: item.record,
    };
  }

  private progress(flow: CompiledFlow, phase: SyncProgress['phase'], done: number): void {
    this.options.onProgress?.({ runId: this.options.runId, flow: flow.id, phase, done, total: null });
  }
}

/** A record as read, kept so later runs can link by key, compare, and resolve conflicts against it. */
function snapshotOf(connectionId: string, entity: Entity, record: unknown, source: RecordSource): NewSnapshot {
  return {
    connectionId,
    entity,
    recordId: source.id,
    recordNumber: source.number ?? null,
    versionKey: recordVersionKey(source),
    modifiedAt: new Date(Date.parse(source.updatedAt)).toISOString(),
    contentHash: contentHash(record),
    recordJson: canonicalJson(record),
  };
}

function sourceOf(flow: CompiledFlow, item: Prepared) {
  return {
    system: item.source.system,
    entity: flow.from.entity,
    id: item.source.id,
    number: item.source.number,
    version: item.snapshot.versionKey,
  };
}

/** Fields whose content differs from the baseline; every field when there is none. */
function changedFields(current: FieldContents, baseline: FieldContents | undefined): string[] {
  if (baseline === undefined) return Object.keys(current);
  const fields = new Set([...Object.keys(current), ...Object.keys(baseline)]);
  return [...fields].filter((field) => current[field] !== baseline[field]);
}

/** The target as it is, with the fields this write changes taken from the mapped source. */
function mergedPayload(target: unknown, mapped: unknown, fields: readonly string[]): unknown {
  if (target === undefined) return mapped;
  const payload = { ...(withoutSource(target) as Record<string, unknown>) };
  const values = mapped as Record<string, unknown>;
  for (const field of fields) payload[field] = values[field];
  return payload;
}

function parsedFields(fields: FieldContents): Record<string, unknown> {
  return Object.fromEntries(Object.keys(fields).map((field) => [field, fieldValue(fields, field)]));
}
