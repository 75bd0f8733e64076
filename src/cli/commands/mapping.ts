import type { Command } from 'commander';
import { stringify } from 'yaml';
import { saveMappingVersion } from '../../api/handlers/mappingHandlers.js';
import { CounterpartError } from '../../errors.js';
import { readMappingFile, writeMappingFile } from '../../mapping/mappingFiles.js';
import { listTemplates, loadTemplate } from '../../mapping/templates.js';
import { openWorkspace, type Workspace } from '../../store/workspace.js';
import { type CliContext, contextOf } from '../context.js';
import { printResult } from '../output.js';

interface ExportOptions {
  mappingVersion?: number;
  out?: string;
}

interface ListedMapping {
  id: string;
  name: string;
  version: number;
  origin: 'stored' | 'template';
  systems: { accounting: string; erp: string };
}

export function registerMappingCommand(program: Command): void {
  const mapping = program
    .command('mapping')
    .description('list, export and import the mapping documents that turn one system’s records into the other’s');

  mapping
    .command('list')
    .description('list the workspace’s mapping documents (latest versions) and the shipped templates')
    .action((_options: unknown, command: Command) => {
      const context = contextOf(command);
      withWorkspace(context, (workspace) => {
        const mappings = listMappings(workspace);
        printResult(context, { mappings }, () => describeList(mappings));
      });
    });

  mapping
    .command('export <id>')
    .description('write a mapping document as YAML (or JSON for a .json file) to --out FILE, or to stdout')
    .option('--mapping-version <n>', 'the version to export (default: the latest)', parseVersion)
    .option('--out <file>', 'the file to write')
    .action((id: string, options: ExportOptions, command: Command) => {
      const context = contextOf(command);
      withWorkspace(context, (workspace) => {
        const { source, version } = documentSource(workspace, id, options.mappingVersion);
        if (options.out === undefined) {
          process.stdout.write(context.json ? `${JSON.stringify(source)}\n` : stringify(source, { lineWidth: 120 }));
          return;
        }
        writeMappingFile(options.out, source);
        printResult(
          context,
          { id, version, file: options.out },
          () => `Mapping "${id}" v${version} written to ${options.out}.`,
        );
      });
    });

  mapping
    .command('import <file>')
    .description('check a mapping document from a YAML or JSON file and save it as the next version of its id')
    .action((file: string, _options: unknown, command: Command) => {
      const context = contextOf(command);
      const read = readMappingFile(file);
      withWorkspace(context, (workspace) => {
        const actor = `cli:${process.env.USER ?? 'unknown'}`;
        const { saved } = saveMappingVersion(workspace, { document: read.source, origin: file, actor });
        printResult(
          context,
          { id: saved.id, version: saved.version, name: saved.name },
          () => `Mapping "${saved.id}" saved as version ${saved.version}.`,
        );
      });
    });
}

function parseVersion(value: string): number {
  const version = Number(value);
  if (!Number.isInteger(version) || version < 1) {
    throw new CounterpartError('cli.usage', `--mapping-version must be a version number such as 2, not "${value}"`);
  }
  return version;
}

function withWorkspace(context: CliContext, work: (workspace: Workspace) => void): void {
  const workspace = openWorkspace({ dataDirectory: context.dataDirectory, name: context.workspace });
  try {
    work(workspace);
  } finally {
    workspace.close();
  }
}

function listMappings(workspace: Workspace): ListedMapping[] {
  const stored = workspace.mappingDocuments.list().map((summary): ListedMapping => {
    const { document } = workspace.mappingDocuments.get(summary.id, summary.version) ?? {};
    return {
      id: summary.id,
      name: summary.name,
      version: summary.version,
      origin: 'stored',
      systems: document?.systems ?? { accounting: '?', erp: '?' },
    };
  });
  const storedIds = new Set(stored.map((entry) => entry.id));
  const templates = listTemplates()
    .filter((template) => !storedIds.has(template.id))
    .map(
      (template): ListedMapping => ({
        id: template.id,
        name: template.name,
        version: loadTemplate(template.id).version,
        origin: 'template',
        systems: template.systems,
      }),
    );
  return [...stored, ...templates];
}

function describeList(mappings: readonly ListedMapping[]): string {
  return mappings
    .map(
      (entry) =>
        `${entry.id.padEnd(24)} v${String(entry.version).padEnd(4)} ${entry.origin.padEnd(9)} ${entry.systems.accounting} ⇄ ${entry.systems.erp}  ${entry.name}`,
    )
    .join('\n');
}

/** A stored version as it was written, else the shipped template of that id. */
function documentSource(
  workspace: Workspace,
  id: string,
  version: number | undefined,
): { source: unknown; version: number } {
  const stored =
    version === undefined ? workspace.mappingDocuments.latest(id) : workspace.mappingDocuments.get(id, version);
  if (stored) return { source: stored.source, version: stored.version };
  const template = loadTemplate(id);
  if (version !== undefined && template.version !== version) {
    throw new CounterpartError('mapping.unknown_version', `Mapping "${id}" has no version ${version}.`, {
      mapping: id,
      version,
    });
  }
  return { source: template, version: template.version };
}
