import { z } from 'zod';
import type { Party, Product } from '../../model/index.js';
import type { ReadRequest } from '../connector.js';
import type { SageX3Client } from './client.js';
import { partyFromX3 } from './codecs/party.js';
import { productFromX3 } from './codecs/product.js';
import type { CodecContext } from './codecs/shared.js';
import type { SageX3ConnectionSettings } from './settings.js';
import { parseWire, type X3Resource } from './wire.js';

const Code = z.object({ code: z.string() }).loose().nullish();

const CustomerNode = z
  .object({
    _id: z.string().min(1),
    isActive: z.boolean().nullish(),
    companyName1: z.string().nullish(),
    currency: Code,
    paymentTerm: Code,
    country: Code,
    authorizedCreditAmount: z.number().nullish(),
    europeanUnionVatNumber: z.string().nullish(),
    _createStamp: z.string().nullish(),
    _updateStamp: z.string(),
    addresses: z
      .object({
        query: z.object({
          edges: z.array(
            z.object({
              node: z
                .object({
                  code: z.string().nullish(),
                  addressLine1: z.string().nullish(),
                  addressLine2: z.string().nullish(),
                  addressLine3: z.string().nullish(),
                  zipCode: z.string().nullish(),
                  city: z.string().nullish(),
                  state: z.string().nullish(),
                  country: Code,
                  isDefault: z.boolean().nullish(),
                })
                .loose(),
            }),
          ),
        }),
      })
      .nullish(),
  })
  .loose();

const ProductNode = z
  .object({
    _id: z.string().min(1),
    code: z.string().min(1),
    description1: z.string().nullish(),
    description2: z.string().nullish(),
    productCategory: Code,
    productStatus: z.string().nullish(),
    salesUnit: Code,
    basePrice: z.number().nullish(),
    taxLevel: Code,
    _createStamp: z.string().nullish(),
    _updateStamp: z.string(),
  })
  .loose();

const Connection = z.object({
  pageInfo: z.object({ endCursor: z.string().nullish(), hasNextPage: z.boolean() }),
  edges: z.array(z.object({ node: z.unknown() })),
});

const CUSTOMER_FIELDS = `_id isActive companyName1 currency { code } paymentTerm { code } country { code }
  authorizedCreditAmount europeanUnionVatNumber _createStamp _updateStamp
  addresses { query(first: 50) { edges { node { code addressLine1 addressLine2 addressLine3 zipCode city state
  country { code } isDefault } } } }`;
const PRODUCT_FIELDS = `_id code description1 description2 productCategory { code } productStatus salesUnit { code }
  basePrice taxLevel { code } _createStamp _updateStamp`;

/**
 * Customers and products through the Xtrem GraphQL API, where configured. A customer's addresses come inside the page
 * (one call per page, where api1 needs a `$details` call per customer). Filters and sorts are JSON5 strings on
 * `_updateStamp`; paging follows `pageInfo.endCursor`. Nodes are mapped to the api1 field codes, so one codec serves
 * both APIs.
 */
export class SageX3GraphqlReads {
  constructor(
    private readonly client: SageX3Client,
    private readonly settings: SageX3ConnectionSettings,
    private readonly codec: CodecContext,
  ) {}

  async *customers(request: ReadRequest): AsyncGenerator<Party[]> {
    const { customerNode, externalKeyField } = this.settings.graphql;
    const fields = externalKeyField ? `${CUSTOMER_FIELDS} ${externalKeyField}` : CUSTOMER_FIELDS;
    for await (const nodes of this.pages(customerNode, fields, CustomerNode, request)) {
      yield nodes.map((node) => partyFromX3(this.codec, 'customer', this.customerWire(node)));
    }
  }

  async *products(request: ReadRequest): AsyncGenerator<Product[]> {
    for await (const nodes of this.pages(this.settings.graphql.productNode, PRODUCT_FIELDS, ProductNode, request)) {
      yield nodes.map((node) => productFromX3(this.codec, this.productWire(node)));
    }
  }

