import { z } from 'zod';
import { ConnectorError } from '../shared/connectorError.js';
import { X3Date, X3Decimal, X3Instant, X3Integer, X3Text } from './codecs/shared.js';
import type { SageX3ConnectionSettings } from './settings.js';

/** One record as api1 sends it: bare field codes, `$`-prefixed meta. Codecs parse the fields they read. */
export const X3Resource = z.record(z.string(), z.unknown());
export type X3Resource = z.infer<typeof X3Resource>;

/** A `$query` feed: the rows and the `$next` link that pages by key (`key=gt.{lastKey}`), absent on the last page. */
export const X3Feed = z.object({
  $itemsPerPage: z.number().int().optional(),
  $totalResults: z.number().int().optional(),
  $resources: z.array(X3Resource),
  $links: z
    .object({ $next: z.object({ $url: z.string().min(1) }).optional() })
    .loose()
    .optional(),
});
export type X3Feed = z.infer<typeof X3Feed>;

/** A GraphQL answer: `data`, and `errors` when X3 refused part of it (an X3 diagnosis becomes an error). */
export const GraphqlAnswer = z.object({
  data: z.unknown().optional(),
  errors: z.array(z.object({ message: z.string() }).loose()).optional(),
});

/** Syracuse's error body: `{"$diagnoses":[{"$severity":"error","$message":"…"}]}` (UNCONFIRMED for api1). */
const Diagnoses = z.object({
  $diagnoses: z.array(z.object({ $severity: z.string().optional(), $message: z.string() }).loose()).min(1),
});

/** The messages of an X3 error body, joined; undefined when the body has none (then the raw text is used). */
export function diagnosesOf(body: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  const result = Diagnoses.safeParse(parsed);
  if (result.success) return result.data.$diagnoses.map((diagnosis) => diagnosis.$message).join(' ');
  const graphql = GraphqlAnswer.safeParse(parsed);
  const errors = graphql.success ? (graphql.data.errors ?? []) : [];
  return errors.length === 0 ? undefined : errors.map((error) => error.message).join(' ');
}

/** Parses part of an X3 answer; a mismatch is one ConnectorError naming Sage X3, the class and the fields. */
export function parseWire<S extends z.ZodType>(schema: S, body: unknown, className: string, what: string): z.infer<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  throw malformed(className, what, describe(parsed.error));
}

export function malformed(className: string, what: string, issues: string): ConnectorError {
  return new ConnectorError({
    kind: 'validation',
    system: 'sagex3',
    message: `Sage X3 answered the ${what} of ${className} with a response Counterpart does not understand (${issues}); check the representation and field settings of the connection, or report it with this message.`,
    systemMessage: issues,
    context: { class: className, operation: what },
  });
}

function describe(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
    .join('; ');
}

/** The technical stamps of a record: when it last changed (mandatory: incremental reads rest on it) and its tick. */
export function stampsOf(
  resource: X3Resource,
  settings: SageX3ConnectionSettings,
  className: string,
): { updatedAt: string; createdAt: string | undefined; version: string | undefined } {
  const schema = z.object({
    [settings.updateStampField]: X3Instant,
    CREDATTIM: X3Instant.optional(),
    ...(settings.versionField === '' ? {} : { [settings.versionField]: X3Integer.optional() }),
  });
  const stamps = parseWire(schema, resource, className, 'record stamps') as Record<string, unknown>;
  const version = settings.versionField === '' ? undefined : stamps[settings.versionField];
  return {
    updatedAt: String(stamps[settings.updateStampField]),
    createdAt: typeof stamps.CREDATTIM === 'string' ? stamps.CREDATTIM : undefined,
    version: typeof version === 'number' ? String(version) : undefined,
  };
}

