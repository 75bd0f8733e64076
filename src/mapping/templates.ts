import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CounterpartError } from '../errors.js';
import type { SystemName } from '../model/index.js';
import { type MappingDocument, parseMappingText } from './mappingDocument.js';
import { shippedFolder } from './shippedFolder.js';

/** Shipped mapping templates live in resources/templates. */
function templateFolder(): string {
  return shippedFolder('templates', { code: 'mapping.templates_missing', what: 'mapping templates' });
}

const TEMPLATE_FILE = /^([a-z0-9-]+)\.ya?ml$/;

/** What the template picker shows about each shipped template. */
export interface TemplateSummary {
  readonly id: string;
  readonly name: string;
  readonly description: string | undefined;
  readonly systems: MappingDocument['systems'];
  readonly flows: readonly { readonly id: string; readonly description: string }[];
}

const loaded = new Map<string, MappingDocument>();

/** A shipped template by id (its file name without .yaml), validated. */
export function loadTemplate(id: string): MappingDocument {
  const known = loaded.get(id);
  if (known) return known;
  const folder = templateFolder();
  const file = readdirSync(folder).find((name) => TEMPLATE_FILE.exec(name)?.[1] === id);
  if (!file) {
    throw new CounterpartError('mapping.unknown_template', `There is no mapping template "${id}".`, { template: id });
  }
  const document = parseMappingText(readFileSync(join(folder, file), 'utf8'), file);
  if (document.id !== id) {
    throw new CounterpartError('mapping.template_id_mismatch', `Template file ${file} declares id "${document.id}".`, {
      template: id,
    });
  }
  loaded.set(id, document);
  return document;
}

/** Every shipped template, in file-name order. */
export function listTemplates(): TemplateSummary[] {
  return readdirSync(templateFolder())
    .map((name) => TEMPLATE_FILE.exec(name)?.[1])
    .filter((id): id is string => id !== undefined)
    .sort()
    .map((id) => {
      const document = loadTemplate(id);
      return {
        id,
        name: document.name,
        description: document.description,
        systems: document.systems,
        flows: document.flows.map((flow) => ({ id: flow.id, description: flow.description })),
      };
    });
}

/** The template for a pair: the one written for both systems, else the generic one written for any. */
export function templateFor(accounting: SystemName, erp: SystemName): MappingDocument {
  const templates = listTemplates();
  const fits = (side: string, system: SystemName) => side === system || side === 'any';
  const exact = templates.find((t) => t.systems.accounting === accounting && t.systems.erp === erp);
  const any = templates.find((t) => fits(t.systems.accounting, accounting) && fits(t.systems.erp, erp));
  const chosen = exact ?? any;
  if (!chosen) {
    throw new CounterpartError('mapping.no_template', `No mapping template pairs ${accounting} with ${erp}.`, {
      accounting,
      erp,
    });
  }
  return loadTemplate(chosen.id);
}
