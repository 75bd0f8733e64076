import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/**
 * The folder holding Counterpart's package.json. Found by walking up from this file, because the same code runs from
 * src/ (tests), dist/src/ (the CLI) and an asar archive (the desktop app).
 */
export function packageRoot(): string {
  if (root === undefined) {
    let folder = dirname(fileURLToPath(import.meta.url));
    while (!isCounterpartPackage(folder)) {
      const parent = dirname(folder);
      if (parent === folder) throw new Error('Counterpart package.json not found above the running code.');
      folder = parent;
    }
    root = folder;
  }
  return root;
}

export function productVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/** The built React console that `counterpart serve` and the desktop window load. */
export function rendererDirectory(): string {
  return join(packageRoot(), 'dist', 'renderer');
}

function isCounterpartPackage(folder: string): boolean {
  const file = join(folder, 'package.json');
  if (!existsSync(file)) return false;
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { name?: string }).name === 'counterpart';
  } catch {
    return false;
  }
}
