import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readMappingFile, writeMappingFile } from '../../src/mapping/mappingFiles.js';
import { openWorkspace } from '../../src/store/workspace.js';
import { freshDirectories } from '../support/tempDirectory.js';
import { documentData } from './documents.js';

const directory = freshDirectories();

describe('stored mapping documents', () => {
  it('saves each edit as a new version and keeps the old ones', () => {
    const workspace = openWorkspace({ dataDirectory: directory(), name: 'books' });
    try {
      const repository = workspace.mappingDocuments;
      const first = repository.save({ document: documentData(), origin: 'template:test', savedBy: 'ana' });
      const edited = documentData({ description: 'X3 customers to Xero, names trimmed' });
      const second = repository.save({
        document: { ...edited, name: 'Test mapping, edited' },
        origin: 'editor',
        savedBy: 'ben',
        comment: 'trim names',
      });
      expect([first.version, second.version]).toEqual([1, 2]);
      expect(repository.get('test-mapping', 1)?.document.flows[0]?.description).toBe('X3 customers to Xero');
      expect(repository.latest('test-mapping')).toMatchObject({
        version: 2,
        name: 'Test mapping, edited',
        savedBy: 'ben',
        comment: 'trim names',
      });
      expect(repository.latest('test-mapping')?.document.version).toBe(2);
      expect(repository.versions('test-mapping').map((version) => version.version)).toEqual([2, 1]);
      expect(repository.list()).toMatchObject([{ id: 'test-mapping', version: 2, origin: 'editor' }]);
      expect(repository.get('test-mapping', 3)).toBeUndefined();
      expect(() => workspace.db.prepare("UPDATE mapping_documents SET name = 'x' WHERE version = 1").run()).toThrow(
        /never changed: save a new version/,
      );
    } finally {
      workspace.close();
    }
  });

  it('refuses an invalid document and saves nothing', () => {
    const workspace = openWorkspace({ dataDirectory: directory(), name: 'books' });
    try {
      expect(() =>
        workspace.mappingDocuments.save({ document: documentData({ fields: [] }), origin: 'editor', savedBy: 'ana' }),
      ).toThrow(/Mapping document "test-mapping" \(editor\) is not valid: flow "parties-to-xero" flows\[0\]\.fields/);
      expect(workspace.mappingDocuments.list()).toEqual([]);
    } finally {
      workspace.close();
    }
  });
});

describe('mapping files', () => {
  it('exports and re-imports a document as YAML and as JSON', () => {
    const folder = directory();
    for (const name of ['mapping.yaml', 'mapping.json']) {
      const file = join(folder, name);
      writeMappingFile(file, documentData());
      const read = readMappingFile(file);
      expect(read.document.id).toBe('test-mapping');
      expect(read.source).toEqual(documentData());
    }
  });

  it('names the file and the line of a syntax error, and the file of an invalid document', () => {
    const folder = directory();
    const broken = join(folder, 'broken.json');
    writeFileSync(broken, '{\n  "schema": "counterpart.mapping/1",\n  "id": "x",,\n}\n');
    expect(() => readMappingFile(broken)).toThrow(/^broken\.json line 3 is not readable YAML or JSON/);
    const invalid = join(folder, 'invalid.yaml');
    writeFileSync(invalid, 'schema: counterpart.mapping/1\nid: x\n');
    expect(() => readMappingFile(invalid)).toThrow('Mapping document "x" (invalid.yaml) is not valid: name:');
    const empty = join(folder, 'empty.yaml');
    writeFileSync(empty, '');
    expect(() => readMappingFile(empty)).toThrow('The mapping file empty.yaml is empty.');
    expect(() => readMappingFile(join(folder, 'missing.yaml'))).toThrow(
      /The mapping file .*missing\.yaml cannot be read/,
    );
  });
});
