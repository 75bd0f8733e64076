// Builds everything `npm start`, the `counterpart` CLI and the end-to-end tests run:
// the core and CLI (tsc → dist/src), the Electron shell (tsc → dist/main) and the renderer (vite → dist/renderer).
import { execFileSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const run = (cmd, args) => execFileSync(bin(cmd), args, { cwd: root, stdio: 'inherit' });

rmSync(join(root, 'dist'), { recursive: true, force: true });
// The Electron shell references the core project, so one build compiles both (dist/src and dist/main).
run('tsc', ['-b', 'main/tsconfig.json']);
// SQL migrations and other non-TypeScript assets travel next to the compiled code that reads them.
cpSync(join(root, 'src/store/migrations'), join(root, 'dist/src/store/migrations'), { recursive: true });
// Mapping templates sit at the same place relative to the code that loads them (src/mapping → resources/templates).
cpSync(join(root, 'resources/templates'), join(root, 'dist/resources/templates'), { recursive: true });
// Shipped workflows likewise (src/workflows → resources/workflows).
cpSync(join(root, 'resources/workflows'), join(root, 'dist/resources/workflows'), { recursive: true });
run('vite', ['build', '--logLevel', 'warn']);
