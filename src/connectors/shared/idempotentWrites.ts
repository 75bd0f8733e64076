import type { WriteOutcome } from '../connector.js';

/**
 * Writes each idempotency key once per connector: keys already written successfully (`done`) are answered from
 * there without a call, a key repeated within the batch is written once, and only the fresh ones reach
 * `writeFresh`, which returns one outcome per request in order. Successful outcomes are remembered in `done`.
 */
export async function writeOncePerKey<R extends { readonly idempotencyKey: string }>(
  done: Map<string, WriteOutcome>,
  requests: readonly R[],
  writeFresh: (fresh: R[]) => Promise<readonly (WriteOutcome | undefined)[]>,
): Promise<WriteOutcome[]> {
  const fresh = [
    ...new Map(requests.filter((r) => !done.has(r.idempotencyKey)).map((r) => [r.idempotencyKey, r])).values(),
  ];
  const outcomes = fresh.length === 0 ? [] : await writeFresh(fresh);
  const byKey = new Map(fresh.map((request, index) => [request.idempotencyKey, outcomes[index]]));
  for (const [key, outcome] of byKey) if (outcome?.ok) done.set(key, outcome);
  return requests.map(
    (request) => (done.get(request.idempotencyKey) ?? byKey.get(request.idempotencyKey)) as WriteOutcome,
  );
}
