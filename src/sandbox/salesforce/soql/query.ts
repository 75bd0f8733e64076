import {
  type FieldType as AstField,
  type Condition,
  type OrderByClause,
  parseQuery,
  type Query,
  type Subquery,
  type ValueQueryCondition,
  type WhereClause,
} from '@jetstreamapp/soql-parser-js';
import { badRequest, SalesforceApiError } from '../errors.js';
import { toId18 } from '../ids.js';
import { compoundAddress, type FieldDef, type ObjectDef, type SchemaRegistry } from '../schema.js';
import type { FieldValue, RecordStore, SfRecord } from '../store.js';
import { dateLiteralRange, dateStart, parseDateTime } from './dateLiterals.js';

export interface QueryContext {
  readonly store: RecordStore;
  readonly apiVersion: string;
  /** `queryAll`: include deleted rows. */
  readonly includeDeleted: boolean;
  readonly utcOffsetMinutes: number;
  /** Largest OFFSET accepted (2,000 on the real API). */
  readonly maxOffset: number;
}

export type WireRecord = { attributes: { type: string; url?: string } } & Record<string, unknown>;

export interface QueryOutcome {
  readonly totalSize: number;
  readonly records: WireRecord[];
  /** Selected columns as dotted paths (`Account.Name`), for CSV output. */
  readonly columns: string[];
  readonly hasSubqueries: boolean;
}

interface ResolvedPath {
  /** Reference fields followed from the queried object (`AccountId` for `Account.Name`). */
  readonly hops: { readonly reference: FieldDef; readonly target: ObjectDef }[];
  readonly field: FieldDef;
  readonly dotted: string;
}

type Projection =
  | { readonly kind: 'field'; readonly path: ResolvedPath }
  | {
      readonly kind: 'subquery';
      readonly query: Subquery;
      readonly child: ObjectDef;
      readonly field: string;
      readonly name: string;
    }
  | {
      readonly kind: 'aggregate';
      readonly fn: string;
      readonly path: ResolvedPath | null;
      readonly alias: string;
    };

type Token = '(' | ')' | 'AND' | 'OR' | 'NOT' | { readonly condition: Condition | ValueQueryCondition };

/** Runs one SOQL statement against the store and returns every matching row, projected into the wire shape. */
export function runQuery(soql: string, context: QueryContext): QueryOutcome {
  let ast: Query;
  try {
    ast = parseQuery(soql);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw badRequest('MALFORMED_QUERY', `\n${soql}\n^\nERROR at Row:1:Column:1\n${detail}`);
  }
  return new Evaluator(soql, context).run(ast);
}

class Evaluator {
  private readonly schema: SchemaRegistry;

  constructor(
    private readonly soql: string,
    private readonly context: QueryContext,
  ) {
    this.schema = context.store.schema;
  }

