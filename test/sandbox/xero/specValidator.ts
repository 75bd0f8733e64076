import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsPlugin from 'ajv-formats';
import { parse } from 'yaml';
import { z } from 'zod';

/**
 * Validates Accounting API response bodies against the official Xero OpenAPI spec (test/fixtures/xero-spec, v16.1.0),
 * operation by operation: the path template and method pick the operation, the status picks the response schema.
 * Statuses the spec does not document (401, 403, 404, 429) have nothing to validate against.
 */
const SPEC_PATH =
  process.env.COUNTERPART_XERO_SPEC ??
  fileURLToPath(new URL('../../fixtures/xero-spec/xero_accounting.yaml', import.meta.url));

const Spec = z.object({
  components: z.object({ schemas: z.record(z.string(), z.unknown()) }),
  paths: z.record(
    z.string(),
    z.record(
      z.string(),
      z.unknown().transform((operation) =>
        z
          .object({
            responses: z.record(
              z.string(),
              z.object({ content: z.record(z.string(), z.object({ schema: z.unknown() })).optional() }),
            ),
          })
          .safeParse(operation),
      ),
    ),
  ),
});

interface Operation {
  readonly pattern: RegExp;
  readonly literalSegments: number;
  readonly method: string;
  /** Response schemas by status, compiled on first use (compiling all of them takes seconds). */
  readonly responses: ReadonlyMap<string, () => ValidateFunction>;
}

let compiled: { ajv: Ajv; operations: Operation[] } | undefined;

/** Loads the spec now (it takes seconds), so that timing-sensitive tests do not pay for it mid-test. */
export function preloadSpec(): void {
  load();
  validateResponse('GET', '/Currencies', 200, { Currencies: [] });
}

const addFormats = addFormatsPlugin as unknown as (ajv: Ajv) => Ajv;

function load(): { ajv: Ajv; operations: Operation[] } {
  if (compiled) return compiled;
  const spec = Spec.parse(readSpec());
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  for (const format of ['double', 'float', 'int32', 'int64', 'byte', 'binary', 'password']) ajv.addFormat(format, true);
  ajv.addSchema({ $id: 'xero', components: spec.components });
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    const segments = path.split('/').filter((s) => s !== '');
    const pattern = new RegExp(
      `^/${segments.map((s) => (s.startsWith('{') ? '[^/]+' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/')}$`,
      'i',
    );
    for (const [method, parsed] of Object.entries(item)) {
      if (!parsed.success) continue;
      const responses = new Map<string, () => ValidateFunction>();
      for (const [status, response] of Object.entries(parsed.data.responses)) {
        const schema = response.content?.['application/json']?.schema;
        if (!schema) continue;
        let validate: ValidateFunction | undefined;
        responses.set(status, () => {
          validate ??= ajv.compile(rebase(schema) as object);
          return validate;
        });
      }
      operations.push({
        pattern,
        literalSegments: segments.filter((s) => !s.startsWith('{')).length,
        method: method.toUpperCase(),
        responses,
      });
    }
  }
  compiled = { ajv, operations };
  return compiled;
}

/**
 * Parsing the 900 KB YAML takes seconds; its JSON form, cached in the temp directory under the YAML's hash, loads
 * in milliseconds for every other test file.
 */
function readSpec(): unknown {
  const text = readFileSync(SPEC_PATH, 'utf8');
  const cache = join(
    tmpdir(),
    `counterpart-xero-spec-${createHash('sha256').update(text).digest('hex').slice(0, 16)}.json`,
  );
  try {
    return JSON.parse(readFileSync(cache, 'utf8'));
  } catch {
    const parsed: unknown = parse(text);
    const partial = `${cache}.${process.pid}`;
    writeFileSync(partial, JSON.stringify(parsed));
    renameSync(partial, cache);
    return parsed;
  }
}

/** Points the spec's local `#/components/…` references at the schema registered as `xero`. */
function rebase(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(rebase);
  if (schema !== null && typeof schema === 'object') {
    return Object.fromEntries(
      Object.entries(schema).map(([key, value]) => [
        key,
        key === '$ref' && typeof value === 'string' && value.startsWith('#/') ? `xero${value}` : rebase(value),
      ]),
    );
  }
  return schema;
}

export interface SpecResult {
  readonly checked: boolean;
  readonly errors: string[];
}

/** Validates one response body; `checked` is false when the spec defines no JSON body for that status. */
export function validateResponse(method: string, apiPath: string, status: number, body: unknown): SpecResult {
  const { ajv, operations } = load();
  const candidates = operations
    .filter((op) => op.method === method.toUpperCase() && op.pattern.test(apiPath))
    .sort((a, b) => b.literalSegments - a.literalSegments);
  const operation = candidates[0];
  if (!operation) return { checked: false, errors: [`no operation for ${method} ${apiPath} in the spec`] };
  const validate = operation.responses.get(String(status))?.();
  if (!validate) return { checked: false, errors: [] };
  const valid = validate(body);
  return {
    checked: true,
    errors: valid ? [] : [ajv.errorsText(validate.errors, { separator: '\n' })],
  };
}

export interface Recorded {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly errors: string[];
}

const recorded: Recorded[] = [];

/** Every Accounting API response seen by this test file, with its validation errors. */
export function recordedResponses(): readonly Recorded[] {
  return recorded;
}

export function specFailures(): Recorded[] {
  return recorded.filter((r) => r.errors.length > 0);
}

/** Records and validates a response; `url` is absolute, only `/api.xro/2.0/…` bodies are checked. */
export function recordResponse(method: string, url: string, status: number, body: unknown): void {
  const { pathname } = new URL(url);
  const marker = '/api.xro/2.0';
  const at = pathname.indexOf(marker);
  if (at < 0 || typeof body !== 'object' || body === null) return;
  const apiPath = pathname.slice(at + marker.length) || '/';
  const result = validateResponse(method, apiPath, status, body);
  recorded.push({ method: method.toUpperCase(), path: apiPath, status, errors: result.errors });
}

interface AxiosLike {
  interceptors: {
    response: {
      use(
        ok: (response: AxiosResponseLike) => AxiosResponseLike,
        fail: (error: { response?: AxiosResponseLike }) => Promise<never>,
      ): number;
    };
  };
}
interface AxiosResponseLike {
  status: number;
  data: unknown;
  config: { method?: string; url?: string };
}

let installed = false;

/** Hooks the axios instance xero-node uses (its CommonJS copy) so every body it receives is validated. */
export function validateEveryXeroNodeResponse(): void {
  if (installed) return;
  installed = true;
  const axios = createRequire(import.meta.url)('axios') as AxiosLike;
  const record = (response: AxiosResponseLike) => {
    recordResponse(response.config.method ?? 'GET', response.config.url ?? 'http://x/', response.status, response.data);
  };
  axios.interceptors.response.use(
    (response) => {
      record(response);
      return response;
    },
    (error) => {
      if (error.response) record(error.response);
      return Promise.reject(error);
    },
  );
}
