import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ENTITIES } from '../connectors/connector.js';
import { CounterpartError, describeError } from '../errors.js';
import { CalendarDate, CurrencyCode, DecimalText } from '../model/index.js';
import { compileExpression } from './expressions.js';
import { isWritablePath, parsePath } from './paths.js';
import { type MappingTables, TRANSFORMS } from './transforms/index.js';

export const MAPPING_SCHEMA = 'counterpart.mapping/1';

const Name = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'a name of letters, digits, "-" and "_"');

function pathProblem(path: string): string | undefined {
  try {
    parsePath(path);
    return undefined;
  } catch (error) {
    return describeError(error);
  }
}

const FieldPath = z.string().superRefine((path, ctx) => {
  const problem = pathProblem(path);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const TargetPath = FieldPath.refine((path) => pathProblem(path) !== undefined || isWritablePath(path), {
  message: 'a target path cannot contain [] (write to an index or [field=value])',
});

const Expression = z.string().superRefine((text, ctx) => {
  try {
    compileExpression(text);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: describeError(error) });
  }
});

/** `trim`, or `{truncate: 30}`, or `{lookup: taxCode, fallback: T0}`: the transform is named by its key. */
export const TransformSpec = z.union([z.string(), z.record(z.string(), z.unknown())]).transform((spec, ctx) => {
  const options = typeof spec === 'string' ? { [spec]: true } : spec;
  const name = Object.keys(options).find((key) => TRANSFORMS.has(key));
  const definition = name === undefined ? undefined : TRANSFORMS.get(name);
  if (name === undefined || definition === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: `names no transform; use one of ${[...TRANSFORMS.keys()].join(', ')}`,
    });
    return z.NEVER;
  }
  const parsed = definition.options.safeParse(options);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      ctx.addIssue({ code: 'custom', path: issue.path, message: `${name}: ${issue.message}` });
    }
    return z.NEVER;
  }
  // Kept as written (with defaults filled in), so a parsed document is itself a valid document to save or export.
  return parsed.data;
});
export type TransformSpec = Readonly<Record<string, unknown>>;

/** The transform a spec names: its first key that is a transform (option schemas list that key first). */
export function transformName(spec: TransformSpec): string {
  return Object.keys(spec).find((key) => TRANSFORMS.has(key)) ?? '';
}

export interface FieldRule {
  /** The target path written. */
  readonly to: string;
  readonly description?: string | undefined;
  /** A source path, or several (joined with `join`, or the first present with `coalesce`). */
  readonly from?: string | readonly string[] | undefined;
  /** A constant. */
  readonly value?: unknown;
  /** A JSONata expression on the source record (or list element). */
  readonly expr?: string | undefined;
  /** A list mapped element by element (document lines, contacts, addresses). */
  readonly each?: EachRule | undefined;
  readonly transforms: readonly TransformSpec[];
  readonly default?: unknown;
  readonly required: boolean;
  /** The rule applies only when this expression holds. */
  readonly when?: string | undefined;
}

export interface EachRule {
  readonly from: string;
  readonly when?: string | undefined;
  readonly fields: readonly FieldRule[];
}

const SOURCES = ['from', 'value', 'expr', 'each'] as const;

/** A rule written as a bare path (`taxNumber`) copies that field as it is. */
const copyShorthand = (rule: unknown) => (typeof rule === 'string' ? { to: rule, from: rule } : rule);

const FieldRuleSchema: z.ZodType<FieldRule, unknown> = z.lazy(() =>
  z.preprocess(
    copyShorthand,
    z
      .object({
        to: TargetPath,
        description: z.string().optional(),
        from: z.union([FieldPath, z.array(FieldPath).min(1)]).optional(),
        value: z.unknown().optional(),
        expr: Expression.optional(),
        each: z
          .object({
            from: FieldPath,
            when: Expression.optional(),
            fields: z.preprocess(spliceLists, z.array(FieldRuleSchema).min(1)),
          })
          .strict()
          .optional(),
        transforms: z.array(TransformSpec).default([]),
        default: z.unknown().optional(),
        required: z.boolean().default(false),
        when: Expression.optional(),
      })
      .strict()
      .superRefine((rule, ctx) => {
        const given = SOURCES.filter((source) => rule[source] !== undefined);
        if (given.length !== 1 && !(given.length === 0 && rule.default !== undefined)) {
          ctx.addIssue({
            code: 'custom',
            message: `a rule takes its value from exactly one of from, value, expr or each${given.length > 1 ? ` (this one has ${given.join(' and ')})` : ''}`,
          });
        }
      }),
  ),
);

