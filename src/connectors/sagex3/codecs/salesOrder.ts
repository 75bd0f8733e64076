import { type SalesOrder, SalesOrder as SalesOrderSchema } from '../../../model/index.js';
import {
  childLinesOf,
  externalKeyOf,
  OrderLineWire,
  OrderWire,
  parseWire,
  stampsOf,
  type X3Resource,
} from '../wire.js';
import { canonical } from './canonical.js';
import { lineFromX3, lineToX3, totalsOf } from './lines.js';
import { type CodecContext, compact, fromMenu, present, sourceOf } from './shared.js';

/**
 * SORDER ⇄ SalesOrder with its lines (SOHSOP in `$details`). ORDSTA (menu 415) gives the status, DLVSTA / INVSTA
 * (menus 417/418) the delivery and invoice progress; X3 computes line and header amounts, so a write sends product,
 * quantity, net price and tax code only. The shared number is the external key (ZEXTKEY) when filled, else SOHNUM.
 */
export function salesOrderFromX3(ctx: CodecContext, resource: X3Resource, withLines: boolean): SalesOrder {
  const { settings } = ctx;
  const className = settings.classes.salesOrder.className;
  const wire = parseWire(OrderWire, resource, className, 'record');
  const stamps = stampsOf(resource, settings, className);
  const currency = wire.CUR;
  const lines = withLines
    ? childLinesOf(resource, settings.childArrays.salesOrder, OrderLineWire, className).map((line) =>
        lineFromX3(
          {
            lineNumber: line.SOPLIN,
            product: line.ITMREF,
            description: line.ITMDES,
            quantity: line.QTY,
            unitPrice: line.NETPRI ?? line.GROPRI,
            taxCode: line.VAT,
            net: line.LINAMT,
            gross: line.LINATIAMT,
          },
          currency,
        ),
      )
    : [];
  const orderDate = wire.ORDDAT;
  const notBefore = (date: string | undefined) =>
    date !== undefined && orderDate !== undefined && date >= orderDate ? date : undefined;
  const order = {
    source: sourceOf(wire.SOHNUM, stamps, wire.SOHNUM),
    number: externalKeyOf(resource, settings) ?? wire.SOHNUM,
    customerReference: present(wire.CUSORDREF),
    party: compact({ ref: { system: 'sagex3' as const, id: wire.BPCORD }, name: present(wire.BPCNAM) }),
    orderDate,
    requestedDeliveryDate: notBefore(wire.DEMDLVDAT),
    shipmentDate: notBefore(wire.SHIDAT),
    currency,
    status: fromMenu(settings.menus.orderStatus, wire.ORDSTA) ?? 'open',
    deliveryStatus: fromMenu(settings.menus.fulfilment, wire.DLVSTA),
    invoiceStatus: fromMenu(settings.menus.fulfilment, wire.INVSTA),
    lines,
    totals: totalsOf(wire.ORDINVNOT, wire.ORDINVATI, currency),
  };
  return canonical(SalesOrderSchema, compact(order), className, wire.SOHNUM);
}

/** The write body of an order; `customer` is the X3 customer code the order's party resolved to. */
export function salesOrderToX3(ctx: CodecContext, order: SalesOrder, customer: string): Record<string, unknown> {
  const { settings } = ctx;
  const body: Record<string, unknown> = compact({
    BPCORD: customer,
    ORDDAT: order.orderDate,
    CUSORDREF: order.customerReference,
    CUR: order.currency,
    DEMDLVDAT: order.requestedDeliveryDate,
    SHIDAT: order.shipmentDate,
  });
  if (settings.externalKeyField !== '' && order.number !== undefined) body[settings.externalKeyField] = order.number;
  // Status and progress are X3's to compute from deliveries and invoices, so they are never written.
  body[settings.childArrays.salesOrder] = order.lines.map((line) => lineToX3(line, 'SOPLIN'));
  return body;
}
