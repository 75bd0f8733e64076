import { type ClassSpec, type Fields, TECHNICAL_FIELDS } from './classes.js';
import type { X3Context } from './context.js';
import { X3Error } from './errors.js';
import { childArrayName, missingMandatory, parseWrite, withDefaults } from './records.js';
import { type FieldMap, keyOf, type X3Record } from './store.js';

/** Open items are written by invoices and payments, never directly. */
const SYSTEM_MANAGED = new Set(['GACCDUDATE']);
/** Documents whose lines, once posted, change only by deleting and re-creating the document. */
const FIXED_LINES = new Set(['SDELIVERY', 'SINVOICE', 'PAYMENTH']);

/**
 * Create, update and delete as X3 performs them, whichever API asked (REST api1 or GraphQL): validation with every
 * problem as a diagnosis, numbering, defaults, the sales flow's checks and knock-on effects, and fresh stamps.
 */
export function createRecord(spec: ClassSpec, body: unknown, user: string, context: X3Context): X3Record {
  checkWritable(spec, context);
  const { settings, store, flow } = context;
  const parsed = parseWrite(spec, body, settings, 'create');
  if (parsed.errors.length > 0) throw new X3Error(settings.statuses.validation, parsed.errors);
  const fields = { ...parsed.fields };
  const lines = (parsed.lines ?? []).map((line) => ({ ...line }));
  if (spec.numbered && spec.keys.every((key) => !fields[key])) {
    fields[spec.keys[0] as string] = store.nextNumber(spec, settings.numbering[spec.numbered]);
  }
  const missing = [
    ...missingMandatory(spec.fields, fields),
    ...lines.flatMap((line, index) =>
      missingMandatory(spec.child?.fields ?? {}, line, `${childArrayName(spec, settings)}[${index}].`),
    ),
  ];
  if (missing.length > 0) throw new X3Error(settings.statuses.validation, missing);
  const key = keyOf(spec, fields);
  if (store.get(spec.name, key)) {
    throw new X3Error(settings.statuses.duplicateKey, `${spec.name} ${key}: record already exists.`);
  }
  const problems = flow.prepare(spec, fields, lines, undefined);
  if (problems.length > 0) throw new X3Error(settings.statuses.validation, problems);
  const record = store.insert(spec, withDefaults(spec.fields, fields), completedLines(spec, lines), user);
  flow.apply(spec, record, user);
  return record;
}

export function updateRecord(spec: ClassSpec, record: X3Record, body: unknown, user: string, context: X3Context): void {
  checkWritable(spec, context);
  const { settings, store, flow } = context;
  const parsed = parseWrite(spec, body, settings, 'update');
  const errors = [...parsed.errors];
  for (const key of spec.keys) {
    if (parsed.fields[key] !== undefined && parsed.fields[key] !== record.fields[key]) {
      errors.push(`${key}: the key cannot be modified.`);
    }
  }
  if (parsed.lines !== undefined && FIXED_LINES.has(spec.name) && !sameLines(parsed.lines, record.lines)) {
    errors.push(`The lines of ${spec.name} cannot be modified; delete the document and create it again.`);
  }
  if (errors.length > 0) throw new X3Error(settings.statuses.validation, errors);
  const fields: FieldMap = { ...only(spec.fields, record.fields), ...parsed.fields };
  const lines = (parsed.lines ?? structuredClone(record.lines)).map((line) => ({ ...line }));
  const missing = missingMandatory(spec.fields, fields);
  if (missing.length > 0) throw new X3Error(settings.statuses.validation, missing);
  const problems = flow.prepare(spec, fields, lines, record);
  if (problems.length > 0) throw new X3Error(settings.statuses.validation, problems);
  record.fields = { ...only(TECHNICAL_FIELDS, record.fields), ...withDefaults(spec.fields, fields) };
  record.lines = completedLines(spec, lines);
  store.touch(record, user);
}

export function deleteRecord(spec: ClassSpec, record: X3Record, user: string, context: X3Context): void {
  checkWritable(spec, context);
  const blockers = context.flow.blockers(spec, record);
  if (blockers.length > 0) throw new X3Error(context.settings.statuses.validation, blockers);
  context.flow.revert(spec, record, user);
  context.store.remove(spec.name, keyOf(spec, record.fields));
}

function checkWritable(spec: ClassSpec, context: X3Context): void {
  if (SYSTEM_MANAGED.has(spec.name) || context.settings.readOnlyClasses.includes(spec.name)) {
    throw new X3Error(405, `Class ${spec.name} is read-only through web services.`);
  }
}

/** A client that reads `$edit` and writes the whole body back sends the posted lines unchanged: that is allowed. */
function sameLines(sent: readonly FieldMap[], stored: readonly FieldMap[]): boolean {
  return (
    sent.length === stored.length &&
    sent.every((line, index) =>
      Object.entries(line).every(([name, value]) => JSON.stringify(value) === JSON.stringify(stored[index]?.[name])),
    )
  );
}

function completedLines(spec: ClassSpec, lines: readonly FieldMap[]): FieldMap[] {
  const child = spec.child;
  return child ? lines.map((line) => withDefaults(child.fields, line)) : [];
}

function only(specs: Fields, fields: FieldMap): FieldMap {
  return Object.fromEntries(Object.entries(fields).filter(([name]) => Object.hasOwn(specs, name)));
}
