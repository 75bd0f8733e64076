import type { Command } from 'commander';
import { notYetAvailable } from '../notYetAvailable.js';

export function registerConnectCommand(program: Command): void {
  program
    .command('connect <system>')
    .description('create a connection to xero, salesforce, sagex3 or kashflow')
    .action(() => notYetAvailable('connect'));
}
