import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { readRecordFile } from '../../src/recon/input/readFile.js';
import type { Entity } from '../../src/recon/schema.js';
import type { RecordTable } from '../../src/recon/table.js';

const directories: string[] = [];

/** A fresh temporary directory, removed after the test. */
export function tempDirectory(): string {
  const directory = mkdtempSync(join(tmpdir(), 'counterpart-'));
  directories.push(directory);
  return directory;
}

afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

/** Writes text (or bytes) to a file in a temporary directory and returns its path. */
export function tempFile(name: string, content: string | Buffer): string {
  const path = join(tempDirectory(), name);
  writeFileSync(path, content);
  return path;
}

export function csv(rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  return `${rows.map((row) => row.join(',')).join('\n')}\n`;
}

export async function tableFromCsv(
  entity: Entity,
  text: string,
  name = 'side.csv',
  map: ReadonlyMap<string, string> = new Map(),
): Promise<RecordTable> {
  return readRecordFile(tempFile(name, text), entity, { explicitMap: map, defaultCurrency: 'GBP' });
}
