import type { CanonicalRecords, Entity } from '../connectors/connector.js';
import { displayName } from '../connectors/shared/systemNames.js';
import { CounterpartError } from '../errors.js';
import type { SystemName } from '../model/index.js';
import { CANONICAL_SCHEMAS } from './canonicalSchemas.js';
import type {
  CompiledFlow,
  CompiledMapping,
  MapOutcome,
  MappingContext,
  MappingFailure,
  PairSide,
} from './compiledMapping.js';
import type { MappingDocument, MappingFlow } from './mappingDocument.js';
import { readPath } from './paths.js';
import { translateReferences } from './references.js';
import {
  applyRules,
  type CompiledRule,
  compileCondition,
  compileRules,
  holds,
  type RecordScope,
} from './ruleRunner.js';
import { MappingFailed, type MappingTables } from './transforms/index.js';

export interface CompileOptions {
  /** The systems of the pair, required for a document written for `any` system of a side (generic.yaml). */
  readonly systems?: Partial<Record<PairSide, SystemName>> | undefined;
}

const SIDE_SYSTEMS: Readonly<Record<PairSide, readonly SystemName[]>> = {
  accounting: ['xero', 'kashflow'],
  erp: ['sagex3', 'salesforce'],
};

function resolveSystems(document: MappingDocument, options: CompileOptions): Record<PairSide, SystemName> {
  const resolve = (side: PairSide): SystemName => {
    const written = document.systems[side];
    const asked = options.systems?.[side];
    if (asked !== undefined && !SIDE_SYSTEMS[side].includes(asked)) {
      throw new CounterpartError(
        'mapping.wrong_system',
        `${displayName(asked)} is not an ${side === 'erp' ? 'ERP/CRM' : 'accounting'} system.`,
        {
          document: document.id,
          side,
        },
      );
    }
    if (written === 'any') {
      if (asked === undefined) {
        throw new CounterpartError(
          'mapping.systems_needed',
          `Mapping document "${document.id}" is written for any ${side} system: name the pair's ${side} system to compile it.`,
          { document: document.id, side },
        );
      }
      return asked;
    }
    if (asked !== undefined && asked !== written) {
      throw new CounterpartError(
        'mapping.wrong_system',
        `Mapping document "${document.id}" is written for ${displayName(written)}, not ${displayName(asked)}.`,
        { document: document.id, side },
      );
    }
    return written;
  };
  return { accounting: resolve('accounting'), erp: resolve('erp') };
}

/**
 * Flows in dependency order (a flow after every flow it depends on or updates), keeping the document's order
 * otherwise; a cycle is an error naming the flows in it.
 */
