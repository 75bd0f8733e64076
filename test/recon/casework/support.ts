import { afterEach } from 'vitest';
import type { Actor, Casework } from '../../../src/recon/casework/casework.js';
import { ReconciliationConsole } from '../../../src/recon/casework/reconciliationConsole.js';
import type { SecretVault } from '../../../src/secrets/keychain.js';
import { MemoryVault } from '../../../src/secrets/memoryVault.js';
import type { AuditEntry } from '../../../src/store/repositories/auditLog.js';
import { openWorkspace, type Workspace } from '../../../src/store/workspace.js';
import type { SyncEngineApi } from '../../../src/sync/syncContract.js';
import { freshDirectories } from '../../support/tempDirectory.js';

export interface ConsoleUnderTest {
  readonly workspace: Workspace;
  readonly console: ReconciliationConsole;
  readonly casework: Casework;
  readonly audited: AuditEntry[];
  readonly progress: Array<{ id: string; stage: string; fraction: number }>;
  readonly changed: string[];
  /** Acts as someone else from now on (settings would say so in the app). */
  actAs(actor: Actor): void;
  /** Starts a reconciliation and waits until it has finished (or failed, or been cancelled). */
  run(request: Parameters<ReconciliationConsole['start']>[0]): Promise<string>;
  /** Closes the workspace and opens it again with a new console, as a restarted app would. */
  reopen(): ConsoleUnderTest;
}

export interface ConsoleOptions {
  readonly actor?: Actor;
  readonly syncEngine?: SyncEngineApi;
  readonly vault?: SecretVault;
}

/** A reconciliation console over a fresh workspace per test; everything is closed after the test. */
export function freshReconConsoles(): (options?: ConsoleOptions) => ConsoleUnderTest {
  const directory = freshDirectories();
  const open: ConsoleUnderTest[] = [];
  afterEach(async () => {
    for (const item of open.splice(0)) await closeConsole(item);
  });
  const create = (dataDirectory: string, options: ConsoleOptions): ConsoleUnderTest => {
    const item = openConsoleUnderTest(dataDirectory, options);
    open.push(item);
    return item;
  };
  return (options = {}) => create(directory(), options);
}

/** A reconciliation console over the workspace in a data directory; the caller closes it (`closeConsole`). */
export function openConsoleUnderTest(dataDirectory: string, options: ConsoleOptions = {}): ConsoleUnderTest {
  const workspace = openWorkspace({ dataDirectory, name: 'default' });
  let actor: Actor = options.actor ?? { name: 'Priya Preparer', role: 'preparer' };
  const audited: AuditEntry[] = [];
  const progress: ConsoleUnderTest['progress'] = [];
  const changed: string[] = [];
  const casework: Casework = {
    workspace,
    vault: options.vault ?? new MemoryVault(),
    actor: () => actor,
    listeners: {
      changed: (id) => changed.push(id),
      audited: (entry) => audited.push(entry),
      progress: (event) => progress.push(event),
    },
    syncEngine: () => options.syncEngine,
  };
  const reconConsole = new ReconciliationConsole(casework);
  const item: ConsoleUnderTest = {
    workspace,
    console: reconConsole,
    casework,
    audited,
    progress,
    changed,
    actAs: (next) => {
      actor = next;
    },
    run: async (request) => {
      const { id } = reconConsole.start(request);
      await reconConsole.runs.settled(id);
      return id;
    },
    reopen: () => {
      workspace.close();
      return openConsoleUnderTest(dataDirectory, { ...options, actor });
    },
  };
  return item;
}

export async function closeConsole(item: ConsoleUnderTest): Promise<void> {
  await item.console.close();
  if (item.workspace.db.open) item.workspace.close();
}

export const PREPARER: Actor = { name: 'Priya Preparer', role: 'preparer' };
export const APPROVER: Actor = { name: 'Alex Approver', role: 'approver' };

/** An uploaded file as the console sends it. */
export function upload(name: string, content: string | Buffer): { file: { name: string; contentBase64: string } } {
  return { file: { name, contentBase64: Buffer.from(content).toString('base64') } };
}

export function csv(rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  return `${rows.map((row) => row.join(',')).join('\n')}\n`;
}

const INVOICE_HEADER = ['id', 'number', 'party_name', 'date', 'due_date', 'currency', 'net', 'tax', 'total', 'status'];

/** One exported invoice of March 2024, due a month later, taxed at 20% unless its total says otherwise. */
function invoiceRow(
  invoice: { id: string; number: string; party: string; day: string; net: number; status: string },
  total = (invoice.net * 1.2).toFixed(2),
): Array<string | number> {
  const { id, number, party, day, net, status } = invoice;
  return [
    id,
    number,
    party,
    `2024-03-${day}`,
    `2024-04-${day}`,
    'GBP',
    net.toFixed(2),
    (net * 0.2).toFixed(2),
    total,
    status,
  ];
}

/**
 * Two invoice exports of March 2024 with what month-end brings: exact pairs, a pair whose totals differ by a
 * penny, an invoice missing on each side, and a pair with different numbers that only scoring can pair.
 */
export function invoiceExports(): { left: string; right: string } {
  const left: Array<Array<string | number>> = [INVOICE_HEADER];
  const right: Array<Array<string | number>> = [INVOICE_HEADER];
  const parties = ['Bramble & Co', 'Harbour Foods Ltd', 'Kestrel Joinery', 'Mossley Print', 'Orchard Dental'];
  for (let n = 1; n <= 20; n += 1) {
    const day = String(1 + (n % 27)).padStart(2, '0');
    const party = parties[n % parties.length]!;
    const net = 100 + n * 7;
    const number = String(n).padStart(4, '0');
    left.push(invoiceRow({ id: `X-${n}`, number: `INV-${number}`, party, day, net, status: 'AUTHORISED' }));
    const rightTotal = n === 2 ? (net * 1.2 + 0.01).toFixed(2) : undefined;
    right.push(invoiceRow({ id: `S-${n}`, number, party, day, net, status: 'Open' }, rightTotal));
  }
  left.push(
    invoiceRow({ id: 'X-90', number: 'INV-0090', party: 'Quayside Cafe', day: '15', net: 50, status: 'AUTHORISED' }),
  );
  right.push(invoiceRow({ id: 'S-91', number: '9191', party: 'Underhill Farms', day: '18', net: 75, status: 'Open' }));
  // One invoice, two candidates of the same party and amount under other numbers: only a suggestion can be made.
  left.push(
    invoiceRow({
      id: 'X-95',
      number: 'INV-0095',
      party: 'Wren & Daughters',
      day: '20',
      net: 200,
      status: 'AUTHORISED',
    }),
  );
  right.push(
    invoiceRow({ id: 'S-95', number: 'A-778', party: 'Wren and Daughters', day: '21', net: 200, status: 'Open' }),
  );
  right.push(
    invoiceRow({ id: 'S-96', number: 'A-781', party: 'Wren and Daughters', day: '23', net: 200, status: 'Open' }),
  );
  return { left: csv(left), right: csv(right) };
}

export const MARCH_2024 = { start: '2024-03-01', end: '2024-03-31' };

/** Starting a reconciliation of the March 2024 invoice exports (`invoiceExports`), uploaded under these names. */
export function marchInvoiceUploads(
  names: { left: string; right: string } = { left: 'l.csv', right: 'r.csv' },
): Parameters<ReconciliationConsole['start']>[0] {
  const files = invoiceExports();
  return {
    left: upload(names.left, files.left),
    right: upload(names.right, files.right),
    entity: 'invoice',
    period: MARCH_2024,
  };
}
