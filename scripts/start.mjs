// `npm start`: the desktop app. Where Electron cannot start (no display, or its runtime cannot be downloaded here),
// say so in one line and serve the same console to a browser with `counterpart serve` instead.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const extraArgs = process.argv.slice(2);

if (!existsSync(join(root, 'dist', 'main', 'main.js')) || !existsSync(join(root, 'dist', 'renderer', 'index.html'))) {
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const reason = whyElectronCannotStart();
if (reason) {
  fallBackToServe(reason);
} else {
  const electron = electronBinary();
  const child = spawn(electron, [join(root, 'dist', 'main', 'main.js'), ...extraArgs], {
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  let stderr = '';
  const startedAt = Date.now();
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
    process.stderr.write(chunk);
  });
  child.on('error', (error) => fallBackToServe(`it failed to launch (${error.message})`));
  child.on('exit', (code, signal) => {
    // A crash in the first seconds means Electron itself could not run here (missing libraries, no GPU/display).
    if (code !== 0 && signal === null && Date.now() - startedAt < 10_000) {
      fallBackToServe(`it exited at start-up (${lastLine(stderr) || `exit code ${code}`})`);
    } else process.exit(code ?? 0);
  });
}

function whyElectronCannotStart() {
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY)
    return 'there is no display';
  try {
    electronBinary();
    return undefined;
  } catch (error) {
    return `its runtime is not available (${error.message})`;
  }
}

/** The Electron executable, downloading it on first use exactly as the `electron` package does, but quietly. */
function electronBinary() {
  const require = createRequire(import.meta.url);
  const packageDir = dirname(require.resolve('electron/package.json'));
  const pathFile = join(packageDir, 'path.txt');
  const binary = () => join(packageDir, 'dist', readFileSync(pathFile, 'utf8'));
  if (existsSync(pathFile) && existsSync(binary())) return binary();
  const install = spawnSync(process.execPath, [join(packageDir, 'install.js')], { encoding: 'utf8', timeout: 300_000 });
  if (install.status !== 0 || !existsSync(pathFile)) {
    throw new Error(lastLine(`${install.stderr ?? ''}`) || 'download failed');
  }
  return binary();
}

function fallBackToServe(reason) {
  console.log(`Electron cannot start: ${reason}. Starting the browser console instead (counterpart serve):`);
  const serve = spawn(process.execPath, [join(root, 'bin', 'counterpart.js'), 'serve', ...extraArgs], {
    stdio: 'inherit',
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => serve.kill(signal));
  serve.on('exit', (code) => process.exit(code ?? 0));
}

function lastLine(text) {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .filter((line) => !line.startsWith('at '))
    .at(-1)
    ?.slice(0, 200);
}
