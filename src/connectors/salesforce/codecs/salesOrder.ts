import { z } from 'zod';
import {
  type DocumentLine,
  invoiceTotals,
  type PartyRef,
  parseRecord,
  SalesOrder,
  type SalesOrderStatus,
} from '../../../model/index.js';
import { withoutExternalId } from './account.js';
import {
  addressOf,
  CompoundAddress,
  childRows,
  customFieldsOf,
  customFieldsToWrite,
  decimalOf,
  minorToNumber,
  moneyOf,
  type SalesforceCodecContext,
  type SalesforceFields,
  SystemStamps,
  sourceOf,
} from './shared.js';

const AccountParent = z.object({ Name: z.string().nullish(), AccountNumber: z.string().nullish() }).nullish();

const LineCommon = {
  Id: z.string(),
  Quantity: z.number().nullish(),
  UnitPrice: z.number().nullish(),
  TotalPrice: z.number().nullish(),
  Description: z.string().nullish(),
  Product2Id: z.string().nullish(),
  Product2: z.object({ ProductCode: z.string().nullish(), Name: z.string().nullish() }).nullish(),
};

export const OrderItemRow = z.looseObject({ ...LineCommon, OrderItemNumber: z.string().nullish() });
export const OpportunityLineRow = z.looseObject({
  ...LineCommon,
  Discount: z.number().nullish(),
  SortOrder: z.number().nullish(),
});

export const OrderRow = z.looseObject({
  ...SystemStamps.shape,
  OrderNumber: z.string().nullish(),
  PoNumber: z.string().nullish(),
  Status: z.string(),
  EffectiveDate: z.string(),
  EndDate: z.string().nullish(),
  AccountId: z.string().nullish(),
  Account: AccountParent,
  ShippingAddress: CompoundAddress,
  OrderItems: childRows(OrderItemRow),
});
export type OrderRow = z.infer<typeof OrderRow>;

export const OpportunityRow = z.looseObject({
  ...SystemStamps.shape,
  Name: z.string(),
  StageName: z.string(),
  CloseDate: z.string(),
  IsClosed: z.boolean().nullish(),
  IsWon: z.boolean().nullish(),
  AccountId: z.string().nullish(),
  Account: AccountParent,
  OpportunityLineItems: childRows(OpportunityLineRow),
});
export type OpportunityRow = z.infer<typeof OpportunityRow>;

const STAMPS = ['CreatedDate', 'LastModifiedDate', 'SystemModstamp'] as const;
const LINE_FIELDS = [
  'Id',
  'Quantity',
  'UnitPrice',
  'TotalPrice',
  'Description',
  'Product2Id',
  'Product2.ProductCode',
  'Product2.Name',
];
export const ORDER_FIELDS = [
  'Id',
  'OrderNumber',
  'PoNumber',
  'Status',
  'EffectiveDate',
  'EndDate',
  'AccountId',
  'Account.Name',
  'Account.AccountNumber',
  'ShippingAddress',
  ...STAMPS,
];
export const ORDER_ITEM_FIELDS = [...LINE_FIELDS, 'OrderItemNumber'];
export const OPPORTUNITY_FIELDS = [
  'Id',
  'Name',
  'StageName',
  'CloseDate',
  'IsClosed',
  'IsWon',
  'AccountId',
  'Account.Name',
  'Account.AccountNumber',
  ...STAMPS,
];
export const OPPORTUNITY_LINE_FIELDS = [...LINE_FIELDS, 'Discount', 'SortOrder'];

type LineRow = z.infer<typeof OrderItemRow> & { Discount?: number | null | undefined };

function lineOf(row: LineRow, index: number, currency: string): DocumentLine {
  const code = row.Product2?.ProductCode;
  return {
    lineNumber: index + 1,
    sourceLineId: row.Id,
    description: row.Description ?? row.Product2?.Name ?? '',
    ...(code
      ? { product: { code, ...(row.Product2Id ? { ref: { system: 'salesforce' as const, id: row.Product2Id } } : {}) } }
      : {}),
    quantity: decimalOf(row.Quantity ?? 0),
    unitPrice: decimalOf(row.UnitPrice ?? 0),
    ...(row.Discount ? { discountRate: decimalOf(row.Discount) } : {}),
    // TotalPrice is Salesforce's own quantity × price less discount, already rounded to the currency.
    net: moneyOf(row.TotalPrice ?? 0, currency),
    tax: { amountMinor: 0, currency },
  };
}

