import { addDays } from '../../model/dates.js';
import {
  currencyExponent,
  decimalProduct,
  formatMinorUnits,
  minorUnitsFromNumber,
  multiplyByRate,
  multiplyDecimals,
} from '../../model/money.js';
import { CLASSES, type ClassSpec } from './classes.js';
import type { SageX3Settings } from './settings.js';
import type { FieldMap, X3Record, X3Store } from './store.js';

/**
 * What X3 itself does around a sales document write: defaults from the customer and product, line and header
 * amounts, and the knock-on effects — a delivery moves the order's delivered quantities and DLVSTA, an invoice its
 * invoiced quantities and INVSTA and opens a due-date item (GACCDUDATE), a payment settles open items.
 * `prepare` validates and completes a document (no side effects); `apply` / `revert` move the linked records.
 */
export class SalesFlow {
  constructor(
    private readonly store: X3Store,
    private readonly currentSettings: () => SageX3Settings,
  ) {}

  private get settings(): SageX3Settings {
    return this.currentSettings();
  }

  /** Completes `fields`/`lines` in place; returns the diagnoses that forbid the write. */
  prepare(spec: ClassSpec, fields: FieldMap, lines: FieldMap[], existing: X3Record | undefined): string[] {
    switch (spec.name) {
      case 'SORDER':
        return this.prepareOrder(fields, lines, existing);
      case 'SDELIVERY':
        return this.prepareDelivery(fields, lines, existing);
      case 'SINVOICE':
        return this.prepareInvoice(fields, lines, existing);
      case 'PAYMENTH':
        return this.preparePayment(fields, lines, existing);
      default:
        return [];
    }
  }

  /** Side effects of a newly written document on the records it points to. */
  apply(spec: ClassSpec, record: X3Record, user: string): void {
    switch (spec.name) {
      case 'SDELIVERY':
        this.moveOrderQuantities(record.lines, 'DLVQTY', 1, user);
        return;
      case 'SINVOICE':
        this.applyInvoice(record, 1, user);
        return;
      case 'PAYMENTH':
        this.settle(record.lines, 1, user);
        return;
      default:
        return;
    }
  }

  /** Diagnoses that forbid deleting (or rewriting the lines of) a document. */
  blockers(spec: ClassSpec, record: X3Record): string[] {
    switch (spec.name) {
      case 'SORDER':
        return record.lines.some((line) => num(line.DLVQTY) > 0 || num(line.INVQTY) > 0)
          ? [`Sales order ${record.fields.SOHNUM}: delivered or invoiced lines exist, it cannot be deleted.`]
          : [];
      case 'SDELIVERY':
        return record.fields.INVFLG === 2
          ? [`Delivery ${record.fields.SDHNUM} is invoiced and cannot be deleted.`]
          : [];
      case 'SINVOICE': {
        const item = this.store.get('GACCDUDATE', `${record.fields.NUM}~1`);
        return item && num(item.fields.PAYCUR) !== 0
          ? [`Invoice ${record.fields.NUM} has payments allocated and cannot be deleted.`]
          : [];
      }
      default:
        return [];
    }
  }

  /** Undoes `apply` before a delete. */
  revert(spec: ClassSpec, record: X3Record, user: string): void {
    switch (spec.name) {
      case 'SDELIVERY':
        this.moveOrderQuantities(record.lines, 'DLVQTY', -1, user);
        return;
      case 'SINVOICE':
        this.applyInvoice(record, -1, user);
        return;
      case 'PAYMENTH':
        this.settle(record.lines, -1, user);
        return;
      default:
        return;
    }
  }

