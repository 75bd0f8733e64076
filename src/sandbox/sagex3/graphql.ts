import type { FastifyInstance } from 'fastify';
import { buildSchema, type GraphQLResolveInfo, type GraphQLSchema, graphql } from 'graphql';
import JSON5 from 'json5';
import { CLASSES, type ClassSpec } from './classes.js';
import { requestUser, type X3Context } from './context.js';
import { X3Error } from './errors.js';
import type { X3Record } from './store.js';
import { createRecord, deleteRecord, updateRecord } from './writes.js';

/**
 * The Xtrem GraphQL endpoint (`POST /xtrem/api`, `x-xtrem-endpoint: {ENDPOINT}`) for customers and products:
 * `{ x3MasterData { customer { query(first, after, last, before, filter, orderBy) { totalCount pageInfo edges { cursor
 * node } } read(_id) } } }`. `filter` and `orderBy` are strings holding JSON5 objects (Mongo-style operators,
 * 1 / -1 sort), enums are camelCase strings. Customer fields follow the schema export the reference cites; product
 * field names and the product node's name are UNCONFIRMED (the node name is a setting).
 */

type Node = Record<string, unknown>;

const RATE_TYPES: Readonly<Record<number, string>> = { 1: 'dailyRate', 2: 'monthlyRate', 3: 'averageRate' };
const PRODUCT_STATUSES: Readonly<Record<number, string>> = {
  1: 'active',
  2: 'inDevelopment',
  3: 'onShortage',
  4: 'notRenewed',
  5: 'obsolete',
  6: 'notUsable',
};
const OPERATORS = new Set([
  '_eq',
  '_ne',
  '_gt',
  '_gte',
  '_lt',
  '_lte',
  '_in',
  '_nin',
  '_regex',
  '_options',
  '_and',
  '_or',
  '_nor',
  '_not',
]);

function schemaText(root: string, customerNode: string, productNode: string): string {
  return `
type Query { ${root}: MasterData! }
type MasterData { ${customerNode}: CustomerOperations! ${productNode}: ProductOperations! }
type PageInfo { startCursor: String endCursor: String hasNextPage: Boolean! hasPreviousPage: Boolean! }
type Reference { _id: String! code: String! }
type BusinessPartner { _id: String! code: String! companyName1: String! }
enum RateType { dailyRate monthlyRate averageRate }
enum ProductStatus { active inDevelopment onShortage notRenewed obsolete notUsable }
type Address {
  _id: String! code: String! description: String addressLine1: String addressLine2: String addressLine3: String
  zipCode: String city: String state: String country: Reference isDefault: Boolean
}
type AddressEdge { cursor: String! node: Address! }
type AddressConnection { totalCount: Int! pageInfo: PageInfo! edges: [AddressEdge!]! }
type AddressCollection { query(first: Int, after: String, last: Int, before: String, filter: String, orderBy: String): AddressConnection! }
type Customer {
  _id: String! code: BusinessPartner! isActive: Boolean! companyName1: String! shortCompanyName: String
  customerCategory: Reference currency: Reference taxRule: Reference paymentTerm: Reference country: Reference
  authorizedCreditAmount: Float! notes: String rateType: RateType europeanUnionVatNumber: String
  _createStamp: String! _updateStamp: String! addresses: AddressCollection!
}
type CustomerEdge { cursor: String! node: Customer! }
type CustomerConnection { totalCount: Int! pageInfo: PageInfo! edges: [CustomerEdge!]! }
type CustomerOperations {
  query(first: Int, after: String, last: Int, before: String, filter: String, orderBy: String): CustomerConnection!
  read(_id: String!): Customer
}
type Product {
  _id: String! code: String! description1: String! description2: String productCategory: Reference
  productStatus: ProductStatus! stockUnit: Reference salesUnit: Reference basePrice: Float! taxLevel: Reference
  eanCode: String _createStamp: String! _updateStamp: String!
}
type ProductEdge { cursor: String! node: Product! }
type ProductConnection { totalCount: Int! pageInfo: PageInfo! edges: [ProductEdge!]! }
type ProductOperations {
  query(first: Int, after: String, last: Int, before: String, filter: String, orderBy: String): ProductConnection!
  read(_id: String!): Product
}
input Customer_Input {
  code: String companyName1: String shortCompanyName: String isActive: Boolean customerCategory: String
  currency: String taxRule: String paymentTerm: String country: String authorizedCreditAmount: Float notes: String
  rateType: RateType europeanUnionVatNumber: String
}
input Product_Input {
  code: String description1: String description2: String productCategory: String productStatus: ProductStatus
  stockUnit: String salesUnit: String basePrice: Float taxLevel: String eanCode: String
}
type CustomerMutations {
  create(data: Customer_Input!): Customer
  update(_id: String!, data: Customer_Input!): Customer
  delete(_id: String!): Boolean
}
type ProductMutations {
  create(data: Product_Input!): Product
  update(_id: String!, data: Product_Input!): Product
  delete(_id: String!): Boolean
}
type MasterDataMutations { ${customerNode}: CustomerMutations! ${productNode}: ProductMutations! }
type Mutation { ${root}: MasterDataMutations! }
`;
}

