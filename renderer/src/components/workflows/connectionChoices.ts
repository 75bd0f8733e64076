import type { ConnectionSummary } from '../../../../src/api/schemas/connections';
import type { MappingSummary } from '../../../../src/api/schemas/mapping';
import { SYSTEM_DISPLAY_NAMES } from '../../../../src/connectors/shared/systemNames';
import { WORKFLOW_SCHEMA, type WorkflowDefinition, type WorkflowSide } from '../../../../src/workflows/definition';
import type { Choice } from './fields';

const ACCOUNTING_SYSTEMS: readonly string[] = ['xero', 'kashflow'];

/** The side a connection can play: Xero and KashFlow keep the books; Sage X3 and Salesforce are the ERP or CRM. */
export function sideOfSystem(system: string): WorkflowSide {
  return ACCOUNTING_SYSTEMS.includes(system) ? 'accounting' : 'erp';
}

export function connectionChoices(
  connections: readonly ConnectionSummary[],
  side: WorkflowSide,
  system?: string,
): Choice[] {
  return connections
    .filter((connection) => sideOfSystem(connection.system) === side)
    .filter((connection) => system === undefined || system === 'any' || connection.system === system)
    .map((connection) => ({
      value: connection.id,
      label: `${connection.name} (${SYSTEM_DISPLAY_NAMES[connection.system]})`,
    }));
}

/** Mapping documents written for the systems of the two chosen connections (or for any system of a side). */
export function fittingMappings(
  mappings: readonly MappingSummary[],
  connections: readonly ConnectionSummary[],
  chosen: { readonly accounting: string | null; readonly erp: string | null },
): MappingSummary[] {
  const systemOf = (id: string | null) => connections.find((connection) => connection.id === id)?.system;
  const fits = (written: string, system: string | undefined) =>
    written === 'any' || system === undefined || written === system;
  return mappings.filter(
    (mapping) =>
      fits(mapping.systems.accounting, systemOf(chosen.accounting)) && fits(mapping.systems.erp, systemOf(chosen.erp)),
  );
}

/**
 * A blank workflow between the first accounting and ERP/CRM connections, with the first mapping written for them:
 * started by hand, no steps yet. Its id is the first `workflow-N` not taken.
 */
export function blankDefinition(
  connections: readonly ConnectionSummary[],
  mappings: readonly MappingSummary[],
  takenIds: readonly string[],
): WorkflowDefinition {
  const chosen = firstPairWithMapping(connections, mappings);
  const fitting = fittingMappings(mappings, connections, chosen);
  const mapping = fitting.find((candidate) => candidate.systems.accounting !== 'any') ?? fitting[0];
  let number = 1;
  while (takenIds.includes(`workflow-${number}`)) number += 1;
  return {
    schema: WORKFLOW_SCHEMA,
    id: `workflow-${number}`,
    name: `New workflow ${number}`,
    connections: chosen,
    mapping: { id: mapping?.id ?? '' },
    trigger: { kind: 'manual' },
    start: '',
    steps: [],
  };
}

/** The first accounting and ERP/CRM connections a mapping is written for (not only the generic one), else the first two. */
function firstPairWithMapping(
  connections: readonly ConnectionSummary[],
  mappings: readonly MappingSummary[],
): { accounting: string | null; erp: string | null } {
  const accounting = connectionChoices(connections, 'accounting').map((choice) => choice.value);
  const erp = connectionChoices(connections, 'erp').map((choice) => choice.value);
  const specific = mappings.filter((mapping) => mapping.systems.accounting !== 'any' && mapping.systems.erp !== 'any');
  for (const accountingId of accounting) {
    for (const erpId of erp) {
      const pair = { accounting: accountingId, erp: erpId };
      if (fittingMappings(specific, connections, pair).length > 0) return pair;
    }
  }
  return { accounting: accounting[0] ?? null, erp: erp[0] ?? null };
}
