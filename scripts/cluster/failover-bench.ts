/**
 * `npx tsx scripts/cluster/failover-bench.ts`: how long a show is unavailable when its owner goes.
 * A 3-node cluster with the default lease (LEASE_SECONDS=5, HEARTBEAT_MS=1000) on a throwaway
 * PostgreSQL. Each round kills the owner of concert_2025 (SIGKILL, or SIGTERM for a clean leave)
 * and polls another node until the show is served by a new owner, then restarts the node.
 *
 * FAILOVER_ROUNDS (default 3) sets the rounds per signal.
 */
import type { NodeSet, NodeSpec } from './nodes.js';
import { withBenchCluster } from './bench-cluster.js';
import { ownersOf, settle } from './status.js';

const ROUNDS = Number(process.env.FAILOVER_ROUNDS ?? 3);
const SHOW = 'concert_2025';

async function servedBy(url: string): Promise<{ status: number; node: string | null }> {
  try {
    const res = await fetch(`${url}/api/shows/${SHOW}`, { signal: AbortSignal.timeout(5000) });
    await res.arrayBuffer();
    return { status: res.status, node: res.headers.get('x-served-by') };
  } catch {
    return { status: 0, node: null };
  }
}

/** Sends `signal` to the show's owner; resolves with the time until another node served the show. */
async function round(nodes: NodeSet, signal: NodeJS.Signals): Promise<{ ms: number; refused: number }> {
  const ownerId = (await ownersOf(nodes.specs[0]!.url, [SHOW], nodes.opsHeaders)).get(SHOW);
  const owner = nodes.specs.find((s) => s.nodeId === ownerId)!;
  const survivor = nodes.specs.find((s) => s !== owner)!;
  if ((await servedBy(survivor.url)).node !== owner.nodeId) throw new Error('the cluster is not settled');
  const started = performance.now();
  nodes.signal(owner.n, signal);
  let refused = 0;
  for (;;) {
    const answer = await servedBy(survivor.url);
    if (answer.status === 200 && answer.node && answer.node !== owner.nodeId) break;
    if (answer.status !== 200) refused++;
    await new Promise((r) => setTimeout(r, 20));
  }
  const ms = performance.now() - started;
  await restart(nodes, owner);
  return { ms, refused };
}

async function restart(nodes: NodeSet, spec: NodeSpec): Promise<void> {
  while (nodes.state(spec.n) !== 'down') await new Promise((r) => setTimeout(r, 50));
  await nodes.start(spec.n);
  await settle(nodes);
}

await withBenchCluster(3, Number(process.env.FAILOVER_PORT ?? 4201), async (nodes) => {
  console.log(`3 nodes, default lease; ${SHOW} polled every 20 ms through another node`);
  for (const signal of ['SIGKILL', 'SIGTERM'] as const) {
    const times: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const { ms, refused } = await round(nodes, signal);
      times.push(ms);
      console.log(
        `  ${signal} round ${i + 1}: served by another node after ${ms.toFixed(0)} ms (${refused} refused polls)`,
      );
    }
    const mean = times.reduce((a, b) => a + b, 0) / times.length;
    console.log(`${signal}: mean ${mean.toFixed(0)} ms, worst ${Math.max(...times).toFixed(0)} ms`);
  }
});
