import { normaliseKey, normalisePartyName, normaliseText, tokensOf } from './normalise.js';
import { amountFieldOf, type Entity, partyFieldOf } from './schema.js';
import { NO_DAY, type RecordTable } from './table.js';

/** Interns tokens (and party names) to small integers shared by both sides, counting in how many records each occurs. */
export class TokenDictionary {
  private readonly ids = new Map<string, number>();
  readonly documentFrequency: number[] = [];
  readonly words: string[] = [];
  /** Normalised party name → party code, shared by both sides so codes compare across them. */
  readonly parties = new Map<string, number>();

  idOf(token: string): number {
    let id = this.ids.get(token);
    if (id === undefined) {
      id = this.documentFrequency.length;
      this.ids.set(token, id);
      this.documentFrequency.push(0);
      this.words.push(token);
    }
    return id;
  }
}

/**
 * One side's records reduced to what matching reads, in flat typed arrays: amounts in minor units, day numbers,
 * normalised keys, party names, reference text and its tokens.
 */
export interface PreparedSide {
  readonly table: RecordTable;
  readonly size: number;
  readonly amount: Float64Array;
  readonly day: Int32Array;
  /** Normalised document number (or id when there is no number column). */
  readonly key: readonly string[];
  readonly party: readonly string[];
  /** The party as a small integer shared by both sides (−1 when there is none): fast grouping by party. */
  readonly partyCode: Int32Array;
  /** Normalised reference (memo) — or the name, for parties and products. */
  readonly reference: readonly string[];
  /**
   * Token ids of each reference: tokenIds[tokenStart[i] .. tokenStart[i + 1]). Filled by tokeniseOpen() just before
   * the probabilistic pass, and only for records still open then: most records are long matched by number.
   */
  tokenStart: Int32Array;
  tokenIds: Int32Array;
  readonly currency: readonly string[];
  readonly hasAmount: boolean;
  readonly hasDate: boolean;
  readonly hasReference: boolean;
  readonly hasParty: boolean;
  readonly hasNumber: boolean;
}

export function prepareSide(table: RecordTable, entity: Entity, dictionary: TokenDictionary): PreparedSide {
  const n = table.size;
  const amountField = amountFieldOf(entity);
  const amountColumn = amountField ? table.money.get(amountField) : undefined;
  const amount = amountColumn ?? new Float64Array(n).fill(Number.NaN);
  const day = table.dates.get('date') ?? new Int32Array(n).fill(NO_DAY);
  const numbers = table.text.get('number');
  const key = new Array<string>(n);
  for (let i = 0; i < n; i++) key[i] = normaliseKey(numbers?.[i] || table.ids[i]!);
  const partyNames = table.text.get(partyFieldOf(entity));
  const partyIds = table.text.get('party_id');
  const party = new Array<string>(n);
  const referenceTexts =
    entity === 'parties' || entity === 'products' ? table.text.get('name') : table.text.get('reference');
  const reference = new Array<string>(n);
  // Party names repeat across thousands of records: normalise each distinct spelling once.
  const partyCache = new Map<string, string>();
  const partyCode = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const name = partyNames?.[i] ?? '';
    const raw = name !== '' ? name : (partyIds?.[i] ?? '');
    let normalised = partyCache.get(raw);
    if (normalised === undefined) {
      normalised = name !== '' ? normalisePartyName(name) : normaliseKey(raw);
      partyCache.set(raw, normalised);
    }
    party[i] = normalised;
    if (normalised !== '') {
      let code = dictionary.parties.get(normalised);
      if (code === undefined) {
        code = dictionary.parties.size;
        dictionary.parties.set(normalised, code);
      }
      partyCode[i] = code;
    }
    reference[i] = normaliseText(referenceTexts?.[i] ?? '');
  }
  return {
    table,
    size: n,
    amount,
    day,
    key,
    party,
    partyCode,
    reference,
    tokenStart: new Int32Array(n + 1),
    tokenIds: new Int32Array(0),
    currency: table.currencies,
    hasAmount: amountColumn !== undefined,
    hasDate: table.dates.has('date'),
    hasReference: referenceTexts !== undefined,
    hasParty: partyNames !== undefined || partyIds !== undefined,
    hasNumber: numbers !== undefined,
  };
}

/**
 * Splits the references of the open records into interned words and counts in how many records each word occurs
 * (the document frequency behind each word's information).
 */
export function tokeniseOpen(side: PreparedSide, open: Uint8Array, dictionary: TokenDictionary): void {
  const tokenStart = new Int32Array(side.size + 1);
  const tokens: number[] = [];
  const seen = new Set<number>();
  for (let i = 0; i < side.size; i++) {
    tokenStart[i] = tokens.length;
    if (!open[i]) continue;
    seen.clear();
    for (const token of tokensOf(side.reference[i]!)) {
      const id = dictionary.idOf(token);
      tokens.push(id);
      if (!seen.has(id)) {
        seen.add(id);
        dictionary.documentFrequency[id]!++;
      }
    }
  }
  tokenStart[side.size] = tokens.length;
  side.tokenStart = tokenStart;
  side.tokenIds = Int32Array.from(tokens);
}

/** Record indices of one side grouped by party code (records without a party are left out). */
export function groupByParty(side: PreparedSide, include: (i: number) => boolean = () => true): number[][] {
  const groups = new Map<number, number[]>();
  for (let i = 0; i < side.size; i++) {
    const code = side.partyCode[i]!;
    if (code < 0 || !include(i)) continue;
    const list = groups.get(code);
    if (list) list.push(i);
    else groups.set(code, [i]);
  }
  return [...groups.values()];
}

/** Splits a group of records by currency (most groups have one, so this rarely allocates). */
export function byCurrency(side: PreparedSide, members: number[]): number[][] {
  const first = side.currency[members[0]!];
  if (members.every((i) => side.currency[i] === first)) return [members];
  const split = new Map<string, number[]>();
  for (const i of members) {
    const list = split.get(side.currency[i]!);
    if (list) list.push(i);
    else split.set(side.currency[i]!, [i]);
  }
  return [...split.values()];
}
