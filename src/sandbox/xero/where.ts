import { parseWireInstant } from './msDate.js';

/**
 * The subset of Xero's `where` language that clients send: comparisons (`==`, `!=`, `<`, `>`, `<=`, `>=`), `AND`/`&&`,
 * `OR`/`||`, `NOT`/`!`, parentheses, dotted paths (`Contact.ContactID`), string/number/boolean/null literals,
 * `DateTime(2024,01,31[,h,m,s])`, `Guid("…")`, and the string methods `Contains`, `StartsWith`, `EndsWith`,
 * `ToLower()`, `ToUpper()`. Parsing happens once; the result filters records of one type.
 */
export class QueryParseError extends Error {}

type Literal =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'null' }
  | { readonly kind: 'date'; readonly value: number }
  | { readonly kind: 'guid'; readonly value: string };

type Operand =
  | { readonly kind: 'path'; readonly parts: readonly string[] }
  | { readonly kind: 'literal'; readonly literal: Literal }
  | { readonly kind: 'case'; readonly target: Operand; readonly to: 'lower' | 'upper' };

type Comparison = '==' | '!=' | '<' | '>' | '<=' | '>=';
type StringTest = 'Contains' | 'StartsWith' | 'EndsWith';

type Expr =
  | { readonly kind: 'and' | 'or'; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'not'; readonly inner: Expr }
  | { readonly kind: 'compare'; readonly op: Comparison; readonly left: Operand; readonly right: Operand }
  | { readonly kind: 'test'; readonly method: StringTest; readonly target: Operand; readonly argument: Operand }
  | { readonly kind: 'truthy'; readonly operand: Operand };

interface Token {
  readonly type: 'ident' | 'string' | 'number' | 'op' | 'punct';
  readonly text: string;
  readonly at: number;
}

const OPERATORS = ['==', '!=', '>=', '<=', '&&', '||', '>', '<', '!', '='];

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i] ?? '';
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '"' || ch === "'") {
      let text = '';
      let j = i + 1;
      while (j < source.length && source[j] !== ch) {
        if (source[j] === '\\' && j + 1 < source.length) j++;
        text += source[j];
        j++;
      }
      if (j >= source.length) throw new QueryParseError(`Unterminated string literal at position ${i}`);
      tokens.push({ type: 'string', text, at: i });
      i = j + 1;
      continue;
    }
    const number = /^-?\d+(\.\d+)?/.exec(source.slice(i));
    if (number && (ch !== '-' || tokens.at(-1)?.type === 'op' || tokens.length === 0)) {
      tokens.push({ type: 'number', text: number[0], at: i });
      i += number[0].length;
      continue;
    }
    const ident = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i));
    if (ident) {
      tokens.push({ type: 'ident', text: ident[0], at: i });
      i += ident[0].length;
      continue;
    }
    const op = OPERATORS.find((candidate) => source.startsWith(candidate, i));
    if (op) {
      tokens.push({ type: 'op', text: op === '=' ? '==' : op, at: i });
      i += op.length;
      continue;
    }
    if ('(),.'.includes(ch)) {
      tokens.push({ type: 'punct', text: ch, at: i });
      i++;
      continue;
    }
    throw new QueryParseError(`Syntax error '${ch}' at position ${i}`);
  }
  return tokens;
}

class Parser {
  private index = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  parse(): Expr {
    const expr = this.or();
    const extra = this.peek();
    if (extra) throw new QueryParseError(`Syntax error '${extra.text}' at position ${extra.at}`);
    return expr;
  }

  private peek(): Token | undefined {
    return this.tokens[this.index];
  }

  private next(): Token {
    const token = this.tokens[this.index++];
    if (!token) throw new QueryParseError('Expression expected at the end of the query');
    return token;
  }

  private accept(text: string): boolean {
    const token = this.peek();
    if (token && (token.type === 'op' || token.type === 'punct') && token.text === text) {
      this.index++;
      return true;
    }
    return false;
  }

  private acceptWord(word: string): boolean {
    const token = this.peek();
    if (token?.type === 'ident' && token.text.toUpperCase() === word) {
      this.index++;
      return true;
    }
    return false;
  }

