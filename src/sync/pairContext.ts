import type { Connector, Entity } from '../connectors/connector.js';
import type { CompiledFlow, CompiledMapping, PairSide } from '../mapping/compiledMapping.js';
import type { RecordRef, SystemName } from '../model/index.js';
import type { Connection } from '../store/repositories/connections.js';
import type { CrossReference } from '../store/repositories/crossReferences.js';
import type { SyncPairRow } from '../store/repositories/syncPairs.js';
import type { Workspace } from '../store/workspace.js';

/** One pair, ready to sync: its connections, its compiled mapping and a connector per side. */
export interface PairContext {
  readonly pair: SyncPairRow;
  readonly mapping: CompiledMapping;
  readonly connections: Readonly<Record<PairSide, Connection>>;
  readonly systems: Readonly<Record<PairSide, SystemName>>;
  connector(side: PairSide): Connector;
}

export function otherSide(side: PairSide): PairSide {
  return side === 'accounting' ? 'erp' : 'accounting';
}

/** Which side of the pair a system's record comes from. */
export function sideOfSystem(context: PairContext, system: string): PairSide | undefined {
  if (context.systems.accounting === system) return 'accounting';
  if (context.systems.erp === system) return 'erp';
  return undefined;
}

/** The end of a link on one side, as a record reference in that side's system. */
export function refOnSide(context: PairContext, link: CrossReference, side: PairSide): RecordRef {
  const end = link[side];
  return { system: context.systems[side], id: end.id, ...(end.number === undefined ? {} : { number: end.number }) };
}

/**
 * The counterpart on the other side of a record of one side, from the cross-references: the one linked under the
 * same entity first, then any link of that record.
 */
export function counterpartOf(
  workspace: Workspace,
  context: PairContext,
  entity: Entity,
  source: RecordRef,
): RecordRef | undefined {
  const side = sideOfSystem(context, source.system);
  if (side === undefined) return undefined;
  const link =
    workspace.crossReferences.find(context.pair.id, side, entity, source.id) ??
    workspace.crossReferences.findAnyEntity(context.pair.id, side, source.id, entity)[0];
  return link && refOnSide(context, link, otherSide(side));
}

/** Flows writing back the other way between the same two entities (the reverse of a master-data flow). */
export function reverseFlows(mapping: CompiledMapping, flow: CompiledFlow): CompiledFlow[] {
  return mapping.flows.filter(
    (candidate) =>
      candidate.id !== flow.id &&
      candidate.from.side === flow.to.side &&
      candidate.from.entity === flow.to.entity &&
      candidate.to.entity === flow.from.entity,
  );
}

/**
 * Flows grouped into stages run one after another: a stage holds consecutive flows that do not depend on each other
 * (both directions of one master-data entity), so both sides are read before anything of the stage is written and a
 * change made on both sides is seen as a conflict rather than overwritten by whichever flow ran first.
 */
export function stagesOf(flows: readonly CompiledFlow[]): CompiledFlow[][] {
  const stages: CompiledFlow[][] = [];
  let current: CompiledFlow[] = [];
  for (const flow of flows) {
    const dependsOnCurrent = current.some((member) => flow.dependsOn.includes(member.id));
    if (dependsOnCurrent) {
      stages.push(current);
      current = [];
    }
    current.push(flow);
  }
  if (current.length > 0) stages.push(current);
  return stages;
}