function spliceLists(rules: unknown): unknown {
  return Array.isArray(rules) ? rules.flatMap((rule) => (Array.isArray(rule) ? rule : [rule])) : rules;
}

const Side = z.enum(['accounting', 'erp']);
const EntityName = z.enum(ENTITIES);
const SystemOfRecordValue = z.enum(['accounting', 'erp', 'either']);

const Flow = z
  .object({
    id: Name,
    description: z.string().min(1),
    from: z.object({ side: Side, entity: EntityName }).strict(),
    to: z.object({ side: Side, entity: EntityName }).strict(),
    operation: z.enum(['upsert', 'create', 'update']),
    key: z.object({ source: FieldPath, target: FieldPath }).strict().optional(),
    dependsOn: z.array(Name).default([]),
    when: Expression.optional(),
    updates: z.object({ flow: Name }).strict().optional(),
    /** Only for these systems (a generic template's invoice flow needs an ERP that has invoices). */
    onlyFor: z
      .object({
        accounting: z.array(z.enum(['xero', 'kashflow'])).optional(),
        erp: z.array(z.enum(['sagex3', 'salesforce'])).optional(),
      })
      .strict()
      .optional(),
    systemOfRecord: z.record(z.string().min(1), SystemOfRecordValue).default({}),
    /**
     * References the target must be able to resolve (party, product, document, salesOrder); an `optional` one that
     * has no counterpart yet is written by code and name only.
     */
    references: z
      .partialRecord(z.enum(['party', 'product', 'document', 'salesOrder']), z.enum(['required', 'optional']))
      .default({}),
    // A list of rules may include a shared list (a YAML alias of `definitions`): it is spliced in place.
    fields: z.preprocess(spliceLists, z.array(FieldRuleSchema).min(1)),
  })
  .strict()
  .superRefine((flow, ctx) => {
    if (flow.from.side === flow.to.side) {
      ctx.addIssue({ code: 'custom', path: ['to', 'side'], message: 'a flow goes from one side to the other' });
    }
    if ((flow.operation === 'update') !== (flow.updates !== undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['updates'],
        message:
          'an update (write-back) flow names the flow whose records it updates in updates.flow, and only it does',
      });
    }
  });
export type MappingFlow = z.output<typeof Flow>;

const AccountingSystem = z.enum(['xero', 'kashflow', 'any']);
const ErpSystem = z.enum(['sagex3', 'salesforce', 'any']);

const Rates = z
  .object({
    source: z.string().min(1),
    entries: z.array(
      z
        .object({
          from: CurrencyCode,
          to: CurrencyCode,
          date: CalendarDate,
          rate: DecimalText.refine((rate) => !rate.startsWith('-') && /[1-9]/.test(rate), 'a rate above zero'),
        })
        .strict(),
    ),
  })
  .strict();

export const MappingDocumentSchema = z
  .object({
    schema: z.literal(MAPPING_SCHEMA),
    id: Name,
    name: z.string().min(1),
    version: z.number().int().positive(),
    description: z.string().optional(),
    /** `any` in a template written for every system of that side (generic.yaml). */
    systems: z.object({ accounting: AccountingSystem, erp: ErpSystem }).strict(),
    lookups: z.record(Name, z.record(z.string(), z.string())).default({}),
    statusMaps: z
      .record(
        Name,
        z
          .object({
            description: z.string().optional(),
            entries: z.record(z.string(), z.string()),
            otherwise: z.string().optional(),
          })
          .strict(),
      )
      .default({}),
    rates: Rates.optional(),
    /** Anything a document wants to reuse through YAML anchors (shared field lists); not read otherwise. */
    definitions: z.record(z.string(), z.unknown()).optional(),
    flows: z.array(Flow).min(1),
  })
  .strict()
  .superRefine(checkReferences);
export type MappingDocument = z.output<typeof MappingDocumentSchema>;

type Issues = z.core.$RefinementCtx<unknown>;

/** Names that must exist elsewhere in the document: flows depended on and updated, tables transforms read. */
function checkReferences(document: z.output<z.ZodObject>, ctx: Issues): void {
  const doc = document as unknown as MappingDocument;
  const ids = new Set<string>();
  doc.flows.forEach((flow, index) => {
    if (ids.has(flow.id))
      ctx.addIssue({ code: 'custom', path: ['flows', index, 'id'], message: `flow id "${flow.id}" is used twice` });
    ids.add(flow.id);
  });
  doc.flows.forEach((flow, index) => {
    flow.dependsOn.forEach((dependency, position) => {
      if (!ids.has(dependency)) {
        ctx.addIssue({
          code: 'custom',
          path: ['flows', index, 'dependsOn', position],
          message: `there is no flow "${dependency}"`,
        });
      }
    });
    if (flow.updates && !ids.has(flow.updates.flow)) {
      ctx.addIssue({
        code: 'custom',
        path: ['flows', index, 'updates', 'flow'],
        message: `there is no flow "${flow.updates.flow}"`,
      });
    }
    checkRuleTables(flow.fields, doc, ['flows', index, 'fields'], ctx);
  });
}