export function orderFlows(document: MappingDocument): MappingFlow[] {
  const byId = new Map(document.flows.map((flow) => [flow.id, flow]));
  const prerequisites = (flow: MappingFlow) => [...flow.dependsOn, ...(flow.updates ? [flow.updates.flow] : [])];
  const ordered: MappingFlow[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (flow: MappingFlow, trail: string[]): void => {
    if (state.get(flow.id) === 'done') return;
    if (state.get(flow.id) === 'visiting') {
      const cycle = [...trail.slice(trail.indexOf(flow.id)), flow.id];
      throw new CounterpartError(
        'mapping.dependency_cycle',
        `Mapping document "${document.id}" has flows that depend on each other in a cycle: ${cycle.map((id) => `"${id}"`).join(' → ')}.`,
        { document: document.id, flow: flow.id, cycle: cycle.join(' → ') },
      );
    }
    state.set(flow.id, 'visiting');
    for (const id of prerequisites(flow)) {
      const dependency = byId.get(id);
      if (dependency) visit(dependency, [...trail, flow.id]);
    }
    state.set(flow.id, 'done');
    ordered.push(flow);
  };
  for (const flow of document.flows) visit(flow, []);
  return ordered;
}

function keyReader(path: string | undefined): (record: unknown) => string | undefined {
  return (record) => {
    if (path === undefined) return undefined;
    const value = readPath(record, path);
    return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
  };
}

class Flow implements CompiledFlow {
  readonly id: string;
  readonly description: string;
  readonly from: CompiledFlow['from'];
  readonly to: CompiledFlow['to'];
  readonly operation: CompiledFlow['operation'];
  readonly dependsOn: readonly string[];
  readonly updates: CompiledFlow['updates'];
  readonly systemOfRecord: CompiledFlow['systemOfRecord'];
  readonly sourceKey: CompiledFlow['sourceKey'];
  readonly targetKey: CompiledFlow['targetKey'];
  private readonly when: ReturnType<typeof compileCondition>;
  private readonly rules: readonly CompiledRule[];

  constructor(
    private readonly spec: MappingFlow,
    private readonly tables: MappingTables,
    private readonly systems: Record<PairSide, SystemName>,
  ) {
    this.id = spec.id;
    this.description = spec.description;
    this.from = spec.from;
    this.to = spec.to;
    this.operation = spec.operation;
    this.dependsOn = spec.dependsOn;
    this.updates = spec.updates;
    this.systemOfRecord = spec.systemOfRecord;
    this.sourceKey = keyReader(spec.key?.source);
    this.targetKey = keyReader(spec.key?.target);
    this.when = compileCondition(spec.when);
    this.rules = compileRules(spec.fields);
  }

  async map(record: CanonicalRecords[Entity], context: MappingContext): Promise<MapOutcome<CanonicalRecords[Entity]>> {
    const notes: string[] = [];
    const scope: RecordScope = {
      flow: this.id,
      record,
      context,
      tables: this.tables,
      note: (text) => notes.push(text),
    };
    const target: Record<string, unknown> = {};
    try {
      const conditionScope = { ...scope, field: '(condition)' };
      if (this.when && !(await holds(this.when, record, conditionScope, { current: target, record: target }))) {
        return {
          kind: 'skipped',
          reason: `Flow "${this.id}" skips this record: its condition ${this.spec.when} does not hold.`,
        };
      }
      await applyRules(this.rules, record, target, scope, '', target);
      // A record about to be written exists in no system yet: the source's identity must not travel with it.
      delete target.source;
      translateReferences(this.id, this.to.entity, target, this.spec.references, context, this.systems[this.to.side]);
    } catch (error) {
      if (error instanceof MappingFailed) return { kind: 'failed', failure: error.failure };
      throw error;
    }
    return this.validated(target, notes);
  }

  private validated(target: Record<string, unknown>, notes: string[]): MapOutcome<CanonicalRecords[Entity]> {
    const result = CANONICAL_SCHEMAS[this.to.entity].safeParse(target);
    if (!result.success) {
      const [issue] = result.error.issues;
      const field = issue?.path.map(String).join('.') ?? '';
      const failure: MappingFailure = {
        code: 'mapping.invalid_target',
        message: `Flow "${this.id}" made a ${displayName(this.systems[this.to.side])} ${this.to.entity} that is not valid: ${field ? `${field}: ` : ''}${issue?.message ?? 'invalid'}.`,
        flow: this.id,
        field,
        value: field ? readPath(target, field.replace(/\.(\d+)(?=\.|$)/g, '[$1]')) : undefined,
      };
      return { kind: 'failed', failure };
    }
    const record = result.data as CanonicalRecords[Entity];
    return notes.length > 0 ? { kind: 'mapped', record, notes } : { kind: 'mapped', record };
  }
}

/** Flows a pair of systems can run: a flow `onlyFor` other systems, or updating such a flow, is left out. */
function applicableFlows(document: MappingDocument, systems: Record<PairSide, SystemName>): MappingFlow[] {
  const fits = (flow: MappingFlow) =>
    (['accounting', 'erp'] as const).every((side) => {
      const only: readonly SystemName[] | undefined = flow.onlyFor?.[side];
      return only === undefined || only.includes(systems[side]);
    });
  const kept = document.flows.filter(fits);
  const ids = new Set(kept.map((flow) => flow.id));
  return kept
    .filter((flow) => flow.updates === undefined || ids.has(flow.updates.flow))
    .map((flow) => ({ ...flow, dependsOn: flow.dependsOn.filter((id) => ids.has(id)) }));
}

/** Compiles a validated document: flows in dependency order, every transform and expression built once. */
export function compileMapping(document: MappingDocument, options: CompileOptions = {}): CompiledMapping {
  const systems = resolveSystems(document, options);
  const tables: MappingTables = { lookups: document.lookups, statusMaps: document.statusMaps, rates: document.rates };
  const flows = orderFlows({ ...document, flows: applicableFlows(document, systems) }).map(
    (spec) => new Flow(spec, tables, systems) as CompiledFlow,
  );
  const byId = new Map(flows.map((flow) => [flow.id, flow]));
  return {
    id: document.id,
    name: document.name,
    version: document.version,
    systems,
    flows,
    flow: (id) => byId.get(id),
  };
}
