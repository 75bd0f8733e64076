/**
 * Per-element outcome of a write. `errors` become `ValidationErrors[{Message}]`, exactly as Xero words them where the
 * message is known.
 */
export type Outcome<T> = { readonly ok: true; readonly record: T } | { readonly ok: false; readonly errors: string[] };

export function failed<T>(...errors: string[]): Outcome<T> {
  return { ok: false, errors };
}

export function succeeded<T>(record: T): Outcome<T> {
  return { ok: true, record };
}
