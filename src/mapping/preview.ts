import type { CanonicalRecords, Entity } from '../connectors/connector.js';
import { CounterpartError } from '../errors.js';
import { describeIssues } from '../model/index.js';
import { CANONICAL_SCHEMAS } from './canonicalSchemas.js';
import type { MapOutcome, MappingContext } from './compiledMapping.js';
import { compileMapping } from './compileMapping.js';
import type { MappingDocument } from './mappingDocument.js';

/** One sample record and what the flow made of it. */
export interface PreviewRow {
  readonly index: number;
  readonly outcome: MapOutcome<CanonicalRecords[Entity]>;
}

/**
 * The mapping editor's live preview: maps each sample record of the flow's source entity and returns, per sample,
 * the mapped record (with its notes), the reason it is skipped or the failure. A sample that is not a valid
 * canonical record of the source entity fails with `mapping.invalid_source`, so an edited sample never crashes it.
 */
export async function previewMapping(
  document: MappingDocument,
  flowId: string,
  sampleRecords: readonly unknown[],
  context: MappingContext,
): Promise<PreviewRow[]> {
  const mapping = compileMapping(document, { systems: context.systems });
  const flow = mapping.flow(flowId);
  if (!flow) {
    throw new CounterpartError(
      'mapping.unknown_flow',
      `Mapping document "${document.id}" has no flow "${flowId}" for ${context.systems.accounting} and ${context.systems.erp}.`,
      { document: document.id, flow: flowId },
    );
  }
  const schema = CANONICAL_SCHEMAS[flow.from.entity];
  const rows: PreviewRow[] = [];
  for (const [index, sample] of sampleRecords.entries()) {
    const parsed = schema.safeParse(sample);
    const outcome: MapOutcome<CanonicalRecords[Entity]> = parsed.success
      ? await flow.map(parsed.data as CanonicalRecords[Entity], context)
      : {
          kind: 'failed',
          failure: {
            code: 'mapping.invalid_source',
            message: `Sample ${index + 1} is not a valid ${flow.from.entity}: ${describeIssues(parsed.error)}.`,
            flow: flow.id,
          },
        };
    rows.push({ index, outcome });
  }
  return rows;
}
