import { spawn } from 'node:child_process';

/**
 * Shows a person the consent page of an OAuth system: the address is always printed (a headless machine has no
 * browser), and the system's own opener is tried.
 */
export function openBrowser(url: string): void {
  process.stderr.write(`Sign in and allow Counterpart access at:\n  ${url}\nWaiting for the sign-in to finish…\n`);
  const [command, ...args] =
    process.platform === 'darwin'
      ? ['open', url]
      : process.platform === 'win32'
        ? ['cmd', '/c', 'start', '', url]
        : ['xdg-open', url];
  try {
    spawn(command ?? 'xdg-open', args, { stdio: 'ignore', detached: true })
      .on('error', () => {})
      .unref();
  } catch {
    // Printing the address is enough.
  }
}
