import type { z } from 'zod';
import { describeError } from '../../errors.js';
import type {
  CallStatistics,
  CanonicalRecords,
  ConnectionCheck,
  Connector,
  Entity,
  EntityCapability,
  ReadRequest,
  WriteOutcome,
  WriteRequest,
} from '../connector.js';
import { ConnectorError } from '../shared/connectorError.js';
import { writeOncePerKey } from '../shared/idempotentWrites.js';
import { refusedPages, unsupportedEntity } from '../shared/pages.js';
import { type ChangeSubscription, type ChangeSubscriptionOptions, subscribeToChangeEvents } from './changeEvents.js';
import { ACCOUNT_FIELDS, AccountRow, accountToParty, CONTACT_FIELDS, partyToAccount } from './codecs/account.js';
import { PRICE_FIELDS, PRODUCT_FIELDS, Product2Row, product2ToProduct, productToProduct2 } from './codecs/product.js';
import {
  OPPORTUNITY_FIELDS,
  OPPORTUNITY_LINE_FIELDS,
  OpportunityRow,
  ORDER_FIELDS,
  ORDER_ITEM_FIELDS,
  OrderRow,
  opportunityToSalesOrder,
  orderToSalesOrder,
  salesOrderToOpportunity,
  salesOrderWriteBack,
} from './codecs/salesOrder.js';
import { type SalesforceCodecContext, type SalesforceFields, soqlDateTime } from './codecs/shared.js';
import { SalesforceSession, type SalesforceSessionOptions } from './connection.js';
import { malformedResponse } from './errors.js';
import { DescribeResult, Limits, QueryPage, UserInfo } from './wire.js';
import { SalesforceWrites, type SaveRow } from './writes.js';

/** How one entity is read: the object, its fields, its child subquery and the codec. */
interface ReadPlan {
  readonly object: string;
  readonly fields: readonly string[];
  readonly children?: string | undefined;
  readonly decode: (row: Record<string, unknown>) => unknown;
}

/** Salesforce (REST, Bulk API 2.0 and CDC through jsforce) seen through the canonical model. */
export class SalesforceConnector implements Connector {
  readonly system = 'salesforce' as const;
  readonly capabilities: Readonly<Partial<Record<Entity, EntityCapability>>>;
  readonly session: SalesforceSession;
  private readonly writes: SalesforceWrites;
  private readonly codec: SalesforceCodecContext;
  private readonly customFields = new Map<string, Promise<string[]>>();
  private readonly subscriptions = new Set<ChangeSubscription>();
  /** Outcomes of writes this connector already made, so a replayed idempotency key costs no call. */
  private readonly done = new Map<string, WriteOutcome>();

  constructor(options: SalesforceSessionOptions) {
    this.session = new SalesforceSession(options);
    this.writes = new SalesforceWrites(this.session);
    const { settings } = options;
    this.codec = { currency: settings.currency, externalIdField: settings.externalIdField };
    const capability = (write: boolean): EntityCapability => ({
      read: true,
      write,
      pageSize: settings.queryBatchSize,
      writeBatchSize: settings.collectionSize,
      incremental: true,
      ordersByModified: true,
    });
    this.capabilities = { party: capability(true), product: capability(true), salesOrder: capability(true) };
  }

  async testConnection(): Promise<ConnectionCheck> {
    const { settings } = this.session;
    try {
      // A data call first: it renews an expired session (the identity endpoint answers 403, not 401) and proves
      // the user may use the API at all.
      const limits = Limits.safeParse(await this.session.call((connection) => connection.request('/limits')));
      if (!limits.success) throw malformedResponse('limits answer', limits.error.message);
      const info = UserInfo.safeParse(
        await this.session.call((connection) => connection.request('/services/oauth2/userinfo')),
      );
      if (!info.success) throw malformedResponse('user info', info.error.message);
      const daily = limits.data.DailyApiRequests;
      const account =
        info.data.preferred_username ?? info.data.username ?? info.data.name ?? settings.instanceUrl ?? 'Salesforce';
      return {
        ok: true,
        account,
        details: {
          instanceUrl: settings.instanceUrl ?? '',
          apiVersion: settings.apiVersion,
          ...(info.data.organization_id ? { organizationId: info.data.organization_id } : {}),
          ...(daily ? { dailyApiRequests: `${daily.Remaining} of ${daily.Max} left today` } : {}),
        },
      };
    } catch (error) {
      return { ok: false, error: this.session.classify(error) };
    }
  }

  read<E extends Entity>(entity: E, request: ReadRequest = {}): AsyncIterable<readonly CanonicalRecords[E][]> {
    const plan = this.planFor(entity);
    if (plan === undefined) return refusedPages(unsupportedEntity('salesforce', entity, 'read'));
    return this.query(plan, request) as AsyncIterable<readonly CanonicalRecords[E][]>;
  }

