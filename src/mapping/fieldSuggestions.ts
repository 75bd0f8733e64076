import { jaroWinkler } from '../recon/similarity.js';

/**
 * Suggestions for the mapping editor: for each target field, the source fields most likely to feed it, ranked by how
 * alike their names are (tokenised: camelCase, `__c` custom fields, X3's three-letter codes such as BPCNUM) and how
 * alike their values look in sample records (type, length, pattern, distinct ratio, values in common).
 */
export interface FieldSuggestion {
  readonly source: string;
  /** 0 to 1. */
  readonly score: number;
  /** One line saying why, for the editor's tooltip. */
  readonly reason: string;
}

export interface TargetFieldSuggestions {
  readonly target: string;
  readonly candidates: readonly FieldSuggestion[];
}

export interface SuggestOptions {
  readonly sourceRecords: readonly unknown[];
  readonly targetRecords: readonly unknown[];
  /** Target fields to suggest for besides those found in the samples (e.g. `customFields.Invoice_Number__c`). */
  readonly targetPaths?: readonly string[] | undefined;
  /** Candidates per target field; 3 by default. */
  readonly limit?: number | undefined;
  /** Candidates scoring below this are left out; 0.45 by default. */
  readonly minimumScore?: number | undefined;
}

/** X3 field names are runs of three-letter abbreviations (BPC NUM, ITM REF, POS COD). */
const X3_ABBREVIATIONS: Readonly<Record<string, string>> = {
  BPC: 'customer',
  BPS: 'supplier',
  BPR: 'party',
  BPA: 'address',
  ADD: 'address',
  NUM: 'number',
  NAM: 'name',
  ITM: 'product',
  REF: 'reference',
  DES: 'description',
  POS: 'postal',
  COD: 'code',
  CTY: 'city',
  CRY: 'country',
  SAT: 'region',
  TEL: 'phone',
  WEB: 'website',
  CUR: 'currency',
  AMT: 'amount',
  DAT: 'date',
  STA: 'status',
  INV: 'invoice',
  ORD: 'order',
  QTY: 'quantity',
  PRI: 'price',
  VAT: 'tax',
  LIN: 'line',
  EEC: 'tax',
  CRN: 'company',
  DLV: 'delivery',
  ACC: 'account',
  SOH: 'order',
  TSC: 'family',
  TCL: 'family',
};

/** Words that mean the same field in different systems, by concept. */
const CONCEPTS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries({
    code: ['code', 'number', 'num', 'no', 'nbr', 'key', 'identifier'],
    postal: ['postal', 'post', 'postcode', 'zip', 'zipcode'],
    phone: ['phone', 'tel', 'telephone'],
    email: ['email', 'mail', 'eml'],
    website: ['website', 'web', 'url', 'site'],
    description: ['description', 'desc'],
    tax: ['tax', 'vat'],
    product: ['product', 'item', 'product2'],
    quantity: ['quantity', 'qty'],
    price: ['price', 'unitprice'],
    amount: ['amount', 'total', 'totalprice'],
    status: ['status', 'stage', 'state'],
    currency: ['currency', 'ccy', 'currencyisocode'],
    city: ['city', 'town'],
    country: ['country'],
    region: ['region', 'county', 'province'],
    street: ['street', 'line', 'lines'],
    address: ['address', 'addresses', 'billing', 'shipping', 'delivery', 'mailing'],
    party: ['account', 'customer', 'supplier', 'party', 'client', 'contact'],
    date: ['date', 'day'],
  }).flatMap(([concept, words]) => words.map((word) => [word, concept])),
);

/** Tokens that say whose field it is rather than what it holds; they count for less. */
const SUBJECT_CONCEPTS = new Set(['party', 'address']);

function splitWords(segment: string): string[] {
  const plain = segment.replace(/__c$/, '').replace(/\[[^\]]*\]/g, '');
  if (/^[A-Z0-9]{4,}$/.test(plain)) {
    return (plain.match(/[A-Z]{3}|[A-Z0-9]+/g) ?? []).map((chunk) => (X3_ABBREVIATIONS[chunk] ?? chunk).toLowerCase());
  }
  return plain
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
}

interface Token {
  readonly word: string;
  readonly concept: string;
  readonly weight: number;
}

function tokensOf(path: string): Token[] {
  const segments = path.split('.').filter((segment) => segment !== 'customFields');
  return segments.flatMap(splitWords).map((word) => {
    const concept = CONCEPTS[word] ?? word;
    return { word, concept, weight: SUBJECT_CONCEPTS.has(concept) ? 0.35 : 1 };
  });
}

/** Dice overlap of weighted tokens: the same word counts fully, a synonym (same concept) a little less. */
function nameSimilarity(source: string, target: string): { score: number; shared: string[] } {
  const left = tokensOf(source);
  const right = [...tokensOf(target)];
  let matched = 0;
  const shared: string[] = [];
  for (const token of left) {
    const index = right.findIndex((other) => other.word === token.word || other.concept === token.concept);
    if (index < 0) continue;
    const other = right.splice(index, 1)[0] as Token;
    matched += Math.min(token.weight, other.weight) * (other.word === token.word ? 1 : 0.85);
    shared.push(other.word === token.word ? token.word : `${token.word}~${other.word}`);
  }
  const total = left.reduce((sum, t) => sum + t.weight, 0) + tokensOf(target).reduce((sum, t) => sum + t.weight, 0);
  const dice = total === 0 ? 0 : (2 * matched) / total;
  const lastOf = (path: string) => splitWords(path.split('.').at(-1) ?? path).join('');
  return { score: Math.max(dice, 0.85 * jaroWinkler(lastOf(source), lastOf(target)) - 0.15), shared };
}

