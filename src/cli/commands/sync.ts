import type { Command } from 'commander';
import { notYetAvailable } from '../notYetAvailable.js';

export function registerSyncCommand(program: Command): void {
  program
    .command('sync')
    .description('sync records between an accounting system and an ERP/CRM')
    .action(() => notYetAvailable('sync'));
}
