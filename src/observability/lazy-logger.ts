import type { Logger } from 'pino';

interface Lazy {
  parent: Logger;
  bindings: Record<string, unknown>;
  child: Logger | undefined;
}

const childOf = (lazy: Lazy): Logger => (lazy.child ??= lazy.parent.child(lazy.bindings));

// One handler for every lazy logger: a request pays for one small object and a Proxy, not a pino child.
const handler: ProxyHandler<Lazy> = {
  get(lazy, prop) {
    const child = childOf(lazy);
    const value: unknown = Reflect.get(child, prop, child);
    return typeof value === 'function' ? value.bind(child) : value;
  },
  set(lazy, prop, value) {
    return Reflect.set(childOf(lazy), prop, value);
  },
  has(lazy, prop) {
    return Reflect.has(childOf(lazy), prop);
  },
};

/**
 * `parent.child(bindings)`, made on first use. Most requests never log (the access log is off below
 * `info`, errors are rare), so the per-request child logger is only built for those that do.
 */
export function lazyChild(parent: Logger, bindings: Record<string, unknown>): Logger {
  return new Proxy<Lazy>({ parent, bindings, child: undefined }, handler) as unknown as Logger;
}