  private prepareOrder(fields: FieldMap, lines: FieldMap[], existing: X3Record | undefined): string[] {
    const errors: string[] = [];
    const customer = this.store.get('BPCUSTOMER', str(fields.BPCORD));
    if (!customer) return [`BPCORD: customer ${fields.BPCORD} does not exist.`];
    fillFrom(fields, {
      BPCNAM: customer.fields.BPCNAM,
      BPCINV: str(customer.fields.BPCINV) || str(fields.BPCORD),
      BPCPYR: str(customer.fields.BPCPYR) || str(customer.fields.BPCINV) || str(fields.BPCORD),
      CUR: customer.fields.CUR,
      SHIDAT: fields.ORDDAT,
      DEMDLVDAT: fields.ORDDAT,
    });
    if (lines.length === 0) errors.push('A sales order needs at least one line.');
    const previous = new Map((existing?.lines ?? []).map((line) => [num(line.SOPLIN), line]));
    numberLines(lines, 'SOPLIN');
    const kept = new Set<number>();
    for (const line of lines) {
      const product = this.productFor(line, errors, 'SOHSOP');
      if (!product) continue;
      fillFrom(line, {
        ITMDES: product.fields.ITMDES1,
        SAU: product.fields.SAU,
        GROPRI: product.fields.BASPRI,
        VAT: product.fields.VACITM,
      });
      fillFrom(line, { NETPRI: line.GROPRI });
      const before = previous.get(num(line.SOPLIN));
      kept.add(num(line.SOPLIN));
      line.DLVQTY = num(before?.DLVQTY);
      line.INVQTY = num(before?.INVQTY);
      if (num(line.QTY) <= 0) errors.push(`Line ${line.SOPLIN}: QTY must be positive.`);
      if (num(line.QTY) < Math.max(num(line.DLVQTY), num(line.INVQTY))) {
        errors.push(`Line ${line.SOPLIN}: QTY cannot be less than the quantity already delivered or invoiced.`);
      }
    }
    for (const [lineNumber, line] of previous) {
      if (!kept.has(lineNumber) && (num(line.DLVQTY) > 0 || num(line.INVQTY) > 0)) {
        errors.push(`Line ${lineNumber} is delivered or invoiced and cannot be removed.`);
      }
    }
    if (errors.length > 0) return errors;
    const totals = this.amounts(str(fields.CUR), lines, 'QTY', 'NETPRI', 'LINAMT', 'LINATIAMT', errors);
    if (!totals) return errors;
    fields.ORDINVNOT = totals.net;
    fields.ORDINVATI = totals.gross;
    fields.ALLSTA = num(existing?.fields.ALLSTA) || 1;
    setOrderStatuses(fields, lines, this.settings);
    return errors;
  }

  private prepareDelivery(fields: FieldMap, lines: FieldMap[], existing: X3Record | undefined): string[] {
    if (existing) return [];
    const errors: string[] = [];
    const header = str(fields.SOHNUM);
    if (lines.length === 0 && header) {
      const order = this.store.get('SORDER', header);
      if (!order) return [`SOHNUM: sales order ${header} does not exist.`];
      for (const line of order.lines) {
        const remaining = num(line.QTY) - num(line.DLVQTY);
        if (remaining > 0) lines.push({ SOHNUM: header, SOPLIN: num(line.SOPLIN), QTY: remaining });
      }
      if (lines.length === 0) return [`Sales order ${header} is already fully delivered.`];
    }
    if (lines.length === 0) return ['A delivery needs at least one line or an order number (SOHNUM).'];
    numberLines(lines, 'SDDLIN');
    const pending = new Map<string, number>();
    for (const line of lines) {
      fillFrom(line, { SOHNUM: header });
      const orderLine = this.orderLine(line, errors);
      if (!orderLine) continue;
      const { order, line: ordered } = orderLine;
      fillFrom(line, { ITMREF: ordered.ITMREF });
      fillFrom(fields, { SOHNUM: order.fields.SOHNUM, BPCORD: order.fields.BPCORD, BPCINV: order.fields.BPCINV });
      fillFrom(fields, { CUR: order.fields.CUR, SALFCY: order.fields.SALFCY, STOFCY: order.fields.STOFCY });
      const id = `${line.SOHNUM}~${line.SOPLIN}`;
      const total = (pending.get(id) ?? 0) + num(line.QTY);
      pending.set(id, total);
      if (num(line.QTY) <= 0) errors.push(`Line ${line.SDDLIN}: QTY must be positive.`);
      else if (num(ordered.DLVQTY) + total > num(ordered.QTY)) {
        errors.push(
          `Line ${line.SDDLIN}: ${total} exceeds the quantity left to deliver on order ${line.SOHNUM} line ${line.SOPLIN} (${num(ordered.QTY) - num(ordered.DLVQTY)}).`,
        );
      }
    }
    if (!fields.BPCORD) errors.push('BPCORD: mandatory field.');
    fillFrom(fields, { DLVDAT: fields.SHIDAT });
    fields.INVFLG = 1;
    return errors;
  }