  async write<E extends Entity>(entity: E, requests: readonly WriteRequest<E>[]): Promise<WriteOutcome[]> {
    return writeOncePerKey(this.done, requests, async (fresh) => {
      const plan = this.rowsFor(entity, fresh);
      if (plan === undefined) {
        const error = unsupportedEntity('salesforce', entity, 'write');
        return fresh.map((r) => ({ ok: false, idempotencyKey: r.idempotencyKey, error }));
      }
      // Requests refused before any call keep their place; the others are saved together.
      const saved = await this.writes.save(
        plan.object,
        plan.rows.filter((row): row is SaveRow => !(row instanceof ConnectorError)),
      );
      let next = 0;
      return plan.rows.map((row, index): WriteOutcome => {
        if (!(row instanceof ConnectorError)) return saved[next++] as WriteOutcome;
        return { ok: false, idempotencyKey: fresh[index]?.idempotencyKey ?? '', error: row };
      });
    });
  }

  /** The objects whose changes touch what this connector reads: accounts, products and the sales order object. */
  get changeObjects(): readonly string[] {
    return ['Account', 'Product2', this.session.settings.salesOrderObject];
  }

  /** Near-real-time change notifications through Change Data Capture; the caller keeps the replay ids. */
  async subscribeToChanges(options: Omit<ChangeSubscriptionOptions, 'session'>): Promise<ChangeSubscription> {
    const subscription = await subscribeToChangeEvents({ ...options, session: this.session });
    this.subscriptions.add(subscription);
    return {
      close: async () => {
        this.subscriptions.delete(subscription);
        await subscription.close();
      },
    };
  }

  statistics(): CallStatistics {
    return this.session.governor.statistics.snapshot();
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    this.subscriptions.clear();
    await this.session.settled();
  }

  private rowsFor(
    entity: Entity,
    requests: readonly WriteRequest<Entity>[],
  ): { object: string; rows: (SaveRow | ConnectorError)[] } | undefined {
    const codec = this.codec;
    switch (entity) {
      case 'party':
        return {
          object: 'Account',
          rows: (requests as readonly WriteRequest<'party'>[]).map((r) =>
            this.saveRow(r, partyToAccount(r.record, codec), r.record.code),
          ),
        };
      case 'product':
        return {
          object: 'Product2',
          rows: (requests as readonly WriteRequest<'product'>[]).map((r) =>
            this.saveRow(r, productToProduct2(r.record, codec), r.record.code),
          ),
        };
      case 'salesOrder': {
        const object = this.session.settings.salesOrderObject;
        return {
          object,
          rows: (requests as readonly WriteRequest<'salesOrder'>[]).map((r) => this.salesOrderRow(object, r)),
        };
      }
      default:
        return undefined;
    }
  }

  /**
   * An update writes back the order's custom fields to the record it names; a create or upsert makes or keeps in
   * step an Opportunity by external id. Orders are only written back: creating one needs price-book entries.
   */
  private salesOrderRow(
    object: 'Order' | 'Opportunity',
    request: WriteRequest<'salesOrder'>,
  ): SaveRow | ConnectorError {
    const { record, idempotencyKey } = request;
    const refusal = (message: string) =>
      new ConnectorError({ kind: 'configuration', system: 'salesforce', message, context: { object, idempotencyKey } });
    if (request.operation === 'update') {
      if (request.target?.system !== 'salesforce') {
        return refusal(`An update of a Salesforce ${object} needs the ${object} it updates; this request names none.`);
      }
      const fields = salesOrderWriteBack(record, this.codec);
      if (Object.keys(fields).length === 0) {
        return new ConnectorError({
          kind: 'validation',
          system: 'salesforce',
          message: `An update of Salesforce ${object} ${request.target.id} writes back custom (__c) fields only, and this record carries none: map at least one custom field.`,
          context: { object, record: request.target.id, idempotencyKey },
        });
      }
      return this.saveRow(request, fields, record.number);
    }
    if (object === 'Order') {
      return refusal(
        'Counterpart only writes back to existing Salesforce Orders (update); set the sales order object to Opportunity to create them.',
      );
    }
    const fields = salesOrderToOpportunity(record, this.codec, this.session.settings.opportunityStages);
    return this.saveRow(request, fields, record.number);
  }

  private saveRow(
    request: WriteRequest<'party'> | WriteRequest<'product'> | WriteRequest<'salesOrder'>,
    values: SalesforceFields,
    businessKey: string | undefined,
  ): SaveRow {
    const { externalIdField } = this.session.settings;
    if (request.operation === 'update' && request.target?.system === 'salesforce') {
      return {
        kind: 'update',
        idempotencyKey: request.idempotencyKey,
        id: request.target.id,
        number: businessKey,
        fields: values,
      };
    }
    const stated = request.record.customFields?.[externalIdField];
    // The business key makes re-upserts land on the same record; a record without one keys on the write itself.
    const externalId = typeof stated === 'string' && stated !== '' ? stated : (businessKey ?? request.idempotencyKey);
    return { kind: 'upsert', idempotencyKey: request.idempotencyKey, externalId, number: businessKey, fields: values };
  }

