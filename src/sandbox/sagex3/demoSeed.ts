import type {
  DocumentLine,
  FulfilmentStatus,
  Invoice,
  Money,
  Party,
  Payment,
  Product,
  RecordSource,
  SalesOrder,
} from '../../model/index.js';
import { currencyExponent, formatMinorUnits } from '../../model/money.js';
import type { DemoSystemView } from '../demo/systemViews.js';
import { CLASSES, type ClassSpec } from './classes.js';
import { deriveOpenItems, loadRecord } from './seed.js';
import type { SageX3Settings } from './settings.js';
import type { FieldMap, X3Store } from './store.js';

/**
 * The demo company's Sage X3 view as X3 records. Ids come from the view (C000123, SOH2405-000123, SIH…, PAY…); the
 * business keys the other systems use (customer code, order and invoice numbers) sit in the `ZEXTKEY` user field,
 * payment references in PAYMENTH.REF. Amounts are taken as the view states them, so the planted discrepancies
 * survive; deliveries are written for delivered orders and open items are derived from invoices and payments.
 */
export function loadDemo(store: X3Store, view: DemoSystemView, settings: SageX3Settings): void {
  const load = (name: string, fields: FieldMap, lines: FieldMap[] = []): void =>
    loadRecord(store, CLASSES[name] as ClassSpec, fields, lines, settings);
  for (const party of view.parties) {
    const supplier = !party.roles.includes('customer');
    load(supplier ? 'BPSUPPLIER' : 'BPCUSTOMER', partyFields(party, supplier), addressLines(party));
  }
  for (const product of view.products) load('ITMMASTER', productFields(product));
  const deliveries: { order: SalesOrder; lines: FieldMap[] }[] = [];
  for (const order of view.salesOrders) {
    const lines = order.lines.map((line, index) => orderLine(line, index, order));
    load('SORDER', orderFields(order), lines);
    const delivered = lines.filter((line) => Number(line.DLVQTY) > 0);
    if (delivered.length > 0) deliveries.push({ order, lines: delivered });
  }
  deliveries.forEach(({ order, lines }, index) => {
    const number = `SDH${yymm(order.shipmentDate ?? order.orderDate)}-${String(index + 1).padStart(6, '0')}`;
    const stamp = order.source?.updatedAt;
    load(
      'SDELIVERY',
      {
        SDHNUM: number,
        BPCORD: partyId(order.party),
        BPCINV: partyId(order.party),
        SOHNUM: sourceId(order.source, order.number),
        SHIDAT: order.shipmentDate ?? order.orderDate,
        DLVDAT: order.shipmentDate ?? order.orderDate,
        CUR: order.currency,
        CFMFLG: 2,
        INVFLG: order.invoiceStatus === 'fully' ? 2 : 1,
        ...(stamp ? { CREDATTIM: stamp, UPDDATTIM: stamp } : {}),
      },
      lines.map((line, lineIndex) => ({
        SDDLIN: (lineIndex + 1) * 1000,
        SOHNUM: sourceId(order.source, order.number),
        SOPLIN: line.SOPLIN ?? 0,
        ITMREF: line.ITMREF ?? '',
        QTY: line.DLVQTY ?? 0,
      })),
    );
  });
  for (const invoice of view.invoices) {
    if (invoice.kind !== 'receivable') continue;
    load(
      'SINVOICE',
      invoiceFields(invoice, settings),
      invoice.lines.map((line, index) => invoiceLine(line, index, invoice)),
    );
  }
  for (const payment of view.payments) {
    if (payment.direction !== 'received' || payment.status === 'deleted') continue;
    load('PAYMENTH', paymentFields(payment, settings), paymentLines(payment));
  }
  deriveOpenItems(store, settings);
}

function stamps(source: RecordSource | undefined): FieldMap {
  if (!source) return {};
  return { CREDATTIM: source.createdAt ?? source.updatedAt, UPDDATTIM: source.updatedAt };
}

function sourceId(source: RecordSource | undefined, fallback: string | undefined): string {
  return source?.id ?? fallback ?? '';
}

function partyId(party: { ref?: { id: string } | undefined; code?: string | undefined }): string {
  return party.ref?.id ?? party.code ?? '';
}

function amount(money: Money | undefined): number {
  if (!money) return 0;
  return Number(formatMinorUnits(money.amountMinor, currencyExponent(money.currency)));
}

/** X3 tax codes by rate: the demo's codes are Xero's, X3 sites use short codes. */
function taxCode(rate: string | undefined): string {
  const percent = Number(rate ?? '20');
  if (percent === 0) return 'ZER';
  if (percent === 5) return 'RED';
  return 'NOR';
}

