import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Generates two invoice exports of the same ledger as two systems would write them (an accounting system on the
 * left, an ERP on the right) with realistic discrepancies, plus the true pairing. Files go under the OS temp dir
 * and are reused when already there.
 */
export interface GeneratedInvoices {
  readonly leftFile: string;
  readonly rightFile: string;
  /** left id → right ids (several when the ERP split the invoice). */
  readonly truth: Map<string, string[]>;
}

const PARTY_WORDS = [
  'Acme',
  'Bolt',
  'Cog',
  'Delta',
  'Ember',
  'Fjord',
  'Granite',
  'Harbour',
  'Iris',
  'Juniper',
  'Kestrel',
  'Lumen',
  'Meridian',
  'Nimbus',
  'Orchard',
  'Pioneer',
  'Quartz',
  'Riverside',
  'Summit',
  'Thistle',
  'Umber',
  'Vale',
  'Willow',
  'Xylo',
  'Yardley',
  'Zephyr',
];
const SUFFIXES: ReadonlyArray<[string, string]> = [
  ['Ltd', 'Limited'],
  ['plc', 'PLC'],
  ['LLP', 'LLP'],
  ['& Co', 'and Co'],
  ['Trading', 'TRADING'],
];

function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function day(offset: number): string {
  return new Date(Date.UTC(2024, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);
}

function ukDay(offset: number): string {
  const iso = day(offset);
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

function pounds(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

class Writer {
  private readonly stream;
  private buffer: string[] = [];
  constructor(path: string) {
    this.stream = createWriteStream(path);
  }
  async line(text: string): Promise<void> {
    this.buffer.push(text);
    if (this.buffer.length >= 10_000) await this.flush();
  }
  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const ok = this.stream.write(`${this.buffer.join('\n')}\n`);
    this.buffer = [];
    if (!ok) await once(this.stream, 'drain');
  }
  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
  }
}

export async function generateInvoices(count: number, seed = 42): Promise<GeneratedInvoices> {
  const folder = join(tmpdir(), 'counterpart-recon-bench');
  mkdirSync(folder, { recursive: true });
  const leftFile = join(folder, `invoices-left-${count}-${seed}.csv`);
  const rightFile = join(folder, `invoices-right-${count}-${seed}.csv`);
  const truth = new Map<string, string[]>();
  const next = random(seed);
  const parties = Array.from({ length: Math.max(50, Math.floor(count / 200)) }, (_, i) => {
    const word = PARTY_WORDS[i % PARTY_WORDS.length]!;
    const suffix = SUFFIXES[Math.floor(i / PARTY_WORDS.length) % SUFFIXES.length]!;
    const name = `${word} ${String.fromCharCode(65 + (Math.floor(i / 130) % 26))}${i} ${suffix[0]}`;
    return {
      id: `C${String(i).padStart(6, '0')}`,
      left: name,
      right: `${word.toUpperCase()} ${String.fromCharCode(65 + (Math.floor(i / 130) % 26))}${i} ${suffix[1]}`,
      typical: 2000 + Math.floor(next() * 200_000),
    };
  });
  const reuse = existsSync(leftFile) && existsSync(rightFile);
  const left = reuse ? undefined : new Writer(`${leftFile}.part`);
  const right = reuse ? undefined : new Writer(`${rightFile}.part`);
  await left?.line(
    'InvoiceID,InvoiceNumber,Reference,ContactID,ContactName,Date,DueDate,CurrencyCode,SubTotal,TotalTax,Total,AmountPaid,Status',
  );
  await right?.line(
    'Record ID,Document No,Your Reference,BP Code,Customer Name,Document Date,Due Date,Currency,Net Amount,VAT Amount,Gross Amount,Paid,State',
  );
  let rightId = 0;
  for (let i = 0; i < count; i++) {
    const party = parties[Math.floor(next() ** 1.5 * parties.length)]!;
    const net = Math.max(100, Math.round(party.typical * (0.3 + next() * 1.4)));
    const rate = next() < 0.85 ? 0.2 : next() < 0.5 ? 0.05 : 0;
    const tax = Math.round(net * rate);
    const total = net + tax;
    const date = Math.floor(next() * 365);
    const due = date + 30;
    const paid = next() < 0.6;
    const id = `a${(i * 2654435761) % 4294967296}`.slice(0, 12) + i;
    const number = `INV-${String(i + 1).padStart(7, '0')}`;
    const reference = next() < 0.5 ? `PO-${Math.floor(next() * 1e6)}` : '';
    await left?.line(
      [
        id,
        number,
        reference,
        party.id,
        party.left,
        day(date),
        day(due),
        'GBP',
        pounds(net),
        pounds(tax),
        pounds(total),
        pounds(paid ? total : 0),
        paid ? 'PAID' : 'AUTHORISED',
      ].join(','),
    );
    const r = next();
    if (r < 0.005) continue; // never reached the ERP: unmatched on the left
    const rightStatus = (paid ? r < 0.02 : r > 0.99) ? 'Open' : paid ? 'Closed' : 'Open';
    const rightNumber = r < 0.06 ? '' : r < 0.07 ? `${i + 1}X` : String(i + 1); // missing or mistyped numbers
    const shift = r < 0.08 ? 1 + Math.floor(next() * 3) : 0;
    const cents = r > 0.98 ? 1 : 0; // rounding differences
    if (r > 0.995) {
      // The ERP split the invoice in two postings with their own document numbers.
      const first = Math.round(total * 0.6);
      const ids: string[] = [];
      for (const part of [first, total - first]) {
        const docId = `S${++rightId}`;
        ids.push(docId);
        await right?.line(
          [
            docId,
            `${i + 1}${ids.length === 1 ? 'A' : 'B'}`,
            '',
            party.id,
            party.right,
            ukDay(date + shift),
            ukDay(due),
            'GBP',
            '',
            '',
            pounds(part),
            pounds(paid ? part : 0),
            rightStatus,
          ].join(','),
        );
      }
      truth.set(id, ids);
      continue;
    }
    const docId = `S${++rightId}`;
    truth.set(id, [docId]);
    await right?.line(
      [
        docId,
        rightNumber,
        number,
        party.id,
        party.right,
        ukDay(date + shift),
        ukDay(due),
        'GBP',
        pounds(net),
        pounds(tax),
        pounds(total + cents),
        pounds(paid ? total + cents : 0),
        rightStatus,
      ].join(','),
    );
    if (next() < 0.005) {
      // A posting only the ERP has.
      const extraId = `S${++rightId}`;
      await right?.line(
        [
          extraId,
          `M${i}`,
          '',
          party.id,
          party.right,
          ukDay(date),
          ukDay(due),
          'GBP',
          pounds(net),
          '0.00',
          pounds(net),
          '0.00',
          'Open',
        ].join(','),
      );
    }
  }
  if (left && right) {
    await left.close();
    await right.close();
    renameSync(`${leftFile}.part`, leftFile);
    renameSync(`${rightFile}.part`, rightFile);
  }
  return { leftFile, rightFile, truth };
}
