import type { FieldSpec } from './classes.js';
import { X3Error } from './errors.js';
import type { FieldMap } from './store.js';

/**
 * SData 2.0 `where` expressions as X3 api1 takes them: `eq ne lt le gt ge`, `like`, `in (…)`, `between … and …`,
 * `and or not`, `+ - mul div mod`, a few functions (`left`, `right`, `substring`, `upper`, `lower`, `length`, `trim`,
 * `concat`, `abs`), strings in single quotes, numbers, `true`/`false`/`null`, and date literals `@2024-01-01@` /
 * `@2024-01-01T10:00:00Z@`. Properties are resolved when the expression is compiled, so an unknown one fails fast with
 * the status the site returns for it (500 per the docs).
 */

type Value =
  | { readonly t: 'str'; readonly v: string }
  | { readonly t: 'num'; readonly v: number }
  | { readonly t: 'date'; readonly v: number }
  | { readonly t: 'bool'; readonly v: boolean }
  | { readonly t: 'null' }
  | { readonly t: 'list'; readonly v: readonly Value[] };

type Compiled = (fields: FieldMap) => Value;

export interface WhereOptions {
  readonly resolveField: (name: string) => FieldSpec | undefined;
  readonly dateLiterals: readonly ('sdata' | 'quoted')[];
  readonly badWhereStatus: number;
  readonly unknownPropertyStatus: number;
}

type Token =
  | { readonly kind: 'str'; readonly text: string; readonly at: number }
  | { readonly kind: 'num'; readonly value: number; readonly at: number }
  | { readonly kind: 'date'; readonly text: string; readonly at: number }
  | { readonly kind: 'word'; readonly text: string; readonly at: number }
  | { readonly kind: 'punct'; readonly text: string; readonly at: number }
  | { readonly kind: 'end'; readonly at: number };

/** X3's "empty" date (SQL Server); empty date fields compare as this day. */
const EMPTY_DATE = Date.UTC(1753, 0, 1);
const SYMBOL_OPERATORS: Readonly<Record<string, string>> = {
  '=': 'eq',
  '<>': 'ne',
  '!=': 'ne',
  '<': 'lt',
  '<=': 'le',
  '>': 'gt',
  '>=': 'ge',
};
const COMPARISONS = new Set(['eq', 'ne', 'lt', 'le', 'gt', 'ge']);

export function compileWhere(text: string, options: WhereOptions): (fields: FieldMap) => boolean {
  const parser = new Parser(tokenize(text, options), options, text);
  const expression = parser.parseExpression();
  parser.expectEnd();
  return (fields) => truthy(expression(fields));
}

function tokenize(text: string, options: WhereOptions): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const fail = (message: string): never => {
    throw new X3Error(options.badWhereStatus, `Syntax error in where clause at position ${i + 1}: ${message}`);
  };
  while (i < text.length) {
    const char = text[i] ?? '';
    if (/\s/.test(char)) {
      i += 1;
      continue;
    }
    const at = i;
    if (char === "'") {
      let value = '';
      i += 1;
      for (;;) {
        if (i >= text.length) fail('unterminated string');
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        value += text[i];
        i += 1;
      }
      tokens.push({ kind: 'str', text: value, at });
    } else if (char === '@') {
      const end = text.indexOf('@', i + 1);
      if (end < 0) fail('unterminated date literal');
      tokens.push({ kind: 'date', text: text.slice(i + 1, end), at });
      i = end + 1;
    } else if (/[0-9]/.test(char) || (char === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      const match = /^\d*\.?\d+(?:[eE][+-]?\d+)?/.exec(text.slice(i));
      const literal = match?.[0] ?? char;
      tokens.push({ kind: 'num', value: Number(literal), at });
      i += literal.length;
    } else if (/[A-Za-z_$]/.test(char)) {
      const match = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(text.slice(i));
      const word = match?.[0] ?? char;
      tokens.push({ kind: 'word', text: word, at });
      i += word.length;
    } else {
      const two = text.slice(i, i + 2);
      if (two === '<=' || two === '>=' || two === '<>' || two === '!=') {
        tokens.push({ kind: 'punct', text: two, at });
        i += 2;
      } else if ('()+-,=<>*/'.includes(char)) {
        tokens.push({ kind: 'punct', text: char, at });
        i += 1;
      } else {
        fail(`unexpected character "${char}"`);
      }
    }
  }
  tokens.push({ kind: 'end', at: text.length });
  return tokens;
}

