import type { Command } from 'commander';
import { notYetAvailable } from '../notYetAvailable.js';

export function registerSandboxCommand(program: Command): void {
  program
    .command('sandbox')
    .description('start local emulators of the Xero, Salesforce, Sage X3 and KashFlow APIs')
    .action(() => notYetAvailable('sandbox'));
}