  private prepareInvoice(fields: FieldMap, lines: FieldMap[], existing: X3Record | undefined): string[] {
    const errors: string[] = [];
    const customer = this.store.get('BPCUSTOMER', str(fields.BPR));
    if (!customer) return [`BPR: customer ${fields.BPR} does not exist.`];
    fillFrom(fields, {
      BPRPAY: str(customer.fields.BPCPYR) || str(fields.BPR),
      BPCINV: fields.BPR,
      CUR: customer.fields.CUR,
      PTE: customer.fields.PTE,
      ACCDAT: fields.INVDAT,
      STA: this.settings.enums.invoiceStatusOnCreate,
    });
    fillFrom(fields, { DUDDAT: addDays(str(fields.INVDAT), termDays(str(fields.PTE))) });
    if (existing) {
      // Header fields (status, dates, references) may change; amounts stay those of the posted lines.
      fields.AMTNOT = existing.fields.AMTNOT ?? 0;
      fields.AMTATI = existing.fields.AMTATI ?? 0;
      fields.AMTTAX = existing.fields.AMTTAX ?? [];
      return errors;
    }
    if (lines.length === 0) this.linesFromOrigin(fields, lines, errors);
    if (errors.length > 0) return errors;
    if (lines.length === 0) return ['An invoice needs at least one line, an order (SOHNUM) or a delivery (SDHNUM).'];
    numberLines(lines, 'SIDLIN');
    const creditNote = fields.INVTYP === 2;
    const pending = new Map<string, number>();
    for (const line of lines) {
      const product = this.productFor(line, errors, 'SIHSID');
      if (!product) continue;
      fillFrom(line, { ITMDES: product.fields.ITMDES1 });
      if (line.SOHNUM && !creditNote) {
        const orderLine = this.orderLine(line, errors);
        if (!orderLine) continue;
        fillFrom(line, { NETPRI: orderLine.line.NETPRI, VAT: orderLine.line.VAT });
        const id = `${line.SOHNUM}~${line.SOPLIN}`;
        const total = (pending.get(id) ?? 0) + num(line.QTY);
        pending.set(id, total);
        if (num(orderLine.line.INVQTY) + total > num(orderLine.line.QTY)) {
          errors.push(
            `Line ${line.SIDLIN}: ${total} exceeds the quantity left to invoice on order ${line.SOHNUM} line ${line.SOPLIN}.`,
          );
        }
      }
      fillFrom(line, { NETPRI: product.fields.BASPRI, VAT: product.fields.VACITM });
      if (num(line.QTY) <= 0) errors.push(`Line ${line.SIDLIN}: QTY must be positive.`);
    }
    if (errors.length > 0) return errors;
    const totals = this.amounts(str(fields.CUR), lines, 'QTY', 'NETPRI', 'AMTNOTLIN', 'AMTATILIN', errors);
    if (!totals) return errors;
    fields.AMTNOT = totals.net;
    fields.AMTATI = totals.gross;
    fields.AMTTAX = totals.taxByCode;
    return errors;
  }

