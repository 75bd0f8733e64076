import { existsSync, readFileSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';

export interface SecretScan {
  /** Every secret value used in the test run (passwords, memorable words, client secrets, tokens). */
  readonly secrets: readonly string[];
  /** A workspace database file; its -wal and -journal files are scanned too when present. */
  readonly databaseFile?: string | undefined;
  /** Captured log output by name, e.g. `{ 'pino log': text, stderr: text }`. */
  readonly logs?: Readonly<Record<string, string>> | undefined;
}

export interface SecretLeak {
  /** Which secret, masked so the failure message does not print it. */
  readonly secret: string;
  /** Where: a file with byte offset, a table and column, or a log name with line number. */
  readonly where: string;
}

/**
 * Looks for secrets where they must never be: the raw bytes of the database file and its WAL (which also hold
 * deleted rows and free pages, so a secret written and later removed is still found), the database's text values
 * (to name the table and column), and log text — each in plain, JSON-escaped and base64 form.
 */
export function findSecretLeaks(scan: SecretScan): SecretLeak[] {
  const leaks: SecretLeak[] = [];
  const secrets = scan.secrets.filter((secret) => secret.length >= 4);
  if (scan.databaseFile !== undefined) {
    for (const file of [scan.databaseFile, `${scan.databaseFile}-wal`, `${scan.databaseFile}-journal`]) {
      if (!existsSync(file)) continue;
      const bytes = readFileSync(file);
      for (const secret of secrets) {
        for (const form of formsOf(secret)) {
          const offset = bytes.indexOf(Buffer.from(form, 'utf8'));
          if (offset >= 0) leaks.push({ secret: mask(secret), where: `${file} at byte ${offset}` });
        }
      }
    }
    leaks.push(...leaksInTables(scan.databaseFile, secrets));
  }
  for (const [name, text] of Object.entries(scan.logs ?? {})) {
    const lines = text.split('\n');
    for (const secret of secrets) {
      lines.forEach((line, index) => {
        if (formsOf(secret).some((form) => line.includes(form))) {
          leaks.push({ secret: mask(secret), where: `${name} line ${index + 1}` });
        }
      });
    }
  }
  return leaks;
}

/** Throws, naming every place a secret leaked; passes silently when none did. */
export function assertNoSecretLeaks(scan: SecretScan): void {
  if (scan.secrets.length === 0) throw new Error('assertNoSecretLeaks was given no secrets to look for');
  const leaks = findSecretLeaks(scan);
  if (leaks.length > 0) {
    throw new Error(`Secrets leaked:\n${leaks.map((leak) => `  ${leak.secret} in ${leak.where}`).join('\n')}`);
  }
}

function leaksInTables(file: string, secrets: readonly string[]): SecretLeak[] {
  const leaks: SecretLeak[] = [];
  const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
    for (const { name: table } of tables) {
      const columns = db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[];
      for (const { name: column } of columns) {
        const rows = db.prepare(`SELECT CAST("${column}" AS TEXT) AS value FROM "${table}"`).all() as {
          value: string | null;
        }[];
        for (const secret of secrets) {
          if (rows.some((row) => row.value !== null && formsOf(secret).some((form) => row.value?.includes(form)))) {
            leaks.push({ secret: mask(secret), where: `table ${table}, column ${column}` });
          }
        }
      }
    }
  } finally {
    db.close();
  }
  return leaks;
}

function formsOf(secret: string): string[] {
  const jsonEscaped = JSON.stringify(secret).slice(1, -1);
  const base64 = Buffer.from(secret, 'utf8').toString('base64').replace(/=+$/, '');
  return [...new Set([secret, jsonEscaped, encodeURIComponent(secret), base64])];
}

function mask(secret: string): string {
  return `${secret.slice(0, 3)}…(${secret.length} characters)`;
}
