import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/**
 * The content of a canonical record, for comparing two versions or two systems' copies of it: the record without
 * where it was read from (`source`) and without system identities (`ref`, `sourceId`), which differ between systems
 * and between a write and its read-back while the business content is the same.
 */
export function contentOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(contentOf);
  if (value === null || typeof value !== 'object') return value;
  const kept: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (key === 'source' || key === 'ref' || key === 'sourceId' || field === undefined) continue;
    kept[key] = contentOf(field);
  }
  return kept;
}

/** RFC 8785 canonical JSON: the same value always gives the same text, whatever the key order. */
export function canonicalJson(value: unknown): string {
  return canonicalize(value ?? null) ?? 'null';
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The hash of a record's content (see `contentOf`). */
export function contentHash(record: unknown): string {
  return sha256(canonicalJson(contentOf(record)));
}

/** A record's content by top-level field, each value as canonical JSON (absent fields are not listed). */
export function fieldContents(record: unknown): Record<string, string> {
  const content = contentOf(record);
  if (content === null || typeof content !== 'object' || Array.isArray(content)) return {};
  return Object.fromEntries(Object.entries(content).map(([field, value]) => [field, canonicalJson(value)]));
}

/** Parsed field values back from `fieldContents`, for showing them (conflicts, golden records). */
export function fieldValue(contents: Readonly<Record<string, string>> | undefined, field: string): unknown {
  const text = contents?.[field];
  return text === undefined ? null : (JSON.parse(text) as unknown);
}

/** The record without `source`: what is sent to a system, which names the target separately. */
export function withoutSource<T>(record: T): T {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) return record;
  const { source: _source, ...rest } = record as Record<string, unknown>;
  return rest as T;
}
