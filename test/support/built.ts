import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const repositoryRoot = join(import.meta.dirname, '..', '..');
export const cliEntry = join(repositoryRoot, 'bin', 'counterpart.js');

/**
 * Loads a module from the build (dist/), for code that must run as compiled JavaScript: worker threads and the CLI
 * as shipped. `npm test` builds first.
 */
export async function importBuilt<T>(sourcePath: string): Promise<T> {
  const file = join(repositoryRoot, 'dist', sourcePath.replace(/\.ts$/, '.js'));
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first.`);
  return (await import(pathToFileURL(file).href)) as T;
}