function partyOf(accountId: string | null | undefined, account: z.infer<typeof AccountParent>): PartyRef {
  return {
    ...(accountId ? { ref: { system: 'salesforce' as const, id: accountId } } : {}),
    ...(account?.AccountNumber ? { code: account.AccountNumber } : {}),
    ...(account?.Name ? { name: account.Name } : { name: '(no account)' }),
  };
}

function orderStatus(status: string): SalesOrderStatus {
  const text = status.toLowerCase();
  if (text === 'draft') return 'draft';
  if (text.includes('cancel')) return 'cancelled';
  if (text.includes('clos') || text.includes('complet')) return 'closed';
  return 'open';
}

/** Order + OrderItems → SalesOrder. Salesforce orders carry no tax; amounts are in the org currency. */
export function orderToSalesOrder(row: OrderRow, context: SalesforceCodecContext): SalesOrder {
  const { currency } = context;
  const lines = row.OrderItems.map((item, index) => lineOf(item, index, currency));
  const delivery = addressOf('delivery', row.ShippingAddress);
  const customFields = customFieldsOf(row);
  return parseRecord(
    SalesOrder,
    {
      source: sourceOf(row, row.OrderNumber ?? undefined),
      ...(row.OrderNumber ? { number: row.OrderNumber } : {}),
      ...(row.PoNumber ? { customerReference: row.PoNumber } : {}),
      party: partyOf(row.AccountId, row.Account),
      orderDate: row.EffectiveDate,
      ...(row.EndDate && row.EndDate >= row.EffectiveDate ? { requestedDeliveryDate: row.EndDate } : {}),
      currency,
      status: orderStatus(row.Status),
      ...(delivery ? { deliveryAddress: delivery } : {}),
      lines,
      totals: invoiceTotals(lines, currency),
      ...(customFields ? { customFields } : {}),
    },
    'Salesforce Order',
    { system: 'salesforce', record: row.Id },
  );
}

/** Opportunity + OpportunityLineItems → SalesOrder: won is an open order, lost a cancelled one, others drafts. */
export function opportunityToSalesOrder(row: OpportunityRow, context: SalesforceCodecContext): SalesOrder {
  const { currency } = context;
  const lines = row.OpportunityLineItems.map((item, index) => lineOf(item, index, currency));
  const status: SalesOrderStatus = row.IsWon ? 'open' : row.IsClosed ? 'cancelled' : 'draft';
  const customFields = customFieldsOf(row);
  return parseRecord(
    SalesOrder,
    {
      source: sourceOf(row),
      customerReference: row.Name,
      party: partyOf(row.AccountId, row.Account),
      orderDate: row.CloseDate,
      currency,
      status,
      lines,
      totals: invoiceTotals(lines, currency),
      ...(customFields ? { customFields } : {}),
    },
    'Salesforce Opportunity',
    { system: 'salesforce', record: row.Id },
  );
}

/** The Opportunity stage each canonical order status is written as (stage names are the org's own picklist). */
export interface OpportunityStages {
  readonly draft: string;
  readonly open: string;
  readonly closed: string;
  readonly cancelled: string;
}

/**
 * SalesOrder → the Opportunity header fields Counterpart owns when it creates or upserts one. Its products are not
 * written (they need the org's price-book entries); Amount carries the net total, which Salesforce itself keeps once
 * an opportunity has products.
 */
export function salesOrderToOpportunity(
  order: SalesOrder,
  context: SalesforceCodecContext,
  stages: OpportunityStages,
): SalesforceFields {
  const accountId = order.party.ref?.system === 'salesforce' ? order.party.ref.id : undefined;
  return {
    Name: order.customerReference ?? order.number ?? order.party.name ?? 'Sales order',
    StageName: stages[order.status],
    CloseDate: order.orderDate,
    Amount: minorToNumber(order.totals.net),
    ...(accountId === undefined ? {} : { AccountId: accountId }),
    ...withoutExternalId(customFieldsToWrite(order.customFields), context),
  };
}

/**
 * A write-back to an existing order or opportunity: only the record's own custom (`__c`) fields, named by the
 * mapping (invoice number, status, amount paid…); the CRM keeps its header fields.
 */
export function salesOrderWriteBack(order: SalesOrder, context: SalesforceCodecContext): SalesforceFields {
  return withoutExternalId(customFieldsToWrite(order.customFields), context);
}
