import type { Command } from 'commander';
import { notYetAvailable } from '../notYetAvailable.js';

export function registerReconCommand(program: Command): void {
  program
    .command('recon')
    .description('reconcile two systems’ records (or two exported files) for a period')
    .action(() => notYetAvailable('recon'));
}