  run(ast: Query): QueryOutcome {
    const object = this.schema.object(ast.sObject ?? '');
    if (!object) {
      throw badRequest(
        'INVALID_TYPE',
        this.positioned(
          ast.sObject ?? '',
          `sObject type '${ast.sObject ?? ''}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
        ),
      );
    }
    const projections = this.projections(object, ast.fields ?? []);
    const isCountOnly =
      projections.length === 1 && projections[0]?.kind === 'aggregate' && projections[0].fn === 'COUNT()';
    let rows = this.filter(object, this.context.store.rows(object.name, this.context.includeDeleted), ast.where);
    const aggregates = projections.some((p) => p.kind === 'aggregate');
    if (isCountOnly) {
      const limited = ast.limit === undefined ? rows.length : Math.min(rows.length, ast.limit);
      return { totalSize: limited, records: [], columns: [], hasSubqueries: false };
    }
    if (aggregates) return this.aggregate(object, rows, projections, ast);
    rows = this.sort(object, rows, ast.orderBy);
    rows = this.page(rows, ast.limit, ast.offset);
    const records = rows.map((row) => this.project(object, row, projections));
    return {
      totalSize: records.length,
      records,
      columns: projections.flatMap((p) => (p.kind === 'field' ? [p.path.dotted] : [])),
      hasSubqueries: projections.some((p) => p.kind === 'subquery'),
    };
  }

  private page(rows: SfRecord[], limit: number | undefined, offset: number | undefined): SfRecord[] {
    if (offset !== undefined && offset > this.context.maxOffset) {
      throw badRequest('NUMBER_OUTSIDE_VALID_RANGE', `Maximum SOQL offset allowed is ${this.context.maxOffset}`);
    }
    const start = offset ?? 0;
    return rows.slice(start, limit === undefined ? undefined : start + limit);
  }

  // ---- SELECT list ------------------------------------------------------------------------------------------

  private projections(object: ObjectDef, fields: readonly AstField[]): Projection[] {
    const result: Projection[] = [];
    for (const item of fields) {
      switch (item.type) {
        case 'Field':
          result.push({ kind: 'field', path: this.resolve(object, item.field) });
          break;
        case 'FieldRelationship':
          result.push({ kind: 'field', path: this.resolve(object, [...item.relationships, item.field].join('.')) });
          break;
        case 'FieldSubquery': {
          const relationship = this.schema.childRelationship(object.name, item.subquery.relationshipName);
          const child = relationship ? this.schema.object(relationship.childSObject) : undefined;
          if (!relationship || !child) {
            throw badRequest(
              'INVALID_TYPE',
              this.positioned(
                item.subquery.relationshipName,
                `Didn't understand relationship '${item.subquery.relationshipName}' in FROM part of query call. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
              ),
            );
          }
          if (item.subquery.offset !== undefined) {
            throw badRequest('MALFORMED_QUERY', this.positioned('OFFSET', 'OFFSET is not allowed in a subquery'));
          }
          this.projections(child, item.subquery.fields ?? []);
          result.push({
            kind: 'subquery',
            query: item.subquery,
            child,
            field: relationship.field,
            name: relationship.relationshipName,
          });
          break;
        }
        case 'FieldFunctionExpression':
          result.push(...this.functionProjection(object, item.functionName, item.parameters, item.alias, result));
          break;
        default:
          throw badRequest('MALFORMED_QUERY', 'TYPEOF is not supported by this sandbox');
      }
    }
    return result;
  }

  private functionProjection(
    object: ObjectDef,
    name: string,
    parameters: readonly (string | object)[],
    alias: string | undefined,
    previous: readonly Projection[],
  ): Projection[] {
    const fn = name.toUpperCase();
    if (fn === 'FIELDS') {
      const scope = String(parameters[0] ?? '').toUpperCase();
      return object.fields
        .filter((def) => scope === 'ALL' || (scope === 'CUSTOM' ? def.custom : !def.custom))
        .map((def) => ({ kind: 'field', path: this.resolve(object, def.name) }) as const);
    }
    if (!['COUNT', 'COUNT_DISTINCT', 'SUM', 'MIN', 'MAX', 'AVG'].includes(fn)) {
      throw badRequest('MALFORMED_QUERY', this.positioned(name, `unsupported function ${name}`));
    }
    const argument = parameters[0];
    if (fn === 'COUNT' && argument === undefined) {
      return [{ kind: 'aggregate', fn: 'COUNT()', path: null, alias: alias ?? 'expr0' }];
    }
    const index = previous.filter((p) => p.kind === 'aggregate' && p.alias.startsWith('expr')).length;
    return [
      {
        kind: 'aggregate',
        fn,
        path: this.resolve(object, String(argument)),
        alias: alias ?? `expr${index}`,
      },
    ];
  }

  /** Resolves `Name`, `Account.Name`, `Account.Owner.Email` (case-insensitive) to fields. */
  private resolve(object: ObjectDef, dotted: string): ResolvedPath {
    const parts = dotted.split('.');
    if (parts.length > 1 && parts[0]?.toLowerCase() === object.name.toLowerCase()) parts.shift();
    const hops: { reference: FieldDef; target: ObjectDef }[] = [];
    let current = object;
    const names: string[] = [];
    for (const part of parts.slice(0, -1)) {
      const reference = this.schema.parentRelationship(current.name, part);
      const target = reference ? this.schema.object(reference.referenceTo[0] ?? '') : undefined;
      if (!reference || !target) {
        throw badRequest(
          'INVALID_FIELD',
          this.positioned(
            dotted,
            `Didn't understand relationship '${part}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
          ),
        );
      }
      hops.push({ reference, target });
      names.push(reference.relationshipName ?? part);
      current = target;
    }
    const last = parts[parts.length - 1] ?? '';
    const field = this.schema.field(current.name, last);
    if (!field) {
      throw badRequest(
        'INVALID_FIELD',
        this.positioned(
          dotted,
          `No such column '${last}' on entity '${current.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
        ),
      );
    }
    return { hops, field, dotted: [...names, field.name].join('.') };
  }

  /** The real API quotes the query and points at the column of the offending token. */
  private positioned(token: string, message: string): string {
    const index = this.soql.toLowerCase().indexOf(token.toLowerCase());
    const column = index < 0 ? 1 : index + 1;
    return `\n${this.soql}\n${' '.repeat(column - 1)}^\nERROR at Row:1:Column:${column}\n${message}`;
  }

  private valueAt(row: SfRecord, path: ResolvedPath): FieldValue {
    let current: SfRecord | undefined = row;
    for (const hop of path.hops) {
      const id: FieldValue | undefined = current?.[hop.reference.name];
      current = typeof id === 'string' ? this.context.store.get(hop.target.name, id) : undefined;
      if (!current) return null;
    }
    return current[path.field.name] ?? null;
  }

  // ---- projection -------------------------------------------------------------------------------------------

  private attributes(type: string, id: FieldValue | undefined): { type: string; url: string } {
    return { type, url: `/services/data/v${this.context.apiVersion}/sobjects/${type}/${String(id)}` };
  }

  private project(object: ObjectDef, row: SfRecord, projections: readonly Projection[]): WireRecord {
    const out: WireRecord = { attributes: this.attributes(object.name, row.Id) };
    for (const projection of projections) {
      if (projection.kind === 'field') this.place(out, row, projection.path);
      else if (projection.kind === 'subquery') out[projection.name] = this.children(row, projection);
    }
    return out;
  }

  /** Writes one selected value into the output, nesting parent objects (or null when the reference is empty). */
  private place(out: WireRecord, row: SfRecord, path: ResolvedPath): void {
    let target: Record<string, unknown> = out;
    let current: SfRecord | undefined = row;
    for (const hop of path.hops) {
      const name = hop.reference.relationshipName ?? hop.reference.name;
      const id: FieldValue | undefined = current?.[hop.reference.name];
      current = typeof id === 'string' ? this.context.store.get(hop.target.name, id) : undefined;
      if (!current) {
        if (!(name in target)) target[name] = null;
        return;
      }
      const existing = target[name];
      if (existing && typeof existing === 'object') {
        target = existing as Record<string, unknown>;
      } else {
        const nested: Record<string, unknown> = { attributes: this.attributes(hop.target.name, current.Id) };
        target[name] = nested;
        target = nested;
      }
    }
    target[path.field.name] =
      path.field.type === 'address' && current
        ? compoundAddress(path.field, current)
        : (current?.[path.field.name] ?? null);
  }

  private children(
    parent: SfRecord,
    projection: Extract<Projection, { kind: 'subquery' }>,
  ): { totalSize: number; done: boolean; records: WireRecord[] } | null {
    const { query, child, field } = projection;
    const candidates = this.context.store
      .lookup(child.name, field, String(parent.Id))
      .filter((row) => this.context.includeDeleted || row.IsDeleted !== true);
    let rows = this.filter(child, candidates, query.where);
    rows = this.sort(child, rows, query.orderBy);
    rows = this.page(rows, query.limit, undefined);
    if (rows.length === 0) return null;
    const childProjections = this.projections(child, query.fields ?? []);
    return {
      totalSize: rows.length,
      done: true,
      records: rows.map((row) => this.project(child, row, childProjections)),
    };
  }

  // ---- WHERE ------------------------------------------------------------------------------------------------

  private filter(object: ObjectDef, rows: SfRecord[], where: WhereClause | undefined): SfRecord[] {
    if (!where) return rows;
    const tokens = flatten(where);
    const predicate = new ConditionParser<SfRecord>(tokens, (condition) => this.compile(object, condition)).parse();
    return rows.filter(predicate);
  }

  private compile(object: ObjectDef, condition: Condition | ValueQueryCondition): (row: SfRecord) => boolean {
    if (!('field' in condition) || typeof condition.field !== 'string') {
      throw badRequest('MALFORMED_QUERY', 'Functions in WHERE are not supported by this sandbox');
    }
    const path = this.resolve(object, condition.field);
    if (path.field.type === 'address') {
      throw badRequest(
        'INVALID_FIELD',
        this.positioned(condition.field, `field '${path.field.name}' can not be filtered in a query call`),
      );
    }
    const operator = condition.operator.toUpperCase();
    if ('valueQuery' in condition && condition.valueQuery) {
      const inner = new Evaluator(this.soql, this.context).run(condition.valueQuery);
      const column = inner.columns[0] ?? 'Id';
      const values = new Set(inner.records.map((record) => comparable(path.field, record[column] as FieldValue)));
      const negate = operator === 'NOT IN';
      return (row) => values.has(comparable(path.field, this.valueAt(row, path))) !== negate;
    }
    const literalTypes = 'literalType' in condition ? condition.literalType : undefined;
    const value: unknown = 'value' in condition ? condition.value : null;
    const rawValues: unknown[] = Array.isArray(value) ? value : [value];
    const types = Array.isArray(literalTypes) ? literalTypes : rawValues.map(() => literalTypes);
    const nValues = 'dateLiteralVariable' in condition ? condition.dateLiteralVariable : undefined;
    const operands = rawValues.map((raw: unknown, index: number) =>
      this.operand(path.field, String(raw), types[index], Array.isArray(nValues) ? nValues[index] : nValues),
    );
    return (row) => test(path.field, this.valueAt(row, path), operator, operands);
  }

  private operand(def: FieldDef, raw: string, literalType: string | undefined, n: number | undefined): Operand {
    const type = literalType ?? 'STRING';
    if (type === 'NULL' || raw.toUpperCase() === 'NULL') return { kind: 'null' };
    if (type === 'DATE_LITERAL' || type === 'DATE_N_LITERAL') {
      return {
        kind: 'range',
        range: dateLiteralRange(raw, n, this.context.store.clock.now(), this.context.utcOffsetMinutes),
      };
    }
    if (def.type === 'datetime') {
      if (type !== 'DATETIME') {
        throw badRequest(
          'INVALID_FIELD',
          this.positioned(
            raw,
            `value of filter criterion for field '${def.name}' must be of type dateTime and should not be enclosed in quotes`,
          ),
        );
      }
      return { kind: 'instant', value: parseDateTime(raw) };
    }
    if (def.type === 'date') {
      if (type === 'DATETIME') return { kind: 'instant', value: parseDateTime(raw) };
      if (type !== 'DATE') {
        throw badRequest(
          'INVALID_FIELD',
          this.positioned(
            raw,
            `value of filter criterion for field '${def.name}' must be of type date and should not be enclosed in quotes`,
          ),
        );
      }
      return { kind: 'value', value: raw };
    }
    if (type === 'STRING') return { kind: 'value', value: unquote(raw) };
    if (type === 'BOOLEAN') return { kind: 'value', value: raw.toUpperCase() === 'TRUE' };
    if (type === 'INTEGER' || type === 'DECIMAL') return { kind: 'value', value: Number(raw) };
    return { kind: 'value', value: raw };
  }

  // ---- ORDER BY ---------------------------------------------------------------------------------------------

  private sort(object: ObjectDef, rows: SfRecord[], orderBy: OrderByClause | OrderByClause[] | undefined): SfRecord[] {
    const clauses = orderBy === undefined ? [] : Array.isArray(orderBy) ? orderBy : [orderBy];
    if (clauses.length === 0) return rows;
    const keys = clauses.map((clause) => {
      if (!('field' in clause))
        throw badRequest('MALFORMED_QUERY', 'ORDER BY functions are not supported by this sandbox');
      return {
        path: this.resolve(object, clause.field),
        descending: clause.order === 'DESC',
        nullsLast: clause.nulls === 'LAST',
      };
    });
    const decorated = rows.map((row) => ({ row, values: keys.map((key) => this.valueAt(row, key.path)) }));
    decorated.sort((a, b) => {
      for (const [index, key] of keys.entries()) {
        const left = a.values[index] ?? null;
        const right = b.values[index] ?? null;
        if (left === right) continue;
        if (left === null) return key.nullsLast ? 1 : -1;
        if (right === null) return key.nullsLast ? -1 : 1;
        const order = compareValues(key.path.field, left, right);
        if (order !== 0) return key.descending ? -order : order;
      }
      return 0;
    });
    return decorated.map((item) => item.row);
  }

  // ---- aggregates -------------------------------------------------------------------------------------------

  private aggregate(object: ObjectDef, rows: SfRecord[], projections: readonly Projection[], ast: Query): QueryOutcome {
    const groupBy = ast.groupBy === undefined ? [] : Array.isArray(ast.groupBy) ? ast.groupBy : [ast.groupBy];
    const groupPaths = groupBy.map((clause) => {
      if (!('field' in clause))
        throw badRequest('MALFORMED_QUERY', 'GROUP BY functions are not supported by this sandbox');
      return this.resolve(object, clause.field);
    });
    const groups = new Map<string, SfRecord[]>();
    for (const row of rows) {
      const key = JSON.stringify(groupPaths.map((path) => this.valueAt(row, path)));
      const group = groups.get(key) ?? [];
      group.push(row);
      groups.set(key, group);
    }
    if (groupPaths.length === 0 && groups.size === 0) groups.set('[]', []);
    const having = ast.having
      ? new ConditionParser<SfRecord[]>(flatten(ast.having as WhereClause), (condition) =>
          this.compileHaving(object, condition),
        ).parse()
      : () => true;
    const records: WireRecord[] = [];
    for (const group of [...groups.values()].filter(having)) {
      const out: WireRecord = { attributes: { type: 'AggregateResult' } };
      for (const projection of projections) {
        if (projection.kind === 'field') {
          out[projection.path.field.name] = group[0] ? this.valueAt(group[0], projection.path) : null;
        } else if (projection.kind === 'aggregate') {
          out[projection.alias] = this.aggregateValue(projection, group);
        }
      }
      records.push(out);
    }
    const limited = this.page(records as unknown as SfRecord[], ast.limit, ast.offset) as unknown as WireRecord[];
    return { totalSize: limited.length, records: limited, columns: [], hasSubqueries: false };
  }

  /** A HAVING condition: an aggregate of the group (`COUNT(Id) > 1`) or a grouped field. */
  private compileHaving(object: ObjectDef, condition: Condition | ValueQueryCondition): Predicate<SfRecord[]> {
    if ('fn' in condition && condition.fn) {
      const { functionName = '', parameters = [] } = condition.fn;
      const [projection] = this.functionProjection(object, functionName, parameters, 'having', []);
      if (projection?.kind !== 'aggregate') throw badRequest('MALFORMED_QUERY', 'HAVING needs an aggregate function');
      const def = projection.path && ['MIN', 'MAX'].includes(projection.fn) ? projection.path.field : NUMBER_FIELD;
      const operator = condition.operator.toUpperCase();
      const literal = Array.isArray(condition.literalType) ? condition.literalType[0] : condition.literalType;
      const values = Array.isArray(condition.value) ? condition.value : [condition.value];
      const operands = values.map((raw) => this.operand(def, String(raw), literal, undefined));
      return (group) => test(def, this.aggregateValue(projection, group), operator, operands);
    }
    const predicate = this.compile(object, condition);
    return (group) => (group[0] ? predicate(group[0]) : false);
  }

  private aggregateValue(projection: Extract<Projection, { kind: 'aggregate' }>, rows: SfRecord[]): FieldValue {
    if (projection.fn === 'COUNT()') return rows.length;
    const path = projection.path;
    const values = path ? rows.map((row) => this.valueAt(row, path)).filter((v) => v !== null) : [];
    switch (projection.fn) {
      case 'COUNT':
        return values.length;
      case 'COUNT_DISTINCT':
        return new Set(values).size;
      case 'SUM':
        return values.length === 0
          ? null
          : Math.round(values.reduce<number>((sum, v) => sum + Number(v), 0) * 1e6) / 1e6;
      case 'AVG':
        return values.length === 0 ? null : values.reduce<number>((sum, v) => sum + Number(v), 0) / values.length;
      case 'MIN':
      case 'MAX': {
        if (values.length === 0 || !path) return null;
        const sorted = [...values].sort((a, b) => compareValues(path.field, a, b));
        return (projection.fn === 'MIN' ? sorted[0] : sorted[sorted.length - 1]) ?? null;
      }
      default:
        return null;
    }
  }
}

