import { readFileSync, writeFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { stringify as toYaml } from 'yaml';
import { CounterpartError, describeError } from '../errors.js';
import { type MappingDocument, parseMappingDocument, readMappingData } from './mappingDocument.js';

/** A mapping document read from a file: validated, with the data as written (to store or export unchanged). */
export interface MappingFile {
  readonly document: MappingDocument;
  readonly source: unknown;
  readonly file: string;
}

/**
 * Imports a mapping document from a .yaml, .yml or .json file. A file that cannot be read, a syntax error (with its
 * line) and an invalid document (with flow and path) are each one error naming the file.
 */
export function readMappingFile(path: string): MappingFile {
  const name = basename(path);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CounterpartError(
      'mapping.file_unreadable',
      `The mapping file ${path} cannot be read: ${describeError(error)}`,
      {
        file: path,
      },
    );
  }
  const source = readMappingData(text, name);
  if (source === null || source === undefined) {
    throw new CounterpartError('mapping.invalid_document', `The mapping file ${name} is empty.`, {
      file: path,
      document: name,
    });
  }
  return { document: parseMappingDocument(source, name), source, file: path };
}

/** Exports a document as written: JSON for a .json file, YAML otherwise. */
export function writeMappingFile(path: string, source: unknown): void {
  const json = extname(path).toLowerCase() === '.json';
  writeFileSync(path, json ? `${JSON.stringify(source, null, 2)}\n` : toYaml(source, { lineWidth: 120 }), 'utf8');
}
