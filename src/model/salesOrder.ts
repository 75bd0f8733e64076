import { z } from 'zod';
import { CalendarDate } from './dates.js';
import { checkDocumentAmounts, DocumentLine, DocumentTotals } from './documentLine.js';
import { CurrencyCode } from './money.js';
import { Address } from './party.js';
import { CustomFields, PartyRef, RecordSource } from './recordRef.js';
import { onlyWhenFieldsValid } from './validate.js';

/**
 * Canonical order status. X3 SORDER ORDSTA: 1 Open → open, 2 Closed → closed (a cancelled X3 order is closed with
 * nothing delivered). Salesforce Order Status: Draft → draft, Activated → open, custom closing values → closed or
 * cancelled by mapping.
 */
export const SalesOrderStatus = z.enum(['draft', 'open', 'closed', 'cancelled']);
export type SalesOrderStatus = z.infer<typeof SalesOrderStatus>;

/** X3 DLVSTA (menu 417) and INVSTA (menu 418): 1 none, 2 partly, 3 fully. */
export const FulfilmentStatus = z.enum(['none', 'partly', 'fully']);
export type FulfilmentStatus = z.infer<typeof FulfilmentStatus>;

/** X3 SORDER/SORDERQ/SORDERP, Salesforce Order + OrderItem (or Opportunity + OpportunityLineItem by mapping). */
export const SalesOrder = z
  .object({
    source: RecordSource.optional(),
    /** Order number (X3 SOHNUM, Salesforce OrderNumber). */
    number: z.string().trim().min(1, 'number cannot be blank').optional(),
    /** The customer's own order reference (X3 CUSORDREF, a purchase-order number). */
    customerReference: z.string().optional(),
    party: PartyRef,
    orderDate: CalendarDate,
    requestedDeliveryDate: CalendarDate.optional(),
    shipmentDate: CalendarDate.optional(),
    currency: CurrencyCode,
    status: SalesOrderStatus,
    deliveryStatus: FulfilmentStatus.optional(),
    invoiceStatus: FulfilmentStatus.optional(),
    deliveryAddress: Address.optional(),
    lines: z.array(DocumentLine),
    totals: DocumentTotals,
    customFields: CustomFields.optional(),
  })
  .superRefine((order, ctx) => {
    checkDocumentAmounts(order, ctx);
    for (const field of ['requestedDeliveryDate', 'shipmentDate'] as const) {
      const date = order[field];
      if (date !== undefined && date < order.orderDate) {
        ctx.addIssue({
          code: 'custom',
          path: [field],
          message: `${field} ${date} is before orderDate ${order.orderDate}`,
        });
      }
    }
  }, onlyWhenFieldsValid);
export type SalesOrder = z.infer<typeof SalesOrder>;
