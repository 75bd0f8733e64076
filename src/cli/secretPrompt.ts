import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';
import { CounterpartError } from '../errors.js';

/** Asks for a secret on the terminal without echoing it. */
export async function promptSecret(label: string): Promise<string> {
  if (!process.stdin.isTTY) {
    throw new CounterpartError(
      'cli.no_terminal',
      `Counterpart needs the ${label} but there is no terminal to ask on: pass the secrets as JSON on standard input with --secrets-stdin.`,
    );
  }
  let muted = false;
  const output = new Writable({
    write(chunk, _encoding, done) {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const reader = createInterface({ input: process.stdin, output, terminal: true });
  try {
    const answer = reader.question(`${label}: `);
    muted = true;
    const value = await answer;
    process.stderr.write('\n');
    return value;
  } finally {
    reader.close();
  }
}

/** Reads `{"name": "value", …}` from standard input, for scripts. */
export async function readSecretsFromStdin(): Promise<Record<string, string>> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  try {
    const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (parsed && typeof parsed === 'object' && Object.values(parsed).every((value) => typeof value === 'string')) {
      return parsed as Record<string, string>;
    }
  } catch {
    // reported below
  }
  throw new CounterpartError(
    'cli.bad_secrets',
    'Standard input must hold the secrets as one JSON object of strings, e.g. {"password": "…"}.',
  );
}