/** The external-key user field (ZEXTKEY), when the connection uses one and the record fills it. */
export function externalKeyOf(resource: X3Resource, settings: SageX3ConnectionSettings): string | undefined {
  if (settings.externalKeyField === '') return undefined;
  const value = resource[settings.externalKeyField];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** The embedded child table of a `$details` record (lines, addresses), each line parsed. */
export function childLinesOf<S extends z.ZodType>(
  resource: X3Resource,
  arrayName: string,
  schema: S,
  className: string,
): z.infer<S>[] {
  const raw = resource[arrayName];
  if (raw === undefined) return [];
  return parseWire(z.array(schema), raw, className, `${arrayName} lines`);
}

export const CustomerWire = z
  .object({
    BPCNUM: z.string().trim().min(1),
    BPCNAM: X3Text,
    BPCSTA: X3Integer.optional(),
    CUR: X3Text,
    PTE: X3Text,
    OSTAUZ: X3Decimal.optional(),
    EECNUM: X3Text,
    CRN: X3Text,
    BPAADD: X3Text,
  })
  .loose();

export const SupplierWire = z
  .object({
    BPSNUM: z.string().trim().min(1),
    BPSNAM: X3Text,
    BPSSTA: X3Integer.optional(),
    CUR: X3Text,
    PTE: X3Text,
    EECNUM: X3Text,
    BPAADD: X3Text,
  })
  .loose();

export const AddressWire = z
  .object({
    BPAADD: X3Text,
    BPADES: X3Text,
    BPAADDLIG: z.union([z.array(z.string()), z.string().transform((line) => [line])]).optional(),
    POSCOD: X3Text,
    CTY: X3Text,
    SAT: X3Text,
    CRY: X3Text,
    TEL: X3Text,
    WEB: X3Text,
    BPAADDFLG: X3Integer.optional(),
  })
  .loose();
export type AddressWire = z.infer<typeof AddressWire>;

export const ProductWire = z
  .object({
    ITMREF: z.string().trim().min(1),
    ITMDES1: X3Text,
    ITMDES2: X3Text,
    TCLCOD: X3Text,
    ITMSTA: X3Integer.optional(),
    SAU: X3Text,
    BASPRI: X3Decimal.optional(),
    VACITM: X3Text,
  })
  .loose();

export const OrderWire = z
  .object({
    SOHNUM: z.string().trim().min(1),
    BPCORD: z.string().trim().min(1),
    BPCNAM: X3Text,
    ORDDAT: X3Date,
    CUSORDREF: X3Text,
    CUR: z
      .string()
      .trim()
      .regex(/^[A-Z]{3}$/, 'a currency code'),
    SHIDAT: X3Date,
    DEMDLVDAT: X3Date,
    ORDINVNOT: X3Decimal.optional(),
    ORDINVATI: X3Decimal.optional(),
    ORDSTA: X3Integer.optional(),
    DLVSTA: X3Integer.optional(),
    INVSTA: X3Integer.optional(),
  })
  .loose();

export const OrderLineWire = z
  .object({
    SOPLIN: X3Integer.optional(),
    ITMREF: X3Text,
    ITMDES: X3Text,
    QTY: X3Decimal,
    GROPRI: X3Decimal.optional(),
    NETPRI: X3Decimal.optional(),
    VAT: X3Text,
    LINAMT: X3Decimal.optional(),
    LINATIAMT: X3Decimal.optional(),
  })
  .loose();

export const InvoiceWire = z
  .object({
    NUM: z.string().trim().min(1),
    INVTYP: X3Integer.optional(),
    BPR: z.string().trim().min(1),
    INVDAT: X3Date,
    DUDDAT: X3Date,
    CUR: z
      .string()
      .trim()
      .regex(/^[A-Z]{3}$/, 'a currency code'),
    SOHNUM: X3Text,
    BPCINVREF: X3Text,
    AMTNOT: X3Decimal.optional(),
    AMTATI: X3Decimal.optional(),
    STA: X3Integer.optional(),
  })
  .loose();

export const InvoiceLineWire = z
  .object({
    SIDLIN: X3Integer.optional(),
    ITMREF: X3Text,
    ITMDES: X3Text,
    QTY: X3Decimal,
    NETPRI: X3Decimal.optional(),
    VAT: X3Text,
    AMTNOTLIN: X3Decimal.optional(),
    AMTATILIN: X3Decimal.optional(),
  })
  .loose();

export const OpenItemWire = z
  .object({
    NUM: z.string().trim().min(1),
    DUDLIG: X3Integer.optional(),
    AMTCUR: X3Decimal.optional(),
    PAYCUR: X3Decimal.optional(),
    FLGCLE: X3Integer.optional(),
  })
  .loose();
export type OpenItemWire = z.infer<typeof OpenItemWire>;

export const PaymentWire = z
  .object({
    NUM: z.string().trim().min(1),
    PAYTYP: X3Text,
    BPR: X3Text,
    ACCDAT: X3Date,
    CUR: z
      .string()
      .trim()
      .regex(/^[A-Z]{3}$/, 'a currency code'),
    AMTCUR: X3Decimal,
    BAN: X3Text,
    PAM: X3Text,
    REF: X3Text,
    STA: X3Integer.optional(),
  })
  .loose();

export const PaymentLineWire = z
  .object({
    PYDLIN: X3Integer.optional(),
    VCRTYP: X3Text,
    VCRNUM: z.string().trim().min(1),
    AMTLIN: X3Decimal,
  })
  .loose();

export const AccountWire = z
  .object({
    COA: z.string().trim().min(1),
    ACC: z.string().trim().min(1),
    DES: X3Text,
    ACCTYP: X3Integer.optional(),
    ENAFLG: X3Integer.optional(),
  })
  .loose();

export const TaxCodeWire = z
  .object({
    VAT: z.string().trim().min(1),
    DES: X3Text,
    VATRAT: X3Decimal,
    ENAFLG: X3Integer.optional(),
  })
  .loose();
