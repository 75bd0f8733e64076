import { CounterpartError } from '../errors.js';
import type { CompiledMapping, PairSide } from '../mapping/compiledMapping.js';
import { compileMapping } from '../mapping/compileMapping.js';
import type { MappingDocument } from '../mapping/mappingDocument.js';
import { loadTemplate } from '../mapping/templates.js';
import type { SystemName } from '../model/index.js';
import type { Workspace } from '../store/workspace.js';
import type { WorkflowDefinition } from './definition.js';
import { shippedWorkflowMapping } from './shippedWorkflows.js';

/**
 * The mapping document a workflow's steps use: saved in the workspace, else a shipped mapping template, else a
 * mapping shipped with the workflow templates. The steps name its flows, so a workflow maps records exactly as sync
 * would with the same document (same transforms, lookups and status maps).
 */
export function workflowMappingDocument(
  workspace: Workspace,
  reference: WorkflowDefinition['mapping'],
): MappingDocument | undefined {
  const { id, version } = reference;
  const stored =
    version === undefined ? workspace.mappingDocuments.latest(id) : workspace.mappingDocuments.get(id, version);
  if (stored) return stored.document;
  const shipped = shippedTemplate(id) ?? shippedWorkflowMapping(id);
  return shipped && (version === undefined || shipped.version === version) ? shipped : undefined;
}

function shippedTemplate(id: string): MappingDocument | undefined {
  try {
    return loadTemplate(id);
  } catch {
    return undefined;
  }
}

export function compileWorkflowMapping(
  workspace: Workspace,
  definition: WorkflowDefinition,
  systems: Readonly<Record<PairSide, SystemName>>,
): CompiledMapping {
  const document = workflowMappingDocument(workspace, definition.mapping);
  if (!document) {
    const { id, version } = definition.mapping;
    throw new CounterpartError(
      'workflows.mapping_not_found',
      `Workflow "${definition.id}" uses mapping "${id}"${version === undefined ? '' : ` version ${version}`}, which is neither saved in the workspace nor shipped.`,
      { workflow: definition.id, mapping: id, version },
    );
  }
  return compileMapping(document, { systems });
}
