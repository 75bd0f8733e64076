import { isMap, isSeq, LineCounter, type Node, parseDocument, stringify } from 'yaml';
import type { z } from 'zod';
import { descriptorFor } from '../../connections/connectorRegistry.js';
import type { Entity } from '../../connectors/connector.js';
import { CounterpartError } from '../../errors.js';
import type { MappingContext, PairSide } from '../../mapping/compiledMapping.js';
import { compileMapping } from '../../mapping/compileMapping.js';
import { suggestFieldMappings } from '../../mapping/fieldSuggestions.js';
import {
  checkMappingDocument,
  type MappingDocument,
  type MappingDocumentIssue,
  readMappingData,
} from '../../mapping/mappingDocument.js';
import { previewMapping } from '../../mapping/preview.js';
import { listTemplates, loadTemplate } from '../../mapping/templates.js';
import type { RecordRef, SystemName } from '../../model/index.js';
import type { SecretVault } from '../../secrets/keychain.js';
import type { AuditEntry } from '../../store/repositories/auditLog.js';
import type { StoredMappingDocument } from '../../store/repositories/mappingDocuments.js';
import type { Workspace } from '../../store/workspace.js';
import { workflowMappingDocument } from '../../workflows/workflowMapping.js';
import type { EventBus } from '../eventBus.js';
import type {
  FieldSuggestions,
  GetMappingRequest,
  MappedSample,
  MappingDocumentView,
  MappingFlowSummary,
  MappingPreview,
  MappingPreviewRequest,
  MappingProblem,
  MappingSummary,
} from '../schemas/mapping.js';
import { readSettings } from './settingsHandlers.js';

/** A mapping's name for people, e.g. on the Sync page; the id when no document has it. */
export function mappingNameOf(workspace: Workspace, id: string): string {
  try {
    return latestDocument(workspace, id).name;
  } catch {
    return id;
  }
}

/** The newest saved version of a document, else the shipped template of that id. */
function latestDocument(workspace: Workspace, id: string): MappingDocument {
  return workspace.mappingDocuments.latest(id)?.document ?? loadTemplate(id);
}

/** The mapping editor's operations: documents and their versions, live checking and preview, saving. */
export function mappingHandlers(workspace: Workspace, bus: EventBus, vault: SecretVault) {
  const demo = new DemoSamples(workspace, vault);
  return {
    listMappings: () => ({ mappings: mappingSummaries(workspace) }),
    getMapping: ({ id, version }: z.output<typeof GetMappingRequest>) => documentView(workspace, id, version),
    previewMapping: (request: z.output<typeof MappingPreviewRequest>) => preview(demo, request),
    suggestMappingFields: (request: z.output<typeof MappingPreviewRequest>) => suggest(workspace, demo, request),
    saveMapping: ({ text }: { text: string }) => save(workspace, bus, text),
  };
}

function mappingSummaries(workspace: Workspace): MappingSummary[] {
  const stored = workspace.mappingDocuments.list().map((latest): MappingSummary => {
    const document = latestDocument(workspace, latest.id);
    return {
      id: latest.id,
      name: latest.name,
      systems: document.systems,
      origin: 'stored',
      latestVersion: latest.version,
      versions: workspace.mappingDocuments.versions(latest.id).map(({ version, savedAt, savedBy }) => ({
        version,
        savedAt,
        savedBy,
      })),
    };
  });
  const storedIds = new Set(stored.map((mapping) => mapping.id));
  const templates = listTemplates()
    .filter((template) => !storedIds.has(template.id))
    .map(
      (template): MappingSummary => ({
        id: template.id,
        name: template.name,
        systems: template.systems,
        origin: 'template',
        latestVersion: loadTemplate(template.id).version,
        versions: [],
      }),
    );
  return [...stored, ...templates];
}

