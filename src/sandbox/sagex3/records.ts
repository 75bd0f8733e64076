import { isCalendarDate } from '../../model/dates.js';
import { type ClassSpec, type FieldSpec, type Fields, TECHNICAL_FIELDS } from './classes.js';
import type { SageX3Settings } from './settings.js';
import { type FieldMap, type FieldValue, keyOf, type X3Record } from './store.js';

/** `create` and `update` come from clients (server-computed fields are ignored); `seed` takes every field as given. */
export type WriteMode = 'create' | 'update' | 'seed';

export interface ParsedWrite {
  readonly fields: FieldMap;
  /** Undefined when the body did not carry the child array (an update then keeps the lines it had). */
  readonly lines: FieldMap[] | undefined;
  readonly errors: string[];
}

export function childArrayName(spec: ClassSpec, settings: SageX3Settings): string | undefined {
  return spec.child ? settings.childArrayNames[spec.child.arraySetting] : undefined;
}

/** Validates a JSON body against the class and converts it to stored fields; collects every problem as a diagnosis. */
export function parseWrite(spec: ClassSpec, body: unknown, settings: SageX3Settings, mode: WriteMode): ParsedWrite {
  const errors: string[] = [];
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { fields: {}, lines: undefined, errors: ['The request body must be a JSON object.'] };
  }
  const input = body as Record<string, unknown>;
  const arrayName = childArrayName(spec, settings);
  const fields = parseFields(spec.fields, input, settings, mode, errors, '', arrayName);
  let lines: FieldMap[] | undefined;
  if (spec.child && arrayName && input[arrayName] !== undefined) {
    const raw = input[arrayName];
    if (!Array.isArray(raw)) {
      errors.push(`${arrayName}: an array of lines is expected.`);
    } else {
      const child = spec.child;
      lines = raw.map((line, index) => {
        if (typeof line !== 'object' || line === null || Array.isArray(line)) {
          errors.push(`${arrayName}[${index}]: a line object is expected.`);
          return {};
        }
        return parseFields(
          child.fields,
          line as Record<string, unknown>,
          settings,
          mode,
          errors,
          `${arrayName}[${index}].`,
        );
      });
    }
  }
  return { fields, lines, errors };
}

function parseFields(
  specs: Fields,
  input: Record<string, unknown>,
  settings: SageX3Settings,
  mode: WriteMode,
  errors: string[],
  path: string,
  arrayName?: string,
): FieldMap {
  const fields: FieldMap = {};
  for (const [name, raw] of Object.entries(input)) {
    if (name.startsWith('$') || name === arrayName) continue;
    const spec = Object.hasOwn(specs, name) ? specs[name] : undefined;
    const technical = Object.hasOwn(TECHNICAL_FIELDS, name) ? TECHNICAL_FIELDS[name] : undefined;
    if (!spec) {
      if (technical) {
        if (mode === 'seed' && raw !== undefined && raw !== null) {
          const value = convert(name, technical, raw, path, errors);
          if (value !== undefined) fields[name] = value;
        }
        continue;
      }
      if (settings.unknownFields === 'reject') errors.push(`${path}${name}: unknown property.`);
      continue;
    }
    if (spec.computed && mode !== 'seed') continue;
    if (raw === null || raw === undefined) continue;
    const value = convert(name, spec, raw, path, errors);
    if (value !== undefined) fields[name] = value;
  }
  return fields;
}

