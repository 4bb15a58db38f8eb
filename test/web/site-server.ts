import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext } from 'playwright-core';
import { expect } from 'vitest';
import { seedDemo } from '../../src/db/seed/demo.js';
import { startTestApp, type TestApp } from '../http/harness.js';

/** The whole app on a fresh database behind a real socket, as a browser needs one. */
export interface SiteServer {
  app: TestApp;
  url: string;
  close(): Promise<void>;
}

export async function startSiteServer(
  opts: { demo?: boolean; env?: Record<string, string> } = {},
): Promise<SiteServer> {
  const app = await startTestApp(opts.env);
  if (opts.demo) await seedDemo(app.tdb.db, { now: new Date() });
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: app.app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Open event streams and long polls would otherwise hold close() open.
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      await app.close();
    },
  };
}

/** A fresh browser profile with a fixed locale and time zone, so names and prices read the same everywhere. */
export function newContext(browser: Browser, opts: { token?: string; phone?: boolean } = {}): Promise<BrowserContext> {
  return browser
    .newContext({
      locale: 'en-US',
      timezoneId: 'Europe/Berlin',
      viewport: opts.phone ? { width: 390, height: 844 } : { width: 1200, height: 900 },
    })
    .then(async (context) => {
      if (opts.token) {
        await context.addInitScript({
          content: `localStorage.setItem('showtime.token', ${JSON.stringify(opts.token)});`,
        });
      }
      return context;
    });
}

/** expect.poll with room for a loaded machine: pages settle in milliseconds alone, seconds under load. */
export function eventually<T>(read: () => Promise<T> | T) {
  return expect.poll(read, { timeout: 15_000, interval: 100 });
}
