import type { Result, Router } from 'hono/router';
import { RegExpRouter } from 'hono/router/reg-exp-router';
import { SmartRouter } from 'hono/router/smart-router';
import { TrieRouter } from 'hono/router/trie-router';

// Characters that make a path segment match more than itself (params, wildcards, patterns).
const pattern = /[:*?{}()]/;

/** The first two segments of a path ("api/shows"), the key a request is routed by. */
function keyOf(path: string): string {
  const first = path.indexOf('/', 1);
  if (first === -1) return `${path.slice(1)}/`;
  const second = path.indexOf('/', first + 1);
  return path.slice(1, second === -1 ? undefined : second);
}

/** A route's key when its first two segments are literal (it can only match paths with that key), else null. */
function literalKeyOf(path: string): string | null {
  if (!path.startsWith('/')) return null;
  const segments = path.split('/');
  if (pattern.test(segments[1] ?? '') || pattern.test(segments[2] ?? '')) return null;
  return keyOf(path);
}

/** Hono's default: RegExpRouter, or TrieRouter when RegExpRouter refuses one of the routes. */
const smartRouter = <T>(): Router<T> => new SmartRouter<T>({ routers: [new RegExpRouter(), new TrieRouter()] });

/**
 * Hono's default router, once per first two path segments. Hono's RegExpRouter (one compiled
 * expression per method) refuses a few of the app's 280 paths (a literal segment registered after a
 * parameter in the same place, such as /api/me/notifications/read-all), so Hono falls back to one
 * TrieRouter for everything, which walks the wildcard middleware for every request: about 6 µs a
 * match, against under 1 µs for RegExpRouter over the /api/shows routes (measured). A request to
 * /api/shows/... can only match routes whose first two segments are "api/shows" or are patterns, so
 * each literal key gets a router of its own routes plus every pattern route, in registration order,
 * and a request is matched by the router of its key (or by the pattern routes alone when no route
 * has its key). Each of those picks RegExpRouter when it accepts its routes. The result is the same
 * handlers, order and params as one TrieRouter of every route (test/http/prefix-router.test.ts
 * compares them over every route of the app).
 */
type Route<T> = [method: string, path: string, handler: T, key: string | null];

export class PrefixRouter<T> implements Router<T> {
  readonly name = 'PrefixRouter';
  #routes: Route<T>[] | undefined = [];
  #byKey = new Map<string, Router<T>>();
  #patternsOnly: Router<T> = smartRouter<T>();

  add(method: string, path: string, handler: T): void {
    if (!this.#routes) throw new Error('Can not add a route since the matcher is already built.');
    this.#routes.push([method, path, handler, literalKeyOf(path)]);
  }

  match(method: string, path: string): Result<T> {
    if (this.#routes) this.#build(this.#routes);
    return (this.#byKey.get(keyOf(path)) ?? this.#patternsOnly).match(method, path);
  }

  #build(routes: Route<T>[]): void {
    for (const [, , , key] of routes) if (key !== null && !this.#byKey.has(key)) this.#byKey.set(key, smartRouter<T>());
    for (const [method, path, handler, key] of routes) {
      if (key !== null) this.#byKey.get(key)!.add(method, path, handler);
      else {
        this.#patternsOnly.add(method, path, handler);
        for (const router of this.#byKey.values()) router.add(method, path, handler);
      }
    }
    this.#routes = undefined;
  }
}
