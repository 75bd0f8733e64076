import { z } from 'zod';
import { CounterpartError } from '../../errors.js';

export const SANDBOX_SYSTEMS = ['xero', 'salesforce', 'sagex3', 'kashflow'] as const;
export type SandboxSystem = (typeof SANDBOX_SYSTEMS)[number];

/** Faults for one system; rates are probabilities per request (0–1). */
export const SystemFaults = z
  .object({
    /** HTTP status → probability, e.g. { "500": 0.1, "503": 0.05, "429": 0.02 }. */
    status: z.partialRecord(z.enum(['500', '502', '503', '429']), z.number().min(0).max(1)).default({}),
    /** Added latency in milliseconds for every request. */
    latencyMs: z.number().int().min(0).max(60_000).default(0),
    /** Probability that the connection is reset without a response. */
    reset: z.number().min(0).max(1).default(0),
    /** Probability that the request hangs until the client gives up. */
    timeout: z.number().min(0).max(1).default(0),
    /** Probability that each item of a batch write fails with a validation error while the rest succeed. */
    partialBatch: z.number().min(0).max(1).default(0),
  })
  .strict();
export type SystemFaults = z.infer<typeof SystemFaults>;

export const FaultSpec = z.partialRecord(z.enum(SANDBOX_SYSTEMS), SystemFaults);
export type FaultSpec = z.infer<typeof FaultSpec>;

export type FaultDecision =
  | { readonly kind: 'none' }
  | { readonly kind: 'status'; readonly status: 500 | 502 | 503 | 429 }
  | { readonly kind: 'reset' }
  | { readonly kind: 'timeout' };

/**
 * Parses `--faults`: either JSON (`{"xero":{"status":{"500":0.1},"latencyMs":50}}`) or the short form
 * `xero:500=0.1,429=0.05,latency=50,reset=0.01,timeout=0.01,partial=0.1;salesforce:503=0.2`.
 */
export function parseFaultSpec(text: string): FaultSpec {
  const trimmed = text.trim();
  const raw = trimmed.startsWith('{') ? parseJson(trimmed) : parseShortForm(trimmed);
  const parsed = FaultSpec.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CounterpartError(
      'sandbox.bad_faults',
      `Bad fault spec at ${issue?.path.join('.') || 'top'}: ${issue?.message}`,
      {
        spec: text,
      },
    );
  }
  return parsed.data;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new CounterpartError('sandbox.bad_faults', 'The fault spec is not valid JSON.', { spec: text });
  }
}

function parseShortForm(text: string): unknown {
  const spec: Record<string, Record<string, unknown>> = {};
  for (const part of text.split(';').filter((p) => p.trim() !== '')) {
    const [system, settings = ''] = part.split(':', 2).map((s) => s.trim());
    const faults: Record<string, unknown> & { status: Record<string, number> } = { status: {} };
    for (const setting of settings.split(',').filter((s) => s.trim() !== '')) {
      const [key = '', value = ''] = setting.split('=', 2).map((s) => s.trim());
      const number = Number(value);
      if (value === '' || Number.isNaN(number)) {
        throw new CounterpartError('sandbox.bad_faults', `"${setting}" needs a numeric value (e.g. 500=0.1).`, {
          spec: text,
        });
      }
      if (/^\d{3}$/.test(key)) faults.status[key] = number;
      else if (key === 'latency') faults.latencyMs = number;
      else if (key === 'partial') faults.partialBatch = number;
      else faults[key] = number;
    }
    spec[system ?? ''] = faults;
  }
  return spec;
}

/**
 * Decides, request by request, which fault (if any) to inject. Deterministic for a given seed so a failing test can
 * be replayed; the spec can be changed while the sandbox runs.
 */
export class FaultInjector {
  private state: number;

  private spec: FaultSpec;

  constructor(spec: z.input<typeof FaultSpec> = {}, seed = 0x5eed) {
    this.spec = FaultSpec.parse(spec);
    this.state = seed >>> 0;
  }

  /** Replaces the faults while the sandbox runs; the spec is validated and its defaults filled in. */
  set(spec: z.input<typeof FaultSpec>): void {
    this.spec = FaultSpec.parse(spec);
  }

  forSystem(system: SandboxSystem): SystemFaults | undefined {
    return this.spec[system];
  }

  decide(system: SandboxSystem): FaultDecision {
    const faults = this.spec[system];
    if (!faults) return { kind: 'none' };
    if (this.chance(faults.reset)) return { kind: 'reset' };
    if (this.chance(faults.timeout)) return { kind: 'timeout' };
    for (const [status, rate] of Object.entries(faults.status)) {
      if (this.chance(rate)) return { kind: 'status', status: Number(status) as 500 | 502 | 503 | 429 };
    }
    return { kind: 'none' };
  }

  /** Whether one item of a batch should fail (partial batch failure). */
  failBatchItem(system: SandboxSystem): boolean {
    return this.chance(this.spec[system]?.partialBatch ?? 0);
  }

  latencyMs(system: SandboxSystem): number {
    return this.spec[system]?.latencyMs ?? 0;
  }

  /** mulberry32: tiny, fast and good enough to spread faults evenly. */
  private chance(rate: number): boolean {
    if (rate <= 0) return false;
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 < rate;
  }
}
