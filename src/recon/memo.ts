/**
 * `compute` with each distinct argument's result kept, for values that repeat across a million records (statuses,
 * days, party names): each is worked out once rather than once per record or match.
 */
export function memoised<K, V>(compute: (key: K) => V): (key: K) => V {
  const known = new Map<K, V>();
  return (key) => {
    let value = known.get(key);
    if (value === undefined) {
      value = compute(key);
      known.set(key, value);
    }
    return value;
  };
}