function checkRuleTables(rules: readonly FieldRule[], tables: MappingTables, path: PropertyKey[], ctx: Issues): void {
  rules.forEach((rule, index) => {
    rule.transforms.forEach((transform, position) => {
      const problem = TRANSFORMS.get(transformName(transform))?.check?.(transform, tables);
      if (problem) ctx.addIssue({ code: 'custom', path: [...path, index, 'transforms', position], message: problem });
    });
    if (rule.each) checkRuleTables(rule.each.fields, tables, [...path, index, 'each', 'fields'], ctx);
  });
}

/** One problem in a mapping document, located for the editor: the flow it is in and the path inside the document. */
export interface MappingDocumentIssue {
  readonly flow?: string | undefined;
  /** e.g. `flows[2].fields[3].transforms[0]`. */
  readonly path: string;
  readonly message: string;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (text, step) => (typeof step === 'number' ? `${text}[${step}]` : text ? `${text}.${String(step)}` : String(step)),
    '',
  );
}

function issuesOf(error: z.ZodError, input: unknown): MappingDocumentIssue[] {
  const flows = (input as { flows?: unknown } | null)?.flows;
  return error.issues.map((issue) => {
    const flowIndex = issue.path[0] === 'flows' && typeof issue.path[1] === 'number' ? issue.path[1] : undefined;
    const flowId =
      flowIndex === undefined || !Array.isArray(flows) ? undefined : (flows[flowIndex] as { id?: unknown })?.id;
    return {
      ...(flowIndex === undefined ? {} : { flow: typeof flowId === 'string' ? flowId : `#${flowIndex + 1}` }),
      path: formatPath(issue.path) || '(document)',
      message: issue.message,
    };
  });
}

function documentName(input: unknown, origin: string): string {
  const id = (input as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? `"${id}" (${origin})` : origin;
}

export type MappingDocumentCheck =
  | { readonly ok: true; readonly document: MappingDocument }
  | { readonly ok: false; readonly issues: readonly MappingDocumentIssue[] };

/** Checks a parsed document (from YAML, JSON or the editor), returning every issue located by flow and path. */
export function checkMappingDocument(input: unknown): MappingDocumentCheck {
  const result = MappingDocumentSchema.safeParse(input);
  return result.success ? { ok: true, document: result.data } : { ok: false, issues: issuesOf(result.error, input) };
}

/**
 * A valid mapping document, or a CounterpartError naming the document, the flow and the path of each problem
 * (`Mapping document "xero-sagex3" (xero-sagex3.yaml) is not valid: flow "invoices-to-xero" flows[2].fields[3]…`).
 */
export function parseMappingDocument(input: unknown, origin: string): MappingDocument {
  const check = checkMappingDocument(input);
  if (check.ok) return check.document;
  const [first] = check.issues;
  const described = check.issues
    .slice(0, 5)
    .map((issue) => `${issue.flow ? `flow "${issue.flow}" ` : ''}${issue.path}: ${issue.message}`)
    .join('; ');
  const more = check.issues.length > 5 ? ` (and ${check.issues.length - 5} more)` : '';
  throw new CounterpartError(
    'mapping.invalid_document',
    `Mapping document ${documentName(input, origin)} is not valid: ${described}${more}.`,
    { document: origin, flow: first?.flow, path: first?.path, issues: check.issues.length },
  );
}

/** Reads YAML (JSON is YAML too) into plain data, anchors expanded; a syntax error names the origin and the line. */
export function readMappingData(text: string, origin: string): unknown {
  try {
    return parseYaml(text, { prettyErrors: true });
  } catch (error) {
    const line = (error as { linePos?: readonly { line: number }[] }).linePos?.[0]?.line;
    throw new CounterpartError(
      'mapping.unreadable_document',
      `${origin}${line === undefined ? '' : ` line ${line}`} is not readable YAML or JSON: ${describeError(error).split('\n')[0]}`,
      { document: origin, line },
    );
  }
}

/** A valid document from YAML or JSON text. */
export function parseMappingText(text: string, origin: string): MappingDocument {
  return parseMappingDocument(readMappingData(text, origin), origin);
}