  private planFor(entity: Entity): ReadPlan | undefined {
    const codec = this.codec;
    const decode =
      <Row, Out>(schema: z.ZodType<Row>, convert: (row: Row) => Out, what: string) =>
      (row: Record<string, unknown>): Out => {
        const parsed = schema.safeParse(row);
        if (!parsed.success) throw malformedResponse(`${what} row`, parsed.error.message);
        try {
          return convert(parsed.data);
        } catch (error) {
          // A record the canonical model refuses (a date that does not exist, say) stops the read naming it.
          throw new ConnectorError({
            kind: 'validation',
            system: 'salesforce',
            message: `A Salesforce ${what} cannot be read into Counterpart: ${describeError(error)}`,
            systemMessage: describeError(error),
            context: { object: what, record: typeof row.Id === 'string' ? row.Id : null },
            cause: error,
          });
        }
      };
    switch (entity) {
      case 'party':
        return {
          object: 'Account',
          fields: ACCOUNT_FIELDS,
          children: `(SELECT ${CONTACT_FIELDS.join(', ')} FROM Contacts ORDER BY CreatedDate, Id)`,
          decode: decode(AccountRow, accountToParty, 'Account'),
        };
      case 'product':
        return {
          object: 'Product2',
          fields: PRODUCT_FIELDS,
          children: `(SELECT ${PRICE_FIELDS.join(', ')} FROM PricebookEntries)`,
          decode: decode(Product2Row, (row) => product2ToProduct(row, codec), 'Product2'),
        };
      case 'salesOrder':
        return this.session.settings.salesOrderObject === 'Order'
          ? {
              object: 'Order',
              fields: ORDER_FIELDS,
              children: `(SELECT ${ORDER_ITEM_FIELDS.join(', ')} FROM OrderItems ORDER BY OrderItemNumber)`,
              decode: decode(OrderRow, (row) => orderToSalesOrder(row, codec), 'Order'),
            }
          : {
              object: 'Opportunity',
              fields: OPPORTUNITY_FIELDS,
              children: `(SELECT ${OPPORTUNITY_LINE_FIELDS.join(', ')} FROM OpportunityLineItems ORDER BY SortOrder)`,
              decode: decode(OpportunityRow, (row) => opportunityToSalesOrder(row, codec), 'Opportunity'),
            };
      default:
        return undefined;
    }
  }

  /** SOQL ordered by SystemModstamp (oldest change first), page after page through the query locator. */
  private async *query(plan: ReadPlan, request: ReadRequest): AsyncGenerator<readonly unknown[]> {
    if (request.limit !== undefined && request.limit <= 0) return;
    const custom = await this.customFieldsOf(plan.object);
    const fields = [...new Set([...plan.fields, ...custom])];
    const where =
      request.modifiedSince === undefined ? '' : ` WHERE SystemModstamp >= ${soqlDateTime(request.modifiedSince)}`;
    const limit = request.limit === undefined ? '' : ` LIMIT ${request.limit}`;
    const select = [...fields, ...(plan.children === undefined ? [] : [plan.children])].join(', ');
    const soql = `SELECT ${select} FROM ${plan.object}${where} ORDER BY SystemModstamp ASC, Id ASC${limit}`;
    const headers = { 'Sforce-Query-Options': `batchSize=${this.session.settings.queryBatchSize}` };
    let url: string | undefined = `/query?q=${encodeURIComponent(soql)}`;
    while (url !== undefined) {
      request.signal?.throwIfAborted();
      const next: string = url;
      const body = await this.session.call((connection) => connection.request({ method: 'GET', url: next, headers }));
      const page = QueryPage.safeParse(body);
      if (!page.success) throw malformedResponse('query page', page.error.message);
      const records = page.data.records.map(plan.decode);
      if (records.length > 0) yield records;
      url = page.data.done ? undefined : (page.data.nextRecordsUrl ?? undefined);
    }
  }

  /** The object's custom fields: from the settings, else its `__c` fields found by one describe call. */
  private customFieldsOf(object: string): Promise<string[]> {
    const configured = this.session.settings.customFields?.[object];
    if (configured !== undefined) return Promise.resolve(configured);
    let found = this.customFields.get(object);
    if (found === undefined) {
      found = this.session
        .call((connection) => connection.request(`/sobjects/${object}/describe`))
        .then((body) => {
          const describe = DescribeResult.safeParse(body);
          if (!describe.success) throw malformedResponse(`${object} describe`, describe.error.message);
          return describe.data.fields
            .filter((field) => field.name.endsWith('__c') && field.type !== 'address' && field.type !== 'location')
            .map((field) => field.name);
        });
      found.catch(() => this.customFields.delete(object));
      this.customFields.set(object, found);
    }
    return found;
  }
}