function yymm(date: string): string {
  return `${date.slice(2, 4)}${date.slice(5, 7)}`;
}

function partyFields(party: Party, supplier: boolean): FieldMap {
  const id = sourceId(party.source, party.code);
  const billing = party.addresses.find((address) => address.kind === 'billing') ?? party.addresses[0];
  const common: FieldMap = {
    CUR: party.defaultCurrency ?? 'GBP',
    VACBPR: 'DOM',
    PTE: `${party.paymentTermsDays ?? 30}NET`,
    CRY: billing?.countryCode ?? 'GB',
    EECNUM: party.taxNumber ?? '',
    ZEXTKEY: party.code ?? '',
    BPAADD: party.addresses.length > 0 ? addressCode(0, party.addresses[0]?.label) : '',
    ...stamps(party.source),
  };
  if (supplier) {
    return { ...common, BPSNUM: id, BPSNAM: party.name, BPSSHO: shortTitle(party.name), BPSSTA: active(party.status) };
  }
  const rep = party.customFields?.ZSALESREP;
  return {
    ...common,
    BPCNUM: id,
    BPCNAM: party.name,
    BPCSHO: shortTitle(party.name),
    BPCSTA: active(party.status),
    OSTAUZ: amount(party.creditLimit),
    OSTCTL: party.creditLimit ? 2 : 1,
    CRN: party.companyNumber ?? '',
    ...(typeof rep === 'string' ? { ZSALESREP: rep } : {}),
  };
}

function active(status: 'active' | 'archived'): number {
  return status === 'active' ? 2 : 1;
}

function shortTitle(name: string): string {
  return name.slice(0, 10);
}

function addressCode(index: number, label: string | undefined): string {
  return label ? label.slice(0, 5).toUpperCase() : index === 0 ? 'MAIN' : `AD${index + 1}`;
}

function addressLines(party: Party): FieldMap[] {
  return party.addresses.map((address, index) => ({
    BPAADD: addressCode(index, address.label),
    BPADES: address.kind === 'delivery' ? 'Delivery' : address.kind === 'billing' ? 'Invoicing' : 'Other',
    BPAADDLIG: address.lines.slice(0, 3),
    POSCOD: address.postalCode ?? '',
    CTY: address.city ?? '',
    SAT: address.region ?? '',
    CRY: address.countryCode ?? '',
    CRYNAM: address.country ?? '',
    TEL: index === 0 ? (party.phone ?? '') : '',
    WEB: index === 0 ? (party.email ?? '') : '',
    BPAADDFLG: index === 0 ? 2 : 1,
  }));
}

function productFields(product: Product): FieldMap {
  return {
    ITMREF: product.code,
    ITMDES1: product.name,
    ITMDES2: (product.description ?? '').slice(0, 30),
    TCLCOD: (product.family ?? 'FIN')
      .replace(/[^A-Za-z0-9]/g, '')
      .slice(0, 5)
      .toUpperCase(),
    ITMSTA: product.status === 'active' ? 1 : 6,
    STU: product.unitOfMeasure ?? 'UN',
    SAU: product.unitOfMeasure ?? 'UN',
    PUU: product.unitOfMeasure ?? 'UN',
    BASPRI: Number(product.sales?.unitPrice ?? 0),
    VACITM: taxCode(product.sales?.taxRate),
    ...stamps(product.source),
  };
}

const FULFILMENT: Readonly<Record<FulfilmentStatus, number>> = { none: 1, partly: 2, fully: 3 };

function orderFields(order: SalesOrder): FieldMap {
  const delivery = FULFILMENT[order.deliveryStatus ?? 'none'];
  return {
    SOHNUM: sourceId(order.source, order.number),
    ZEXTKEY: order.number ?? '',
    BPCORD: partyId(order.party),
    BPCINV: partyId(order.party),
    BPCPYR: partyId(order.party),
    BPCNAM: order.party.name ?? '',
    ORDDAT: order.orderDate,
    DEMDLVDAT: order.requestedDeliveryDate ?? order.orderDate,
    SHIDAT: order.shipmentDate ?? order.requestedDeliveryDate ?? order.orderDate,
    CUSORDREF: order.customerReference ?? '',
    CUR: order.currency,
    ORDINVNOT: amount(order.totals.net),
    ORDINVATI: amount(order.totals.gross),
    ORDSTA: order.status === 'closed' || order.status === 'cancelled' ? 2 : 1,
    ALLSTA: delivery === 3 ? 3 : 1,
    DLVSTA: delivery,
    INVSTA: FULFILMENT[order.invoiceStatus ?? 'none'],
    ...stamps(order.source),
  };
}