class Parser {
  private position = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly options: WhereOptions,
    private readonly text: string,
  ) {}

  parseExpression(): Compiled {
    return this.parseOr();
  }

  expectEnd(): void {
    const token = this.peek();
    if (token.kind !== 'end') this.fail(`unexpected "${describe(token)}"`);
  }

  private parseOr(): Compiled {
    let left = this.parseAnd();
    while (this.acceptWord('or')) {
      const l = left;
      const right = this.parseAnd();
      left = (f) => bool(truthy(l(f)) || truthy(right(f)));
    }
    return left;
  }

  private parseAnd(): Compiled {
    let left = this.parseNot();
    while (this.acceptWord('and')) {
      const l = left;
      const right = this.parseNot();
      left = (f) => bool(truthy(l(f)) && truthy(right(f)));
    }
    return left;
  }

  private parseNot(): Compiled {
    if (this.acceptWord('not')) {
      const inner = this.parseNot();
      return (f) => bool(!truthy(inner(f)));
    }
    return this.parseComparison();
  }

  private parseComparison(): Compiled {
    const left = this.parseAdditive();
    const negated = this.acceptWord('not');
    const token = this.peek();
    const word =
      token.kind === 'word'
        ? token.text.toLowerCase()
        : token.kind === 'punct'
          ? SYMBOL_OPERATORS[token.text]
          : undefined;
    if (word && COMPARISONS.has(word) && !negated) {
      this.position += 1;
      const right = this.parseAdditive();
      return (f) => bool(compareWith(word, left(f), right(f), this.options));
    }
    if (word === 'like') {
      this.position += 1;
      const pattern = this.parseAdditive();
      return (f) => bool(like(left(f), pattern(f)) !== negated);
    }
    if (word === 'between') {
      this.position += 1;
      const low = this.parseAdditive();
      if (!this.acceptWord('and')) this.fail('"between" needs "and"');
      const high = this.parseAdditive();
      return (f) => {
        const value = left(f);
        const inside =
          compareWith('ge', value, low(f), this.options) && compareWith('le', value, high(f), this.options);
        return bool(inside !== negated);
      };
    }
    if (word === 'in') {
      this.position += 1;
      this.expectPunct('(');
      const items: Compiled[] = [this.parseAdditive()];
      while (this.acceptPunct(',')) items.push(this.parseAdditive());
      this.expectPunct(')');
      return (f) => {
        const value = left(f);
        const found = items.some((item) => compareWith('eq', value, item(f), this.options));
        return bool(found !== negated);
      };
    }
    if (negated) this.fail('"not" must be followed by like, in or between here');
    return left;
  }

  private parseAdditive(): Compiled {
    let left = this.parseMultiplicative();
    for (;;) {
      if (this.acceptPunct('+')) {
        const l = left;
        const right = this.parseMultiplicative();
        left = (f) => arithmetic('+', l(f), right(f));
      } else if (this.acceptPunct('-')) {
        const l = left;
        const right = this.parseMultiplicative();
        left = (f) => arithmetic('-', l(f), right(f));
      } else {
        return left;
      }
    }
  }

  private parseMultiplicative(): Compiled {
    let left = this.parseUnary();
    for (;;) {
      const token = this.peek();
      const op =
        token.kind === 'word' && ['mul', 'div', 'mod'].includes(token.text.toLowerCase())
          ? token.text.toLowerCase()
          : token.kind === 'punct' && (token.text === '*' || token.text === '/')
            ? token.text === '*'
              ? 'mul'
              : 'div'
            : undefined;
      if (!op) return left;
      this.position += 1;
      const l = left;
      const right = this.parseUnary();
      left = (f) => arithmetic(op, l(f), right(f));
    }
  }

  private parseUnary(): Compiled {
    if (this.acceptPunct('-')) {
      const inner = this.parseUnary();
      return (f) => arithmetic('-', { t: 'num', v: 0 }, inner(f));
    }
    return this.parsePrimary();
  }

  private parsePrimary(): Compiled {
    const token = this.next();
    switch (token.kind) {
      case 'str': {
        const value: Value = { t: 'str', v: token.text };
        return () => value;
      }
      case 'num': {
        const value: Value = { t: 'num', v: token.value };
        return () => value;
      }
      case 'date': {
        if (!this.options.dateLiterals.includes('sdata')) this.fail('date literals @…@ are not accepted');
        const ms = parseDateText(token.text);
        if (ms === undefined) this.fail(`"@${token.text}@" is not a date`);
        const value: Value = { t: 'date', v: ms ?? 0 };
        return () => value;
      }
      case 'punct': {
        if (token.text !== '(') this.fail(`unexpected "${token.text}"`);
        const inner = this.parseExpression();
        this.expectPunct(')');
        return inner;
      }
      case 'word':
        return this.parseWord(token.text);
      default:
        return this.fail('unexpected end of expression');
    }
  }

  private parseWord(word: string): Compiled {
    const lower = word.toLowerCase();
    if (lower === 'true' || lower === 'false') {
      const value: Value = { t: 'bool', v: lower === 'true' };
      return () => value;
    }
    if (lower === 'null') return () => ({ t: 'null' });
    if (this.acceptPunct('(')) {
      const args: Compiled[] = [];
      if (!this.acceptPunct(')')) {
        args.push(this.parseExpression());
        while (this.acceptPunct(',')) args.push(this.parseExpression());
        this.expectPunct(')');
      }
      return compileFunction(lower, args, (message) => this.fail(message));
    }
    const field = this.options.resolveField(word);
    if (!field) {
      throw new X3Error(
        this.options.unknownPropertyStatus,
        `The property ${word} does not exist in the representation.`,
      );
    }
    return (fields) => fieldValue(field, fields[word]);
  }

  private peek(): Token {
    return this.tokens[this.position] ?? { kind: 'end', at: this.text.length };
  }

  private next(): Token {
    const token = this.peek();
    this.position += 1;
    return token;
  }

  private acceptWord(word: string): boolean {
    const token = this.peek();
    if (token.kind === 'word' && token.text.toLowerCase() === word) {
      this.position += 1;
      return true;
    }
    return false;
  }

  private acceptPunct(text: string): boolean {
    const token = this.peek();
    if (token.kind === 'punct' && token.text === text) {
      this.position += 1;
      return true;
    }
    return false;
  }

  private expectPunct(text: string): void {
    if (!this.acceptPunct(text)) this.fail(`expected "${text}" but found "${describe(this.peek())}"`);
  }

  private fail(message: string): never {
    throw new X3Error(
      this.options.badWhereStatus,
      `Syntax error in where clause at position ${this.peek().at + 1}: ${message}`,
    );
  }
}

