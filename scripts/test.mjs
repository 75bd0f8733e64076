// `npm test`: the whole suite — build, type-check, lint, then every vitest test (unit, integration, end-to-end).
// On Linux without a desktop session it starts a private D-Bus session with gnome-keyring, so the keychain tests
// run against a real OS keychain exactly as they do on a desktop.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);

if (process.platform === 'linux' && !process.env.DBUS_SESSION_BUS_ADDRESS && !process.env.COUNTERPART_TEST_SESSION) {
  if (hasCommand('dbus-run-session') && hasCommand('gnome-keyring-daemon')) {
    const wrapped = spawnSync('dbus-run-session', ['--', process.execPath, fileURLToPath(import.meta.url), ...args], {
      stdio: 'inherit',
      env: { ...process.env, COUNTERPART_TEST_SESSION: '1' },
    });
    process.exit(wrapped.status ?? 1);
  }
  console.warn('No D-Bus session and no dbus-run-session/gnome-keyring here: the keychain tests will fail.');
}
if (process.env.COUNTERPART_TEST_SESSION && hasCommand('gnome-keyring-daemon')) unlockTestKeyring();

step('build', ['npm', 'run', 'build']);
step('type-check', ['npm', 'run', 'typecheck']);
step('lint', ['npm', 'run', 'lint']);

const report = join(mkdtempSync(join(tmpdir(), 'counterpart-test-')), 'vitest.json');
const vitest = spawnSync(
  join(root, 'node_modules', '.bin', 'vitest'),
  ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...args],
  { cwd: root, stdio: 'inherit' },
);
summarise(report);
process.exit(vitest.status ?? 1);

function step(name, [command, ...commandArgs]) {
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`npm test: the ${name} step failed.`);
    console.log('0 passed, 1 failed');
    process.exit(result.status ?? 1);
  }
}

/** A fresh login keyring, unlocked with an empty password, inside this private session only. */
function unlockTestKeyring() {
  const home = mkdtempSync(join(tmpdir(), 'counterpart-keyring-'));
  process.env.XDG_DATA_HOME = join(home, 'data');
  process.env.XDG_RUNTIME_DIR ??= home;
  const unlock = spawnSync('gnome-keyring-daemon', ['--unlock', '--components=secrets', '--replace', '--daemonize'], {
    input: '\n',
    encoding: 'utf8',
    env: process.env,
  });
  for (const line of `${unlock.stdout}`.split('\n')) {
    const match = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (match) process.env[match[1]] = match[2];
  }
  process.on('exit', () => rmSync(home, { recursive: true, force: true }));
}

/** The closing line CI reads: "N passed, N failed". */
function summarise(file) {
  if (!existsSync(file)) return;
  const result = JSON.parse(readFileSync(file, 'utf8'));
  const skipped = result.numPendingTests + result.numTodoTests;
  console.log(
    `${result.numPassedTests} passed, ${result.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`,
  );
}

function hasCommand(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}