/** Stands in for the numeric result of COUNT/SUM/AVG when a HAVING condition compares it. */
const NUMBER_FIELD: FieldDef = {
  name: 'expr',
  type: 'double',
  label: 'expr',
  length: 0,
  required: false,
  createable: false,
  updateable: false,
  nillable: true,
  referenceTo: [],
  relationshipName: null,
  childRelationshipName: null,
  cascadeDelete: false,
  externalId: false,
  unique: false,
  custom: false,
  picklistValues: [],
  defaultValue: null,
};

// ---- WHERE helpers ------------------------------------------------------------------------------------------

type Operand =
  | { readonly kind: 'null' }
  | { readonly kind: 'value'; readonly value: string | number | boolean }
  | { readonly kind: 'instant'; readonly value: number }
  | { readonly kind: 'range'; readonly range: { readonly start: number; readonly end: number } };

/**
 * The parser returns WHERE as a right-leaning chain with parenthesis counts on each condition; turning it back into
 * tokens lets a small precedence parser (NOT > AND > OR) rebuild the real tree.
 */
function flatten(where: WhereClause): Token[] {
  const tokens: Token[] = [];
  let node: WhereClause | undefined = where;
  while (node) {
    const left = node.left as (Condition & { openParen?: number; closeParen?: number }) | null;
    if (left) {
      for (let i = 0; i < (left.openParen ?? 0); i++) tokens.push('(');
      if ('field' in left || 'fn' in left) tokens.push({ condition: left });
      for (let i = 0; i < (left.closeParen ?? 0); i++) tokens.push(')');
    }
    const operator = 'operator' in node ? node.operator : undefined;
    if (operator) tokens.push(operator.toUpperCase() as 'AND' | 'OR' | 'NOT');
    node = 'right' in node ? node.right : undefined;
  }
  return tokens;
}