  private async *pages<N extends z.ZodType>(
    node: string,
    fields: string,
    schema: N,
    request: ReadRequest,
  ): AsyncGenerator<z.infer<N>[]> {
    const { root } = this.settings.graphql;
    const query = `query ($first: Int, $after: String, $filter: String, $orderBy: String) { ${root} { ${node} {
      query(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
        pageInfo { endCursor hasNextPage } edges { node { ${fields} } } } } } }`;
    const filter =
      request.modifiedSince === undefined
        ? undefined
        : `{_updateStamp: {_gte: '${new Date(Math.floor(Date.parse(request.modifiedSince) / 1000) * 1000).toISOString().slice(0, 19)}Z'}}`;
    const answer = z.object({ [root]: z.object({ [node]: z.object({ query: Connection }) }) });
    let after: string | undefined;
    for (;;) {
      const variables = { first: this.settings.pageSize, after, filter, orderBy: '{_updateStamp: 1, _id: 1}' };
      const site = { operation: `read ${node}`, signal: request.signal };
      const data = await this.client.graphql(query, variables, node, site);
      const parsed = parseWire(answer, data, node, 'GraphQL query') as Record<
        string,
        Record<string, { query: z.infer<typeof Connection> }>
      >;
      const page = parsed[root]?.[node]?.query;
      if (page === undefined) return;
      const nodes = page.edges.map((edge) => parseWire(schema, edge.node, node, 'GraphQL node'));
      if (nodes.length > 0) yield nodes;
      if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor || nodes.length === 0) return;
      after = page.pageInfo.endCursor;
    }
  }

  private customerWire(node: z.infer<typeof CustomerNode>): X3Resource {
    const { settings } = this;
    const externalKey = settings.graphql.externalKeyField ? node[settings.graphql.externalKeyField] : undefined;
    const addresses = node.addresses?.query.edges.map(({ node: address }) => ({
      BPAADD: address.code ?? '',
      BPAADDLIG: [address.addressLine1, address.addressLine2, address.addressLine3].map((line) => line ?? ''),
      POSCOD: address.zipCode ?? '',
      CTY: address.city ?? '',
      SAT: address.state ?? '',
      CRY: address.country?.code ?? '',
      BPAADDFLG: address.isDefault ? settings.menus.yes : settings.menus.no,
    }));
    return {
      BPCNUM: node._id,
      BPCNAM: node.companyName1 ?? '',
      BPCSTA: node.isActive === false ? settings.menus.no : settings.menus.yes,
      CUR: node.currency?.code ?? '',
      PTE: node.paymentTerm?.code ?? '',
      OSTAUZ: node.authorizedCreditAmount ?? 0,
      EECNUM: node.europeanUnionVatNumber ?? '',
      ...(settings.externalKeyField !== '' && typeof externalKey === 'string'
        ? { [settings.externalKeyField]: externalKey }
        : {}),
      [settings.updateStampField]: node._updateStamp,
      ...(node._createStamp ? { CREDATTIM: node._createStamp } : {}),
      [settings.childArrays.customer]: addresses ?? [],
    };
  }

  private productWire(node: z.infer<typeof ProductNode>): X3Resource {
    const { settings } = this;
    const status = node.productStatus ? settings.graphql.productStatuses[node.productStatus] : undefined;
    return {
      ITMREF: node.code,
      ITMDES1: node.description1 ?? '',
      ITMDES2: node.description2 ?? '',
      TCLCOD: node.productCategory?.code ?? '',
      ...(status === undefined ? {} : { ITMSTA: status }),
      SAU: node.salesUnit?.code ?? '',
      BASPRI: node.basePrice ?? 0,
      VACITM: node.taxLevel?.code ?? '',
      [settings.updateStampField]: node._updateStamp,
      ...(node._createStamp ? { CREDATTIM: node._createStamp } : {}),
    };
  }
}
