import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CounterpartError, describeError } from '../errors.js';
import { type MappingDocument, parseMappingText, readMappingData } from '../mapping/mappingDocument.js';
import { shippedFolder } from '../mapping/shippedFolder.js';
import { WorkflowDefinition } from './definition.js';

/** Workflows shipped with Counterpart live in resources/workflows; the mappings written for them in its mappings/. */
function folder(): string {
  return shippedFolder('workflows', { code: 'workflows.templates_missing', what: 'workflows' });
}

const FILE = /^([a-z0-9-]+)\.ya?ml$/;

export interface ShippedWorkflow {
  readonly id: string;
  readonly definition: WorkflowDefinition;
}

let templates: ShippedWorkflow[] | undefined;

/** The shipped workflow templates, validated, in file-name order. */
export function shippedWorkflows(): readonly ShippedWorkflow[] {
  templates ??= readdirSync(folder())
    .filter((name) => FILE.test(name))
    .sort()
    .map((name) => {
      const data = readMappingData(readFileSync(join(folder(), name), 'utf8'), name);
      const parsed = WorkflowDefinition.safeParse(data);
      if (!parsed.success) {
        throw new CounterpartError(
          'workflows.invalid_template',
          `The shipped workflow ${name} is not valid: ${parsed.error.issues[0]?.message ?? 'unknown problem'}.`,
          { template: name },
        );
      }
      return { id: parsed.data.id, definition: parsed.data };
    });
  return templates;
}

export function shippedWorkflow(id: string): ShippedWorkflow {
  const found = shippedWorkflows().find((template) => template.id === id);
  if (!found)
    throw new CounterpartError('workflows.unknown_template', `There is no workflow template "${id}".`, { id });
  return found;
}

const mappings = new Map<string, MappingDocument>();

/** A mapping document shipped for the workflows (resources/workflows/mappings/<id>.yaml), or undefined. */
export function shippedWorkflowMapping(id: string): MappingDocument | undefined {
  const known = mappings.get(id);
  if (known) return known;
  const file = join(folder(), 'mappings', `${id}.yaml`);
  if (!FILE.test(`${id}.yaml`) || !existsSync(file)) return undefined;
  try {
    const document = parseMappingText(readFileSync(file, 'utf8'), `workflows/mappings/${id}.yaml`);
    mappings.set(id, document);
    return document;
  } catch (error) {
    throw new CounterpartError(
      'workflows.invalid_template',
      `A shipped workflow mapping is not valid: ${describeError(error)}`,
      {
        mapping: id,
      },
    );
  }
}