  /** An invoice written from a delivery or an order takes the quantities still to invoice. */
  private linesFromOrigin(fields: FieldMap, lines: FieldMap[], errors: string[]): void {
    if (fields.SDHNUM) {
      const delivery = this.store.get('SDELIVERY', str(fields.SDHNUM));
      if (!delivery) {
        errors.push(`SDHNUM: delivery ${fields.SDHNUM} does not exist.`);
        return;
      }
      if (delivery.fields.INVFLG === 2) errors.push(`Delivery ${fields.SDHNUM} is already invoiced.`);
      for (const line of delivery.lines) {
        lines.push({
          SOHNUM: str(line.SOHNUM),
          SOPLIN: num(line.SOPLIN),
          SDHNUM: str(fields.SDHNUM),
          ITMREF: str(line.ITMREF),
          QTY: num(line.QTY),
        });
      }
      fillFrom(fields, { SOHNUM: delivery.fields.SOHNUM });
      return;
    }
    if (fields.SOHNUM) {
      const order = this.store.get('SORDER', str(fields.SOHNUM));
      if (!order) {
        errors.push(`SOHNUM: sales order ${fields.SOHNUM} does not exist.`);
        return;
      }
      for (const line of order.lines) {
        const remaining = num(line.QTY) - num(line.INVQTY);
        if (remaining > 0) {
          lines.push({
            SOHNUM: str(fields.SOHNUM),
            SOPLIN: num(line.SOPLIN),
            ITMREF: str(line.ITMREF),
            QTY: remaining,
          });
        }
      }
      if (lines.length === 0) errors.push(`Sales order ${fields.SOHNUM} is already fully invoiced.`);
    }
  }

  private preparePayment(fields: FieldMap, lines: FieldMap[], existing: X3Record | undefined): string[] {
    const errors: string[] = [];
    const customer = this.store.get('BPCUSTOMER', str(fields.BPR));
    if (!customer) return [`BPR: customer ${fields.BPR} does not exist.`];
    fillFrom(fields, { CUR: customer.fields.CUR, STA: this.settings.enums.paymentStatusOnCreate });
    if (existing) return errors;
    if (num(fields.AMTCUR) <= 0) errors.push('AMTCUR: the amount must be positive.');
    numberLines(lines, 'PYDLIN');
    let allocated = 0;
    let exponent = 2;
    try {
      exponent = currencyExponent(str(fields.CUR));
    } catch {
      return [`CUR: unknown currency ${fields.CUR}.`];
    }
    const pending = new Map<string, number>();
    for (const line of lines) {
      const item = this.store.get('GACCDUDATE', `${line.VCRNUM}~1`);
      if (!item) {
        errors.push(`Line ${line.PYDLIN}: no open item for document ${line.VCRNUM}.`);
        continue;
      }
      if (item.fields.BPR !== fields.BPR) {
        errors.push(`Line ${line.PYDLIN}: document ${line.VCRNUM} belongs to ${item.fields.BPR}, not ${fields.BPR}.`);
      }
      if (item.fields.CUR !== fields.CUR) {
        errors.push(`Line ${line.PYDLIN}: document ${line.VCRNUM} is in ${item.fields.CUR}, not ${fields.CUR}.`);
      }
      const amount = minorUnitsFromNumber(num(line.AMTLIN), exponent);
      const left = minorUnitsFromNumber(num(item.fields.AMTCUR) - num(item.fields.PAYCUR), exponent);
      const total = (pending.get(str(line.VCRNUM)) ?? 0) + amount;
      pending.set(str(line.VCRNUM), total);
      if (amount <= 0) errors.push(`Line ${line.PYDLIN}: AMTLIN must be positive.`);
      else if (total > left) {
        errors.push(
          `Line ${line.PYDLIN}: ${formatMinorUnits(total, exponent)} exceeds the open amount ${formatMinorUnits(left, exponent)} of ${line.VCRNUM}.`,
        );
      }
      allocated += amount;
    }
    if (lines.length > 0 && allocated !== minorUnitsFromNumber(num(fields.AMTCUR), exponent)) {
      errors.push(
        `AMTCUR ${fields.AMTCUR} differs from the allocated total ${formatMinorUnits(allocated, exponent)} of the lines.`,
      );
    }
    return errors;
  }

  private productFor(line: FieldMap, errors: string[], where: string): X3Record | undefined {
    const product = this.store.get('ITMMASTER', str(line.ITMREF));
    if (!product) errors.push(`${where}: product ${line.ITMREF} does not exist.`);
    return product;
  }