const ref = (code: unknown): Node | null => (code ? { _id: String(code), code: String(code) } : null);

function customerNode(record: X3Record): Node {
  const f = record.fields;
  return {
    _id: String(f.BPCNUM),
    code: { _id: String(f.BPCNUM), code: String(f.BPCNUM), companyName1: String(f.BPCNAM ?? '') },
    isActive: f.BPCSTA === 2,
    companyName1: String(f.BPCNAM ?? ''),
    shortCompanyName: String(f.BPCSHO ?? ''),
    customerCategory: ref(f.BCGCOD),
    currency: ref(f.CUR),
    taxRule: ref(f.VACBPR),
    paymentTerm: ref(f.PTE),
    country: ref(f.CRY),
    authorizedCreditAmount: Number(f.OSTAUZ ?? 0),
    notes: String(f.BPCREM ?? ''),
    rateType: RATE_TYPES[Number(f.CHGTYP)] ?? null,
    europeanUnionVatNumber: String(f.EECNUM ?? ''),
    _createStamp: String(f.CREDATTIM ?? ''),
    _updateStamp: String(f.UPDDATTIM ?? ''),
    addresses: record.lines.map((line) => {
      const lines = Array.isArray(line.BPAADDLIG) ? line.BPAADDLIG.map(String) : [];
      return {
        _id: `${f.BPCNUM}|${line.BPAADD}`,
        code: String(line.BPAADD ?? ''),
        description: String(line.BPADES ?? ''),
        addressLine1: lines[0] ?? '',
        addressLine2: lines[1] ?? '',
        addressLine3: lines[2] ?? '',
        zipCode: String(line.POSCOD ?? ''),
        city: String(line.CTY ?? ''),
        state: String(line.SAT ?? ''),
        country: ref(line.CRY),
        isDefault: line.BPAADDFLG === 2,
      };
    }),
  };
}

function productNode(record: X3Record): Node {
  const f = record.fields;
  return {
    _id: String(f.ITMREF),
    code: String(f.ITMREF),
    description1: String(f.ITMDES1 ?? ''),
    description2: String(f.ITMDES2 ?? ''),
    productCategory: ref(f.TCLCOD),
    productStatus: PRODUCT_STATUSES[Number(f.ITMSTA)] ?? 'active',
    stockUnit: ref(f.STU),
    salesUnit: ref(f.SAU),
    basePrice: Number(f.BASPRI ?? 0),
    taxLevel: ref(f.VACITM),
    eanCode: String(f.EANCOD ?? ''),
    _createStamp: String(f.CREDATTIM ?? ''),
    _updateStamp: String(f.UPDDATTIM ?? ''),
  };
}

export class GraphQLFailure extends Error {}

/** GraphQL input field → X3 field, with the value conversion (enums and booleans back to local-menu integers). */
type InputMap = Readonly<Record<string, readonly [string, (value: unknown) => unknown]>>;
const same = (value: unknown): unknown => value;
const menuOf =
  (names: Readonly<Record<number, string>>) =>
  (value: unknown): unknown =>
    Number(Object.entries(names).find(([, name]) => name === value)?.[0] ?? 0);