function describe(token: Token): string {
  switch (token.kind) {
    case 'end':
      return 'end of expression';
    case 'num':
      return String(token.value);
    default:
      return token.text;
  }
}

function compileFunction(name: string, args: readonly Compiled[], fail: (message: string) => never): Compiled {
  const arity = (n: number): void => {
    if (args.length !== n) fail(`${name}() takes ${n} argument(s)`);
  };
  const text = (value: Value): string => (value.t === 'null' ? '' : value.t === 'list' ? '' : String(value.v));
  const num = (value: Value): number => (value.t === 'num' ? value.v : Number(text(value)));
  const [a, b, c] = args;
  switch (name) {
    case 'left':
      arity(2);
      return (f) => ({ t: 'str', v: text(a!(f)).slice(0, num(b!(f))) });
    case 'right':
      arity(2);
      return (f) => {
        const value = text(a!(f));
        const count = num(b!(f));
        return { t: 'str', v: count <= 0 ? '' : value.slice(-count) };
      };
    case 'substring':
      if (args.length !== 2 && args.length !== 3) fail('substring() takes 2 or 3 arguments');
      return (f) => {
        const start = num(b!(f)) - 1;
        const value = text(a!(f));
        return { t: 'str', v: c ? value.substring(start, start + num(c(f))) : value.slice(start) };
      };
    case 'upper':
    case 'lower':
    case 'trim':
    case 'length':
      arity(1);
      return (f) => {
        const value = text(a!(f));
        if (name === 'length') return { t: 'num', v: value.length };
        return {
          t: 'str',
          v: name === 'upper' ? value.toUpperCase() : name === 'lower' ? value.toLowerCase() : value.trim(),
        };
      };
    case 'concat':
      arity(2);
      return (f) => ({ t: 'str', v: text(a!(f)) + text(b!(f)) });
    case 'abs':
      arity(1);
      return (f) => ({ t: 'num', v: Math.abs(num(a!(f))) });
    default:
      return fail(`unknown function ${name}()`);
  }
}

function fieldValue(field: FieldSpec, raw: unknown): Value {
  if (raw === undefined || raw === null) {
    if (field.type === 'integer' || field.type === 'decimal') return { t: 'num', v: 0 };
    if (field.type === 'date' || field.type === 'datetime') return { t: 'date', v: EMPTY_DATE };
    return { t: 'str', v: '' };
  }
  switch (field.type) {
    case 'integer':
    case 'decimal':
      return { t: 'num', v: Number(raw) };
    case 'date':
    case 'datetime':
      return { t: 'date', v: raw === '' ? EMPTY_DATE : (parseDateText(String(raw)) ?? EMPTY_DATE) };
    case 'strings':
    case 'decimals':
      return { t: 'str', v: Array.isArray(raw) ? raw.join(' ') : String(raw) };
    default:
      return { t: 'str', v: String(raw) };
  }
}