  private orderLine(line: FieldMap, errors: string[]): { order: X3Record; line: FieldMap } | undefined {
    const order = this.store.get('SORDER', str(line.SOHNUM));
    if (!order) {
      errors.push(`Sales order ${line.SOHNUM || '(none)'} does not exist.`);
      return undefined;
    }
    const ordered = order.lines.find((candidate) => num(candidate.SOPLIN) === num(line.SOPLIN));
    if (!ordered) {
      errors.push(`Sales order ${line.SOHNUM} has no line ${line.SOPLIN}.`);
      return undefined;
    }
    if (order.fields.ORDSTA === 2) errors.push(`Sales order ${line.SOHNUM} is closed.`);
    return { order, line: ordered };
  }

  /** Line amounts (quantity × price, then tax per line at the code's rate) and header totals, in minor units. */
  private amounts(
    currency: string,
    lines: FieldMap[],
    qtyField: string,
    priceField: string,
    netField: string,
    grossField: string,
    errors: string[],
  ): { net: number; gross: number; taxByCode: number[] } | undefined {
    let exponent: number;
    try {
      exponent = currencyExponent(currency);
    } catch {
      errors.push(`CUR: unknown currency ${currency}.`);
      return undefined;
    }
    let net = 0;
    const taxes = new Map<string, number>();
    for (const line of lines) {
      const code = str(line.VAT);
      const taxCode = this.store.get('TABVAT', code);
      if (!taxCode) {
        errors.push(`Tax code ${code || '(empty)'} does not exist.`);
        continue;
      }
      const lineNet = multiplyDecimals(decimalText(num(line[qtyField])), decimalText(num(line[priceField])), exponent);
      const rate = decimalProduct(decimalText(num(taxCode.fields.VATRAT)), '0.01');
      const tax = multiplyByRate(lineNet, rate);
      line[netField] = Number(formatMinorUnits(lineNet, exponent));
      line[grossField] = Number(formatMinorUnits(lineNet + tax, exponent));
      net += lineNet;
      taxes.set(code, (taxes.get(code) ?? 0) + tax);
    }
    if (errors.length > 0) return undefined;
    const taxTotal = [...taxes.values()].reduce((sum, tax) => sum + tax, 0);
    return {
      net: Number(formatMinorUnits(net, exponent)),
      gross: Number(formatMinorUnits(net + taxTotal, exponent)),
      taxByCode: [...taxes.values()].slice(0, 10).map((tax) => Number(formatMinorUnits(tax, exponent))),
    };
  }

  private moveOrderQuantities(
    lines: readonly FieldMap[],
    field: 'DLVQTY' | 'INVQTY',
    sign: 1 | -1,
    user: string,
  ): void {
    const touched = new Set<X3Record>();
    for (const line of lines) {
      if (!line.SOHNUM) continue;
      const order = this.store.get('SORDER', str(line.SOHNUM));
      const ordered = order?.lines.find((candidate) => num(candidate.SOPLIN) === num(line.SOPLIN));
      if (!order || !ordered) continue;
      ordered[field] = Math.max(0, roundQuantity(num(ordered[field]) + sign * num(line.QTY)));
      touched.add(order);
    }
    for (const order of touched) {
      setOrderStatuses(order.fields, order.lines, this.settings);
      this.store.touch(order, user);
    }
  }

  private applyInvoice(invoice: X3Record, sign: 1 | -1, user: string): void {
    if (invoice.fields.INVTYP !== 2) this.moveOrderQuantities(invoice.lines, 'INVQTY', sign, user);
    const deliveries = new Set(invoice.lines.map((line) => str(line.SDHNUM)).filter(Boolean));
    if (invoice.fields.SDHNUM) deliveries.add(str(invoice.fields.SDHNUM));
    for (const number of deliveries) {
      const delivery = this.store.get('SDELIVERY', number);
      if (!delivery) continue;
      delivery.fields.INVFLG = sign > 0 ? 2 : 1;
      this.store.touch(delivery, user);
    }
    const spec = CLASSES.GACCDUDATE as ClassSpec;
    if (sign > 0) this.openItem(spec, invoice, user);
    else this.store.remove('GACCDUDATE', `${invoice.fields.NUM}~1`);
  }