function documentView(workspace: Workspace, id: string, version: number | undefined): MappingDocumentView {
  const stored =
    version === undefined ? workspace.mappingDocuments.latest(id) : workspace.mappingDocuments.get(id, version);
  if (stored) {
    return {
      ...viewOf(stored.document, stored.source),
      origin: 'stored',
      savedAt: stored.savedAt,
      savedBy: stored.savedBy,
    };
  }
  // Shipped documents: the mapping templates, and the mappings that come with the workflow templates.
  const shipped = workflowMappingDocument(workspace, { id, ...(version === undefined ? {} : { version }) });
  if (shipped === undefined) {
    throw new CounterpartError(
      'mapping.unknown_version',
      `There is no mapping "${id}"${version === undefined ? '' : ` with a version ${version}`}.`,
      { mapping: id, version },
    );
  }
  return { ...viewOf(shipped, shipped), origin: 'template', savedAt: null, savedBy: null };
}

function viewOf(document: MappingDocument, source: unknown) {
  return {
    id: document.id,
    name: document.name,
    systems: document.systems,
    version: document.version,
    text: stringify(source, { lineWidth: 120 }),
    flows: document.flows.map(flowSummary),
  };
}

function flowSummary(flow: MappingDocument['flows'][number]): MappingFlowSummary {
  return { id: flow.id, description: flow.description, from: flow.from, to: flow.to, operation: flow.operation };
}

function save(workspace: Workspace, bus: EventBus, text: string): MappingDocumentView {
  const checked = checkText(text);
  if (!checked.ok) {
    const listed = checked.problems
      .slice(0, 5)
      .map((problem) => `${problem.line === null ? '' : `line ${problem.line}, `}${problem.path}: ${problem.message}`);
    const more = checked.problems.length > 5 ? ` (and ${checked.problems.length - 5} more)` : '';
    throw new CounterpartError(
      'mapping.invalid_document',
      `The mapping document was not saved: ${listed.join('; ')}${more}.`,
      { line: checked.problems[0]?.line ?? null, path: checked.problems[0]?.path ?? null },
    );
  }
  const { saved, entry } = saveMappingVersion(workspace, {
    document: checked.data,
    origin: 'console',
    actor: readSettings(workspace).userName,
  });
  bus.publish('auditAppended', entry);
  return documentView(workspace, saved.id, saved.version);
}

/**
 * Saves a document as the next version of its id, with its audit entry. The first edit of a shipped template keeps
 * the template as version 1 before it, so pairs that ran with the template still find exactly what they ran with.
 */
export function saveMappingVersion(
  workspace: Workspace,
  request: { readonly document: unknown; readonly origin: string; readonly actor: string },
): { saved: StoredMappingDocument; entry: AuditEntry } {
  const id = (request.document as { id?: unknown }).id;
  return workspace.db.transaction(() => {
    if (typeof id === 'string' && workspace.mappingDocuments.latest(id) === undefined && isTemplate(id)) {
      workspace.mappingDocuments.save({ document: loadTemplate(id), origin: 'template', savedBy: 'Counterpart' });
    }
    const saved = workspace.mappingDocuments.save({
      document: request.document,
      origin: request.origin,
      savedBy: request.actor,
    });
    const entry = workspace.auditLog.append({
      actor: request.actor,
      action: 'mapping.saved',
      subject: `mapping/${saved.id}`,
      after: { version: saved.version, name: saved.name, origin: request.origin },
    });
    return { saved, entry };
  })();
}

function isTemplate(id: string): boolean {
  return listTemplates().some((template) => template.id === id);
}

type CheckedText =
  | { readonly ok: true; readonly data: unknown; readonly document: MappingDocument }
  | { readonly ok: false; readonly problems: MappingProblem[] };

/** Reads and validates the editor's text, placing each problem on its line. */
function checkText(text: string): CheckedText {
  let data: unknown;
  try {
    data = readMappingData(text, 'the document');
  } catch (error) {
    if (!(error instanceof CounterpartError)) throw error;
    const line = typeof error.context.line === 'number' ? error.context.line : null;
    return { ok: false, problems: [{ message: error.message, line, path: '(document)' }] };
  }
  const check = checkMappingDocument(data);
  if (check.ok) return { ok: true, data, document: check.document };
  const locate = lineLocator(text);
  return { ok: false, problems: check.issues.map((issue) => problemOf(issue, locate)) };
}

function problemOf(issue: MappingDocumentIssue, locate: (path: string) => number | null): MappingProblem {
  return {
    message: issue.flow === undefined ? issue.message : `flow "${issue.flow}": ${issue.message}`,
    line: locate(issue.path),
    path: issue.path,
  };
}

