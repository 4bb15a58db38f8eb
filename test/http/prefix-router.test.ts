import { pino } from 'pino';
import type { Result } from 'hono/router';
import { TrieRouter } from 'hono/router/trie-router';
import { describe, expect, it } from 'vitest';
import { loadEnv } from '../../src/config/env.js';
import { createApp } from '../../src/http/app.js';
import type { AppDeps } from '../../src/http/app-env.js';
import { PrefixRouter } from '../../src/http/prefix-router.js';

/** Every route and middleware of the app (rate limits on, so theirs too), as registered. */
function appRoutes() {
  const deps = {
    env: loadEnv({ RATE_LIMIT: 'on' }),
    runtime: { liveShows: () => [] },
    log: pino({ level: 'silent' }),
    nodeId: 'n1',
  } as unknown as AppDeps;
  return createApp(deps).routes;
}

/** A match as (handler, params) pairs, whichever of Hono's two result forms the router returned. */
function pairs(result: Result<number>) {
  const [matched, stash] = result as [[number, Record<string, number | string>][], string[] | undefined];
  return matched.map(([handler, params]) => [
    handler,
    stash ? Object.fromEntries(Object.entries(params).map(([name, index]) => [name, stash[index as number]])) : params,
  ]);
}

/** Request paths: each route pattern with sample values, its neighbours, and odd shapes. */
function samplePaths(patterns: string[]): string[] {
  const paths = new Set<string>(['/', '//', '/api', '/api/', '/api//shows', '/nope', '/api/shows', '/api/shows/']);
  for (const pattern of patterns) {
    if (!pattern.startsWith('/')) continue;
    for (const value of ['x1', 'read-all', 'holds', '']) {
      const path = pattern.replace(/:[^/]+/g, value).replace(/\*/g, value);
      paths.add(path);
      paths.add(`${path}/`);
      paths.add(`${path}/extra`);
      paths.add(path.replace(/\/[^/]*$/, '/other'));
    }
  }
  return [...paths];
}

describe('PrefixRouter', () => {
  it('matches exactly what one TrieRouter of every route matches', () => {
    const routes = appRoutes();
    const trie = new TrieRouter<number>();
    const prefix = new PrefixRouter<number>();
    routes.forEach((route, i) => {
      trie.add(route.method, route.path, i);
      prefix.add(route.method, route.path, i);
    });
    const paths = samplePaths(routes.map((r) => r.path));
    expect(paths.length).toBeGreaterThan(500);
    for (const method of ['GET', 'POST', 'DELETE', 'PATCH', 'PUT', 'HEAD', 'OPTIONS']) {
      for (const path of paths) {
        expect(pairs(prefix.match(method, path)), `${method} ${path}`).toEqual(pairs(trie.match(method, path)));
      }
    }
  });

  it('refuses routes once it has matched', () => {
    const router = new PrefixRouter<number>();
    router.add('GET', '/a', 1);
    router.match('GET', '/a');
    expect(() => router.add('GET', '/b', 2)).toThrow();
  });
});
