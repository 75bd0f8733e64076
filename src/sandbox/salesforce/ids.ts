const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SUFFIX = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/** The three-character suffix that turns a case-sensitive 15-character id into the case-insensitive 18-character one. */
export function checksumSuffix(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let flags = 0;
    for (let i = 0; i < 5; i++) {
      const char = id15.charAt(chunk * 5 + i);
      if (char >= 'A' && char <= 'Z') flags |= 1 << i;
    }
    suffix += SUFFIX.charAt(flags);
  }
  return suffix;
}

/** Normalises a 15- or 18-character id to 18 characters; returns undefined when it is not shaped like an id. */
export function toId18(id: string): string | undefined {
  if (/^[a-zA-Z0-9]{18}$/.test(id)) {
    const head = id.slice(0, 15);
    return checksumSuffix(head) === id.slice(15).toUpperCase() ? `${head}${checksumSuffix(head)}` : undefined;
  }
  if (/^[a-zA-Z0-9]{15}$/.test(id)) return `${id}${checksumSuffix(id)}`;
  return undefined;
}

/** Issues ids such as `001Dx00000000001AAQ`: key prefix, a fixed pod part, then a base-62 counter. */
export class IdFactory {
  private readonly counters = new Map<string, number>();

  constructor(counters: Readonly<Record<string, number>> = {}) {
    for (const [prefix, value] of Object.entries(counters)) this.counters.set(prefix, value);
  }

  next(keyPrefix: string): string {
    const value = (this.counters.get(keyPrefix) ?? 0) + 1;
    this.counters.set(keyPrefix, value);
    let digits = '';
    let rest = value;
    for (let i = 0; i < 7; i++) {
      digits = BASE62.charAt(rest % 62) + digits;
      rest = Math.floor(rest / 62);
    }
    const id15 = `${keyPrefix}Dx000${digits}`;
    return `${id15}${checksumSuffix(id15)}`;
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries(this.counters);
  }
}
