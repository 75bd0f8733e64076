import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CounterpartError } from '../errors.js';

/**
 * Files shipped with Counterpart (mapping templates, workflows) live in a folder of resources/. From the repository
 * (src/<area>) and from a build (dist/src/<area>, next to which scripts/build.mjs copies dist/resources) the same
 * relative folder holds them; a packaged app also has them under Electron's resources folder (extraResources).
 */
function candidates(name: string): string[] {
  const beside = fileURLToPath(new URL(`../../resources/${name}/`, import.meta.url));
  const resourcesPath = (process as { resourcesPath?: string }).resourcesPath;
  return [beside, ...(resourcesPath ? [join(resourcesPath, name)] : [])];
}

/** The first shipped folder of that name that exists; `missing` names the error when none does. */
export function shippedFolder(name: string, missing: { readonly code: string; readonly what: string }): string {
  const folder = candidates(name).find((candidate) => existsSync(candidate));
  if (!folder) {
    throw new CounterpartError(
      missing.code,
      `The shipped ${missing.what} are missing (looked in ${candidates(name).join(' and ')}).`,
      {},
    );
  }
  return folder;
}