const CUSTOMER_INPUT: InputMap = {
  code: ['BPCNUM', same],
  companyName1: ['BPCNAM', same],
  shortCompanyName: ['BPCSHO', same],
  isActive: ['BPCSTA', (value) => (value ? 2 : 1)],
  customerCategory: ['BCGCOD', same],
  currency: ['CUR', same],
  taxRule: ['VACBPR', same],
  paymentTerm: ['PTE', same],
  country: ['CRY', same],
  authorizedCreditAmount: ['OSTAUZ', same],
  notes: ['BPCREM', same],
  rateType: ['CHGTYP', menuOf(RATE_TYPES)],
  europeanUnionVatNumber: ['EECNUM', same],
};
const PRODUCT_INPUT: InputMap = {
  code: ['ITMREF', same],
  description1: ['ITMDES1', same],
  description2: ['ITMDES2', same],
  productCategory: ['TCLCOD', same],
  productStatus: ['ITMSTA', menuOf(PRODUCT_STATUSES)],
  stockUnit: ['STU', same],
  salesUnit: ['SAU', same],
  basePrice: ['BASPRI', same],
  taxLevel: ['VACITM', same],
  eanCode: ['EANCOD', same],
};

function toX3Body(map: InputMap, data: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(data)) {
    const target = map[name];
    if (target && value !== null && value !== undefined) body[target[0]] = target[1](value);
  }
  return body;
}

/** Runs an X3 write and turns its diagnoses into a GraphQL error on the field. */
function guarded<T>(write: () => T): T {
  try {
    return write();
  } catch (error) {
    if (error instanceof X3Error) throw new GraphQLFailure(error.message.split('\n').join(' '));
    throw error;
  }
}

function parseArgument(name: string, text: string | undefined): unknown {
  if (text === undefined || text === null || text.trim() === '') return undefined;
  try {
    return JSON5.parse(text);
  } catch (error) {
    throw new GraphQLFailure(`Invalid ${name}: ${(error as Error).message}`);
  }
}

/** Mongo-style matching on the node as GraphQL shows it (so `{code: {code: 'C1'}}` and `{isActive: true}` work). */
function matches(value: unknown, condition: unknown, arrayMeans: 'and' | 'or'): boolean {
  if (Array.isArray(condition)) {
    return arrayMeans === 'and'
      ? condition.every((part) => matches(value, part, arrayMeans))
      : condition.some((part) => matches(value, part, arrayMeans));
  }
  if (condition === null || typeof condition !== 'object') return compare(value, condition) === 0;
  return Object.entries(condition as Record<string, unknown>).every(([key, expected]) => {
    if (OPERATORS.has(key)) return operator(key, value, expected, condition as Record<string, unknown>, arrayMeans);
    const child = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
    if (Array.isArray(child)) return child.some((item) => matches(item, expected, arrayMeans));
    return matches(child, expected, arrayMeans);
  });
}

function operator(
  name: string,
  value: unknown,
  expected: unknown,
  condition: Record<string, unknown>,
  arrayMeans: 'and' | 'or',
): boolean {
  const list = (): unknown[] => {
    if (!Array.isArray(expected)) throw new GraphQLFailure(`${name} needs an array.`);
    return expected;
  };
  switch (name) {
    case '_eq':
      return compare(value, expected) === 0;
    case '_ne':
      return compare(value, expected) !== 0;
    case '_gt':
      return compare(value, expected) > 0;
    case '_gte':
      return compare(value, expected) >= 0;
    case '_lt':
      return compare(value, expected) < 0;
    case '_lte':
      return compare(value, expected) <= 0;
    case '_in':
      return list().some((item) => compare(value, item) === 0);
    case '_nin':
      return !list().some((item) => compare(value, item) === 0);
    case '_regex': {
      const options = typeof condition._options === 'string' ? condition._options : '';
      try {
        return new RegExp(String(expected), options).test(String(value ?? ''));
      } catch {
        throw new GraphQLFailure(`Invalid _regex: ${String(expected)}`);
      }
    }
    case '_options':
      return true;
    case '_and':
      return list().every((part) => matches(value, part, arrayMeans));
    case '_or':
      return list().some((part) => matches(value, part, arrayMeans));
    case '_nor':
      return !list().some((part) => matches(value, part, arrayMeans));
    default:
      return !matches(value, expected, arrayMeans);
  }
}