function convert(name: string, spec: FieldSpec, raw: unknown, path: string, errors: string[]): FieldValue | undefined {
  const where = `${path}${name}`;
  switch (spec.type) {
    case 'string': {
      if (typeof raw !== 'string' && typeof raw !== 'number') {
        errors.push(`${where}: a string is expected.`);
        return undefined;
      }
      const text = String(raw);
      if (spec.maxLength !== undefined && text.length > spec.maxLength) {
        errors.push(`${where}: ${text.length} characters exceed the maximum length ${spec.maxLength}.`);
        return undefined;
      }
      return text;
    }
    case 'integer':
    case 'decimal': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
      if (!Number.isFinite(n) || (spec.type === 'integer' && !Number.isInteger(n))) {
        errors.push(`${where}: ${spec.type === 'integer' ? 'an integer' : 'a number'} is expected.`);
        return undefined;
      }
      if (spec.menu && !spec.menu.values.includes(n)) {
        errors.push(
          `${where}: ${n} is not a value of local menu ${spec.menu.number} (${spec.menu.values.join(', ')}).`,
        );
        return undefined;
      }
      return n;
    }
    case 'date':
      if (typeof raw !== 'string' || (raw !== '' && !isCalendarDate(raw))) {
        errors.push(`${where}: a date written YYYY-MM-DD is expected.`);
        return undefined;
      }
      return raw;
    case 'datetime':
      if (typeof raw !== 'string' || Number.isNaN(Date.parse(raw))) {
        errors.push(`${where}: a date-time is expected.`);
        return undefined;
      }
      return raw;
    case 'strings':
      if (!Array.isArray(raw) || raw.some((item) => typeof item !== 'string')) {
        errors.push(`${where}: an array of strings is expected.`);
        return undefined;
      }
      if (spec.maxLength !== undefined && raw.some((item: string) => item.length > (spec.maxLength ?? 0))) {
        errors.push(`${where}: a line exceeds the maximum length ${spec.maxLength}.`);
        return undefined;
      }
      return raw as string[];
    case 'decimals':
      if (!Array.isArray(raw) || raw.some((item) => typeof item !== 'number')) {
        errors.push(`${where}: an array of numbers is expected.`);
        return undefined;
      }
      return raw as number[];
  }
}

/** Fills defaults of fields a create left out (what `$template` shows). */
export function withDefaults(specs: Fields, fields: FieldMap): FieldMap {
  const filled: FieldMap = {};
  for (const [name, spec] of Object.entries(specs)) {
    const value = fields[name] ?? spec.default ?? emptyValue(spec);
    if (value !== undefined) filled[name] = value;
  }
  return filled;
}

/** X3 has no NULL: empty strings are '', empty numbers 0. */
export function emptyValue(spec: FieldSpec): FieldValue | undefined {
  switch (spec.type) {
    case 'integer':
    case 'decimal':
      return 0;
    case 'strings':
    case 'decimals':
      return [];
    case 'datetime':
      return undefined;
    default:
      return '';
  }
}

export function missingMandatory(specs: Fields, fields: FieldMap, path = ''): string[] {
  return Object.entries(specs)
    .filter(([name, spec]) => spec.mandatory && (fields[name] === undefined || fields[name] === ''))
    .map(([name]) => `${path}${name}: mandatory field.`);
}

export interface WireContext {
  readonly settings: SageX3Settings;
  /** `https://127.0.0.1:port/api1/x3/erp/SEED` */
  readonly folderUrl: string;
  readonly representation: string;
}

/** The URL of one record in a representation and facet, with the key in `('…')`. */
export function recordUrl(spec: ClassSpec, key: string, context: WireContext, facet = '$details'): string {
  return `${context.folderUrl}/${spec.name}('${encodeURIComponent(key)}')?representation=${context.representation}.${facet}`;
}

/** A record as the REST layer shows it: meta, header fields in dictionary order, technical stamps, lines. */
export function toWire(
  spec: ClassSpec,
  record: X3Record,
  context: WireContext,
  facet: '$details' | '$query' | '$edit',
): Record<string, unknown> {
  const key = keyOf(spec, record.fields);
  const meta = facet === '$query' ? context.settings.query.resourceMeta : ['$uuid', '$key', '$url', '$etag'];
  const wire: Record<string, unknown> = {};
  if (meta.includes('$uuid')) wire.$uuid = record.uuid;
  if (meta.includes('$key')) wire.$key = key;
  if (meta.includes('$url')) wire.$url = recordUrl(spec, key, context, facet === '$edit' ? '$edit' : '$details');
  if (meta.includes('$etag')) wire.$etag = etagOf(record);
  const names = facet === '$query' ? spec.queryFields : Object.keys(spec.fields);
  for (const name of names) wire[name] = record.fields[name] ?? emptyValue(spec.fields[name] as FieldSpec) ?? '';
  for (const name of Object.keys(TECHNICAL_FIELDS)) {
    if (record.fields[name] !== undefined) wire[name] = record.fields[name];
  }
  const arrayName = childArrayName(spec, context.settings);
  if (facet !== '$query' && spec.child && arrayName) {
    const childFields = Object.keys(spec.child.fields);
    wire[arrayName] = record.lines.map((line) => {
      const out: Record<string, unknown> = {};
      for (const name of childFields) out[name] = line[name] ?? emptyValue(spec.child?.fields[name] as FieldSpec) ?? '';
      return out;
    });
  }
  return wire;
}

/** X3's `$etag` looks like an ISO timestamp of the last update. */
export function etagOf(record: X3Record): string {
  return String(record.fields.UPDDATTIM ?? '');
}
