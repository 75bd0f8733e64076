import { type Invoice, Invoice as InvoiceSchema } from '../../../model/index.js';
import {
  childLinesOf,
  externalKeyOf,
  InvoiceLineWire,
  InvoiceWire,
  type OpenItemWire,
  parseWire,
  stampsOf,
  type X3Resource,
} from '../wire.js';
import { canonical } from './canonical.js';
import { lineFromX3, lineToX3, totalsOf } from './lines.js';
import { type CodecContext, compact, fromMenu, laterInstant, moneyOf, present, sourceOf, toMenu } from './shared.js';

/** The open item (GACCDUDATE) of an invoice and its own stamps: payments change it, never the invoice. */
export interface InvoiceOpenItem {
  readonly item: OpenItemWire;
  readonly updatedAt: string;
  readonly version: string | undefined;
}

/**
 * SINVOICE ⇄ Invoice (receivable). STA (menu 2425, values UNCONFIRMED) gives draft or authorised; what is paid comes
 * from the invoice's open item (PAYCUR), and an authorised invoice with nothing left to pay reads as paid. The
 * record's change stamp is the later of the invoice's and the open item's, so a payment makes it a new version.
 */
export function invoiceFromX3(
  ctx: CodecContext,
  resource: X3Resource,
  openItem: InvoiceOpenItem | undefined,
  withLines: boolean,
): Invoice {
  const { settings } = ctx;
  const className = settings.classes.invoice.className;
  const wire = parseWire(InvoiceWire, resource, className, 'record');
  const stamps = stampsOf(resource, settings, className);
  const currency = wire.CUR;
  const lines = withLines
    ? childLinesOf(resource, settings.childArrays.invoice, InvoiceLineWire, className).map((line) =>
        lineFromX3(
          {
            lineNumber: line.SIDLIN,
            product: line.ITMREF,
            description: line.ITMDES,
            quantity: line.QTY,
            unitPrice: line.NETPRI,
            taxCode: line.VAT,
            net: line.AMTNOTLIN,
            gross: line.AMTATILIN,
          },
          currency,
        ),
      )
    : [];
  const totals = totalsOf(wire.AMTNOT, wire.AMTATI, currency);
  const paid = moneyOf(openItem?.item.PAYCUR, currency);
  const due = { amountMinor: totals.gross.amountMinor - paid.amountMinor, currency };
  const posted = fromMenu(settings.menus.invoiceStatus, wire.STA) ?? 'authorised';
  const status = posted === 'authorised' && due.amountMinor === 0 && totals.gross.amountMinor > 0 ? 'paid' : posted;
  const updatedAt = openItem === undefined ? stamps.updatedAt : laterInstant(openItem.updatedAt, stamps.updatedAt);
  const version = openItem === undefined ? stamps.version : `${stamps.version ?? ''}.${openItem.version ?? ''}`;
  const issueDate = wire.INVDAT;
  const invoice = {
    source: sourceOf(wire.NUM, { ...stamps, updatedAt, version }, wire.NUM),
    kind: 'receivable',
    number: externalKeyOf(resource, settings) ?? wire.NUM,
    reference: present(wire.BPCINVREF),
    party: { ref: { system: 'sagex3' as const, id: wire.BPR } },
    salesOrder: present(wire.SOHNUM) ? { ref: { system: 'sagex3' as const, id: wire.SOHNUM as string } } : undefined,
    issueDate,
    dueDate: wire.DUDDAT !== undefined && issueDate !== undefined && wire.DUDDAT >= issueDate ? wire.DUDDAT : undefined,
    currency,
    status,
    lines,
    totals,
    amountPaid: paid,
    amountDue: due,
  };
  return canonical(InvoiceSchema, compact(invoice), className, wire.NUM);
}

/** The write body of an invoice; `customer` is the X3 bill-to code, `order` the X3 order number when known. */
export function invoiceToX3(
  ctx: CodecContext,
  invoice: Invoice,
  customer: string,
  order: string | undefined,
  creating: boolean,
): Record<string, unknown> {
  const { settings } = ctx;
  const status = invoice.status === 'paid' ? 'authorised' : invoice.status;
  const body: Record<string, unknown> = compact({
    BPR: customer,
    INVDAT: invoice.issueDate,
    DUDDAT: invoice.dueDate,
    CUR: invoice.currency,
    BPCINVREF: invoice.reference,
    SOHNUM: creating ? order : undefined,
    STA: status === 'draft' || status === 'authorised' ? toMenu(settings.menus.invoiceStatus, status) : undefined,
  });
  if (settings.externalKeyField !== '' && invoice.number !== undefined) {
    body[settings.externalKeyField] = invoice.number;
  }
  // X3 keeps posted invoice lines fixed: they are sent on create only.
  if (creating) body[settings.childArrays.invoice] = invoice.lines.map((line) => lineToX3(line, undefined));
  return body;
}