function compare(a: unknown, b: unknown): number {
  const left = a !== null && typeof a === 'object' && '_id' in a ? (a as Node)._id : a;
  const right = b !== null && typeof b === 'object' && '_id' in b ? (b as Node)._id : b;
  if (typeof left === 'number' && typeof right !== 'number') return left - Number(right);
  if (typeof left === 'boolean' || typeof right === 'boolean') return String(left) === String(right) ? 0 : 1;
  const l = String(left ?? '');
  const r = String(right ?? '');
  return l < r ? -1 : l > r ? 1 : 0;
}

type SortSpec = { path: string[]; direction: number }[];

function parseSort(value: unknown, prefix: string[] = []): SortSpec {
  if (value === undefined) return [];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new GraphQLFailure('orderBy must be an object such as "{ code: 1 }".');
  }
  return Object.entries(value as Record<string, unknown>).flatMap(([key, direction]) => {
    if (direction === 1 || direction === -1) return [{ path: [...prefix, key], direction }];
    return parseSort(direction, [...prefix, key]);
  });
}

function at(node: unknown, path: readonly string[]): unknown {
  let value = node;
  for (const key of path) value = value !== null && typeof value === 'object' ? (value as Node)[key] : undefined;
  return value !== null && typeof value === 'object' && '_id' in value ? (value as Node)._id : value;
}

interface ConnectionArgs {
  readonly first?: number | null;
  readonly after?: string | null;
  readonly last?: number | null;
  readonly before?: string | null;
  readonly filter?: string | null;
  readonly orderBy?: string | null;
}

/** Relay connection over nodes: filter, sort (then `_id`), cursors that encode the sort values. */
export function connection(
  nodes: readonly Node[],
  args: ConnectionArgs,
  defaultPageSize: number,
  arrayMeans: 'and' | 'or',
): Node {
  const filter = parseArgument('filter', args.filter ?? undefined);
  const sort = [...parseSort(parseArgument('orderBy', args.orderBy ?? undefined))];
  if (!sort.some((item) => item.path.length === 1 && item.path[0] === '_id'))
    sort.push({ path: ['_id'], direction: 1 });
  const selected = filter === undefined ? [...nodes] : nodes.filter((node) => matches(node, filter, arrayMeans));
  const tuple = (node: Node): unknown[] => sort.map((item) => at(node, item.path));
  const order = (a: readonly unknown[], b: readonly unknown[]): number => {
    for (let i = 0; i < sort.length; i += 1) {
      const c = compare(a[i], b[i]);
      if (c !== 0) return c * (sort[i]?.direction ?? 1);
    }
    return 0;
  };
  selected.sort((a, b) => order(tuple(a), tuple(b)));
  const cursorOf = (node: Node): string => Buffer.from(JSON.stringify(tuple(node))).toString('base64url');
  const decodeCursor = (cursor: string): unknown[] => {
    try {
      const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
      if (!Array.isArray(value)) throw new Error('not an array');
      return value;
    } catch {
      throw new GraphQLFailure(`Invalid cursor: ${cursor}`);
    }
  };
  let window = selected;
  if (args.after) {
    const after = decodeCursor(args.after);
    window = window.filter((node) => order(tuple(node), after) > 0);
  }
  if (args.before) {
    const before = decodeCursor(args.before);
    window = window.filter((node) => order(tuple(node), before) < 0);
  }
  const size = args.first ?? (args.last ? undefined : defaultPageSize);
  if ((args.first ?? 0) < 0 || (args.last ?? 0) < 0) throw new GraphQLFailure('first and last cannot be negative.');
  let page = window;
  if (size !== undefined) page = page.slice(0, size);
  if (args.last) page = page.slice(Math.max(0, page.length - args.last));
  const firstIndex = page[0] ? selected.indexOf(page[0]) : -1;
  const lastIndex = page.at(-1) ? selected.indexOf(page.at(-1) as Node) : -1;
  return {
    totalCount: selected.length,
    pageInfo: {
      startCursor: page[0] ? cursorOf(page[0]) : null,
      endCursor: page.at(-1) ? cursorOf(page.at(-1) as Node) : null,
      hasNextPage: lastIndex >= 0 && lastIndex < selected.length - 1,
      hasPreviousPage: firstIndex > 0,
    },
    edges: page.map((node) => ({ cursor: cursorOf(node), node })),
  };
}

