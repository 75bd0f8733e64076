import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { createConsoleService } from '../../api/service.js';
import { startWebHost } from '../../api/transports/webHost.js';
import { CounterpartError } from '../../errors.js';
import { rendererDirectory } from '../../productInfo.js';
import { openWorkspace } from '../../store/workspace.js';
import { contextOf } from '../context.js';
import { printResult } from '../output.js';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('serve the console and its API on 127.0.0.1 with a per-launch token (headless, demos, browser tests)')
    .option('--port <n>', 'port to listen on (0 picks a free one)', parsePort, 0)
    .action(async (options: { port: number }, command: Command) => {
      const context = contextOf(command);
      const staticRoot = rendererDirectory();
      if (!existsSync(join(staticRoot, 'index.html'))) {
        throw new CounterpartError('serve.not_built', 'The console is not built yet; run `npm run build` first.', {
          folder: staticRoot,
        });
      }
      const workspace = openWorkspace({ dataDirectory: context.dataDirectory, name: context.workspace });
      const service = createConsoleService(workspace);
      const host = await startWebHost({ service, staticRoot, port: options.port });
      printResult(context, { url: host.url, origin: host.origin, port: host.port, token: host.token }, (value) =>
        [`Counterpart console: ${value.url}`, 'Open it in a browser; press Ctrl+C to stop.'].join('\n'),
      );
      await untilStopped();
      await host.close();
      await service.close();
      workspace.close();
    });
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new CounterpartError('cli.usage', `--port must be a whole number from 0 to 65535, not "${text}".`);
  }
  return port;
}

function untilStopped(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}
