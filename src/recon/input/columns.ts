import { CounterpartError } from '../../errors.js';
import { foldHeader } from '../normalise.js';
import { type Entity, type FieldSpec, fieldsOf } from '../schema.js';

/** Which file column feeds each canonical field (by position in the header row). */
export type ColumnMapping = ReadonlyMap<string, number>;

/**
 * Parses `--map` text: "total=Gross Amount,party_name=Customer" (canonical field = header in the file). Several
 * `--map` options may be given; later ones win.
 */
export function parseMapOptions(options: readonly string[], entity: Entity): Map<string, string> {
  const known = new Set(fieldsOf(entity).map((spec) => spec.name));
  const explicit = new Map<string, string>();
  for (const option of options) {
    for (const part of option.split(',')) {
      if (part.trim() === '') continue;
      const at = part.indexOf('=');
      const name = at < 0 ? '' : part.slice(0, at).trim();
      const header = at < 0 ? '' : part.slice(at + 1).trim();
      if (name === '' || header === '') {
        throw new CounterpartError('recon.bad_map', `"${part.trim()}" is not a mapping; write it as field=Header.`, {
          map: option,
        });
      }
      if (!known.has(name)) {
        throw new CounterpartError(
          'recon.bad_map',
          `"${name}" is not a ${entity} field; use one of ${[...known].join(', ')}.`,
          { map: option, entity },
        );
      }
      explicit.set(name, header);
    }
  }
  return explicit;
}

/**
 * Maps a header row onto canonical fields: explicit mappings first, then a header equal to the field's name, then
 * one of its synonyms. Comparison ignores case, spacing and punctuation ("Due Date", "due_date", "DUEDATE").
 */
export function mapHeader(
  headers: readonly string[],
  entity: Entity,
  explicit: ReadonlyMap<string, string>,
  source: string,
): ColumnMapping {
  const folded = headers.map(foldHeader);
  const mapping = new Map<string, number>();
  const taken = new Set<number>();
  const specs = fieldsOf(entity);
  for (const [name, header] of explicit) {
    const index = folded.indexOf(foldHeader(header));
    if (index < 0) {
      throw new CounterpartError(
        'recon.missing_column',
        `${source} has no column "${header}" (mapped to ${name}); its columns are ${headers.join(', ')}.`,
        { file: source, field: name, header },
      );
    }
    mapping.set(name, index);
    taken.add(index);
  }
  const claim = (spec: FieldSpec, candidates: readonly string[]): void => {
    if (mapping.has(spec.name)) return;
    for (const candidate of candidates) {
      const index = folded.indexOf(foldHeader(candidate));
      if (index >= 0 && !taken.has(index)) {
        mapping.set(spec.name, index);
        taken.add(index);
        return;
      }
    }
  };
  for (const spec of specs) claim(spec, [spec.name]);
  for (const spec of specs) claim(spec, spec.synonyms);
  requireColumns(mapping, entity, source, headers);
  return mapping;
}

function requireColumns(
  mapping: ReadonlyMap<string, number>,
  entity: Entity,
  source: string,
  headers: readonly string[],
): void {
  const needs: string[][] =
    entity === 'invoices' || entity === 'credit-notes'
      ? [
          ['number', 'id'],
          ['total', 'net'],
        ]
      : entity === 'payments' || entity === 'bank-lines'
        ? [['amount'], ['date']]
        : entity === 'parties'
          ? [['name', 'number']]
          : [['number', 'name']];
  for (const alternatives of needs) {
    if (alternatives.some((name) => mapping.has(name))) continue;
    const wanted = alternatives.map((name) => `"${name}"`).join(' or ');
    throw new CounterpartError(
      'recon.missing_column',
      `${source} has no ${wanted} column for ${entity}; its columns are ${headers.join(', ') || '(none)'} — rename one or pass --map ${alternatives[0]}=<header>.`,
      { file: source, entity, field: alternatives[0] },
    );
  }
}