/**
 * The line of a document path such as `flows[2].fields[3].to` in the YAML text: the line of the deepest key that
 * exists (a missing field is reported on the line of the object that should hold it).
 */
function lineLocator(text: string): (path: string) => number | null {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines });
  return (path) => {
    let node: unknown = document.contents;
    let offset: number | undefined = (node as Node | null)?.range?.[0];
    for (const step of path.match(/[^.[\]]+/g) ?? []) {
      if (isMap(node)) {
        const pair = node.items.find((item) => String((item.key as { value?: unknown } | null)?.value) === step);
        if (!pair) break;
        offset = (pair.key as Node | null)?.range?.[0] ?? offset;
        node = pair.value;
      } else if (isSeq(node) && /^\d+$/.test(step)) {
        const item = node.items[Number(step)] as Node | undefined;
        if (!item) break;
        offset = item.range?.[0] ?? offset;
        node = item;
      } else break;
    }
    return offset === undefined ? null : lines.linePos(offset).line;
  };
}

/** The document, its compiled flow to try, and the systems it is tried for. */
interface PreviewSubject {
  readonly document: MappingDocument;
  readonly flows: MappingFlowSummary[];
  readonly flow: MappingDocument['flows'][number];
  readonly systems: Readonly<Record<PairSide, SystemName>>;
}

type SubjectOrProblems =
  | { readonly ok: true; readonly subject: PreviewSubject }
  | { readonly ok: false; readonly problems: MappingProblem[] };

function previewSubject(text: string, flowId: string | undefined): SubjectOrProblems {
  const checked = checkText(text);
  if (!checked.ok) return checked;
  const { document } = checked;
  const systems = concreteSystems(document);
  let compiledFlowIds: string[];
  try {
    compiledFlowIds = compileMapping(document, { systems }).flows.map((flow) => flow.id);
  } catch (error) {
    if (!(error instanceof CounterpartError)) throw error;
    return { ok: false, problems: [{ message: error.message, line: null, path: '(document)' }] };
  }
  const flows = document.flows.filter((flow) => compiledFlowIds.includes(flow.id));
  const flow = flows.find((candidate) => candidate.id === (flowId ?? flows[0]?.id));
  if (flow === undefined) {
    const index = document.flows.findIndex((candidate) => candidate.id === flowId);
    return {
      ok: false,
      problems: [{ message: `there is no flow "${flowId}" to preview`, line: null, path: `flows[${index}]` }],
    };
  }
  return { ok: true, subject: { document, flows: flows.map(flowSummary), flow, systems } };
}

/** A template written for `any` system of a side is previewed with the first system of that side. */
function concreteSystems(document: MappingDocument): Record<PairSide, SystemName> {
  return {
    accounting: document.systems.accounting === 'any' ? 'xero' : document.systems.accounting,
    erp: document.systems.erp === 'any' ? 'sagex3' : document.systems.erp,
  };
}

async function preview(demo: DemoSamples, request: z.output<typeof MappingPreviewRequest>): Promise<MappingPreview> {
  const found = previewSubject(request.text, request.flowId);
  if (!found.ok) return { valid: false, problems: found.problems };
  const { document, flows, flow, systems } = found.subject;
  const samples = await sampleRecords(demo, request.sample, systems[flow.from.side], flow.from.entity);
  const rows = await previewMapping(document, flow.id, samples, previewContext(systems));
  const labels = uniqueLabels(samples);
  return {
    valid: true,
    flows,
    flowId: flow.id,
    samples: rows.map(
      ({ index, outcome }): MappedSample => ({
        label: labels[index] ?? `Sample ${index + 1}`,
        source: samples[index],
        outcome:
          outcome.kind === 'failed'
            ? {
                kind: 'failed',
                code: outcome.failure.code,
                message: outcome.failure.message,
                field: outcome.failure.field ?? null,
              }
            : outcome,
      }),
    ),
  };
}

