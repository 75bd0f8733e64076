import { CounterpartError } from '../errors.js';
import type { CompiledMapping, PairSide } from '../mapping/compiledMapping.js';
import { compileMapping } from '../mapping/compileMapping.js';
import type { MappingDocument } from '../mapping/mappingDocument.js';
import { loadTemplate, templateFor } from '../mapping/templates.js';
import type { SystemName } from '../model/index.js';
import type { Workspace } from '../store/workspace.js';

type PairSystems = Readonly<Record<PairSide, SystemName>>;

/** Where the engine finds a pair's mapping: the shipped template for its systems, or a stored document. */
export interface MappingCatalogue {
  /** The mapping (and its version) a new pair uses: the one named, or the template for the two systems. */
  choose(request: {
    readonly systems: Readonly<Record<PairSide, SystemName>>;
    readonly mappingId?: string | undefined;
  }): { readonly id: string; readonly version: number };
  /** The compiled mapping of an id and version, as the pair recorded it, for the pair's systems. */
  load(id: string, version: number, systems: PairSystems): CompiledMapping | Promise<CompiledMapping>;
}

/**
 * The workspace's mapping documents (every saved version), then the shipped templates: a pair keeps the version it
 * was created with, so editing a document never changes what an existing pair runs until it is moved to the new one.
 */
export function workspaceCatalogue(workspace: Workspace): MappingCatalogue {
  const stored = (id: string) => workspace.mappingDocuments.latest(id);
  return {
    choose: ({ systems, mappingId }) => {
      if (mappingId === undefined) {
        const template = templateFor(systems.accounting, systems.erp);
        return { id: template.id, version: template.version };
      }
      const document = stored(mappingId) ?? loadTemplate(mappingId);
      return { id: document.id, version: document.version };
    },
    load: (id, version, systems) => {
      const document: MappingDocument | undefined =
        workspace.mappingDocuments.get(id, version)?.document ?? templateVersion(id, version);
      if (document === undefined) {
        throw new CounterpartError(
          'sync.mapping_not_found',
          `Mapping "${id}" version ${version}, which this sync pair runs, is neither saved in the workspace nor shipped.`,
          { mapping: id, version },
        );
      }
      return compileMapping(document, { systems });
    },
  };
}

function templateVersion(id: string, version: number): MappingDocument | undefined {
  try {
    const template = loadTemplate(id);
    return template.version === version ? template : undefined;
  } catch {
    return undefined;
  }
}

/** A catalogue over mappings compiled in advance (tests, a workflow that brings its own). */
export function fixedCatalogue(mappings: readonly CompiledMapping[]): MappingCatalogue {
  const find = (predicate: (mapping: CompiledMapping) => boolean, what: string): CompiledMapping => {
    const found = mappings.find(predicate);
    if (!found) {
      throw new CounterpartError('sync.mapping_not_found', `There is no mapping ${what} to sync with.`, {
        mapping: what,
      });
    }
    return found;
  };
  return {
    choose: ({ systems, mappingId }) => {
      const mapping =
        mappingId === undefined
          ? find(
              (candidate) =>
                candidate.systems.accounting === systems.accounting && candidate.systems.erp === systems.erp,
              `for ${systems.accounting} and ${systems.erp}`,
            )
          : find((candidate) => candidate.id === mappingId, `"${mappingId}"`);
      return { id: mapping.id, version: mapping.version };
    },
    load: (id, version) =>
      find((candidate) => candidate.id === id && candidate.version === version, `"${id}" version ${version}`),
  };
}
