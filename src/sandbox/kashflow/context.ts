import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import type { SandboxClock } from '../shared/clock.js';
import type { FaultInjector } from '../shared/faults.js';
import { styleDates, ukLocalTimestamp } from './dates.js';
import { validation } from './errors.js';
import type { PageLinks } from './listing.js';
import { KNOWN_FIELD_NAMES } from './records.js';
import type { KashFlowSessions } from './sessions.js';
import type { KashFlowSettings } from './settings.js';
import type { KashFlowStore } from './store.js';

/** What every KashFlow route works with. `settings` may be swapped while the sandbox runs. */
export interface KashFlowContext {
  readonly store: KashFlowStore;
  readonly sessions: KashFlowSessions;
  readonly clock: SandboxClock;
  readonly faults: FaultInjector;
  settings: KashFlowSettings;
  /** `http://127.0.0.1:PORT`, known once the server listens. */
  origin: string;
}

const canonicalNames = new Map(KNOWN_FIELD_NAMES.map((name) => [name.toLowerCase(), name]));

/** Renames keys to their PascalCase spelling ("customercode" → "CustomerCode"), as ASP.NET binding would match. */
function canonicalKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonicalKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    out[canonicalNames.get(key.toLowerCase()) ?? key] = canonicalKeys(field);
  }
  return out;
}

/** Validates a JSON body; a bad one is KashFlow's 400 `{Message, Error}`, naming the first problem. */
export function parseBody<S extends z.ZodType>(context: KashFlowContext, schema: S, body: unknown): z.infer<S> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw validation('The request is invalid: a JSON object body is required.');
  }
  const keyed = context.settings.caseInsensitiveInput ? canonicalKeys(body) : body;
  const parsed = schema.safeParse(keyed);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'body';
    throw validation(`The request is invalid: ${where} - ${issue?.message ?? 'invalid value'}.`);
  }
  return parsed.data;
}

/** Array bodies (batch endpoints). */
export function parseArrayBody<S extends z.ZodType>(context: KashFlowContext, schema: S, body: unknown): z.infer<S>[] {
  if (!Array.isArray(body)) throw validation('The request is invalid: a JSON array body is required.');
  return body.map((item) => parseBody(context, schema, item));
}

export function send(context: KashFlowContext, reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send(styleDates(body, context.settings));
}

export function pageLinks(context: KashFlowContext, path: string): PageLinks {
  return { base: context.settings.pageUrlStyle === 'absolute' ? `${context.origin}/v2` : '/v2', path };
}

/** Now as KashFlow stamps it. */
export function nowStamp(context: KashFlowContext): string {
  return ukLocalTimestamp(context.clock.now());
}

/** Today's UK calendar date. */
export function today(context: KashFlowContext): string {
  return nowStamp(context).slice(0, 10);
}

/** A whole-number path segment (invoice number, id, nominal code); anything else is KashFlow's 400. */
export function intParam(value: string, name: string): number {
  if (!/^-?\d+$/.test(value)) throw validation(`The value '${value}' is not valid for ${name}.`);
  return Number(value);
}
