import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OperationName } from '../../src/api/contract.js';
import { type ConsoleService, createConsoleService } from '../../src/api/service.js';
import { MemoryVault } from '../../src/secrets/memoryVault.js';
import { openWorkspace } from '../../src/store/workspace.js';
import { freshDirectories } from '../support/tempDirectory.js';

const tempDirectory = freshDirectories();
const web = { transport: 'web' } as const;

interface Sample {
  label: string;
  outcome: { kind: string; record?: { name?: string }; message?: string };
}

/**
 * The mapping editor's operations over a console in demo mode: the demo companies run in this process and their
 * records are read through the demo connections, as a sync reads them.
 */
describe('mapping operations of the console API', () => {
  let service: ConsoleService;

  async function call<T>(operation: OperationName, input: unknown): Promise<T> {
    const result = await service.dispatch(operation, input, web);
    if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
    return result.value as T;
  }

  beforeAll(async () => {
    const workspace = openWorkspace({ dataDirectory: tempDirectory(), name: 'default' });
    service = createConsoleService(workspace, { vault: new MemoryVault() });
    await call('updateSettings', { userName: 'Ann Smith' });
    await call('completeFirstRun', { choice: 'demo' });
    for (let attempt = 0; attempt < 120; attempt++) {
      const { connections } = await call<{ connections: unknown[] }>('listConnections', {});
      if (connections.length === 4) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  });

  afterAll(async () => {
    await service?.close();
    service?.workspace.close();
  });

  it('lists the shipped templates until one is saved', async () => {
    const { mappings } = await call<{ mappings: { id: string; origin: string }[] }>('listMappings', {});
    expect(mappings.map((mapping) => [mapping.id, mapping.origin])).toEqual([
      ['generic', 'template'],
      ['kashflow-salesforce', 'template'],
      ['xero-sagex3', 'template'],
    ]);
  });

  it('previews a flow on demo records read through the demo connection, and follows an edit of a rule', async () => {
    const { text } = await call<{ text: string }>('getMapping', { id: 'xero-sagex3' });
    const preview = await call<{ valid: boolean; flowId: string; samples: Sample[] }>('previewMapping', {
      text,
      flowId: 'products-to-xero',
      sample: 'demo',
    });
    expect(preview).toMatchObject({ valid: true, flowId: 'products-to-xero' });
    expect(preview.samples).toHaveLength(5);
    expect(preview.samples.map((sample) => sample.outcome.kind)).toEqual(Array(5).fill('mapped'));

    const flowStart = text.indexOf('id: products-to-xero');
    const at = text.indexOf('truncate: 50', flowStart);
    const edited = `${text.slice(0, at)}truncate: 4${text.slice(at + 'truncate: 50'.length)}`;
    const after = await call<{ samples: Sample[] }>('previewMapping', {
      text: edited,
      flowId: 'products-to-xero',
      sample: 'demo',
    });
    for (const sample of after.samples) expect(sample.outcome.record?.name?.length).toBeLessThanOrEqual(4);
  });

  it('places a validation problem on its line and refuses to save the document', async () => {
    const { text } = await call<{ text: string }>('getMapping', { id: 'xero-sagex3' });
    const broken = text.replace('operation: upsert', 'operation: sometimes');
    const brokenLine = broken.split('\n').findIndex((line) => line.includes('operation: sometimes')) + 1;
    const preview = await call('previewMapping', { text: broken, sample: 'demo' });
    expect(preview).toEqual({
      valid: false,
      problems: [
        {
          line: brokenLine,
          path: 'flows[0].operation',
          message: expect.stringContaining('flow "parties-to-xero": Invalid option'),
        },
      ],
    });
    const refused = await service.dispatch('saveMapping', { text: broken }, web);
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'mapping.invalid_document',
        message: expect.stringContaining(`line ${brokenLine}, flows[0].operation`),
      },
    });
  });

  it('saves an edited template as version 2, keeping the template as version 1, with an audit entry', async () => {
    const { text } = await call<{ text: string }>('getMapping', { id: 'xero-sagex3' });
    const saved = await call('saveMapping', { text: text.replace('truncate: 50', 'truncate: 40') });
    expect(saved).toMatchObject({ id: 'xero-sagex3', version: 2, origin: 'stored', savedBy: 'Ann Smith' });
    const { mappings } = await call<{ mappings: { id: string; versions: { version: number; savedBy: string }[] }[] }>(
      'listMappings',
      {},
    );
    expect(mappings.find((mapping) => mapping.id === 'xero-sagex3')?.versions).toEqual([
      expect.objectContaining({ version: 2, savedBy: 'Ann Smith' }),
      expect.objectContaining({ version: 1, savedBy: 'Counterpart' }),
    ]);
    expect(await call('getMapping', { id: 'xero-sagex3', version: 1 })).toMatchObject({ version: 1, origin: 'stored' });
    const { entries } = await call<{ entries: { actor: string; subject: string }[] }>('listAuditEntries', {
      action: 'mapping.saved',
    });
    expect(entries).toEqual([expect.objectContaining({ actor: 'Ann Smith', subject: 'mapping/xero-sagex3' })]);
  });

  it('suggests the source fields that look like each target field', async () => {
    const { text } = await call<{ text: string }>('getMapping', { id: 'xero-sagex3' });
    const { fields } = await call<{ fields: { target: string; candidates: { source: string }[] }[] }>(
      'suggestMappingFields',
      { text, flowId: 'products-to-xero', sample: 'demo' },
    );
    expect(fields.find((field) => field.target === 'code')?.candidates[0]?.source).toBe('code');
    expect(fields.find((field) => field.target === 'name')?.candidates[0]?.source).toBe('name');
  });
});