  private expect(text: string): void {
    if (!this.accept(text)) {
      const token = this.peek();
      throw new QueryParseError(`'${text}' expected${token ? ` at position ${token.at}` : ''}`);
    }
  }

  private or(): Expr {
    let left = this.and();
    while (this.accept('||') || this.acceptWord('OR')) left = { kind: 'or', left, right: this.and() };
    return left;
  }

  private and(): Expr {
    let left = this.unary();
    while (this.accept('&&') || this.acceptWord('AND')) left = { kind: 'and', left, right: this.unary() };
    return left;
  }

  private unary(): Expr {
    if (this.accept('!') || this.acceptWord('NOT')) return { kind: 'not', inner: this.unary() };
    if (this.accept('(')) {
      const inner = this.or();
      this.expect(')');
      return inner;
    }
    return this.comparison();
  }

  private comparison(): Expr {
    const left = this.operand();
    if (left.kind === 'path' && this.accept('.')) return this.method(left);
    const token = this.peek();
    if (token?.type === 'op' && ['==', '!=', '<', '>', '<=', '>='].includes(token.text)) {
      this.index++;
      return { kind: 'compare', op: token.text as Comparison, left, right: this.operand() };
    }
    return { kind: 'truthy', operand: left };
  }

  private method(target: Operand): Expr {
    const name = this.next();
    const method = (['Contains', 'StartsWith', 'EndsWith'] as const).find(
      (m) => m.toLowerCase() === name.text.toLowerCase(),
    );
    if (!method) throw new QueryParseError(`No applicable method '${name.text}' exists in type 'String'`);
    this.expect('(');
    const argument = this.operand();
    this.expect(')');
    return { kind: 'test', method, target, argument };
  }

  private operand(): Operand {
    const token = this.next();
    if (token.type === 'string') return { kind: 'literal', literal: { kind: 'string', value: token.text } };
    if (token.type === 'number') return { kind: 'literal', literal: { kind: 'number', value: Number(token.text) } };
    if (token.type !== 'ident') throw new QueryParseError(`Expression expected at position ${token.at}`);
    const word = token.text.toLowerCase();
    if (word === 'true' || word === 'false') {
      return { kind: 'literal', literal: { kind: 'boolean', value: word === 'true' } };
    }
    if (word === 'null') return { kind: 'literal', literal: { kind: 'null' } };
    if (word === 'datetime' && this.peek()?.text === '(') return this.dateTime();
    if (word === 'guid' && this.peek()?.text === '(') {
      this.expect('(');
      const value = this.next();
      this.expect(')');
      if (value.type !== 'string') throw new QueryParseError(`Guid() expects a quoted value at position ${value.at}`);
      return { kind: 'literal', literal: { kind: 'guid', value: value.text.toLowerCase() } };
    }
    const parts = [token.text];
    while (this.peek()?.text === '.' && this.tokens[this.index + 1]?.type === 'ident') {
      const after = this.tokens[this.index + 2];
      // `Name.Contains(` is a method call, `Name.ToLower()` a case fold; anything else continues the path.
      if (after?.text === '(') {
        const methodName = this.tokens[this.index + 1]?.text.toLowerCase();
        if (methodName === 'tolower' || methodName === 'toupper') {
          this.index += 2;
          this.expect('(');
          this.expect(')');
          return { kind: 'case', target: { kind: 'path', parts }, to: methodName === 'tolower' ? 'lower' : 'upper' };
        }
        break;
      }
      this.index++;
      parts.push(this.next().text);
    }
    return { kind: 'path', parts };
  }

