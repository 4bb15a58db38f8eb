import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { silentLog } from '../../src/db/embedded/index.js';
import { startDatabase } from './database.js';
import { createNodeSet, type NodeSet } from './nodes.js';
import { settle } from './status.js';

/**
 * A throwaway cluster for measurements: PostgreSQL in a temporary folder (or DATABASE_URL), the
 * demo data, `count` nodes with the default lease and quiet logs. Everything is stopped afterwards.
 */
export async function withBenchCluster<T>(
  count: number,
  basePort: number,
  work: (nodes: NodeSet) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'showtime-cluster-bench-'));
  // mkdtemp makes it 0700; as root, PostgreSQL runs as another user who must be able to enter it.
  await chmod(dir, 0o755);
  const pg = await startDatabase(silentLog, dir);
  const nodes = createNodeSet({
    databaseUrl: pg.url,
    basePort,
    count,
    env: { LOG_LEVEL: 'warn', RATE_LIMIT: 'off' },
    // Only trouble is worth printing in the middle of a measurement; failed forwards to a node
    // that was just killed are what a failover measurement provokes.
    print: (line) => {
      if (/warn|error|fatal|exited with/.test(line) && !line.includes('forwarding failed')) console.error(line);
    },
  });
  try {
    await Promise.all(nodes.specs.map((s) => nodes.start(s.n)));
    if (nodes.specs.some((s) => nodes.state(s.n) !== 'running')) throw new Error('a node did not start');
    await settle(nodes);
    return await work(nodes);
  } finally {
    await nodes.stopAll();
    await pg.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