type ValueKind = 'text' | 'number' | 'boolean' | 'date' | 'instant' | 'other';

interface ValueProfile {
  readonly kind: ValueKind;
  readonly meanLength: number;
  readonly patterns: ReadonlySet<string>;
  readonly distinctRatio: number;
  readonly values: ReadonlySet<string>;
}

function kindOf(value: unknown): ValueKind {
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value !== 'string') return 'other';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return 'date';
  if (/^\d{4}-\d{2}-\d{2}T/.test(value)) return 'instant';
  if (/^-?\d+(\.\d+)?$/.test(value)) return 'number';
  return 'text';
}

/** The shape of a value: letters A, digits 9, other characters as they are ("HARG0042" → "AAAA9999"). */
function patternOf(text: string): string {
  return text
    .slice(0, 16)
    .replace(/[A-Za-z]/g, 'A')
    .replace(/\d/g, '9');
}

function profileOf(values: readonly unknown[]): ValueProfile | undefined {
  const present = values.filter((value) => value !== undefined && value !== null && value !== '');
  if (present.length === 0) return undefined;
  const texts = present.map((value) => String(value).trim());
  const kinds = new Map<ValueKind, number>();
  for (const value of present) kinds.set(kindOf(value), (kinds.get(kindOf(value)) ?? 0) + 1);
  const kind = [...kinds.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'other';
  const normalised = new Set(texts.map((text) => text.toLowerCase()));
  return {
    kind,
    meanLength: texts.reduce((sum, text) => sum + text.length, 0) / texts.length,
    patterns: new Set(texts.map(patternOf)),
    distinctRatio: normalised.size / texts.length,
    values: normalised,
  };
}

function overlapOf(left: ReadonlySet<string>, right: ReadonlySet<string>): number {
  let common = 0;
  for (const value of left) if (right.has(value)) common++;
  return common / Math.max(1, Math.min(left.size, right.size));
}

function valueSimilarity(source: ValueProfile, target: ValueProfile): { score: number; reason: string } {
  const sameKind = source.kind === target.kind ? 1 : 0;
  const length =
    1 - Math.abs(source.meanLength - target.meanLength) / Math.max(source.meanLength, target.meanLength, 1);
  const patterns = overlapOf(source.patterns, target.patterns);
  const distinct = 1 - Math.abs(source.distinctRatio - target.distinctRatio);
  const overlap = overlapOf(source.values, target.values);
  const score = 0.25 * sameKind + 0.15 * length + 0.2 * patterns + 0.1 * distinct + 0.3 * overlap;
  const reason =
    overlap > 0
      ? `${Math.round(overlap * 100)}% of values in common`
      : patterns > 0
        ? `same value pattern ${[...source.patterns].find((pattern) => target.patterns.has(pattern))}`
        : sameKind
          ? `both ${source.kind} values`
          : `${source.kind} values for a ${target.kind} field`;
  return { score, reason };
}

/** Every leaf path of sample records with its values: `addresses[].postalCode`, `customFields.ZREF`. */
function leafValues(records: readonly unknown[]): Map<string, unknown[]> {
  const paths = new Map<string, unknown[]>();
  const visit = (value: unknown, path: string): void => {
    if (Array.isArray(value)) {
      for (const element of value) visit(element, `${path}[]`);
      return;
    }
    if (typeof value === 'object' && value !== null) {
      for (const [key, child] of Object.entries(value)) visit(child, path ? `${path}.${key}` : key);
      return;
    }
    if (path === '') return;
    const list = paths.get(path) ?? [];
    list.push(value);
    paths.set(path, list);
  };
  for (const record of records) visit(record, '');
  return paths;
}

/** Ranks, for each target field, the source fields that most likely feed it. */
export function suggestFieldMappings(options: SuggestOptions): TargetFieldSuggestions[] {
  const limit = options.limit ?? 3;
  const minimum = options.minimumScore ?? 0.45;
  const sources = leafValues(options.sourceRecords);
  const targets = leafValues(options.targetRecords);
  // A record's identity in its own system is never mapped from another system's fields.
  for (const path of targets.keys()) if (path.startsWith('source.')) targets.delete(path);
  for (const path of options.targetPaths ?? []) if (!targets.has(path)) targets.set(path, []);
  const sourceProfiles = new Map([...sources].map(([path, values]) => [path, profileOf(values)]));
  return [...targets].map(([target, values]) => {
    const targetProfile = profileOf(values);
    const candidates = [...sources.keys()]
      .map((source) => {
        const name = nameSimilarity(source, target);
        const sourceProfile = sourceProfiles.get(source);
        const value = sourceProfile && targetProfile ? valueSimilarity(sourceProfile, targetProfile) : undefined;
        const score = value ? 0.6 * name.score + 0.4 * value.score : name.score;
        const naming = name.shared.length > 0 ? `names share ${name.shared.join(', ')}` : 'names differ';
        return {
          source,
          score: Math.round(score * 100) / 100,
          reason: value ? `${naming}; ${value.reason}` : naming,
        };
      })
      .filter((candidate) => candidate.score >= minimum)
      .sort((a, b) => b.score - a.score || a.source.localeCompare(b.source))
      .slice(0, limit);
    return { target, candidates };
  });
}