/** Partly delivered/invoiced orders: the first line is done, the rest not (the demo does not say which). */
function doneQuantity(status: FulfilmentStatus | undefined, quantity: number, index: number): number {
  if (status === 'fully') return quantity;
  if (status === 'partly') return index === 0 ? quantity : 0;
  return 0;
}

function orderLine(line: DocumentLine, index: number, order: SalesOrder): FieldMap {
  const quantity = Number(line.quantity);
  return {
    SOPLIN: (line.lineNumber ?? index + 1) * 1000,
    ITMREF: line.product?.code ?? '',
    ITMDES: line.description.slice(0, 30),
    SAU: 'UN',
    QTY: quantity,
    GROPRI: Number(line.unitPrice),
    NETPRI: Number(line.unitPrice),
    VAT: taxCode(line.taxRate),
    LINAMT: amount(line.net),
    LINATIAMT: grossOf(line),
    DLVQTY: doneQuantity(order.deliveryStatus, quantity, index),
    INVQTY: doneQuantity(order.invoiceStatus, quantity, index),
  };
}

function grossOf(line: DocumentLine): number {
  return amount({ amountMinor: line.net.amountMinor + line.tax.amountMinor, currency: line.net.currency });
}

function invoiceFields(invoice: Invoice, settings: SageX3Settings): FieldMap {
  const customer = partyId(invoice.party);
  const taxes = new Map<string, number>();
  for (const line of invoice.lines) {
    const code = taxCode(line.taxRate);
    taxes.set(code, (taxes.get(code) ?? 0) + line.tax.amountMinor);
  }
  const exponent = currencyExponent(invoice.currency);
  return {
    NUM: sourceId(invoice.source, invoice.number),
    ZEXTKEY: invoice.number ?? '',
    BPR: customer,
    BPRPAY: customer,
    BPCINV: customer,
    INVDAT: invoice.issueDate,
    ACCDAT: invoice.issueDate,
    DUDDAT: invoice.dueDate ?? invoice.issueDate,
    CUR: invoice.currency,
    SOHNUM: invoice.salesOrder?.ref?.id ?? '',
    BPCINVREF: invoice.reference ?? '',
    AMTNOT: amount(invoice.totals.net),
    AMTATI: amount(invoice.totals.gross),
    AMTTAX: [...taxes.values()].map((tax) => Number(formatMinorUnits(tax, exponent))),
    STA:
      invoice.status === 'draft' || invoice.status === 'submitted'
        ? settings.enums.invoiceStatusOnCreate
        : settings.enums.invoiceStatusPosted,
    ...stamps(invoice.source),
  };
}

function invoiceLine(line: DocumentLine, index: number, invoice: Invoice): FieldMap {
  return {
    SIDLIN: (line.lineNumber ?? index + 1) * 1000,
    SOHNUM: invoice.salesOrder?.ref?.id ?? '',
    ITMREF: line.product?.code ?? '',
    ITMDES: line.description.slice(0, 30),
    QTY: Number(line.quantity),
    NETPRI: Number(line.unitPrice),
    VAT: taxCode(line.taxRate),
    AMTNOTLIN: amount(line.net),
    AMTATILIN: grossOf(line),
  };
}

function paymentFields(payment: Payment, settings: SageX3Settings): FieldMap {
  return {
    NUM: sourceId(payment.source, payment.reference),
    BPR: payment.party ? partyId(payment.party) : '',
    ACCDAT: payment.date,
    CUR: payment.amount.currency,
    AMTCUR: amount(payment.amount),
    BAN: (payment.bankAccount?.code ?? 'BANK1').slice(0, 10),
    PAM: (payment.method ?? 'TRF').slice(0, 5).toUpperCase(),
    REF: payment.reference ?? '',
    STA: settings.enums.paymentStatusOnCreate,
    ...stamps(payment.source),
  };
}

function paymentLines(payment: Payment): FieldMap[] {
  return payment.allocations
    .filter((allocation) => allocation.documentKind === 'invoice')
    .map((allocation, index) => ({
      PYDLIN: (index + 1) * 1000,
      VCRTYP: 'SIH',
      VCRNUM: allocation.document.ref?.id ?? allocation.document.number ?? '',
      AMTLIN: amount(allocation.amount),
    }));
}
