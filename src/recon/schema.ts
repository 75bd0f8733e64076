import { z } from 'zod';

/** The kinds of record a reconciliation pairs. Credit notes share the invoice columns, bank lines the payment ones. */
export const Entity = z.enum(['invoices', 'credit-notes', 'payments', 'bank-lines', 'parties', 'products']);
export type Entity = z.infer<typeof Entity>;

export type FieldKind = 'text' | 'money' | 'date' | 'currency' | 'status';

export interface FieldSpec {
  readonly name: string;
  readonly kind: FieldKind;
  /** Header spellings seen in exports, compared after folding case, spaces and punctuation. */
  readonly synonyms: readonly string[];
}

function field(name: string, kind: FieldKind, synonyms: readonly string[] = []): FieldSpec {
  return { name, kind, synonyms };
}

const invoiceFields: readonly FieldSpec[] = [
  field('id', 'text', ['invoice id', 'invoiceid', 'record id', 'internal id', 'guid', 'uuid']),
  field('number', 'text', [
    'invoice number',
    'invoice no',
    'invoice #',
    'inv no',
    'doc number',
    'document number',
    'document no',
    'credit note number',
    'num',
    'no',
  ]),
  field('reference', 'text', [
    'ref',
    'your reference',
    'customer reference',
    'po',
    'po number',
    'purchase order',
    'description',
    'memo',
  ]),
  field('party_id', 'text', [
    'contact id',
    'customer id',
    'supplier id',
    'account id',
    'account code',
    'customer code',
    'supplier code',
    'bp code',
    'business partner',
  ]),
  field('party_name', 'text', [
    'contact',
    'contact name',
    'customer',
    'customer name',
    'supplier',
    'supplier name',
    'account name',
    'name',
    'payee',
    'payer',
    'company',
  ]),
  field('date', 'date', [
    'invoice date',
    'issue date',
    'document date',
    'doc date',
    'posting date',
    'txn date',
    'transaction date',
  ]),
  field('due_date', 'date', ['due', 'due on', 'payment due', 'payment due date']),
  field('currency', 'currency', ['currency code', 'ccy', 'cur']),
  field('net', 'money', [
    'net amount',
    'subtotal',
    'sub total',
    'amount excl tax',
    'amount ex vat',
    'excl vat',
    'net total',
    'goods',
  ]),
  field('tax', 'money', ['vat', 'tax amount', 'vat amount', 'total tax', 'gst']),
  field('total', 'money', [
    'gross',
    'gross amount',
    'total amount',
    'amount incl tax',
    'amount inc vat',
    'invoice total',
    'amount',
  ]),
  field('amount_paid', 'money', ['paid', 'amount paid', 'paid amount', 'payments']),
  field('status', 'status', ['state', 'invoice status', 'payment status']),
];

const paymentFields: readonly FieldSpec[] = [
  field('id', 'text', [
    'payment id',
    'transaction id',
    'txn id',
    'bank transaction id',
    'line id',
    'record id',
    'guid',
    'uuid',
  ]),
  field('date', 'date', ['payment date', 'transaction date', 'txn date', 'value date', 'posting date', 'booking date']),
  field('amount', 'money', ['value', 'payment amount', 'transaction amount', 'total', 'gross', 'sum']),
  field('currency', 'currency', ['currency code', 'ccy', 'cur']),
  field('reference', 'text', [
    'ref',
    'memo',
    'description',
    'narrative',
    'details',
    'payment reference',
    'particulars',
  ]),
  field('party_name', 'text', [
    'payee',
    'payer',
    'contact',
    'contact name',
    'customer',
    'supplier',
    'counterparty',
    'name',
    'account name',
  ]),
];

const partyFields: readonly FieldSpec[] = [
  field('id', 'text', ['contact id', 'customer id', 'supplier id', 'account id', 'record id', 'guid', 'uuid']),
  field('number', 'text', [
    'account number',
    'account code',
    'customer code',
    'supplier code',
    'code',
    'bp code',
    'account no',
  ]),
  field('name', 'text', [
    'party name',
    'contact name',
    'customer name',
    'supplier name',
    'company',
    'company name',
    'account name',
    'organisation',
    'organization',
  ]),
  field('email', 'text', ['email address', 'e-mail', 'mail']),
  field('tax_number', 'text', ['vat number', 'vat no', 'tax id', 'tax number', 'vat registration', 'company number']),
  field('postcode', 'text', ['postal code', 'post code', 'zip', 'zip code']),
  field('country', 'text', ['country code']),
];

const productFields: readonly FieldSpec[] = [
  field('id', 'text', ['product id', 'item id', 'record id', 'guid', 'uuid']),
  field('number', 'text', ['sku', 'item code', 'product code', 'code', 'part number', 'item number']),
  field('name', 'text', ['product name', 'item name', 'description', 'title']),
  field('unit_price', 'money', ['price', 'unit price', 'sales price', 'list price', 'unit amount']),
  field('currency', 'currency', ['currency code', 'ccy', 'cur']),
];

const fieldsByEntity: Readonly<Record<Entity, readonly FieldSpec[]>> = {
  invoices: invoiceFields,
  'credit-notes': invoiceFields,
  payments: paymentFields,
  'bank-lines': paymentFields,
  parties: partyFields,
  products: productFields,
};

export function fieldsOf(entity: Entity): readonly FieldSpec[] {
  return fieldsByEntity[entity];
}

/** The money column that stands for a record's value when pairing (total for invoices, amount for payments). */
export function amountFieldOf(entity: Entity): string | undefined {
  switch (entity) {
    case 'invoices':
    case 'credit-notes':
      return 'total';
    case 'payments':
    case 'bank-lines':
      return 'amount';
    case 'products':
      return 'unit_price';
    case 'parties':
      return undefined;
  }
}

/** The text column naming the counterparty (a record's party) or, for parties themselves, the name. */
export function partyFieldOf(entity: Entity): string {
  return entity === 'parties' || entity === 'products' ? 'name' : 'party_name';
}
