/**
 * The X3 classes the sandbox serves, described once: their fields (bare representation codes, no `_0` suffix),
 * keys, local-menu integers and the embedded child table. Routes, validation, `$prototypes`, `$template`, the where
 * parser and the seed loader all read this registry.
 */

export type FieldType = 'string' | 'integer' | 'decimal' | 'date' | 'datetime' | 'strings' | 'decimals';

export interface FieldSpec {
  readonly type: FieldType;
  readonly title: string;
  readonly maxLength?: number;
  readonly mandatory?: boolean;
  /** Local menu number and the integers it allows (1 = No / 2 = Yes for menu 1). */
  readonly menu?: { readonly number: number; readonly values: readonly number[] };
  /** Value `$template` shows and a create uses when the field is left out. */
  readonly default?: string | number;
  /** Set by the server (totals, statuses, quantities moved by deliveries and invoices): ignored on write. */
  readonly computed?: boolean;
}

export type Fields = Readonly<Record<string, FieldSpec>>;

export interface ChildSpec {
  /** Settings key for the array's name (`childArrayNames`). */
  readonly arraySetting: ChildArrayClass;
  /** Line-number field, numbered 1000, 2000… like X3 when the client leaves it out. */
  readonly lineField: string;
  readonly fields: Fields;
}

export type ChildArrayClass = 'BPCUSTOMER' | 'BPSUPPLIER' | 'SORDER' | 'SDELIVERY' | 'SINVOICE' | 'PAYMENTH';

export interface ClassSpec {
  readonly name: string;
  readonly title: string;
  /** Key fields; a composite key is written `SEG1~SEG2` in `('…')`. */
  readonly keys: readonly string[];
  readonly fields: Fields;
  /** Header fields returned by the `$query` facet (and usable in where/orderBy); `$details` returns all. */
  readonly queryFields: readonly string[];
  readonly child?: ChildSpec;
  /** Settings key of the prefix used to number new records when the client sends no key. */
  readonly numbered?: 'BPCUSTOMER' | 'BPSUPPLIER' | 'SORDER' | 'SDELIVERY' | 'SINVOICE' | 'PAYMENTH';
}

const YES_NO = { number: 1, values: [1, 2] } as const;