type Predicate<T> = (item: T) => boolean;

class ConditionParser<T> {
  private position = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly compile: (condition: Condition | ValueQueryCondition) => Predicate<T>,
  ) {}

  parse(): Predicate<T> {
    const predicate = this.or();
    if (this.position < this.tokens.length) throw badRequest('MALFORMED_QUERY', 'unexpected token in WHERE clause');
    return predicate;
  }

  private or(): Predicate<T> {
    let left = this.and();
    while (this.tokens[this.position] === 'OR') {
      this.position++;
      const right = this.and();
      const previous = left;
      left = (row) => previous(row) || right(row);
    }
    return left;
  }

  private and(): Predicate<T> {
    let left = this.not();
    while (this.tokens[this.position] === 'AND') {
      this.position++;
      const right = this.not();
      const previous = left;
      left = (row) => previous(row) && right(row);
    }
    return left;
  }

  private not(): Predicate<T> {
    if (this.tokens[this.position] === 'NOT') {
      this.position++;
      const inner = this.not();
      return (row) => !inner(row);
    }
    return this.primary();
  }

  private primary(): Predicate<T> {
    const token = this.tokens[this.position++];
    if (token === '(') {
      const inner = this.or();
      if (this.tokens[this.position++] !== ')') throw badRequest('MALFORMED_QUERY', 'unbalanced parentheses in WHERE');
      return inner;
    }
    if (token && typeof token === 'object') return this.compile(token.condition);
    throw badRequest('MALFORMED_QUERY', 'unexpected token in WHERE clause');
  }
}