/** `2024-01-01`, `2024-01-01T10:00:00Z`, `2024-01-01T10:00:00` (taken as UTC) → epoch ms. */
export function parseDateText(text: string): number | undefined {
  const match =
    /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(
      text.trim(),
    );
  if (!match) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', ms = '0', zone] = match;
  let epoch = Date.UTC(
    Number(y),
    Number(mo) - 1,
    Number(d),
    Number(h),
    Number(mi),
    Number(s),
    Number(ms.padEnd(3, '0')),
  );
  if (zone && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    epoch -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  return Number.isNaN(epoch) ? undefined : epoch;
}

function truthy(value: Value): boolean {
  return value.t === 'bool' ? value.v : value.t === 'num' ? value.v !== 0 : false;
}

function bool(v: boolean): Value {
  return { t: 'bool', v };
}

function arithmetic(op: string, left: Value, right: Value): Value {
  const l = left.t === 'num' || left.t === 'date' ? left.v : Number(left.t === 'str' ? left.v : Number.NaN);
  const r = right.t === 'num' || right.t === 'date' ? right.v : Number(right.t === 'str' ? right.v : Number.NaN);
  if (op === '+' && left.t === 'str' && right.t === 'str') return { t: 'str', v: left.v + right.v };
  const result = op === '+' ? l + r : op === '-' ? l - r : op === 'mul' ? l * r : op === 'div' ? l / r : l % r;
  return { t: 'num', v: result };
}

/** Brings two operands to one type: a quoted string against a date compares as a date when the site allows it. */
function compareWith(op: string, left: Value, right: Value, options: WhereOptions): boolean {
  if (left.t === 'null' || right.t === 'null') {
    const equal = left.t === right.t;
    return op === 'eq' ? equal : op === 'ne' ? !equal : false;
  }
  const [l, r] = coerce(left, right, options);
  const order = l < r ? -1 : l > r ? 1 : 0;
  switch (op) {
    case 'eq':
      return order === 0;
    case 'ne':
      return order !== 0;
    case 'lt':
      return order < 0;
    case 'le':
      return order <= 0;
    case 'gt':
      return order > 0;
    default:
      return order >= 0;
  }
}

function coerce(left: Value, right: Value, options: WhereOptions): [string | number, string | number] {
  if (left.t === 'date' || right.t === 'date') {
    return [asDate(left, options), asDate(right, options)];
  }
  if (left.t === 'num' || right.t === 'num') return [asNumber(left, options), asNumber(right, options)];
  return [scalar(left), scalar(right)];
}

function asDate(value: Value, options: WhereOptions): number {
  if (value.t === 'date') return value.v;
  if (value.t === 'str') {
    if (!options.dateLiterals.includes('quoted')) {
      throw new X3Error(
        options.badWhereStatus,
        `Incompatible types: '${value.v}' compared with a date (use @YYYY-MM-DD@).`,
      );
    }
    const ms = parseDateText(value.v);
    if (ms === undefined) throw new X3Error(options.badWhereStatus, `'${value.v}' is not a date.`);
    return ms;
  }
  throw new X3Error(options.badWhereStatus, 'Incompatible types in a date comparison.');
}

function asNumber(value: Value, options: WhereOptions): number {
  if (value.t === 'num') return value.v;
  if (value.t === 'bool') return value.v ? 1 : 0;
  const n = Number(scalar(value));
  if (value.t === 'str' && (value.v.trim() === '' || Number.isNaN(n))) {
    throw new X3Error(options.badWhereStatus, `Incompatible types: '${value.v}' compared with a number.`);
  }
  return n;
}

function scalar(value: Value): string | number {
  switch (value.t) {
    case 'str':
      return value.v;
    case 'num':
    case 'date':
      return value.v;
    case 'bool':
      return value.v ? 1 : 0;
    default:
      return '';
  }
}

function like(value: Value, pattern: Value): boolean {
  const text = String(scalar(value));
  const source = String(scalar(pattern));
  const regex = new RegExp(
    `^${source
      .split('')
      .map((ch) => (ch === '%' ? '.*' : ch === '_' ? '.' : ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('')}$`,
    's',
  );
  return regex.test(text);
}