  private dateTime(): Operand {
    this.expect('(');
    const first = this.next();
    if (first.type === 'string') {
      this.expect(')');
      const parsed = parseWireInstant(first.text);
      if (parsed === undefined)
        throw new QueryParseError(`String '${first.text}' was not recognized as a valid DateTime.`);
      return { kind: 'literal', literal: { kind: 'date', value: parsed } };
    }
    const parts: number[] = [];
    let token = first;
    for (;;) {
      if (token.type !== 'number') throw new QueryParseError(`DateTime() expects numbers at position ${token.at}`);
      parts.push(Number(token.text));
      if (this.accept(')')) break;
      this.expect(',');
      token = this.next();
    }
    if (parts.length < 3 || parts.length > 6) throw new QueryParseError('DateTime() takes year, month, day[, h, m, s]');
    const [year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0] = parts;
    const value = Date.UTC(year, month - 1, day, hour, minute, second);
    const check = new Date(value);
    if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
      throw new QueryParseError('Year, Month, and Day parameters describe an un-representable DateTime.');
    }
    return { kind: 'literal', literal: { kind: 'date', value } };
  }
}

export interface WhereOptions {
  /** Top-level field names of the record type; an unknown name is a query error, as in Xero. */
  readonly fields: ReadonlySet<string>;
  readonly typeName: string;
  readonly caseInsensitiveStrings: boolean;
}

type Value = string | number | boolean | null | { readonly date: number } | { readonly guid: string };

export type RecordPredicate = (record: Readonly<Record<string, unknown>>) => boolean;

/** Compiles a `where` string into a predicate; throws QueryParseError with a message shaped like Xero's. */
export function compileWhere(source: string, options: WhereOptions): RecordPredicate {
  const expr = new Parser(tokenize(source)).parse();
  checkPaths(expr, options);
  return (record) => evaluate(expr, record, options);
}

function checkPaths(expr: Expr, options: WhereOptions): void {
  const operands: Operand[] = [];
  const walk = (e: Expr): void => {
    switch (e.kind) {
      case 'and':
      case 'or':
        walk(e.left);
        walk(e.right);
        return;
      case 'not':
        walk(e.inner);
        return;
      case 'compare':
        operands.push(e.left, e.right);
        return;
      case 'test':
        operands.push(e.target, e.argument);
        return;
      case 'truthy':
        operands.push(e.operand);
    }
  };
  walk(expr);
  const lowerFields = new Set([...options.fields].map((f) => f.toLowerCase()));
  for (let operand of operands) {
    while (operand.kind === 'case') operand = operand.target;
    if (operand.kind !== 'path') continue;
    const head = operand.parts[0]?.toLowerCase() ?? '';
    if (!lowerFields.has(head)) {
      throw new QueryParseError(`No property or field '${operand.parts[0]}' exists in type '${options.typeName}'`);
    }
  }
}

function evaluate(expr: Expr, record: Readonly<Record<string, unknown>>, options: WhereOptions): boolean {
  switch (expr.kind) {
    case 'and':
      return evaluate(expr.left, record, options) && evaluate(expr.right, record, options);
    case 'or':
      return evaluate(expr.left, record, options) || evaluate(expr.right, record, options);
    case 'not':
      return !evaluate(expr.inner, record, options);
    case 'truthy':
      return resolve(expr.operand, record) === true;
    case 'test': {
      const target = resolve(expr.target, record);
      const argument = resolve(expr.argument, record);
      if (typeof target !== 'string' || typeof argument !== 'string') return false;
      const [t, a] = options.caseInsensitiveStrings
        ? [target.toLowerCase(), argument.toLowerCase()]
        : [target, argument];
      if (expr.method === 'Contains') return t.includes(a);
      if (expr.method === 'StartsWith') return t.startsWith(a);
      return t.endsWith(a);
    }
    case 'compare':
      return compare(expr.op, resolve(expr.left, record), resolve(expr.right, record), options);
  }
}

function resolve(operand: Operand, record: Readonly<Record<string, unknown>>): Value {
  if (operand.kind === 'literal') {
    const { literal } = operand;
    if (literal.kind === 'null') return null;
    if (literal.kind === 'date') return { date: literal.value };
    if (literal.kind === 'guid') return { guid: literal.value };
    return literal.value;
  }
  if (operand.kind === 'case') {
    const inner = resolve(operand.target, record);
    if (typeof inner !== 'string') return inner;
    return operand.to === 'lower' ? inner.toLowerCase() : inner.toUpperCase();
  }
  let current: unknown = record;
  for (const part of operand.parts) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return null;
    const record = current as Readonly<Record<string, unknown>>;
    if (part in record) current = record[part];
    else {
      const wanted = part.toLowerCase();
      const key = Object.keys(record).find((k) => k.toLowerCase() === wanted);
      current = key === undefined ? undefined : record[key];
    }
  }
  if (current === undefined || current === null) return null;
  if (typeof current === 'string' || typeof current === 'number' || typeof current === 'boolean') return current;
  return null;
}