/** SOQL string literal → value: strips the quotes and resolves backslash escapes. */
export function unquote(raw: string): string {
  const inner = raw.startsWith("'") && raw.endsWith("'") && raw.length >= 2 ? raw.slice(1, -1) : raw;
  return inner.replace(/\\(.)/g, (_match, char: string) =>
    char === 'n' ? '\n' : char === 't' ? '\t' : char === 'r' ? '\r' : char,
  );
}

const TEXT_TYPES = new Set(['string', 'textarea', 'picklist', 'email', 'phone', 'url']);

function comparable(def: FieldDef, value: FieldValue | undefined): FieldValue {
  if (value === null || value === undefined) return null;
  if (def.type === 'id' || def.type === 'reference') return toId18(String(value)) ?? String(value);
  if (TEXT_TYPES.has(def.type)) return String(value).toLowerCase();
  return value;
}

function compareValues(def: FieldDef, left: FieldValue, right: FieldValue): number {
  const a = comparable(def, left);
  const b = comparable(def, right);
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

function likePattern(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern.charAt(i);
    if (char === '\\' && i + 1 < pattern.length) source += escapeRegExp(pattern.charAt(++i));
    else if (char === '%') source += '.*';
    else if (char === '_') source += '.';
    else source += escapeRegExp(char);
  }
  return new RegExp(`^${source}$`, 'is');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function test(def: FieldDef, raw: FieldValue, operator: string, operands: readonly Operand[]): boolean {
  switch (operator) {
    case 'IN':
      return operands.some((operand) => matches(def, raw, '=', operand));
    case 'NOT IN':
      return operands.every((operand) => !matches(def, raw, '=', operand));
    case 'INCLUDES':
    case 'EXCLUDES': {
      const present = new Set(
        String(raw ?? '')
          .toLowerCase()
          .split(';'),
      );
      const any = operands.some(
        (operand) =>
          operand.kind === 'value' &&
          String(operand.value)
            .toLowerCase()
            .split(';')
            .every((part) => present.has(part)),
      );
      return operator === 'INCLUDES' ? any : !any;
    }
    default: {
      const operand = operands[0];
      return operand ? matches(def, raw, operator, operand) : false;
    }
  }
}

function matches(def: FieldDef, raw: FieldValue, operator: string, operand: Operand): boolean {
  if (operand.kind === 'null') {
    if (operator === '=') return raw === null;
    if (operator === '!=') return raw !== null;
    return false;
  }
  if (raw === null) return operator === '!=';
  if (operand.kind === 'range' || operand.kind === 'instant') {
    const start = def.type === 'date' ? dateStart(String(raw), 0) : parseDateTime(String(raw));
    const range = operand.kind === 'range' ? operand.range : { start: operand.value, end: operand.value + 1 };
    const value = def.type === 'date' && operand.kind === 'range' ? dayInstant(String(raw), range) : start;
    switch (operator) {
      case '=':
        return value >= range.start && value < range.end;
      case '!=':
        return value < range.start || value >= range.end;
      case '<':
        return value < range.start;
      case '<=':
        return value < range.end;
      case '>':
        return value >= range.end;
      case '>=':
        return value >= range.start;
      default:
        return false;
    }
  }
  if (operator === 'LIKE') return likePattern(String(operand.value)).test(String(raw));
  const order = compareValues(def, raw, operand.value as FieldValue);
  switch (operator) {
    case '=':
      return order === 0;
    case '!=':
      return order !== 0;
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
    default:
      throw new SalesforceApiError(400, 'MALFORMED_QUERY', `unexpected operator ${operator}`);
  }
}

/**
 * A date value compared with a date literal: ranges start at the org's local midnight, so shift the date by the
 * same offset the range was built with (the range start is a local midnight expressed in UTC).
 */
function dayInstant(date: string, range: { readonly start: number }): number {
  const startOfDay = Date.parse(`${date}T00:00:00Z`);
  const offset = ((range.start % 86_400_000) + 86_400_000) % 86_400_000;
  return startOfDay + offset;
}
