import { describe, expect, it } from 'vitest';
import { CounterpartError } from '../../src/errors.js';
import { checkMappingDocument, parseMappingDocument, parseMappingText } from '../../src/mapping/mappingDocument.js';
import { documentData } from './documents.js';

function errorOf(run: () => unknown): CounterpartError {
  try {
    run();
  } catch (error) {
    if (error instanceof CounterpartError) return error;
    throw error;
  }
  throw new Error('expected an error');
}

describe('mapping document validation', () => {
  it('accepts a small document and fills defaults', () => {
    const document = parseMappingDocument(documentData(), 'test.yaml');
    expect(document.flows[0]?.fields[0]).toEqual({ to: 'roles', from: 'roles', transforms: [], required: false });
    expect(document.lookups).toEqual({});
  });

  it('names the document, the flow and the path of an unknown lookup table', () => {
    const error = errorOf(() =>
      parseMappingDocument(
        documentData({ fields: ['roles', { to: 'name', from: 'name', transforms: [{ lookup: 'customerNames' }] }] }),
        'mine.yaml',
      ),
    );
    expect(error.code).toBe('mapping.invalid_document');
    expect(error.message).toContain('Mapping document "test-mapping" (mine.yaml)');
    expect(error.message).toContain(
      'flow "parties-to-xero" flows[0].fields[1].transforms[0]: there is no lookup table named "customerNames"',
    );
    expect(error.context).toMatchObject({
      document: 'mine.yaml',
      flow: 'parties-to-xero',
      path: 'flows[0].fields[1].transforms[0]',
    });
  });

  it('lists every issue with its flow and path', () => {
    const check = checkMappingDocument(
      documentData({
        fields: [
          { to: 'name', from: 'name', value: 'x' },
          { to: 'addresses[].city', from: 'city' },
          { to: 'code', from: 'code', transforms: ['shout'] },
          { to: 'status', from: 'status', transforms: [{ truncate: -1 }] },
          { to: 'roles', expr: 'roles[' },
          { to: 'name', from: 'bad path!' },
        ],
      }),
    );
    expect(check.ok).toBe(false);
    if (check.ok) return;
    const byPath = Object.fromEntries(check.issues.map((issue) => [issue.path, issue.message]));
    expect(check.issues.every((issue) => issue.flow === 'parties-to-xero')).toBe(true);
    expect(byPath['flows[0].fields[0]']).toContain(
      'exactly one of from, value, expr or each (this one has from and value)',
    );
    expect(byPath['flows[0].fields[1].to']).toContain('cannot contain []');
    expect(byPath['flows[0].fields[2].transforms[0]']).toContain('names no transform');
    expect(byPath['flows[0].fields[3].transforms[0].truncate']).toContain('truncate:');
    expect(byPath['flows[0].fields[4].expr']).toContain('is not a valid expression');
    expect(byPath['flows[0].fields[5].from']).toContain('"bad path!" is not a field name');
  });

  it('names flows and tables that a flow refers to but the document lacks', () => {
    const check = checkMappingDocument(
      documentData({
        dependsOn: ['products'],
        fields: [{ to: 'status', from: 'status', transforms: [{ statusMap: 'x3Status' }] }],
      }),
    );
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.issues).toEqual([
      { flow: 'parties-to-xero', path: 'flows[0].dependsOn[0]', message: 'there is no flow "products"' },
      {
        flow: 'parties-to-xero',
        path: 'flows[0].fields[0].transforms[0]',
        message: 'there is no status map named "x3Status"',
      },
    ]);
  });

  it('requires a write-back flow to name the flow it updates', () => {
    const check = checkMappingDocument(documentData({ operation: 'update' }));
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.issues[0]).toMatchObject({ flow: 'parties-to-xero', path: 'flows[0].updates' });
  });

  it('refuses a flow that stays on one side and a document of an unknown schema', () => {
    const check = checkMappingDocument({
      ...documentData({ to: { side: 'erp', entity: 'party' } }),
      schema: 'other/2',
    });
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.issues.map((issue) => issue.path)).toEqual(['schema', 'flows[0].to.side']);
  });

  it('names the line of a YAML syntax error', () => {
    const error = errorOf(() =>
      parseMappingText('schema: counterpart.mapping/1\nid: [unclosed\nname: x\n', 'broken.yaml'),
    );
    expect(error.code).toBe('mapping.unreadable_document');
    expect(error.message).toMatch(/^broken\.yaml line \d+ is not readable YAML or JSON/);
    expect(error.context.line).toBeGreaterThan(1);
  });

  it('reads YAML with anchors reused across flows', () => {
    const document = parseMappingText(
      [
        'schema: counterpart.mapping/1',
        'id: anchored',
        'name: Anchored',
        'version: 3',
        'systems: { accounting: kashflow, erp: salesforce }',
        'definitions:',
        '  common: &common [code, name]',
        'flows:',
        '  - id: a',
        '    description: one way',
        '    from: { side: erp, entity: party }',
        '    to: { side: accounting, entity: party }',
        '    operation: upsert',
        '    fields: [*common, status]',
      ].join('\n'),
      'anchored.yaml',
    );
    expect(document.flows[0]?.fields.map((rule) => rule.to)).toEqual(['code', 'name', 'status']);
  });
});