function compare(op: Comparison, left: Value, right: Value, options: WhereOptions): boolean {
  const order = ordering(left, right, options);
  if (order === undefined) return op === '!=' ? !(left === null && right === null) : false;
  switch (op) {
    case '==':
      return order === 0;
    case '!=':
      return order !== 0;
    case '<':
      return order < 0;
    case '>':
      return order > 0;
    case '<=':
      return order <= 0;
    case '>=':
      return order >= 0;
  }
}

/** -1/0/1 when the values are comparable, undefined when they are not (null against a value, mixed types). */
function ordering(left: Value, right: Value, options: WhereOptions): number | undefined {
  if (left === null || right === null) return left === right ? 0 : undefined;
  const asDate = (v: Value): number | undefined =>
    typeof v === 'object' && v !== null && 'date' in v
      ? v.date
      : typeof v === 'string'
        ? parseWireInstant(v)
        : undefined;
  if ((typeof left === 'object' && 'date' in left) || (typeof right === 'object' && 'date' in right)) {
    const [l, r] = [asDate(left), asDate(right)];
    return l === undefined || r === undefined ? undefined : Math.sign(l - r);
  }
  const asText = (v: Value): string | undefined =>
    typeof v === 'object' && v !== null && 'guid' in v ? v.guid : typeof v === 'string' ? v : undefined;
  if ((typeof left === 'object' && 'guid' in left) || (typeof right === 'object' && 'guid' in right)) {
    const [l, r] = [asText(left)?.toLowerCase(), asText(right)?.toLowerCase()];
    return l === undefined || r === undefined ? undefined : l === r ? 0 : l < r ? -1 : 1;
  }
  if (typeof left === 'number' || typeof right === 'number') {
    const [l, r] = [Number(left), Number(right)];
    return Number.isNaN(l) || Number.isNaN(r) ? undefined : Math.sign(l - r);
  }
  if (typeof left === 'boolean' || typeof right === 'boolean') return left === right ? 0 : 1;
  if (typeof left === 'string' && typeof right === 'string') {
    const [l, r] = options.caseInsensitiveStrings ? [left.toLowerCase(), right.toLowerCase()] : [left, right];
    return l === r ? 0 : l < r ? -1 : 1;
  }
  return undefined;
}

/** `order=Name ASC, Date DESC`: a comparator over records, or a QueryParseError for an unknown field. */
export function compileOrder(
  source: string,
  options: WhereOptions,
): (a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>) => number {
  const keys = source
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const [path = '', direction = 'ASC', ...rest] = part.split(/\s+/);
      const dir = direction.toUpperCase();
      if (rest.length > 0 || (dir !== 'ASC' && dir !== 'DESC')) {
        throw new QueryParseError(`Syntax error in order clause '${part}'`);
      }
      const parts = path.split('.');
      const lowerFields = new Set([...options.fields].map((f) => f.toLowerCase()));
      if (!lowerFields.has(parts[0]?.toLowerCase() ?? '')) {
        throw new QueryParseError(`No property or field '${parts[0]}' exists in type '${options.typeName}'`);
      }
      return { operand: { kind: 'path', parts } as const, sign: dir === 'DESC' ? -1 : 1 };
    });
  return (a, b) => {
    for (const key of keys) {
      const [l, r] = [resolve(key.operand, a), resolve(key.operand, b)];
      if (l === r) continue;
      if (l === null) return -key.sign;
      if (r === null) return key.sign;
      const order = ordering(l, r, options) ?? 0;
      if (order !== 0) return order * key.sign;
    }
    return 0;
  };
}
