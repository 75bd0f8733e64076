import { CounterpartError } from '../errors.js';

/** For subcommands whose engine has not shipped yet: say so plainly instead of pretending to work. */
export function notYetAvailable(command: string): never {
  throw new CounterpartError(
    'cli.not_available',
    `\`counterpart ${command}\` is not available in this version yet; see the README for what works today.`,
    { command },
  );
}
