// `npm run bench [area]`: runs the benchmarks under bench/ (or one area of them). They print their figures and never
// fail on time; run them on a quiet machine and read the medians.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const area = process.argv[2];
const files = collect(join(root, 'bench', area ?? '')).filter((file) => file.endsWith('.bench.ts'));
let failed = 0;
for (const file of files) {
  console.log(`\n== ${relative(root, file)}`);
  const run = spawnSync(join(root, 'node_modules', '.bin', 'tsx'), [file], { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) failed += 1;
}
process.exit(failed === 0 ? 0 : 1);

function collect(folder) {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? collect(path) : [path];
  });
}
