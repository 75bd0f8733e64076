import { z } from 'zod';
import { ENTITIES } from '../../connectors/connector.js';
import { SystemName } from '../../model/recordRef.js';
import { command, query } from '../operation.js';

/** The console API's view of mapping documents (src/mapping/): what the mapping editor and the Sync page show. */

const Side = z.enum(['accounting', 'erp']);
const MappingEntity = z.enum(ENTITIES);
const Timestamp = z.iso.datetime({ offset: true });

/** Most mapping documents are a few hundred lines; the limit keeps a pasted file from stalling the engine. */
const DOCUMENT_MAX_CHARACTERS = 500_000;

export const MappingFlowSummary = z.object({
  id: z.string(),
  description: z.string(),
  from: z.object({ side: Side, entity: MappingEntity }),
  to: z.object({ side: Side, entity: MappingEntity }),
  operation: z.enum(['upsert', 'create', 'update']),
});
export type MappingFlowSummary = z.infer<typeof MappingFlowSummary>;

export const MappingVersionSummary = z.object({
  version: z.number().int().positive(),
  savedAt: Timestamp,
  savedBy: z.string().nullable(),
});

export const MappingSummary = z.object({
  id: z.string(),
  name: z.string(),
  /** `any`: a generic document written for every system of that side. */
  systems: z.object({
    accounting: z.union([SystemName, z.literal('any')]),
    erp: z.union([SystemName, z.literal('any')]),
  }),
  /** `template`: shipped with Counterpart and not yet saved in this workspace; saving one stores it as version 1+. */
  origin: z.enum(['stored', 'template']),
  latestVersion: z.number().int().positive(),
  versions: z.array(MappingVersionSummary),
});
export type MappingSummary = z.infer<typeof MappingSummary>;

export const MappingList = z.object({ mappings: z.array(MappingSummary) });

export const MappingDocumentView = MappingSummary.omit({ versions: true, latestVersion: true }).extend({
  version: z.number().int().positive(),
  text: z.string(),
  savedAt: Timestamp.nullable(),
  savedBy: z.string().nullable(),
  flows: z.array(MappingFlowSummary),
});
export type MappingDocumentView = z.infer<typeof MappingDocumentView>;

/** One problem in a document's text, placed where the editor can show it. */
export const MappingProblem = z.object({
  message: z.string(),
  /** 1-based line in the text, when the problem can be placed. */
  line: z.number().int().positive().nullable(),
  /** The document path, e.g. `flows[1].fields[3].to`. */
  path: z.string(),
});
export type MappingProblem = z.infer<typeof MappingProblem>;

export const MappingText = z
  .string('Paste or write the mapping document')
  .min(1, 'The mapping document is empty')
  .max(DOCUMENT_MAX_CHARACTERS, 'The mapping document is too long (500,000 characters at most)');

/** `demo`: records of the demo companies (demo mode only); otherwise the canonical source records to try. */
export const MappingSample = z.union([
  z.literal('demo'),
  z.array(z.unknown()).min(1, 'Give at least one sample record').max(50, 'Give at most 50 sample records'),
]);

export const GetMappingRequest = z
  .object({ id: z.string().trim().min(1, 'Choose a mapping'), version: z.number().int().positive().optional() })
  .strict();

export const MappingPreviewRequest = z
  .object({
    text: MappingText,
    /** The flow to try; the document's first flow when absent. */
    flowId: z.string().trim().min(1, 'Choose a flow').optional(),
    sample: MappingSample,
  })
  .strict();

export const MappedSample = z.object({
  /** The sample's business key or number, for people to recognise it. */
  label: z.string(),
  source: z.unknown(),
  outcome: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('mapped'), record: z.unknown() }),
    z.object({ kind: z.literal('skipped'), reason: z.string() }),
    z.object({
      kind: z.literal('failed'),
      code: z.string(),
      message: z.string(),
      field: z.string().nullable(),
    }),
  ]),
});
export type MappedSample = z.infer<typeof MappedSample>;

export const MappingPreview = z.discriminatedUnion('valid', [
  z.object({ valid: z.literal(false), problems: z.array(MappingProblem) }),
  z.object({
    valid: z.literal(true),
    flows: z.array(MappingFlowSummary),
    /** The flow the samples went through. */
    flowId: z.string(),
    samples: z.array(MappedSample),
  }),
]);
export type MappingPreview = z.infer<typeof MappingPreview>;

export const FieldSuggestionRequest = MappingPreviewRequest;

export const FieldSuggestions = z.object({
  fields: z.array(
    z.object({
      target: z.string(),
      candidates: z.array(z.object({ source: z.string(), score: z.number(), reason: z.string() })),
    }),
  ),
});
export type FieldSuggestions = z.infer<typeof FieldSuggestions>;

export const SaveMappingRequest = z.object({ text: MappingText }).strict();

/** The mapping operations of the console API, spread into `operations` (src/api/contract.ts). */
export const mappingOperations = {
  listMappings: query(
    'Mapping documents saved in this workspace with their versions, and the templates shipped with Counterpart.',
    z.object({}).strict(),
    MappingList,
  ),
  getMapping: query(
    'One version of a mapping document (the latest when none is named).',
    GetMappingRequest,
    MappingDocumentView,
  ),
  previewMapping: query(
    'Check a mapping document and map sample records through one of its flows, without saving anything.',
    MappingPreviewRequest,
    MappingPreview,
  ),
  suggestMappingFields: query(
    'For each target field of a flow, the source fields that look most like it in the sample records.',
    FieldSuggestionRequest,
    FieldSuggestions,
  ),
  saveMapping: command(
    'Save a mapping document as its next version; earlier versions are kept.',
    SaveMappingRequest,
    MappingDocumentView,
  ),
} as const;