export function registerGraphqlRoutes(app: FastifyInstance, context: X3Context): void {
  let cached: { key: string; schema: GraphQLSchema } | undefined;
  const schemaFor = (): GraphQLSchema => {
    const { masterDataRoot, customerNode: customer, productNode: product } = context.settings.graphql;
    const key = `${masterDataRoot}/${customer}/${product}`;
    if (cached?.key !== key) cached = { key, schema: buildSchema(schemaText(masterDataRoot, customer, product)) };
    return cached.schema;
  };

  app.post('/xtrem/api', async (request, reply) => {
    const settings = context.settings;
    const endpoint = request.headers['x-xtrem-endpoint'];
    if (endpoint !== settings.folder) {
      return reply.code(400).send({
        errors: [
          {
            message: endpoint
              ? `Endpoint ${String(endpoint)} does not exist.`
              : 'The x-xtrem-endpoint header is missing.',
          },
        ],
      });
    }
    const body = request.body as { query?: unknown; variables?: unknown; operationName?: unknown } | undefined;
    if (!body || typeof body.query !== 'string') {
      return reply.code(400).send({ errors: [{ message: 'The body must be JSON with a "query" string.' }] });
    }
    const graph = settings.graphql;
    const operations = (nodesOf: () => Node[]) => ({
      query: (args: ConnectionArgs) => connection(nodesOf(), args, graph.defaultPageSize, graph.arrayFilterMeans),
      read: (args: { _id: string }) => nodesOf().find((node) => node._id === args._id) ?? null,
    });
    const customerView = (record: X3Record): Node => {
      const node = customerNode(record);
      const addresses = node.addresses as Node[];
      return {
        ...node,
        addresses: {
          query: (args: ConnectionArgs) => connection(addresses, args, graph.defaultPageSize, graph.arrayFilterMeans),
        },
      };
    };
    const user = requestUser(request);
    const mutations = (className: string, map: InputMap, toNode: (record: X3Record) => Node) => {
      const spec = CLASSES[className] as ClassSpec;
      const find = (id: string): X3Record => {
        const record = context.store.get(className, id);
        if (!record) throw new GraphQLFailure(`${className} ${id}: record does not exist.`);
        return record;
      };
      return {
        create: (args: { data: Record<string, unknown> }) =>
          toNode(guarded(() => createRecord(spec, toX3Body(map, args.data), user, context))),
        update: (args: { _id: string; data: Record<string, unknown> }) => {
          const record = find(args._id);
          guarded(() => updateRecord(spec, record, toX3Body(map, args.data), user, context));
          return toNode(record);
        },
        delete: (args: { _id: string }) => {
          const record = find(args._id);
          guarded(() => deleteRecord(spec, record, user, context));
          return true;
        },
      };
    };
    // One root field name serves queries and mutations; the operation decides which operations it exposes.
    const rootValue = {
      [graph.masterDataRoot]: (_args: unknown, _context: unknown, info: GraphQLResolveInfo) =>
        info.operation.operation === 'mutation'
          ? {
              [graph.customerNode]: mutations('BPCUSTOMER', CUSTOMER_INPUT, customerView),
              [graph.productNode]: mutations('ITMMASTER', PRODUCT_INPUT, productNode),
            }
          : {
              [graph.customerNode]: operations(() => context.store.all('BPCUSTOMER').map(customerView)),
              [graph.productNode]: operations(() => context.store.all('ITMMASTER').map(productNode)),
            },
    };
    const result = await graphql({
      schema: schemaFor(),
      source: body.query,
      rootValue,
      variableValues:
        body.variables && typeof body.variables === 'object' ? (body.variables as Record<string, unknown>) : undefined,
      operationName: typeof body.operationName === 'string' ? body.operationName : undefined,
    });
    return reply.code(result.data === undefined && result.errors ? 400 : 200).send(result);
  });
}