  /** One due date per invoice (X3 can split by payment term; the sandbox keeps one line). */
  private openItem(spec: ClassSpec, invoice: X3Record, user: string): void {
    this.store.insert(
      spec,
      {
        TYP: str(invoice.fields.GTE),
        NUM: str(invoice.fields.NUM),
        DUDLIG: 1,
        BPR: str(invoice.fields.BPRPAY) || str(invoice.fields.BPR),
        CUR: str(invoice.fields.CUR),
        DUDDAT: str(invoice.fields.DUDDAT),
        AMTCUR: num(invoice.fields.AMTATI),
        PAYCUR: 0,
        FLGCLE: this.settings.enums.openItemOpen,
      },
      [],
      user,
    );
  }

  private settle(lines: readonly FieldMap[], sign: 1 | -1, user: string): void {
    for (const line of lines) {
      const item = this.store.get('GACCDUDATE', `${line.VCRNUM}~1`);
      if (!item) continue;
      const exponent = currencyExponent(str(item.fields.CUR));
      const paid =
        minorUnitsFromNumber(num(item.fields.PAYCUR), exponent) +
        sign * minorUnitsFromNumber(num(line.AMTLIN), exponent);
      const total = minorUnitsFromNumber(num(item.fields.AMTCUR), exponent);
      item.fields.PAYCUR = Number(formatMinorUnits(paid, exponent));
      item.fields.FLGCLE = paid >= total ? this.settings.enums.openItemClosed : this.settings.enums.openItemOpen;
      this.store.touch(item, user);
    }
  }
}

/** DLVSTA / INVSTA 1 = none, 2 = partly, 3 = fully (menus 417/418); ORDSTA 2 = closed once the order is done. */
export function setOrderStatuses(fields: FieldMap, lines: readonly FieldMap[], settings: SageX3Settings): void {
  const status = (field: 'DLVQTY' | 'INVQTY'): number => {
    const done = lines.filter((line) => num(line[field]) >= num(line.QTY)).length;
    const started = lines.some((line) => num(line[field]) > 0);
    return lines.length > 0 && done === lines.length ? 3 : started ? 2 : 1;
  };
  fields.DLVSTA = status('DLVQTY');
  fields.INVSTA = status('INVQTY');
  const closed = fields.DLVSTA === 3 && (settings.enums.closeOrderWhen === 'delivered' || fields.INVSTA === 3);
  fields.ORDSTA = closed ? 2 : 1;
}

function fillFrom(target: FieldMap, values: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(values)) {
    const current = target[name];
    if ((current === undefined || current === '') && value !== undefined && value !== '') {
      target[name] = value as FieldMap[string];
    }
  }
}

/** X3 numbers lines 1000, 2000, … when the client leaves the line number out. */
function numberLines(lines: FieldMap[], field: string): void {
  let highest = Math.max(0, ...lines.map((line) => num(line[field])));
  for (const line of lines) {
    if (!num(line[field])) {
      highest = (Math.floor(highest / 1000) + 1) * 1000;
      line[field] = highest;
    }
  }
}

/** Payment terms such as `30NET` or `60EOM` give their day count; anything else 30 days. */
function termDays(term: string): number {
  const match = /^(\d+)/.exec(term);
  return match ? Number(match[1]) : 30;
}

function num(value: unknown): number {
  return typeof value === 'number' ? value : Number(value ?? 0) || 0;
}

function str(value: unknown): string {
  return value === undefined || value === null ? '' : String(value);
}

function roundQuantity(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/** A JS number as plain decimal text ("12.5", never "1e-7"), for the exact money helpers. */
export function decimalText(value: number): string {
  if (Number.isInteger(value)) return String(value);
  const text = value.toFixed(9).replace(/0+$/, '').replace(/\.$/, '');
  return text === '-0' ? '0' : text;
}