async function suggest(
  workspace: Workspace,
  demo: DemoSamples,
  request: z.output<typeof MappingPreviewRequest>,
): Promise<FieldSuggestions> {
  const found = previewSubject(request.text, request.flowId);
  if (!found.ok) {
    throw new CounterpartError(
      'mapping.invalid_document',
      `Fix the document before asking for suggestions: ${found.problems[0]?.message ?? 'it is not valid'}.`,
      { path: found.problems[0]?.path ?? null },
    );
  }
  const { flow, systems } = found.subject;
  const sources = await sampleRecords(demo, request.sample, systems[flow.from.side], flow.from.entity);
  // Target-side demo records show what the target's values look like; outside demo mode only the names are compared.
  const targets = readSettings(workspace).demoMode ? await demo.recordsOf(systems[flow.to.side], flow.to.entity) : [];
  const fields = suggestFieldMappings({
    sourceRecords: sources,
    targetRecords: targets,
    targetPaths: flow.fields.map((rule) => rule.to),
  });
  return { fields: fields.map(({ target, candidates }) => ({ target, candidates: [...candidates] })) };
}

const DEMO_SAMPLES = 5;

/**
 * Sample records of the demo companies, read through the demo connections exactly as a sync would read them (each
 * system's own codes and identities), a few per system and entity, kept for the life of the console.
 */
class DemoSamples {
  private readonly cache = new Map<string, Promise<readonly unknown[]>>();

  constructor(
    private readonly workspace: Workspace,
    private readonly vault: SecretVault,
  ) {}

  recordsOf(system: SystemName, entity: Entity): Promise<readonly unknown[]> {
    if (!readSettings(this.workspace).demoMode) {
      throw new CounterpartError(
        'mapping.no_demo_records',
        'Demo records are there only when exploring with the demo companies; paste sample records instead.',
        {},
      );
    }
    const key = `${system}:${entity}`;
    let records = this.cache.get(key);
    if (records === undefined) {
      records = this.read(system, entity);
      this.cache.set(key, records);
      records.catch(() => this.cache.delete(key));
    }
    return records;
  }

  private async read(system: SystemName, entity: Entity): Promise<readonly unknown[]> {
    const connection = this.workspace.connections
      .list()
      .find((candidate) => candidate.system === system && candidate.isSandbox);
    if (connection === undefined) {
      throw new CounterpartError(
        'mapping.demo_not_connected',
        `The demo ${descriptorFor(system).displayName} is not connected yet; try again once the demo companies run.`,
        { system },
      );
    }
    const connector = descriptorFor(system).create({
      connectionId: connection.id,
      settings: connection.settings,
      secrets: this.vault,
    });
    try {
      if (!connector.capabilities[entity]?.read) return [];
      for await (const page of connector.read(entity, { limit: DEMO_SAMPLES })) return page.slice(0, DEMO_SAMPLES);
      return [];
    } finally {
      await connector.close();
    }
  }
}

function sampleRecords(
  demo: DemoSamples,
  sample: z.output<typeof MappingPreviewRequest>['sample'],
  system: SystemName,
  entity: Entity,
): Promise<readonly unknown[]> | readonly unknown[] {
  return sample === 'demo' ? demo.recordsOf(system, entity) : sample;
}

/**
 * A preview maps records that have no counterpart yet: references resolve to a stand-in naming the source record,
 * so the preview shows the shape of what would be written rather than failing on every reference.
 */
function previewContext(systems: Readonly<Record<PairSide, SystemName>>): MappingContext {
  return {
    systems,
    today: new Date().toISOString().slice(0, 10),
    counterpartOf: (_entity: Entity, source: RecordRef): RecordRef => ({
      system: source.system === systems.accounting ? systems.erp : systems.accounting,
      id: `(counterpart of ${source.number ?? source.id})`,
      ...(source.number === undefined ? {} : { number: source.number }),
    }),
  };
}

/** A name people recognise for each sample (its code, number or reference), unique within the preview. */
function uniqueLabels(samples: readonly unknown[]): string[] {
  const seen = new Map<string, number>();
  return samples.map((sample, index) => {
    const record = (typeof sample === 'object' && sample !== null ? sample : {}) as Record<string, unknown>;
    const key = [record.code, record.number, record.reference, record.name].find((value) => typeof value === 'string');
    const base = typeof key === 'string' ? key : `Sample ${index + 1}`;
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return count === 1 ? base : `${base} (${count})`;
  });
}