const str = (title: string, maxLength: number, extra: Partial<FieldSpec> = {}): FieldSpec => ({
  type: 'string',
  title,
  maxLength,
  ...extra,
});
const dec = (title: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({ type: 'decimal', title, ...extra });
const int = (title: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({ type: 'integer', title, ...extra });
const date = (title: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({ type: 'date', title, ...extra });

/** Technical columns every X3 table carries; the REST layer shows them read-only (exact set varies by version). */
export const TECHNICAL_FIELDS: Fields = {
  CREDATTIM: { type: 'datetime', title: 'Creation date-time', computed: true },
  UPDDATTIM: { type: 'datetime', title: 'Last update date-time', computed: true },
  UPDTICK: { type: 'integer', title: 'Update tick', computed: true },
  CREUSR: { type: 'string', title: 'Created by', maxLength: 10, computed: true },
  UPDUSR: { type: 'string', title: 'Updated by', maxLength: 10, computed: true },
};

const ADDRESS_FIELDS: Fields = {
  BPAADD: str('Address code', 5, { mandatory: true }),
  BPADES: str('Description', 30),
  BPAADDLIG: { type: 'strings', title: 'Address lines', maxLength: 50 },
  POSCOD: str('Postal code', 10),
  CTY: str('City', 40),
  SAT: str('County/state', 35),
  CRY: str('Country', 3),
  CRYNAM: str('Country name', 40),
  TEL: str('Telephone', 40),
  WEB: str('E-mail', 80),
  BPAADDFLG: int('Default address', { menu: YES_NO, default: 1 }),
};

export const CLASSES: Readonly<Record<string, ClassSpec>> = {
  BPCUSTOMER: {
    name: 'BPCUSTOMER',
    title: 'Customers',
    keys: ['BPCNUM'],
    numbered: 'BPCUSTOMER',
    fields: {
      BPCNUM: str('Customer', 15, { mandatory: true }),
      BPCNAM: str('Company name', 35, { mandatory: true }),
      BPCSHO: str('Short title', 10),
      BPCSTA: int('Active', { menu: YES_NO, default: 2 }),
      BCGCOD: str('Category', 5, { default: 'COM' }),
      CUR: str('Currency', 3, { default: 'GBP' }),
      VACBPR: str('Tax rule', 5, { default: 'DOM' }),
      PTE: str('Payment term', 15, { default: '30NET' }),
      PRITYP: int('Price type', { menu: { number: 243, values: [1, 2] }, default: 1 }),
      OSTCTL: int('Credit control', { menu: { number: 2405, values: [1, 2, 3] }, default: 1 }),
      OSTAUZ: dec('Authorized credit', { default: 0 }),
      BPCINV: str('Bill-to customer', 15),
      BPCPYR: str('Pay-by', 15),
      BPAADD: str('Default address', 5),
      CNTNAM: str('Default contact', 15),
      CHGTYP: int('Rate type', { menu: { number: 202, values: [1, 2, 3] }, default: 1 }),
      CRY: str('Country', 3, { default: 'GB' }),
      EECNUM: str('EU VAT no.', 20),
      CRN: str('Company registration', 20),
      BPCREM: str('Notes', 250),
      // User fields (sites add Z… fields): the code other systems know the customer by, and the sales rep.
      ZEXTKEY: str('External key', 30),
      ZSALESREP: str('Sales rep', 10),
    },
    queryFields: [
      'BPCNUM',
      'BPCNAM',
      'BPCSHO',
      'BPCSTA',
      'BCGCOD',
      'CUR',
      'VACBPR',
      'PTE',
      'CRY',
      'OSTAUZ',
      'EECNUM',
      'ZEXTKEY',
    ],
    child: { arraySetting: 'BPCUSTOMER', lineField: 'BPAADD', fields: ADDRESS_FIELDS },
  },
  BPSUPPLIER: {
    name: 'BPSUPPLIER',
    title: 'Suppliers',
    keys: ['BPSNUM'],
    numbered: 'BPSUPPLIER',
    fields: {
      BPSNUM: str('Supplier', 15, { mandatory: true }),
      BPSNAM: str('Company name', 35, { mandatory: true }),
      BPSSHO: str('Short title', 10),
      BPSSTA: int('Active', { menu: YES_NO, default: 2 }),
      BSGCOD: str('Category', 5, { default: 'SUP' }),
      CUR: str('Currency', 3, { default: 'GBP' }),
      VACBPR: str('Tax rule', 5, { default: 'DOM' }),
      PTE: str('Payment term', 15, { default: '30NET' }),
      BPAADD: str('Default address', 5),
      CRY: str('Country', 3, { default: 'GB' }),
      EECNUM: str('EU VAT no.', 20),
      ZEXTKEY: str('External key', 30),
    },
    queryFields: ['BPSNUM', 'BPSNAM', 'BPSSHO', 'BPSSTA', 'BSGCOD', 'CUR', 'VACBPR', 'PTE', 'CRY', 'ZEXTKEY'],
    child: { arraySetting: 'BPSUPPLIER', lineField: 'BPAADD', fields: ADDRESS_FIELDS },
  },
  ITMMASTER: {
    name: 'ITMMASTER',
    title: 'Products',
    keys: ['ITMREF'],
    fields: {
      ITMREF: str('Product', 20, { mandatory: true }),
      ITMDES1: str('Description', 30, { mandatory: true }),
      ITMDES2: str('Description 2', 30),
      TCLCOD: str('Category', 5, { default: 'FIN' }),
      ITMSTA: int('Product status', { menu: { number: 246, values: [1, 2, 3, 4, 5, 6] }, default: 1 }),
      STU: str('Stock unit', 3, { default: 'UN' }),
      SAU: str('Sales unit', 3, { default: 'UN' }),
      PUU: str('Purchase unit', 3, { default: 'UN' }),
      BASPRI: dec('Base price', { default: 0 }),
      VACITM: str('Tax level', 5, { default: 'NOR' }),
      EANCOD: str('EAN code', 20),
    },
    queryFields: ['ITMREF', 'ITMDES1', 'TCLCOD', 'ITMSTA', 'SAU', 'BASPRI', 'VACITM'],
  },
  SORDER: {
    name: 'SORDER',
    title: 'Sales orders',
    keys: ['SOHNUM'],
    numbered: 'SORDER',
    fields: {
      SOHNUM: str('Order no.', 20, { mandatory: true }),
      SOHTYP: str('Order type', 5, { default: 'SON' }),
      SALFCY: str('Sales site', 5, { default: 'UK011' }),
      STOFCY: str('Shipping site', 5, { default: 'UK011' }),
      BPCORD: str('Sold-to', 15, { mandatory: true }),
      BPCINV: str('Bill-to customer', 15),
      BPCPYR: str('Pay-by', 15),
      BPCNAM: str('Customer name', 35),
      ORDDAT: date('Order date', { mandatory: true }),
      CUSORDREF: str('Customer order ref.', 30),
      CUR: str('Currency', 3, { default: 'GBP' }),
      SHIDAT: date('Shipment date'),
      DEMDLVDAT: date('Requested delivery date'),
      ORDINVNOT: dec('Order amount excl. tax', { computed: true }),
      ORDINVATI: dec('Order amount incl. tax', { computed: true }),
      ORDSTA: int('Order status', { menu: { number: 415, values: [1, 2] }, computed: true }),
      ALLSTA: int('Allocation status', { menu: { number: 416, values: [1, 2, 3] }, computed: true }),
      DLVSTA: int('Delivery status', { menu: { number: 417, values: [1, 2, 3] }, computed: true }),
      INVSTA: int('Invoice status', { menu: { number: 418, values: [1, 2, 3] }, computed: true }),
      ZEXTKEY: str('External key', 30),
    },
    queryFields: [
      'SOHNUM',
      'SOHTYP',
      'SALFCY',
      'BPCORD',
      'BPCNAM',
      'ORDDAT',
      'CUSORDREF',
      'CUR',
      'ORDINVNOT',
      'ORDINVATI',
      'ORDSTA',
      'DLVSTA',
      'INVSTA',
      'ZEXTKEY',
    ],
    child: {
      arraySetting: 'SORDER',
      lineField: 'SOPLIN',
      fields: {
        SOPLIN: int('Line'),
        ITMREF: str('Product', 20, { mandatory: true }),
        ITMDES: str('Description', 30),
        SAU: str('Sales unit', 3),
        QTY: dec('Ordered quantity', { mandatory: true }),
        GROPRI: dec('Gross price'),
        NETPRI: dec('Net price'),
        VACITM: str('Tax level', 5),
        VAT: str('Tax code', 5),
        LINAMT: dec('Line amount excl. tax', { computed: true }),
        LINATIAMT: dec('Line amount incl. tax', { computed: true }),
        DLVQTY: dec('Delivered quantity', { computed: true }),
        INVQTY: dec('Invoiced quantity', { computed: true }),
      },
    },
  },
  SDELIVERY: {
    name: 'SDELIVERY',
    title: 'Deliveries',
    keys: ['SDHNUM'],
    numbered: 'SDELIVERY',
    fields: {
      SDHNUM: str('Delivery no.', 20, { mandatory: true }),
      SDHTYP: str('Delivery type', 5, { default: 'SDN' }),
      STOFCY: str('Shipping site', 5, { default: 'UK011' }),
      SALFCY: str('Sales site', 5, { default: 'UK011' }),
      BPCORD: str('Ship-to customer', 15),
      BPCINV: str('Bill-to customer', 15),
      SOHNUM: str('Order no.', 20),
      SHIDAT: date('Shipment date', { mandatory: true }),
      DLVDAT: date('Delivery date'),
      CUR: str('Currency', 3),
      CFMFLG: int('Validated', { menu: YES_NO, default: 2 }),
      INVFLG: int('Invoiced', { menu: YES_NO, computed: true }),
    },
    queryFields: ['SDHNUM', 'SDHTYP', 'BPCORD', 'SOHNUM', 'SHIDAT', 'DLVDAT', 'CFMFLG', 'INVFLG'],
    child: {
      arraySetting: 'SDELIVERY',
      lineField: 'SDDLIN',
      fields: {
        SDDLIN: int('Line'),
        SOHNUM: str('Order no.', 20),
        SOPLIN: int('Order line'),
        ITMREF: str('Product', 20),
        QTY: dec('Delivered quantity', { mandatory: true }),
      },
    },
  },
  SINVOICE: {
    name: 'SINVOICE',
    title: 'Sales invoices',
    keys: ['NUM'],
    numbered: 'SINVOICE',
    fields: {
      NUM: str('Invoice no.', 20, { mandatory: true }),
      SIVTYP: str('Invoice type', 5, { default: 'INV' }),
      INVTYP: int('Category', { menu: { number: 645, values: [1, 2, 3, 4] }, default: 1 }),
      CPY: str('Company', 5, { default: 'UK10' }),
      FCY: str('Site', 5, { default: 'UK011' }),
      BPR: str('Bill-to BP', 15, { mandatory: true }),
      BPRPAY: str('Pay-by BP', 15),
      BPCINV: str('Bill-to customer', 15),
      INVDAT: date('Invoice date', { mandatory: true }),
      ACCDAT: date('Accounting date'),
      DUDDAT: date('Due date'),
      CUR: str('Currency', 3, { default: 'GBP' }),
      PTE: str('Payment term', 15),
      GTE: str('Entry type', 5, { default: 'SIH' }),
      ORIMOD: int('Origin module', { default: 5 }),
      SOHNUM: str('Order no.', 20),
      SDHNUM: str('Delivery no.', 20),
      BPCINVREF: str('Customer reference', 30),
      AMTNOT: dec('Amount excl. tax', { computed: true }),
      AMTATI: dec('Amount incl. tax', { computed: true }),
      AMTTAX: { type: 'decimals', title: 'Tax amounts', computed: true },
      STA: int('Status', { menu: { number: 2425, values: [1, 2, 3] } }),
      ZEXTKEY: str('External key', 30),
    },
    queryFields: [
      'NUM',
      'SIVTYP',
      'INVTYP',
      'BPR',
      'BPCINV',
      'INVDAT',
      'ACCDAT',
      'DUDDAT',
      'CUR',
      'AMTNOT',
      'AMTATI',
      'STA',
      'SOHNUM',
      'ZEXTKEY',
    ],
    child: {
      arraySetting: 'SINVOICE',
      lineField: 'SIDLIN',
      fields: {
        SIDLIN: int('Line'),
        SOHNUM: str('Order no.', 20),
        SOPLIN: int('Order line'),
        SDHNUM: str('Delivery no.', 20),
        ITMREF: str('Product', 20, { mandatory: true }),
        ITMDES: str('Description', 30),
        QTY: dec('Invoiced quantity', { mandatory: true }),
        NETPRI: dec('Net price'),
        VAT: str('Tax code', 5),
        AMTNOTLIN: dec('Line amount excl. tax', { computed: true }),
        AMTATILIN: dec('Line amount incl. tax', { computed: true }),
      },
    },
  },
  PAYMENTH: {
    name: 'PAYMENTH',
    title: 'Customer payments',
    keys: ['NUM'],
    numbered: 'PAYMENTH',
    fields: {
      NUM: str('Payment no.', 20, { mandatory: true }),
      PAYTYP: str('Transaction', 5, { default: 'RECCU' }),
      BPR: str('Business partner', 15, { mandatory: true }),
      BPRTYP: int('BP type', { default: 1 }),
      ACCDAT: date('Accounting date', { mandatory: true }),
      CUR: str('Currency', 3, { default: 'GBP' }),
      AMTCUR: dec('Amount', { mandatory: true }),
      BAN: str('Bank', 10, { default: 'BANK1' }),
      PAM: str('Payment method', 5, { default: 'TRF' }),
      REF: str('Reference', 30),
      STA: int('Status', { computed: true }),
    },
    queryFields: ['NUM', 'PAYTYP', 'BPR', 'ACCDAT', 'CUR', 'AMTCUR', 'BAN', 'PAM', 'REF', 'STA'],
    child: {
      arraySetting: 'PAYMENTH',
      lineField: 'PYDLIN',
      fields: {
        PYDLIN: int('Line'),
        VCRTYP: str('Document type', 5, { default: 'SIH' }),
        VCRNUM: str('Document no.', 20, { mandatory: true }),
        AMTLIN: dec('Amount', { mandatory: true }),
      },
    },
  },
  GACCDUDATE: {
    name: 'GACCDUDATE',
    title: 'Open items',
    keys: ['NUM', 'DUDLIG'],
    fields: {
      TYP: str('Entry type', 5),
      NUM: str('Document no.', 20, { mandatory: true }),
      DUDLIG: int('Due date line', { mandatory: true }),
      BPR: str('Business partner', 15),
      CUR: str('Currency', 3),
      DUDDAT: date('Due date'),
      AMTCUR: dec('Amount'),
      PAYCUR: dec('Paid amount', { computed: true }),
      FLGCLE: int('Closed', { computed: true }),
    },
    queryFields: ['TYP', 'NUM', 'DUDLIG', 'BPR', 'CUR', 'DUDDAT', 'AMTCUR', 'PAYCUR', 'FLGCLE'],
  },
  GACCOUNT: {
    name: 'GACCOUNT',
    title: 'GL accounts',
    keys: ['COA', 'ACC'],
    fields: {
      COA: str('Chart of accounts', 10, { mandatory: true }),
      ACC: str('Account', 20, { mandatory: true }),
      DES: str('Description', 30, { mandatory: true }),
      SHO: str('Short title', 10),
      ACCTYP: int('Account type', { menu: { number: 2511, values: [1, 2, 3, 4, 5] }, default: 1 }),
      ENAFLG: int('Active', { menu: YES_NO, default: 2 }),
    },
    queryFields: ['COA', 'ACC', 'DES', 'SHO', 'ACCTYP', 'ENAFLG'],
  },
  TABVAT: {
    name: 'TABVAT',
    title: 'Tax codes',
    keys: ['VAT'],
    fields: {
      VAT: str('Tax code', 5, { mandatory: true }),
      DES: str('Description', 30, { mandatory: true }),
      SHO: str('Short title', 10),
      LEG: str('Legislation', 20, { default: 'GBR' }),
      // X3 keeps dated rates in TABRATVAT; the sandbox holds the current rate on the code (a simplification).
      VATRAT: dec('Rate %', { mandatory: true }),
      ENAFLG: int('Active', { menu: YES_NO, default: 2 }),
    },
    queryFields: ['VAT', 'DES', 'SHO', 'LEG', 'VATRAT', 'ENAFLG'],
  },
};

export function classSpec(name: string): ClassSpec | undefined {
  return Object.hasOwn(CLASSES, name) ? CLASSES[name] : undefined;
}

/** Every property a `$details` read shows (header, technical), for where/orderBy checks too. */
export function headerField(spec: ClassSpec, name: string): FieldSpec | undefined {
  if (Object.hasOwn(spec.fields, name)) return spec.fields[name];
  if (Object.hasOwn(TECHNICAL_FIELDS, name)) return TECHNICAL_FIELDS[name];
  return undefined;
}

/** Properties of the `$query` facet: where and orderBy may use only these (plus the technical stamps). */
export function queryField(spec: ClassSpec, name: string): FieldSpec | undefined {
  if (spec.queryFields.includes(name)) return spec.fields[name];
  if (Object.hasOwn(TECHNICAL_FIELDS, name)) return TECHNICAL_FIELDS[name];
  return undefined;
}
