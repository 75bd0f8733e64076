import {
  type Address,
  currencyExponent,
  type DocumentLine,
  divideByRate,
  formatMinorUnits,
  type Party,
  type Product,
  type SalesOrder,
} from '../../model/index.js';
import type { DemoSystemView } from '../demo/systemViews.js';
import type { SalesforceData, WriteContext } from './data.js';
import { toId18 } from './ids.js';
import type { SfRecord } from './store.js';
import { formatDateTime } from './store.js';

/** The product used for order lines that name no product (Salesforce lines always need a price book entry). */
const SUNDRY_CODE = 'SUNDRY';

/**
 * Loads the demo company's Salesforce view: Accounts with Contacts, Product2 with standard price book entries, and
 * for every sales order an Opportunity (Closed Won) with line items plus an Order with order products — each with
 * the demo's ids and dates, so other systems' copies can be matched against them.
 */
export function loadDemo(data: SalesforceData, view: DemoSystemView, context: WriteContext): void {
  const standardBook = String(data.store.rows('Pricebook2').find((book) => book.IsStandard === true)?.Id ?? '');
  const entries = new Map<string, string>();
  for (const party of view.parties) seedAccount(data, party, context);
  for (const product of view.products) entries.set(product.code, seedProduct(data, product, standardBook, context));
  for (const order of view.salesOrders) {
    if (order.lines.some((line) => !line.product || !entries.has(line.product.code)) && !entries.has(SUNDRY_CODE)) {
      entries.set(SUNDRY_CODE, seedSundryProduct(data, standardBook, context));
    }
    seedOrder(data, order, standardBook, entries, context);
  }
}

function stamps(source: { createdAt?: string | undefined; updatedAt: string } | undefined): SfRecord {
  if (!source) return {};
  const created = formatDateTime(new Date(source.createdAt ?? source.updatedAt));
  const updated = formatDateTime(new Date(source.updatedAt));
  return { CreatedDate: created, LastModifiedDate: updated, SystemModstamp: updated };
}

function addressFields(prefix: string, address: Address | undefined): Record<string, string> {
  if (!address) return {};
  const fields: Record<string, string> = {};
  if (address.lines.length > 0) fields[`${prefix}Street`] = address.lines.join('\n');
  if (address.city) fields[`${prefix}City`] = address.city;
  if (address.region) fields[`${prefix}State`] = address.region;
  if (address.postalCode) fields[`${prefix}PostalCode`] = address.postalCode;
  const country = address.country ?? address.countryCode;
  if (country) fields[`${prefix}Country`] = country;
  return fields;
}

function seedAccount(data: SalesforceData, party: Party, context: WriteContext): void {
  const billing = party.addresses.find((address) => address.kind === 'billing') ?? party.addresses[0];
  const delivery = party.addresses.find((address) => address.kind === 'delivery');
  const since = party.customFields?.Customer_Since__c;
  const accountId = data.seed(
    'Account',
    {
      ...(party.source ? { Id: party.source.id } : {}),
      ...stamps(party.source),
      Name: party.name,
      AccountNumber: party.code ?? null,
      Counterpart_External_Id__c: party.code ?? null,
      Type: 'Customer - Direct',
      Phone: party.phone ?? null,
      Website: party.website ?? null,
      Customer_Since__c: typeof since === 'string' ? since : null,
      ...addressFields('Billing', billing),
      ...addressFields('Shipping', delivery),
    },
    context,
  );
  for (const person of party.contacts) {
    const id = person.sourceId ? toId18(person.sourceId) : undefined;
    data.seed(
      'Contact',
      {
        ...(id?.startsWith('003') ? { Id: id } : {}),
        ...stamps(party.source),
        AccountId: accountId,
        FirstName: person.firstName ?? null,
        LastName: person.lastName,
        Title: person.jobTitle ?? null,
        Email: person.email ?? null,
        Phone: person.phone ?? null,
        MobilePhone: person.mobile ?? null,
      },
      context,
    );
  }
}

function seedProduct(data: SalesforceData, product: Product, standardBook: string, context: WriteContext): string {
  const productId = data.seed(
    'Product2',
    {
      ...(product.source ? { Id: product.source.id } : {}),
      ...stamps(product.source),
      Name: product.name,
      ProductCode: product.code,
      Counterpart_External_Id__c: product.code,
      Description: product.description ?? null,
      IsActive: product.status === 'active',
      Family: product.family ?? null,
    },
    context,
  );
  return data.seed(
    'PricebookEntry',
    {
      ...stamps(product.source),
      Pricebook2Id: standardBook,
      Product2Id: productId,
      UnitPrice: Number(product.sales?.unitPrice ?? '0'),
      IsActive: product.status === 'active',
    },
    context,
  );
}

function seedSundryProduct(data: SalesforceData, standardBook: string, context: WriteContext): string {
  const productId = data.seed(
    'Product2',
    { Name: 'Sundry item', ProductCode: SUNDRY_CODE, Counterpart_External_Id__c: SUNDRY_CODE, IsActive: true },
    context,
  );
  return data.seed(
    'PricebookEntry',
    { Pricebook2Id: standardBook, Product2Id: productId, UnitPrice: 0, IsActive: true },
    context,
  );
}

function seedOrder(
  data: SalesforceData,
  order: SalesOrder,
  standardBook: string,
  entries: ReadonlyMap<string, string>,
  context: WriteContext,
): void {
  const accountId = order.party.ref?.id;
  if (!accountId || !order.number) return;
  const times = stamps(order.source);
  const closed = order.status === 'cancelled' ? 'Closed Lost' : 'Closed Won';
  const opportunityId = data.seed(
    'Opportunity',
    {
      ...times,
      AccountId: accountId,
      Name: `${order.party.name ?? 'Order'} – ${order.number}`,
      StageName: closed,
      CloseDate: order.orderDate,
      Pricebook2Id: standardBook,
      Counterpart_External_Id__c: `OPP-${order.number}`,
    },
    context,
  );
  const orderId = data.seed(
    'Order',
    {
      ...(order.source ? { Id: order.source.id } : {}),
      ...times,
      ...(order.source?.number ? { OrderNumber: order.source.number } : {}),
      AccountId: accountId,
      OpportunityId: opportunityId,
      Pricebook2Id: standardBook,
      EffectiveDate: order.orderDate,
      Status: order.status === 'draft' ? 'Draft' : 'Activated',
      PoNumber: order.customerReference ?? null,
      Counterpart_External_Id__c: order.number,
      ...addressFields('Shipping', order.deliveryAddress),
    },
    context,
  );
  for (const line of order.lines) {
    const entryId = entryFor(line, entries);
    const common = {
      ...times,
      PricebookEntryId: entryId,
      Quantity: Number(line.quantity),
      Description: line.description.slice(0, 255),
    };
    data.seed(
      'OpportunityLineItem',
      {
        ...common,
        OpportunityId: opportunityId,
        UnitPrice: Number(line.unitPrice),
        ...(line.discountRate ? { Discount: Number(line.discountRate) } : {}),
      },
      context,
    );
    // Order products have no discount field: the net line price is carried as the unit price.
    const unit = line.discountRate
      ? formatMinorUnits(divideByRate(line.net.amountMinor, line.quantity), currencyExponent(line.net.currency))
      : line.unitPrice;
    data.seed('OrderItem', { ...common, OrderId: orderId, UnitPrice: unit }, context);
  }
}

function entryFor(line: DocumentLine, entries: ReadonlyMap<string, string>): string {
  return (line.product ? entries.get(line.product.code) : undefined) ?? entries.get(SUNDRY_CODE) ?? '';
}
