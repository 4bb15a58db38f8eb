/** Runs many-shows.ts for one checkout in a process of its own and reads its one JSON line. */
import { randomUUID } from 'node:crypto';
import { ensureDatabase } from '../../src/db/database-url.js';
import { describeCheckout, startChild } from './processes.js';
import { Latencies } from './stats.js';

export interface LiveMemory {
  live: number;
  activationSeconds: number;
  perShowBytes: { heap: number; rss: number; external: number };
}

export interface ShowsResult {
  checkout: string;
  /** Every show in a hall of its own, and shows of one hall. */
  ownHalls: LiveMemory;
  oneHall: LiveMemory;
  rebuild: Latencies;
  journalEntries: number;
}

export async function manyShows(pgUrl: string, checkout: string): Promise<ShowsResult> {
  const databaseUrl = await ensureDatabase(pgUrl, `bench_shows_${randomUUID().slice(0, 8)}`);
  const child = startChild(
    ['scripts/bench/many-shows.ts'],
    { DATABASE_URL: databaseUrl, BENCH_CHECKOUT: checkout },
    { nodeArgs: ['--expose-gc'], captureStdout: true },
  );
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const line = out.trim().split('\n').at(-1) ?? '';
  if (code !== 0 || !line.startsWith('{')) throw new Error(`many-shows for ${checkout} failed (exit ${code}): ${out}`);
  const r = JSON.parse(line);
  const rebuild = new Latencies();
  for (const t of r.rebuildMs as number[]) rebuild.add(t);
  return { ...r, checkout: describeCheckout(checkout), rebuild };
}
